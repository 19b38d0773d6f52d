// Loads a notes workspace and keeps it current one file at a time.
//
// Layout (the README's "Notes format" section is written from this):
//  - `<root>/index.md`: the conference (`title`, `slidesDownload`, `replay`; body = overview).
//  - `<root>/<track>/`: one folder per track. `<track>/index.md` may set `title` and `order`;
//    otherwise the folder name gives both (`01-Platform` → order 1, title "Platform").
//    A folder is a track only when it holds at least one Markdown file (or has a problem of its
//    own), so `assets/` or a folder of PDFs next to the tracks does not show up as an empty track.
//  - `<root>/<track>/*.md` (also `.markdown`, any case), except `index.md`: one talk each.
//    Deeper folders are not scanned (they hold images).
//  - `<root>/*.md` other than `index.md` and `README.md`: talks of a track with id '' titled
//    "Other talks", always listed last.
//  - Hidden entries (`.git`, `.vscode`, ...) and `node_modules` are skipped everywhere.
// Tracks and talks sort by order (absent last), then by name, numbers compared as numbers.
//
//  - Symbolic links are followed when their real path is inside the notes folder. A note or
//    track folder leading out of it is listed (the note locked, the folder empty) with an error
//    and never read; a link to nothing, or a loop, is a warning on the link.
//  - A listing reads the first NOTE_PREFIX_BYTES of each note (front matter, the first heading).
//
// Reading never throws: every failure becomes a Problem on the file it concerns and the other
// files keep loading.
//
// Past 450 lines because NotesIndex is one serialised state machine — the tracks, the conference,
// the link problems and the snapshot cache change together under one queue; the pieces that do
// not touch that state live in trackBuild.ts, noteReads.ts and talkFile.ts.
import path from 'node:path';
import { errorCode, errorText } from './errors';
import { nodeFileSystem, type EntryKind, type NotesFileSystem } from './fileSystem';
import type { Conference, NotesWorkspace, Problem, Talk, Track } from './model';
import { forEachLimited, SerialQueue } from './limited';
import { compareByOrder } from './naturalOrder';
import { isIgnoredName, isIndexName, isMarkdownName, isReadmeName } from './noteNames';
import { brokenLinkProblem, crashMessage, outsideMessage, readFailure, rootFailure, withFailure, type ReadResult } from './noteReads';
import { NOTE_PREFIX_BYTES, parseConference, parseTalk, parseTrackIndex } from './talkFile';
import { buildTrack, NO_PROBLEMS, newTrack, type TrackState } from './trackBuild';

/** Files read at once during a cold load: enough to keep the disk busy, few enough for fd limits. */
export const READ_CONCURRENCY = 64;

interface ConferenceState {
  conference: Conference;
  problems: Problem[];
}

/**
 * Synchronous reading yields to the event loop after this long, so the extension host keeps
 * serving other work; checked every FILES_PER_CHECK files (a note takes a few microseconds).
 * Yielding less often also lets fewer garbage collections start from idle-time tasks.
 */
const TURN_MS = 8;
const FILES_PER_CHECK = 64;

const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

const EMPTY = new Uint8Array();

function emptyConference(): ConferenceState {
  return {
    conference: { title: null, slidesDownload: null, replay: null, order: null, overview: '', file: null },
    problems: [],
  };
}

export interface NotesIndexOptions {
  /**
   * Put before each talk's path to make its id, so ids stay unique when several indexes are used
   * together (NotesLibrary passes the conference folder's absolute path and '/').
   */
  idPrefix?: string;
}

/**
 * The notes of one workspace root, loaded once and then kept current by `update(path)` calls
 * (one per changed file, e.g. from a file watcher). All operations are serialised, so a burst of
 * watcher events and a reload can never interleave. Snapshots are immutable by convention: the
 * objects they contain are shared with later snapshots when unchanged, so callers must not
 * modify them.
 */
export class NotesIndex {
  readonly root: string;
  private readonly rootPrefix: string;
  private conference: ConferenceState = emptyConference();
  private tracks = new Map<string, TrackState>();
  private rootProblems: Problem[] = [];
  /** Symbolic links that lead nowhere, by the link's path: listed as problems only. */
  private linkProblems = new Map<string, Problem>();
  private cache: NotesWorkspace | null = null;
  private readonly queue = new SerialQueue();
  private lastFolder = '';

