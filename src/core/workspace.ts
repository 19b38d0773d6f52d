// Loads a notes workspace and keeps it current one file at a time.
//
// Layout (the README's "Notes format" section is written from this):
//  - `<root>/index.md`: the conference (`title`, `slidesDownload`, `replay`; body = overview).
//  - `<root>/<track>/`: one folder per track. `<track>/index.md` may set `title` and `order`;
//    otherwise the folder name gives both (`01-Platform` → order 1, title "Platform").
//    A folder is a track only when it holds at least one Markdown file, so `assets/` or a folder
//    of PDFs next to the tracks does not show up as an empty track.
//  - `<root>/<track>/*.md` (also `.markdown`, any case), except `index.md`: one talk each.
//    Deeper folders are not scanned (they hold images).
//  - `<root>/*.md` other than `index.md` and `README.md`: talks of a track with id '' titled
//    "Other talks", always listed last.
//  - Hidden entries (`.git`, `.vscode`, ...) and `node_modules` are skipped everywhere.
// Tracks and talks sort by order (absent last), then by name, numbers compared as numbers.
//
// Reading never throws: every failure becomes a Problem on the file it concerns and the other
// files keep loading.
import path from 'node:path';
import { errorCode, errorText } from './errors';
import { nodeFileSystem, type EntryKind, type NotesFileSystem } from './fileSystem';
import type { Conference, NotesWorkspace, Problem, Talk, Track } from './model';
import { compareByOrder } from './naturalOrder';
import { folderTitle, isIgnoredName, isIndexName, isMarkdownName, isReadmeName } from './noteNames';
import { parseConference, parseTalk, parseTrackIndex } from './talkFile';

/** Title of the track made of Markdown files lying directly in the workspace root. */
export const ROOT_TRACK_TITLE = 'Other talks';

/** Files read at once during a cold load: enough to keep the disk busy, few enough for fd limits. */
export const READ_CONCURRENCY = 64;

interface TalkEntry {
  talk: Talk;
  problems: Problem[];
  orderLine: number | null;
}

interface TrackIndex {
  file: string;
  title: string | null;
  order: number | null;
  problems: Problem[];
}

interface BuiltTrack {
  track: Track;
  problems: Problem[];
  sorted: TalkEntry[];
}

interface TrackState {
  id: string;
  index: TrackIndex | null;
  talks: Map<string, TalkEntry>;
  /** Problems about the folder itself (e.g. it cannot be listed). */
  folderProblems: Problem[];
  /** Talk files added, changed or removed since `built`; their entries are re-placed on rebuild. */
  changed: Set<string>;
  /** Set when the track's own data (index.md, folder problems) changed. */
  metaChanged: boolean;
  built: BuiltTrack | null;
}

interface ConferenceState {
  conference: Conference;
  problems: Problem[];
}

