// Shared by the extension-host suites: the extension's API, polling, file helpers, and the one
// stub these tests allow (env.openExternal, so no browser is launched).
import * as assert from 'node:assert/strict';
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
    await new Promise(r => setTimeout(r, 50));
  }
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

export function allTalks(a: TalkNotesApi): Talk[] {
  return a.workspace()?.tracks.flatMap(t => t.talks) ?? [];
}

export function talkByTitle(a: TalkNotesApi, title: string): Talk {
  const talk = allTalks(a).find(t => t.title === title);
  assert.ok(talk, `talk "${title}" loaded`);
  return talk;
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

export function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).map(t => t.label);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