  /** Put before every talk's path to make its id ('' : the id is the path, as it always was). */
  private readonly idPrefix: string;

  constructor(
    root: string,
    private readonly fs: NotesFileSystem = nodeFileSystem,
    options: NotesIndexOptions = {},
  ) {
    this.root = path.resolve(root);
    this.rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
    this.idPrefix = options.idPrefix ?? '';
  }

  /** Reads the whole workspace (files concurrently) and returns its snapshot. */
  load(): Promise<NotesWorkspace> {
    return this.enqueue(async () => {
      await this.loadNow();
      return this.snapshot();
    });
  }

  /**
   * Re-reads one path (absolute, or relative to the root) and nothing else: a changed, created or
   * deleted note or `index.md`. A track folder path re-lists that folder (a folder created or
   * renamed into place); the root itself reloads everything. Paths the notes do not use
   * (images in sub-folders, hidden files, other extensions) are ignored.
   */
  update(pathOrRel: string): Promise<void> {
    return this.enqueue(() => this.updateNow(pathOrRel));
  }

  /**
   * Takes a talk's note as an editor holds it, unsaved changes included, instead of as the disk
   * has it: what the user sees in the editor is what the tree shows. Only for a note the index
   * already lists as a talk and may read (not locked); `update` brings the disk's text back.
   * Resolves whether the text was taken.
   */
  updateFromText(pathOrRel: string, text: string): Promise<boolean> {
    return this.enqueue(async () => {
      const rel = this.toRel(pathOrRel);
      // By path: with an id prefix (a conference of a library) ids are not paths.
      const known = rel === null ? undefined : this.talkAt(rel);
      if (rel === null || !known || known.lock) return false;
      // A listing reads a note's beginning only: no more of a long note is encoded.
      const prefix = Buffer.from(text.length > NOTE_PREFIX_BYTES ? text.slice(0, NOTE_PREFIX_BYTES) : text, 'utf8');
      this.applyRead(rel, { bytes: prefix.subarray(0, NOTE_PREFIX_BYTES), size: Buffer.byteLength(text, 'utf8') });
      return true;
    });
  }

  /** Forgets a deleted file or folder without touching the disk. */
  remove(pathOrRel: string): Promise<void> {
    return this.enqueue(async () => {
      const rel = this.toRel(pathOrRel);
      if (rel !== null) this.removeNow(rel);
    });
  }

  /** The current workspace; rebuilt lazily, re-sorting only the tracks that changed. */
  snapshot(): NotesWorkspace {
    if (this.cache) return this.cache;
    const states = [...this.tracks.values()];
    const built = states.map(buildTrack);
    const order = states.map((s, i) => ({ s, b: built[i] }));
    order.sort((x, y) => {
      if ((x.s.id === '') !== (y.s.id === '')) return x.s.id === '' ? 1 : -1;
      return compareByOrder(x.b.track.order, x.s.id, y.b.track.order, y.s.id);
    });
    const problems: Problem[] = [...this.rootProblems, ...this.conference.problems, ...this.linkProblems.values()];
    const tracks: Track[] = [];
    for (const { s, b } of order) {
      for (const p of b.problems) problems.push(p);
      // A folder with a problem of its own (unreadable, a link out of the notes) is listed too,
      // empty, so the user sees where its talks went.
      if (s.index || s.talks.size || s.folderProblems.length) tracks.push(b.track);
    }
    this.cache = { root: this.root, conference: this.conference.conference, tracks, problems };
    return this.cache;
  }

  /** The talk with this id (its path relative to the root, after the `idPrefix` when there is one). */
  talk(id: string): Talk | undefined {
    if (!this.idPrefix) return this.talkAt(id);
    return id.startsWith(this.idPrefix) ? this.talkAt(id.slice(this.idPrefix.length)) : undefined;
  }

  /** The talk stored at this path (absolute or relative to the root). */
  findByPath(pathOrRel: string): Talk | undefined {
    const rel = this.toRel(pathOrRel);
    return rel === null ? undefined : this.talkAt(rel);
  }

  private talkAt(rel: string): Talk | undefined {
    // Looked up through its track rather than a map of all talks: keeping a second 10,000-entry
    // map current cost a tenth of a cold load.
    const slash = rel.indexOf('/');
    return this.tracks.get(slash < 0 ? '' : rel.slice(0, slash))?.talks.get(rel)?.talk;
  }

