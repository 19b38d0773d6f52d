// Owns the loaded notes workspace for the window: finds the notes folder from the settings,
// loads it through the core index, follows file and setting changes, and tells listeners.
import * as vscode from 'vscode';
import path from 'node:path';
import { findNotesRoot } from '../core/roots';
import { NotesIndex } from '../core/workspace';
import type { NotesWorkspace, Talk, Track } from '../core/model';
import { Disposable } from './disposable';
import { log } from './log';

export type NotesState = 'loading' | 'noNotes' | 'ready';

/** How long file events are collected before the index is updated (editors save in bursts). */
const FILE_EVENT_DELAY_MS = 80;

export class NotesService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<NotesWorkspace | undefined>());
  /** Fires after every (re)load or incremental update, with the new snapshot. */
  readonly onDidChange = this.changed.event;

  private index: NotesIndex | undefined;
  private current: NotesWorkspace | undefined;
  private rootUri: vscode.Uri | undefined;
  private slidesRootUri: vscode.Uri | undefined;
  private state: NotesState = 'loading';
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly pending = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<void> = Promise.resolve();
  private loads = 0;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('talkNotes.notesRoot') || e.affectsConfiguration('talkNotes.slidesRoot')) {
          void this.reload();
        }
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()));
    // The notes as the editors hold them: typing, a Set Status on an unsaved note, a revert, and
    // closing without saving (back to the disk) all reach the tree and the notes views.
    this._register(vscode.workspace.onDidChangeTextDocument(e => e.contentChanges.length && this.followEditor(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument(doc => this.followEditor(doc)));
    this._register({
      dispose: () => {
        clearTimeout(this.flushTimer);
        this.watcher?.dispose();
      },
    });
  }

  /** Resolves once the current (re)load has finished. */
  ready(): Promise<void> {
    return this.loading;
  }

  get workspace(): NotesWorkspace | undefined {
    return this.current;
  }

  get root(): vscode.Uri | undefined {
    return this.rootUri;
  }

  get slidesRoot(): vscode.Uri | undefined {
    return this.slidesRootUri;
  }

  get status(): NotesState {
    return this.state;
  }

  /** Counts (re)loads, so a consumer that remembers things about the notes knows when to forget them. */
  get generation(): number {
    return this.loads;
  }

  reload(): Promise<void> {
    this.loading = this.loading
      .then(() => this.doReload())
      .catch(err => {
        // Loading is best effort: a failure leaves the welcome view, never a broken tree.
        log.error('loading the notes failed', err);
        this.setState('noNotes');
      });
    return this.loading;
  }

  talk(id: string): Talk | undefined {
    return this.index?.talk(id);
  }

  allTalks(): Talk[] {
    return this.current?.tracks.flatMap(t => t.talks) ?? [];
  }

  track(id: string): Track | undefined {
    return this.current?.tracks.find(t => t.id === id);
  }

  noteUri(talkOrFile: Talk | string): vscode.Uri | undefined {
    if (!this.rootUri) return undefined;
    const file = typeof talkOrFile === 'string' ? talkOrFile : talkOrFile.file;
    return vscode.Uri.joinPath(this.rootUri, ...file.split('/'));
  }

  /** The talk whose note file is at `uri`, if any. */
  talkForUri(uri: vscode.Uri): Talk | undefined {
    const rel = this.relativePath(uri);
    return rel === undefined ? undefined : this.index?.talk(rel);
  }

  /** Path of `uri` relative to the notes root with forward slashes, or undefined when outside. */
  relativePath(uri: vscode.Uri): string | undefined {
    if (!this.rootUri || uri.scheme !== 'file') return undefined;
    const rel = path.relative(this.rootUri.fsPath, uri.fsPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  slidesUri(talk: Talk): vscode.Uri | undefined {
    if (!talk.slides || !this.slidesRootUri) return undefined;
    return vscode.Uri.joinPath(this.slidesRootUri, ...talk.slides.split('/'));
  }

  private setState(state: NotesState): void {
    this.state = state;
    void vscode.commands.executeCommand('setContext', 'talkNotes.state', state);
  }

  private async doReload(): Promise<void> {
    this.setState('loading');
    this.watcher?.dispose();
    this.watcher = undefined;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const config = vscode.workspace.getConfiguration('talkNotes', folder?.uri);
    const configured = settingValue(config, 'notesRoot');
    let root: string | null = null;
    if (folder && folder.uri.scheme === 'file') {
      root = await findNotesRoot(folder.uri.fsPath, configured);
    } else if (configured && path.isAbsolute(configured)) {
      root = await findNotesRoot('/', configured);
    }
    if (!root) {
      this.index = undefined;
      this.current = undefined;
      this.rootUri = undefined;
      this.slidesRootUri = undefined;
      this.loads++;
      this.setState('noNotes');
      this.changed.fire(undefined);
      return;
    }
    const rootUri = vscode.Uri.file(root);
    const slides = settingValue(config, 'slidesRoot');
    const index = new NotesIndex(root);
    const loaded = await index.load();
    // Root, index and snapshot change together: a check or render that starts during the load
    // must not pair the notes shown so far with the folder being loaded.
    this.rootUri = rootUri;
    this.slidesRootUri = slides ? vscode.Uri.file(path.resolve(folder?.uri.fsPath ?? root, slides)) : rootUri;
    this.index = index;
    this.current = loaded;
    this.loads++;
    this.watch(rootUri);
    this.setState('ready');
    this.changed.fire(this.current);
  }

  private watch(root: vscode.Uri): void {
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'));
    const queue = (uri: vscode.Uri) => this.queue(uri);
    this.watcher.onDidCreate(queue);
    this.watcher.onDidChange(queue);
    this.watcher.onDidDelete(queue);
  }

  private queue(uri: vscode.Uri): void {
    const rel = this.relativePath(uri);
    if (rel === undefined) return;
    this.pending.add(rel);
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), FILE_EVENT_DELAY_MS);
  }

  /** A talk's note changed in an editor (or was closed): the index follows its text, or the disk. */
  private followEditor(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === 'file' && this.talkForUri(doc.uri)) this.queue(doc.uri);
  }

  /** The unsaved text of a note open in an editor, if any: it wins over the file. */
  private unsavedText(rel: string): string | undefined {
    const uri = this.noteUri(rel)?.toString();
    const doc = uri ? vscode.workspace.textDocuments.find(d => d.isDirty && !d.isClosed && d.uri.toString() === uri) : undefined;
    return doc?.getText();
  }

  /** Re-reads only the files that changed (from their editor when it has unsaved changes); other talks are not touched. */
  private async flush(): Promise<void> {
    const index = this.index;
    if (!index) return;
    const files = [...this.pending];
    this.pending.clear();
    await (this.loading = this.loading
      .then(async () => {
        for (const file of files) {
          const unsaved = this.unsavedText(file);
          if (unsaved === undefined || !(await index.updateFromText(file, unsaved))) await index.update(file);
        }
      })
      .catch(err => {
        // The index turns bad files into problems; anything else must not wedge later reloads.
        log.error(`updating the notes failed (${files.join(', ')})`, err);
      }));
    if (index !== this.index) return;
    const snapshot = index.snapshot();
    // Images, PDFs and other files the notes do not consist of leave the snapshot as it was:
    // every listener (tree, notes views, checks) would redo its work for nothing.
    if (snapshot === this.current) return;
    this.current = snapshot;
    this.changed.fire(this.current);
  }

  /** Applies a change made by the extension itself at once instead of waiting for the watcher. */
  async refreshFile(uri: vscode.Uri): Promise<void> {
    const rel = this.relativePath(uri);
    if (rel === undefined) return;
    this.pending.add(rel);
    clearTimeout(this.flushTimer);
    await this.flush();
  }
}

/**
 * In an untrusted workspace only user-level values count: a folder from someone else must not
 * point Talk Notes at files outside it (declared in `restrictedConfigurations`).
 */
function settingValue(config: vscode.WorkspaceConfiguration, key: string): string {
  if (vscode.workspace.isTrusted) return (config.get<string>(key) ?? '').trim();
  const info = config.inspect<string>(key);
  return (info?.globalValue ?? '').trim();
}
