// Owns the loaded notes for the window: finds the notes folders of every workspace folder from
// the settings, loads them as one library (core/library.ts: each folder one conference or a shelf
// of them), follows file and setting changes, and tells listeners. With one conference the
// getters `workspace`, `root` and `slidesRoot` describe it; in a library, per-talk look-ups
// (`conferenceOf`, `rootOf`, `slidesRootOf`, `trackOf`) say where each talk lives.
import * as vscode from 'vscode';
import path from 'node:path';
import { isLexicallyInside } from '../core/containment';
import { NotesLibrary } from '../core/library';
import { findNotesRoots } from '../core/roots';
import type { LibraryConference, NotesLibrarySnapshot, NotesWorkspace, Talk, Track } from '../core/model';
import { Disposable } from './disposable';
import { log } from './log';

export type NotesState = 'loading' | 'noNotes' | 'ready';

/** How long file events are collected before the index is updated (editors save in bursts). */
const FILE_EVENT_DELAY_MS = 80;

export class NotesService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<NotesLibrarySnapshot | undefined>());
  /** Fires after every (re)load or incremental update, with the new snapshot. */
  readonly onDidChange = this.changed.event;

  private index: NotesLibrary | undefined;
  private current: NotesLibrarySnapshot | undefined;
  /** `talkNotes.slidesRoot` resolved, when set and the library holds one conference. */
  private slidesSetting: vscode.Uri | undefined;
  private state: NotesState = 'loading';
  private watchers: vscode.FileSystemWatcher[] = [];
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
    // The notes as the editors hold them: typing, a Set Status on an unsaved note, a revert, and
    // closing without saving (back to the disk) all reach the tree and the notes views.
    this._register(vscode.workspace.onDidChangeTextDocument(e => e.contentChanges.length && this.followEditor(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument(doc => this.followEditor(doc)));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()));
    this._register({
      dispose: () => {
        clearTimeout(this.flushTimer);
        this.unwatch();
      },
    });
  }

  /** Resolves once the current (re)load has finished. */
  ready(): Promise<void> {
    return this.loading;
  }

  /** Every conference of every notes folder, in display order. */
  get library(): NotesLibrarySnapshot | undefined {
    return this.current;
  }

  get conferences(): readonly LibraryConference[] {
    return this.current?.conferences ?? [];
  }

  /** The conference shown when there is only one (today's single notes folder); else undefined. */
  private get only(): LibraryConference | undefined {
    const list = this.conferences;
    return list.length === 1 ? list[0] : undefined;
  }

  /** The notes when the library holds one conference; with several, see `library`. */
  get workspace(): NotesWorkspace | undefined {
    return this.only?.workspace;
  }

  /** The folder of the one conference; with several, see `rootOf`. */
  get root(): vscode.Uri | undefined {
    const only = this.only;
    return only && vscode.Uri.file(only.workspace.root);
  }

  get slidesRoot(): vscode.Uri | undefined {
    const only = this.only;
    return only && (this.slidesSetting ?? vscode.Uri.file(only.workspace.root));
  }

  /** Every conference folder: what webviews may load local files from. */
  get roots(): vscode.Uri[] {
    return this.conferences.map(c => vscode.Uri.file(c.workspace.root));
  }

  /** Every folder slides are read from (the conference folders, or the slides folder). */
  get slidesRoots(): vscode.Uri[] {
    const only = this.slidesRoot;
    return only ? [only] : this.roots;
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

  /**
   * The talk with this id (core/library.ts: its note's absolute path). With one conference, a path
   * relative to its folder finds the talk too: the id a notes view saved before notes folders
   * became a library, or a command given a note's path.
   */
  talk(id: string): Talk | undefined {
    const found = this.index?.talk(id)?.talk;
    if (found || path.isAbsolute(id)) return found;
    const only = this.only;
    return only && this.index?.talk(`${only.id}/${id}`)?.talk;
  }

  allTalks(): Talk[] {
    return this.conferences.flatMap(c => c.workspace.tracks.flatMap(t => t.talks));
  }

  /** A track of the one conference by id; in a library use `trackOf`. */
  track(id: string): Track | undefined {
    return this.workspace?.tracks.find(t => t.id === id);
  }

  conferenceOf(talk: Talk): LibraryConference | undefined {
    return this.index?.talk(talk.id)?.conference;
  }

  trackOf(talk: Talk): Track | undefined {
    return this.conferenceOf(talk)?.workspace.tracks.find(t => t.id === talk.trackId);
  }

  /** The conference folder holding the talk: what its note's paths are relative to. */
  rootOf(talk: Talk): vscode.Uri | undefined {
    const conference = this.conferenceOf(talk);
    return conference && vscode.Uri.file(conference.workspace.root);
  }

  /**
   * Where the talk's `slides:` paths are relative to: `talkNotes.slidesRoot` when set and the
   * library holds one conference, else the talk's conference folder.
   */
  slidesRootOf(talk: Talk): vscode.Uri | undefined {
    const conference = this.conferenceOf(talk);
    return conference && this.conferenceSlidesRoot(conference);
  }

  /** See `slidesRootOf`. */
  conferenceSlidesRoot(conference: LibraryConference): vscode.Uri {
    const root = vscode.Uri.file(conference.workspace.root);
    return this.only ? (this.slidesSetting ?? root) : root;
  }

  /**
   * The note of a talk, or a file given relative to a conference folder: the one holding `near`
   * (a talk or a file in it), else the only conference.
   */
  noteUri(talkOrFile: Talk | string, near?: Talk | vscode.Uri): vscode.Uri | undefined {
    if (typeof talkOrFile !== 'string') {
      const root = this.rootOf(talkOrFile);
      return root && vscode.Uri.joinPath(root, ...talkOrFile.file.split('/'));
    }
    const root = this.rootFor(near);
    return root && vscode.Uri.joinPath(root, ...talkOrFile.split('/'));
  }

  /** The talk whose note is `file` (relative to the conference folder `near` is in). */
  talkAt(file: string, near?: Talk | vscode.Uri): Talk | undefined {
    const uri = this.noteUri(file, near);
    return uri && this.talkForUri(uri);
  }

  /** The conference folder holding `near` (a talk, or a file in it); without one, the only conference's. */
  rootFor(near: Talk | vscode.Uri | undefined): vscode.Uri | undefined {
    if (near instanceof vscode.Uri) {
      const conference = near.scheme === 'file' ? this.index?.conferenceAt(near.fsPath) : undefined;
      return conference && vscode.Uri.file(conference.workspace.root);
    }
    return near ? this.rootOf(near) : this.root;
  }

  /** The talk whose note file is at `uri`, if any. */
  talkForUri(uri: vscode.Uri): Talk | undefined {
    if (uri.scheme !== 'file') return undefined;
    return this.index?.findByPath(uri.fsPath)?.talk;
  }

  /** Path of `uri` relative to its conference folder with forward slashes, or undefined when in none. */
  relativePath(uri: vscode.Uri): string | undefined {
    const root = uri.scheme === 'file' ? this.rootFor(uri) : undefined;
    if (!root) return undefined;
    const rel = path.relative(root.fsPath, uri.fsPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  slidesUri(talk: Talk): vscode.Uri | undefined {
    const root = talk.slides ? this.slidesRootOf(talk) : undefined;
    return root && vscode.Uri.joinPath(root, ...talk.slides!.split('/'));
  }

  private setState(state: NotesState): void {
    this.state = state;
    void vscode.commands.executeCommand('setContext', 'talkNotes.state', state);
  }

  /** The notes folders of every workspace folder (or the absolute ones configured, without a folder). */
  private async findRoots(): Promise<{ roots: string[]; slides: string | undefined }> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const roots: string[] = [];
    let slides: string | undefined;
    const add = (found: string[]) => found.forEach(r => roots.includes(r) || roots.push(r));
    for (const folder of folders) {
      if (folder.uri.scheme !== 'file') continue;
      const config = vscode.workspace.getConfiguration('talkNotes', folder.uri);
      add(await findNotesRoots(folder.uri.fsPath, settingList(config, 'notesRoot')));
      const slidesRoot = settingValue(config, 'slidesRoot');
      if (slidesRoot && slides === undefined) slides = path.resolve(folder.uri.fsPath, slidesRoot);
    }
    if (!folders.length) {
      const config = vscode.workspace.getConfiguration('talkNotes');
      add(
        await findNotesRoots(
          '/',
          settingList(config, 'notesRoot').filter(p => path.isAbsolute(p)),
        ),
      );
      const slidesRoot = settingValue(config, 'slidesRoot');
      if (slidesRoot && path.isAbsolute(slidesRoot)) slides = slidesRoot;
    }
    return { roots, slides };
  }

  private async doReload(): Promise<void> {
    this.setState('loading');
    this.unwatch();
    const { roots, slides } = await this.findRoots();
    if (!roots.length) {
      this.index = undefined;
      this.current = undefined;
      this.slidesSetting = undefined;
      this.loads++;
      this.setState('noNotes');
      this.changed.fire(undefined);
      return;
    }
    const index = new NotesLibrary(roots);
    const loaded = await index.load();
    // Roots, index and snapshot change together: a check or render that starts during the load
    // must not pair the notes shown so far with the folders being loaded.
    this.index = index;
    this.current = loaded;
    this.slidesSetting = slides ? vscode.Uri.file(slides) : undefined;
    this.loads++;
    for (const root of roots) this.watch(vscode.Uri.file(root));
    this.setState('ready');
    this.changed.fire(this.current);
  }

  private unwatch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }

  private watch(root: vscode.Uri): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'));
    const queue = (uri: vscode.Uri) => this.queue(uri);
    watcher.onDidCreate(queue);
    watcher.onDidChange(queue);
    watcher.onDidDelete(queue);
    this.watchers.push(watcher);
  }

  private queue(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    this.pending.add(uri.fsPath);
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), FILE_EVENT_DELAY_MS);
  }

  /** A talk's note changed in an editor (or was closed): the index follows its text, or the disk. */
  private followEditor(doc: vscode.TextDocument): void {
    if (doc.uri.scheme === 'file' && this.talkForUri(doc.uri)) this.queue(doc.uri);
  }

  /** The unsaved text of the note at this path, when an editor holds it: it wins over the file. */
  private unsavedText(file: string): string | undefined {
    const doc = vscode.workspace.textDocuments.find(d => d.isDirty && !d.isClosed && d.uri.scheme === 'file' && d.uri.fsPath === file);
    return doc?.getText();
  }

  /**
   * Re-reads only the files that changed (the library routes each to its conference), from their
   * editor when it has unsaved changes.
   */
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
    if (uri.scheme !== 'file' || !this.index?.roots.some(r => isLexicallyInside(r, path.resolve(uri.fsPath)))) return;
    this.pending.add(uri.fsPath);
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

/** `talkNotes.notesRoot`: one folder, or a list of them (each as `settingValue` reads it). */
function settingList(config: vscode.WorkspaceConfiguration, key: string): string[] {
  const value = vscode.workspace.isTrusted ? config.get<unknown>(key) : config.inspect<unknown>(key)?.globalValue;
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map(v => v.trim())
    .filter(Boolean);
}