  /** Path relative to the root with forward slashes; null when outside the root. */
  toRel(pathOrRel: string): string | null {
    const native = path.isAbsolute(pathOrRel) ? path.relative(this.root, pathOrRel) : pathOrRel;
    let rel = path.posix.normalize(native.replace(/\\/g, '/'));
    if (rel === '.' || rel === './') return '';
    rel = rel.replace(/^\.\//, '').replace(/(?<!\/)\/+$/, '');
    if (rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel) || path.isAbsolute(rel)) return null;
    return rel;
  }

  private abs(rel: string): string {
    // Plain concatenation: `rel` is already normalised, and path.join per file shows in profiles.
    if (!rel) return this.root;
    return this.rootPrefix + (path.sep === '/' ? rel : rel.replace(/\//g, path.sep));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  private changed(): void {
    this.cache = null;
  }

  // ---- reading ------------------------------------------------------------------------------

  private async loadNow(): Promise<void> {
    this.conference = emptyConference();
    this.tracks = new Map();
    this.rootProblems = [];
    this.linkProblems = new Map();
    this.changed();

    let entries;
    try {
      entries = await this.fs.readDirectory(this.root);
    } catch (err) {
      this.rootProblems.push(rootFailure(this.root, err));
      return;
    }
    // Two phases (list every folder, then read every file) with a fixed pool of workers: one
    // await per file keeps the promise overhead per note far below its parse cost.
    let sawIndex = false;
    const files: string[] = [];
    const folders: string[] = [];
    await forEachLimited(entries, READ_CONCURRENCY, async entry => {
      if (isIgnoredName(entry.name)) return;
      const kind = entry.kind === 'other' ? await this.followLink(entry.name) : entry.kind;
      if (kind === 'directory') folders.push(entry.name);
      else if ((kind === 'file' || kind === 'outside') && isMarkdownName(entry.name)) {
        if (isIndexName(entry.name)) sawIndex = true;
        if (kind === 'file' && !isReadmeName(entry.name)) files.push(entry.name);
      }
    });
    await forEachLimited(folders, READ_CONCURRENCY, async folder => {
      const list = await this.listTrack(folder);
      for (let i = 0; i < list.length; i++) files.push(list[i]);
    });
    await this.readAll(files);
    if (!sawIndex) this.noConferenceFile();
  }

  private noConferenceFile(): void {
    this.conference = emptyConference();
    this.conference.problems.push({
      file: 'index.md',
      line: null,
      severity: 'info',
      message:
        'the notes folder has no index.md; create one with "title", "slidesDownload" (where the slide PDFs can be downloaded) and "replay" in its front matter',
    });
  }

  /**
   * A symbolic link (listed as 'other'): followed when its real path is inside the notes folder,
   * as every other tool would. A note leading out of it is listed, locked and unread; a track
   * folder leading out is listed empty; both with an error. A link to nothing is a warning.
   * Returns what the caller should treat the entry as ('outside': handled here, do not read).
   */
  private async followLink(rel: string): Promise<EntryKind | 'outside' | null> {
    const inspection = await this.fs.inspect(this.root, this.abs(rel));
    if (this.linkProblems.delete(rel)) this.changed();
    switch (inspection.kind) {
      case 'inside':
        return inspection.entry;
      case 'outside':
        if (inspection.entry === 'directory' && !rel.includes('/')) this.outsideFolder(rel, inspection.realPath);
        else if (inspection.entry !== 'directory' && isMarkdownName(rel) && (rel.includes('/') || !isReadmeName(rel)))
          this.applyRead(rel, { outside: inspection.realPath });
        return 'outside';
      case 'missing':
        return null;
      default: {
        const problem = brokenLinkProblem(rel, inspection);
        if (problem && (isMarkdownName(rel) || !rel.includes('/'))) {
          this.linkProblems.set(rel, problem);
          this.changed();
        }
        return null;
      }
    }
  }

  /** A track folder that is a link out of the notes folder: listed, empty, with an error, never listed. */
  private outsideFolder(folder: string, realPath: string): void {
    const state = this.resetTrack(folder);
    state.folderProblems.push({
      file: folder,
      line: null,
      severity: 'error',
      message: `track folder ${folder} is a symbolic link to ${realPath}, outside the notes folder, so Talk Notes does not read it; move the folder into the notes folder (or replace the link with a copy of it)`,
    });
  }

  /**
   * Lists a track folder, forgetting what was known about the track, and returns its Markdown
   * files (relative paths) for the caller to read.
   */
  private async listTrack(folder: string): Promise<string[]> {
    let entries;
    try {
      entries = await this.fs.readDirectory(this.abs(folder));
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.removeNow(folder);
        return [];
      }
      const state = this.resetTrack(folder);
      state.folderProblems.push({
        file: folder,
        line: null,
        severity: 'error',
        message: `cannot list track folder ${folder} (${errorText(err)}); check its permissions — its talks are missing until it can be read`,
      });
      return [];
    }
    this.resetTrack(folder);
    this.forgetLinkProblems(folder);
    const files: string[] = [];
    // join builds each path as one flat string; `+` would build a rope that every talk keeps
    // next to the flat copy made when the path is first hashed.
    const parts = [folder, ''];
    // An index, not for-of: the loop may await, and then every iterator step allocates.
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (isIgnoredName(entry.name) || !isMarkdownName(entry.name)) continue;
      parts[1] = entry.name;
      const rel = parts.join('/');
      // Only symbolic links need a look; an await per listed file would add up.
      const kind = entry.kind === 'other' ? await this.followLink(rel) : entry.kind;
      if (kind === 'file') files.push(rel);
    }
    return files;
  }