type ReadResult = { bytes: Uint8Array } | { missing: true } | { directory: true } | { error: string };

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function readFailure(rel: string, err: unknown): ReadResult {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
  if (code === 'EISDIR') return { directory: true };
  return { error: `cannot read ${rel.slice(rel.lastIndexOf('/') + 1)} (${errorText(err)}); check the file's permissions` };
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

/** Never modified: `build` only reads talk problems. */
const NO_PROBLEMS: Problem[] = [];

/** A failure to read or parse the file replaces whatever problems parsing reported. */
function withFailure(parsed: Problem[], failure: string | null, rel: string): Problem[] {
  return failure === null ? parsed : [{ file: rel, line: null, severity: 'error', message: failure }];
}

function crashMessage(err: unknown): string {
  return `could not read this note (${errorText(err)}); this is a bug in Talk Notes, please report it with the file`;
}

function compareEntries(a: TalkEntry, b: TalkEntry): number {
  // The tie-breaker is the file name. The talks of a track share the `folder/` prefix of their
  // paths, which compares equal, so comparing paths orders as names do without keeping a copy
  // of every name.
  return compareByOrder(a.talk.order, a.talk.file, b.talk.order, b.talk.file);
}

function emptyConference(): ConferenceState {
  return {
    conference: { title: null, slidesDownload: null, replay: null, overview: '', file: null },
    problems: [],
  };
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
  private cache: NotesWorkspace | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private lastFolder = '';

  constructor(
    root: string,
    private readonly fs: NotesFileSystem = nodeFileSystem,
  ) {
    this.root = path.resolve(root);
    this.rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
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
    const built = states.map(s => this.build(s));
    const order = states.map((s, i) => ({ s, b: built[i] }));
    order.sort((x, y) => {
      if ((x.s.id === '') !== (y.s.id === '')) return x.s.id === '' ? 1 : -1;
      return compareByOrder(x.b.track.order, x.s.id, y.b.track.order, y.s.id);
    });
    const problems: Problem[] = [...this.rootProblems, ...this.conference.problems];
    const tracks: Track[] = [];
    for (const { s, b } of order) {
      for (const p of b.problems) problems.push(p);
      if (s.index || s.talks.size) tracks.push(b.track);
    }
    this.cache = { root: this.root, conference: this.conference.conference, tracks, problems };
    return this.cache;
  }

  /** The talk with this id (its path relative to the root). */
  talk(id: string): Talk | undefined {
    // Looked up through its track rather than a map of all talks: keeping a second 10,000-entry
    // map current cost a tenth of a cold load.
    const slash = id.indexOf('/');
    return this.tracks.get(slash < 0 ? '' : id.slice(0, slash))?.talks.get(id)?.talk;
  }

  /** The talk stored at this path (absolute or relative to the root). */
  findByPath(pathOrRel: string): Talk | undefined {
    const rel = this.toRel(pathOrRel);
    return rel === null ? undefined : this.talk(rel);
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
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private changed(): void {
    this.cache = null;
  }

  // ---- reading ------------------------------------------------------------------------------

  private async loadNow(): Promise<void> {
    this.conference = emptyConference();
    this.tracks = new Map();
    this.rootProblems = [];
    this.changed();

    let entries;
    try {
      entries = await this.fs.readDirectory(this.root);
    } catch (err) {
      const code = errorCode(err);
      const message =
        code === 'ENOENT'
          ? `notes folder ${this.root} does not exist; open or create the folder that holds index.md and the track folders`
          : code === 'ENOTDIR'
            ? `notes folder ${this.root} is a file, not a folder; point Talk Notes at the folder that holds index.md`
            : `cannot list the notes folder ${this.root} (${errorText(err)}); check its permissions`;
      this.rootProblems.push({ file: '.', line: null, severity: 'error', message });
      return;
    }
    // Two phases (list every folder, then read every file) with a fixed pool of workers: one
    // await per file keeps the promise overhead per note far below its parse cost.
    let sawIndex = false;
    const files: string[] = [];
    const folders: string[] = [];
    await forEachLimited(entries, READ_CONCURRENCY, async entry => {
      if (isIgnoredName(entry.name)) return;
      const kind = await this.resolveKind(entry.name, entry.kind);
      if (kind === 'directory') folders.push(entry.name);
      else if (kind === 'file' && isMarkdownName(entry.name)) {
        if (isIndexName(entry.name)) sawIndex = true;
        if (!isReadmeName(entry.name)) files.push(entry.name);
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

  /** Symbolic links are listed as 'other'; follow them as every other tool would. */
  private async resolveKind(rel: string, kind: EntryKind): Promise<EntryKind | null> {
    if (kind !== 'other') return kind;
    const st = await this.fs.stat(this.abs(rel));
    return st ? st.kind : null;
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
      // Only symbolic links need a stat; an await per listed file would add up.
      const kind = entry.kind === 'other' ? await this.resolveKind(rel, entry.kind) : entry.kind;
      if (kind === 'file') files.push(rel);
    }
    return files;
  }

  private async scanTrack(folder: string): Promise<void> {
    await this.readAll(await this.listTrack(folder));
  }

  private async readAll(files: string[]): Promise<void> {
    const fs = this.fs;
    if (!fs.readFileShared) {
      return forEachLimited(files, READ_CONCURRENCY, async rel => this.applyRead(rel, await this.readBytes(rel)));
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
      let read: ReadResult | Uint8Array;
      try {
        read = fs.readFileShared(this.abs(rel));
      } catch (err) {
        read = readFailure(rel, err);
      }
      this.applyRead(rel, read);
    }
  }

  private async readBytes(rel: string): Promise<ReadResult> {
    try {
      return { bytes: await this.fs.readFile(this.abs(rel)) };
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
    if (!isMarkdownName(name)) {
      if (parts.length === 1) {
        const st = await this.fs.stat(this.abs(rel));
        if (st?.kind === 'directory') await this.scanTrack(rel);
        else if (!st) this.removeNow(rel);
      }
      return;
    }
    if (parts.length === 1 && isReadmeName(name)) return;
    const read = await this.readBytes(rel);
    if ('missing' in read) return this.removeNow(rel);
    if ('directory' in read) {
      if (parts.length === 1) await this.scanTrack(rel);
      return;
    }
    this.applyRead(rel, read);
  }

  /** Stores what one file read produced. Never throws: a parser failure becomes a problem. */
  private applyRead(rel: string, read: ReadResult | Uint8Array): void {
    let bytes: Uint8Array;
    // Problems that replace whatever parsing said: the file could not be read, or the parser broke.
    let failure: string | null = null;
    if (read instanceof Uint8Array) bytes = read;
    else if ('bytes' in read) bytes = read.bytes;
    else if ('error' in read) {
      bytes = EMPTY;
      failure = read.error;
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
          parsed = parseConference(bytes, rel);
        } catch (err) {
          failure ??= crashMessage(err);
          parsed = { conference: { ...emptyConference().conference, file: rel }, problems: [] };
        }
        this.conference = { conference: parsed.conference, problems: withFailure(parsed.problems, failure, rel) };
      } else {
        const state = this.trackState(folder);
        let parsed: ReturnType<typeof parseTrackIndex>;
        try {
          parsed = parseTrackIndex(bytes, rel);
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
      parsed = parseTalk(bytes, rel, trackId);
    } catch (err) {
      failure ??= crashMessage(err);
      parsed = parseTalk(EMPTY, rel, trackId);
    }
    const problems = withFailure(parsed.problems, failure, rel);
    // Most talks have no problems; one shared empty list keeps 10,000 of them out of the heap.
    state.talks.set(rel, { talk: parsed.talk, problems: problems.length ? problems : NO_PROBLEMS, orderLine: parsed.orderLine });
    // A track that was never built sorts all its talks anyway.
    if (state.built) state.changed.add(rel);
    this.changed();
  }

  private newTrack(id: string): TrackState {
    return { id, index: null, talks: new Map(), folderProblems: [], changed: new Set(), metaChanged: true, built: null };
  }

  private trackState(id: string): TrackState {
    let state = this.tracks.get(id);
    if (!state) {
      state = this.newTrack(id);
      this.tracks.set(id, state);
    }
    return state;
  }

  private resetTrack(id: string): TrackState {
    const state = this.newTrack(id);
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

  // ---- building snapshots ---------------------------------------------------------------------

  private build(state: TrackState): BuiltTrack {
    const prev = state.built;
    if (prev && !state.metaChanged && !state.changed.size) return prev;
    let sorted: TalkEntry[];
    if (prev && state.changed.size) {
      // Keep the previous order and append the changed entries: the array is then sorted
      // except for a short tail, which Array.prototype.sort (TimSort) merges in linear time.
      sorted = prev.sorted.filter(e => !state.changed.has(e.talk.file));
      for (const file of state.changed) {
        const entry = state.talks.get(file);
        if (entry) sorted.push(entry);
      }
      sorted.sort(compareEntries);
    } else if (prev) {
      sorted = prev.sorted;
    } else {
      sorted = [];
      // forEach, not a spread of values(): no iterator result per talk.
      state.talks.forEach(entry => sorted.push(entry));
      sorted.sort(compareEntries);
    }
    const fromFolder = state.id === '' ? { title: ROOT_TRACK_TITLE, order: null } : folderTitle(state.id);
    const track: Track = {
      id: state.id,
      title: state.index?.title ?? fromFolder.title,
      order: state.index?.order ?? fromFolder.order,
      file: state.index?.file ?? null,
      talks: prev && sorted === prev.sorted ? prev.track.talks : sorted.map(e => e.talk),
    };
    const problems: Problem[] = [...(state.index?.problems ?? []), ...state.folderProblems];
    // `sorted` is ordered by `order` first, so the talks sharing an order are next to each other
    // and the first of them is the one the others are reported against.
    let first: TalkEntry | null = null;
    for (const entry of sorted) {
      for (const p of entry.problems) problems.push(p);
      const order = entry.talk.order;
      if (order === null) continue;
      if (first === null || first.talk.order !== order) first = entry;
      else {
        problems.push({
          file: entry.talk.file,
          line: entry.orderLine,
          severity: 'warning',
          message: `order ${order} is also used by ${first.talk.file}; talks with the same order are listed by file name — give each talk its own "order:" (or file-name number)`,
        });
      }
    }
    state.built = { track, problems, sorted };
    state.changed.clear();
    state.metaChanged = false;
    return state.built;
  }
}

/** Loads a workspace once (no incremental updates). */
export function loadWorkspace(root: string, fs: NotesFileSystem = nodeFileSystem): Promise<NotesWorkspace> {
  return new NotesIndex(root, fs).load();
}
