// Shared by the extension-host suites: the extension's API, polling, files and temporary notes,
// document edits as a user makes them, and the two stand-ins these tests allow: env.openExternal
// is replaced (no browser is launched), and notifications are recorded on their way through (they
// still show, as they would for a user).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TalkNotesApi } from '../../../src/extension/extension';
import type { Talk } from '../../../src/core/model';

export const EXTENSION_ID = 'talk-notes.talk-notes';

export async function api(): Promise<TalkNotesApi> {
  const ext = vscode.extensions.getExtension<TalkNotesApi>(EXTENSION_ID);
  assert.ok(ext, 'extension present');
  const a = await ext.activate();
  await a.ready();
  return a;
}

/** Polls until `check` returns a truthy value (state reaches the host asynchronously). */
export async function waitFor<T>(check: () => T | PromiseLike<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/**
 * Writes straight to the disk, the way another program (git, a sync tool) does: VS Code learns of
 * it only through its file watcher, a moment later.
 */
export function writeBehindVsCode(uri: vscode.Uri, content: string | Uint8Array): void {
  fs.writeFileSync(uri.fsPath, content);
}

/** The file's bytes, or null when it does not exist. */
export function bytesOnDisk(uri: vscode.Uri): Buffer | null {
  try {
    return fs.readFileSync(uri.fsPath);
  } catch {
    return null;
  }
}

/** Polls the file until `ok` accepts its text. */
export async function waitForFile(uri: vscode.Uri, ok: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
  let text = '';
  try {
    return await waitFor(
      () => {
        text = bytesOnDisk(uri)?.toString('utf8') ?? '';
        return ok(text) ? text : undefined;
      },
      what,
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; the file holds:\n${text.slice(-600)}`);
  }
}

/** Replaces `length` characters at `offset` as typing would: through the document, left unsaved. */
export async function applyEdit(doc: vscode.TextDocument, offset: number, length: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'VS Code applied the edit');
}

/** Types `text` at the end of the document, unsaved. */
export async function typeAtEnd(doc: vscode.TextDocument, text: string): Promise<void> {
  await applyEdit(doc, doc.getText().length, 0, text);
}

export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
}

/** Waits until the Problems panel shows diagnostics on `file` (true), or none (false); returns them. */
export function waitForDiagnostics(a: TalkNotesApi, file: vscode.Uri, present = true): Promise<vscode.Diagnostic[]> {
  return waitFor(
    async () => {
      await a.diagnosticsSettled();
      const d = vscode.languages.getDiagnostics(file);
      return d.length > 0 === present ? d : undefined;
    },
    present ? `diagnostics on ${file.fsPath}` : `diagnostics on ${file.fsPath} to clear`,
  );
}

export function allTalks(a: TalkNotesApi): Talk[] {
  return a.workspace()?.tracks.flatMap(t => t.talks) ?? [];
}

export function talkByTitle(a: TalkNotesApi, title: string): Talk {
  const talk = allTalks(a).find(t => t.title === title);
  assert.ok(talk, `talk "${title}" loaded`);
  return talk;
}

/** Waits until the index holds a talk for `uri` (the watcher picks up new files a moment later). */
export function waitForTalk(a: TalkNotesApi, uri: vscode.Uri, ok: (t: Talk) => boolean = () => true): Promise<Talk> {
  const file = vscode.workspace.asRelativePath(uri, false);
  return waitFor(() => allTalks(a).find(t => t.file === file && ok(t)), `the talk ${file} in the index`);
}

/**
 * A track folder of its own under the notes folder for one suite's notes; `dispose` deletes it
 * and waits for the index to forget it, so later suites see the bundled notes only.
 */
export class TempTrack {
  readonly uri: vscode.Uri;

  constructor(name: string) {
    this.uri = vscode.Uri.joinPath(root(), name);
    fs.mkdirSync(this.uri.fsPath, { recursive: true });
  }

  file(name: string): vscode.Uri {
    return vscode.Uri.joinPath(this.uri, name);
  }

  /** Writes a note and waits until the index has loaded it. */
  async note(
    a: TalkNotesApi,
    name: string,
    content: string | Uint8Array,
    ok?: (t: Talk) => boolean,
  ): Promise<{ uri: vscode.Uri; talk: Talk }> {
    const uri = this.file(name);
    fs.writeFileSync(uri.fsPath, content);
    return { uri, talk: await waitForTalk(a, uri, ok) };
  }

  async dispose(a: TalkNotesApi): Promise<void> {
    fs.rmSync(this.uri.fsPath, { recursive: true, force: true });
    const prefix = `${vscode.workspace.asRelativePath(this.uri, false)}/`;
    await waitFor(() => !allTalks(a).some(t => t.file.startsWith(prefix)), 'the temporary track to leave the index');
  }
}

/** Replaces env.openExternal for the duration of `body`; returns the URIs it was asked to open. */
export async function capturingOpenExternal(body: () => PromiseLike<unknown>): Promise<string[]> {
  const env = vscode.env as { openExternal: typeof vscode.env.openExternal };
  const original = env.openExternal;
  const opened: string[] = [];
  env.openExternal = async (uri: vscode.Uri) => {
    opened.push(uri.toString(true));
    return true;
  };
  try {
    await body();
  } finally {
    env.openExternal = original;
  }
  return opened;
}

export interface ShownMessage {
  severity: 'error' | 'warning' | 'information';
  text: string;
}

type ShowMessage = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Records the notifications shown while `body` runs. They still go to the workbench unchanged:
 * this only watches them pass, so the product behaves exactly as it does for a user.
 */
export async function capturingMessages<T>(body: () => PromiseLike<T>): Promise<{ result: T; messages: ShownMessage[] }> {
  const window = vscode.window as unknown as Record<string, ShowMessage>;
  const messages: ShownMessage[] = [];
  const kinds = { error: 'showErrorMessage', warning: 'showWarningMessage', information: 'showInformationMessage' } as const;
  const originals = Object.values(kinds).map(name => [name, window[name]] as const);
  for (const [severity, name] of Object.entries(kinds) as [ShownMessage['severity'], string][]) {
    const original = window[name];
    window[name] = (message: string, ...rest: unknown[]) => {
      messages.push({ severity, text: message });
      return original.call(vscode.window, message, ...rest);
    };
  }
  try {
    return { result: await body(), messages };
  } finally {
    for (const [name, original] of originals) window[name] = original;
  }
}

export function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).map(t => t.label);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Throws away unsaved changes of the documents under `folder`, then closes every editor (no save prompts). */
export async function revertAndCloseAll(folder: vscode.Uri = root()): Promise<void> {
  const prefix = `${folder.toString()}/`;
  for (const doc of vscode.workspace.textDocuments.filter(d => d.isDirty && d.uri.toString().startsWith(prefix))) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await closeAllEditors();
}

export interface TempNotes {
  readonly a: TalkNotesApi;
  /** A track folder of the suite's own under the notes folder. */
  readonly track: TempTrack;
  /** An empty folder beside (outside) the notes folder, for links that lead out of it. */
  readonly outside: string;
}

/**
 * Called inside a `suite`: sets up the API, a temporary track and a folder outside the notes
 * folder before the suite, reverts and closes editors after each test, and removes both after it.
 */
export function useTempNotes(trackName: string): TempNotes {
  const ctx = {} as { a: TalkNotesApi; track: TempTrack; outside: string };
  suiteSetup(async () => {
    ctx.a = await api();
    ctx.track = new TempTrack(trackName);
    ctx.outside = `${root().fsPath}-outside-${trackName}`;
    fs.mkdirSync(ctx.outside, { recursive: true });
  });
  teardown(() => revertAndCloseAll());
  suiteTeardown(async () => {
    await revertAndCloseAll();
    await ctx.track.dispose(ctx.a);
    fs.rmSync(ctx.outside, { recursive: true, force: true });
  });
  return ctx;
}