  /** Forgets the link problems in a folder ('' : at the root), which is being listed again. */
  private forgetLinkProblems(folder: string): void {
    for (const rel of this.linkProblems.keys()) {
      if (folder ? rel.startsWith(folder + '/') : !rel.includes('/')) {
        this.linkProblems.delete(rel);
        this.changed();
      }
    }
  }

  private async scanTrack(folder: string): Promise<void> {
    await this.readAll(await this.listTrack(folder));
  }

  private async readAll(files: string[]): Promise<void> {
    const fs = this.fs;
    if (!fs.readPrefixShared) {
      return forEachLimited(files, READ_CONCURRENCY, async rel => this.applyRead(rel, await this.readPrefix(rel)));
    }
    // Synchronous reads in a plain loop: a promise per file costs more than reading a note.
    // Each read is parsed before the next one, as the shared buffer requires, and the loop
    // yields now and then so the extension host keeps serving other work.
    let turnStart = performance.now();
    for (let i = 0; i < files.length; i++) {
      if (i % FILES_PER_CHECK === FILES_PER_CHECK - 1 && performance.now() - turnStart >= TURN_MS) {
        await nextTurn();
        turnStart = performance.now();
      }
      const rel = files[i];
      let read: ReadResult;
      try {
        read = fs.readPrefixShared(this.abs(rel), NOTE_PREFIX_BYTES);
      } catch (err) {
        read = readFailure(rel, err);
      }
      this.applyRead(rel, read);
    }
  }

  /** The beginning of a note: all a listing needs (see NOTE_PREFIX_BYTES). */
  private async readPrefix(rel: string): Promise<ReadResult> {
    try {
      return await this.fs.readPrefix(this.abs(rel), NOTE_PREFIX_BYTES);
    } catch (err) {
      return readFailure(rel, err);
    }
  }

  private async updateNow(input: string): Promise<void> {
    const rel = this.toRel(input);
    if (rel === null) return;
    // A root that was missing (or unreadable) at load time: anything appearing in it means a
    // full load, there is nothing incremental to build on.
    if (rel === '' || this.rootProblems.length) return this.loadNow();
    const parts = rel.split('/');
    if (parts.length > 2 || parts.some(isIgnoredName)) return;
    const name = parts[parts.length - 1];
    const markdown = isMarkdownName(name);
    if (!markdown && parts.length > 1) return;
    if (markdown && parts.length === 1 && isReadmeName(name)) return;
    // Every updated path is looked at by its real path: a file may have become a link.
    const kind = await this.followLink(rel);
    if (kind === 'outside') return;
    if (kind === 'directory') {
      if (parts.length === 1) await this.scanTrack(rel);
      return;
    }
    if (kind !== 'file' || !markdown) return this.removeNow(rel);
    const read = await this.readPrefix(rel);
    if ('missing' in read) return this.removeNow(rel);
    if ('directory' in read) {
      if (parts.length === 1) await this.scanTrack(rel);
      return;
    }
    this.applyRead(rel, read);
  }

  /** Stores what one file read produced. Never throws: a parser failure becomes a problem. */
  private applyRead(rel: string, read: ReadResult): void {
    let bytes: Uint8Array = EMPTY;
    let size = 0;
    // Problems that replace whatever parsing said: the file could not be read (or must not be),
    // or the parser broke.
    let failure: string | null = null;
    let outside = false;
    if ('bytes' in read) {
      bytes = read.bytes;
      size = read.size;
    } else if ('error' in read) failure = read.error;
    else if ('outside' in read) {
      failure = outsideMessage(rel, read.outside);
      outside = true;
    } else return;
    const slash = rel.indexOf('/');
    // Files come track by track: reusing the previous folder string spares a copy and its hashing.
    const last = this.lastFolder;
    const folder = slash < 0 ? '' : slash === last.length && rel.startsWith(last) ? last : (this.lastFolder = rel.slice(0, slash));

    // `index.md` and `index.markdown` have 8 and 14 characters: most names need no copy to test.
    const nameLength = rel.length - slash - 1;
    if ((nameLength === 8 || nameLength === 14) && isIndexName(rel.slice(slash + 1))) {
      if (folder === '') {
        let parsed: ReturnType<typeof parseConference>;
        try {
          parsed = parseConference(bytes, rel, size);
        } catch (err) {
          failure ??= crashMessage(err);
          parsed = { conference: { ...emptyConference().conference, file: rel }, problems: [] };
        }
        this.conference = { conference: parsed.conference, problems: withFailure(parsed.problems, failure, rel) };
      } else {
        const state = this.trackState(folder);
        let parsed: ReturnType<typeof parseTrackIndex>;
        try {
          parsed = parseTrackIndex(bytes, rel, size);
        } catch (err) {
          failure ??= crashMessage(err);
          parsed = { title: null, order: null, problems: [] };
        }
        state.index = { file: rel, title: parsed.title, order: parsed.order, problems: withFailure(parsed.problems, failure, rel) };
        state.metaChanged = true;
      }
      this.changed();
      return;
    }

    const state = this.trackState(folder);
    // The track's own id string, shared by all its talks rather than one copy per talk.
    const trackId = state.id;
    let parsed: ReturnType<typeof parseTalk>;
    try {
      parsed = parseTalk(bytes, rel, trackId, size);
    } catch (err) {
      failure ??= crashMessage(err);
      parsed = parseTalk(EMPTY, rel, trackId);
    }
    if (outside) parsed.talk.lock = { kind: 'outsideRoot', message: failure! };
    if (this.idPrefix) parsed.talk.id = this.idPrefix + rel;
    const problems = withFailure(parsed.problems, failure, rel);
    // Most talks have no problems; one shared empty list keeps 10,000 of them out of the heap.
    state.talks.set(rel, { talk: parsed.talk, problems: problems.length ? problems : NO_PROBLEMS, orderLine: parsed.orderLine });
    // A track that was never built sorts all its talks anyway.
    if (state.built) state.changed.add(rel);
    this.changed();
  }

  private trackState(id: string): TrackState {
    let state = this.tracks.get(id);
    if (!state) {
      state = newTrack(id);
      this.tracks.set(id, state);
    }
    return state;
  }

  private resetTrack(id: string): TrackState {
    const state = newTrack(id);
    this.tracks.set(id, state);
    this.changed();
    return state;
  }

  private removeNow(rel: string): void {
    if (rel === '') {
      this.tracks = new Map();
      this.noConferenceFile();
      this.changed();
      return;
    }
    const slash = rel.indexOf('/');
    if (slash < 0) {
      if (this.tracks.has(rel)) {
        this.tracks.delete(rel);
        this.changed();
      }
      if (this.conference.conference.file === rel) {
        this.noConferenceFile();
        this.changed();
      }
      this.removeTalk('', rel);
      return;
    }
    const folder = rel.slice(0, slash);
    const state = this.tracks.get(folder);
    if (!state) return;
    if (state.index?.file === rel) {
      state.index = null;
      state.metaChanged = true;
      this.changed();
    }
    this.removeTalk(folder, rel);
  }

  private removeTalk(folder: string, rel: string): void {
    const state = this.tracks.get(folder);
    if (!state?.talks.delete(rel)) return;
    if (state.built) state.changed.add(rel);
    this.changed();
  }
}

/** Loads a workspace once (no incremental updates). */
export function loadWorkspace(root: string, fs: NotesFileSystem = nodeFileSystem): Promise<NotesWorkspace> {
  return new NotesIndex(root, fs).load();
}
