// A library of conferences: one or more notes roots, each one conference or a shelf of them
// (layout.ts decides which), with one NotesIndex per conference kept current by update(path).
//
//  - Identity: a conference's id is the absolute path of its folder with forward slashes; each
//    talk's id is that id, '/', and the note's path in the conference, so ids are unique across
//    the library and a path leads to its conference with a map look-up or two.
//  - Each conference is a workspace of its own: its `root` is the conference folder and its files
//    and problems are relative to it, exactly as when that folder is loaded alone. A notes root's
//    own problems (ambiguous folders, links out of it) are relative to that root.
//  - Order: by the `order:` of each conference's index.md (none: after those with one), then by
//    title with numbers compared as numbers, then by where it is (root given first, folder name).
//  - A cold load lists each folder once (listingCache.ts) and loads the conferences side by side.
//  - A notes root inside another one (or given twice) is not read again; it says so.
import path from 'node:path';
import { isLexicallyInside } from './containment';
import { nodeFileSystem, type NotesFileSystem } from './fileSystem';
import { decideLayout, type RootShape } from './layout';
import { rescanPath, scanRoot } from './layoutScan';
import { SerialQueue } from './limited';
import { listingCache } from './listingCache';
import type { LibraryConference, LibraryRoot, NotesLibrarySnapshot, NotesWorkspace, Problem, Progress, RootLayout, Talk } from './model';
import { compareByOrder, naturalCompare } from './naturalOrder';
import { isIgnoredName, isMarkdownName } from './noteNames';
import { rootFailure } from './noteReads';
import { NotesIndex } from './workspace';

/** A talk of the library, with the conference it belongs to. */
export interface LibraryTalk {
  conference: LibraryConference;
  talk: Talk;
}

interface ConferenceEntry {
  id: string;
  notesRoot: string;
  folder: string;
  dir: string;
  /** Position of its notes root in the list given: the last tie-breaker of the order. */
  rootIndex: number;
  index: NotesIndex;
  /** The last conference built, and the workspace snapshot it was built from. */
  built: LibraryConference | null;
}

interface RootState {
  root: string;
  position: number;
  /** Names of its first levels; null when the root could not be listed (or is not read). */
  shape: RootShape | null;
  layout: RootLayout;
  problems: Problem[];
  /** By folder relative to the root ('' : the root is the conference). */
  conferences: Map<string, ConferenceEntry>;
  /** Set when the root lies inside another root: it is never read. */
  within: string | null;
}

/** Forward slashes, as ids are written. */
function idOf(abs: string): string {
  return path.sep === '/' ? abs : abs.split(path.sep).join('/');
}

function progressOf(ws: NotesWorkspace): Progress {
  const progress: Progress = { talks: 0, done: 0, watching: 0 };
  for (const track of ws.tracks) {
    for (const talk of track.talks) {
      progress.talks++;
      if (talk.status === 'done') progress.done++;
      else if (talk.status === 'watching') progress.watching++;
    }
  }
  return progress;
}

function compareConferences(a: LibraryConference, ai: number, b: LibraryConference, bi: number): number {
  return (
    compareByOrder(a.workspace.conference.order, a.title, b.workspace.conference.order, b.title) ||
    ai - bi ||
    naturalCompare(a.folder, b.folder)
  );
}

/**
 * The notes of several roots, loaded once and then kept current by `update(path)` calls (one per
 * changed file, e.g. from a file watcher). All operations are serialised, like NotesIndex's. As
 * there, snapshots are immutable by convention and share unchanged objects with later ones.
 */
export class NotesLibrary {
  /** The notes roots, absolute, in the order given. */
  readonly roots: readonly string[];
  private states: RootState[] = [];
  private readonly byId = new Map<string, ConferenceEntry>();
  private cache: NotesLibrarySnapshot | null = null;
  private readonly queue = new SerialQueue();

  constructor(
    roots: readonly string[],
    private readonly fs: NotesFileSystem = nodeFileSystem,
  ) {
    this.roots = roots.map(r => path.resolve(r));
  }

  /** Reads every root (conferences side by side, each folder listed once) and returns the snapshot. */
  load(): Promise<NotesLibrarySnapshot> {
    return this.enqueue(async () => {
      await this.loadNow();
      return this.snapshot();
    });
  }

  /**
   * Re-reads what one changed path (absolute) affects: the note, index.md or folder in its
   * conference, and the layout of its root when the change can alter it (a conference folder
   * appearing, an index.md created in a shelf…). Paths outside every root are ignored.
   */
  update(absPath: string): Promise<void> {
    return this.enqueue(() => this.updateNow(path.resolve(absPath)));
  }

  /**
   * Takes a talk's note as an editor holds it (see `NotesIndex.updateFromText`), in the
   * conference the path belongs to. Resolves whether the text was taken; `update` brings the
   * disk's text back.
   */
  updateFromText(absPath: string, text: string): Promise<boolean> {
    return this.enqueue(async () => {
      const abs = path.resolve(absPath);
      const entry = this.entryAt(abs);
      if (!entry || !(await entry.index.updateFromText(abs, text))) return false;
      this.changed();
      return true;
    });
  }

  /** The current library; rebuilt lazily from the conferences' own snapshots. */
  snapshot(): NotesLibrarySnapshot {
    if (this.cache) return this.cache;
    const entries = this.states.flatMap(s => [...s.conferences.values()]);
    const built = entries.map(e => this.build(e));
    const order = built.map((c, i) => ({ c, i: entries[i].rootIndex }));
    order.sort((x, y) => compareConferences(x.c, x.i, y.c, y.i));
    const conferences = order.map(o => o.c);
    const roots: LibraryRoot[] = this.states.map(s => ({
      root: s.root,
      layout: s.layout,
      conferences: conferences.filter(c => c.notesRoot === s.root).map(c => c.id),
      problems: s.problems,
    }));
    this.cache = { roots, conferences };
    return this.cache;
  }

  /** The conference with this id. */
  conference(id: string): LibraryConference | undefined {
    const entry = this.byId.get(id);
    return entry && this.build(entry);
  }

  /** The talk with this id, and its conference. */
  talk(id: string): LibraryTalk | undefined {
    // The id is the conference's, then `track/file.md` or `file.md`: two candidates at most.
    let end = id.length;
    for (let i = 0; i < 2; i++) {
      end = id.lastIndexOf('/', end - 1);
      if (end <= 0) return undefined;
      const entry = this.byId.get(id.slice(0, end));
      const talk = entry?.index.talk(id);
      if (entry && talk) return { conference: this.build(entry), talk };
    }
    return undefined;
  }

  /** The conference whose folder holds this path (absolute), if any. */
  conferenceAt(absPath: string): LibraryConference | undefined {
    const entry = this.entryAt(path.resolve(absPath));
    return entry && this.build(entry);
  }

  /** The talk whose note is at this path (absolute), and its conference. */
  findByPath(absPath: string): LibraryTalk | undefined {
    const abs = path.resolve(absPath);
    const entry = this.entryAt(abs);
    const talk = entry?.index.findByPath(abs);
    return entry && talk ? { conference: this.build(entry), talk } : undefined;
  }

  private entryAt(abs: string): ConferenceEntry | undefined {
    // Conference folders never hold one another, so the nearest one above the path is its own.
    let id = idOf(abs);
    for (;;) {
      const entry = this.byId.get(id);
      if (entry) return entry;
      const slash = id.lastIndexOf('/');
      if (slash <= 0) return undefined;
      id = id.slice(0, slash);
    }
  }

  private build(entry: ConferenceEntry): LibraryConference {
    const workspace = entry.index.snapshot();
    if (entry.built?.workspace === workspace) return entry.built;
    entry.built = {
      id: entry.id,
      notesRoot: entry.notesRoot,
      folder: entry.folder,
      title: workspace.conference.title ?? path.basename(entry.dir),
      workspace,
      progress: progressOf(workspace),
    };
    return entry.built;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  private changed(): void {
    this.cache = null;
  }

  // ---- reading ------------------------------------------------------------------------------

  private async loadNow(): Promise<void> {
    this.byId.clear();
    this.changed();
    this.states = this.roots.map((root, position) => ({
      root,
      position,
      shape: null,
      layout: 'unread',
      problems: [],
      conferences: new Map(),
      within: this.containing(root, position),
    }));
    const fs = listingCache(this.fs);
    try {
      const found = await Promise.all(this.states.map(s => this.readLayout(s, fs)));
      await Promise.all(found.flat().map(e => e.index.load()));
    } finally {
      fs.stop();
    }
  }

  /** Another root holding this one (or the same root given earlier): then this one is not read. */
  private containing(root: string, position: number): string | null {
    for (let j = 0; j < this.roots.length; j++) {
      const other = this.roots[j];
      if (j !== position && (other === root ? j < position : isLexicallyInside(other, root))) return other;
    }
    return null;
  }

  /** Lists a root and sets its conferences; returns the conferences new to it (not loaded yet). */
  private async readLayout(state: RootState, fs: NotesFileSystem): Promise<ConferenceEntry[]> {
    if (state.within !== null) {
      state.problems = [
        {
          file: '.',
          line: null,
          severity: 'info',
          message: `notes folder ${state.root} lies inside the notes folder ${state.within}, which lists its notes already, so it is not read a second time; remove it from the notes folders`,
        },
      ];
      return [];
    }
    try {
      state.shape = await scanRoot(fs, state.root);
    } catch (err) {
      state.shape = null;
      state.problems = [rootFailure(state.root, err)];
      return this.setConferences(state, 'unread', [], fs);
    }
    return this.applyLayout(state, fs);
  }

  /** Decides the root's layout from its shape, keeping the indexes of conferences that stay. */
  private applyLayout(state: RootState, fs: NotesFileSystem): ConferenceEntry[] {
    const layout = decideLayout(state.shape!);
    state.problems = layout.problems;
    return this.setConferences(state, layout.kind, layout.kind === 'conference' ? [''] : layout.conferences, fs);
  }

  private setConferences(state: RootState, layout: RootLayout, folders: string[], fs: NotesFileSystem): ConferenceEntry[] {
    if (layout !== state.layout) {
      for (const entry of state.conferences.values()) this.byId.delete(entry.id);
      state.conferences.clear();
      state.layout = layout;
    }
    const wanted = new Set(folders);
    for (const [folder, entry] of state.conferences) {
      if (wanted.has(folder)) continue;
      state.conferences.delete(folder);
      this.byId.delete(entry.id);
    }
    const added: ConferenceEntry[] = [];
    for (const folder of folders) {
      if (state.conferences.has(folder)) continue;
      const dir = folder ? path.join(state.root, folder) : state.root;
      const id = idOf(dir);
      const index = new NotesIndex(dir, fs, { idPrefix: id.endsWith('/') ? id : `${id}/` });
      const entry: ConferenceEntry = { id, notesRoot: state.root, folder, dir, rootIndex: state.position, index, built: null };
      state.conferences.set(folder, entry);
      this.byId.set(id, entry);
      added.push(entry);
    }
    this.changed();
    return added;
  }

  private async updateNow(abs: string): Promise<void> {
    for (const state of this.states) {
      if (state.within !== null || !isLexicallyInside(state.root, abs)) continue;
      const rel = path.relative(state.root, abs);
      const parts = rel ? rel.split(path.sep) : [];
      if (parts.some(isIgnoredName)) continue;
      if (!state.shape || !parts.length) {
        // The root itself, or a root that could not be listed: nothing incremental to build on.
        this.setConferences(state, 'unread', [], this.fs);
        await Promise.all((await this.readLayout(state, this.fs)).map(e => e.index.load()));
        continue;
      }
      const owner = state.layout === 'conference' ? state.conferences.get('') : state.conferences.get(parts[0]);
      // The usual event, a note edited: it was listed and still is, so no layout can change.
      if (owner && isMarkdownName(abs) && owner.index.findByPath(abs)) {
        await owner.index.update(abs);
        if (owner.index.findByPath(abs)) {
          this.changed();
          continue;
        }
      }
      await rescanPath(this.fs, state.shape, state.root, parts);
      const added = this.applyLayout(state, this.fs);
      await Promise.all(added.map(e => e.index.load()));
      // A conference loaded just now has read the change already.
      if (owner && state.conferences.get(owner.folder) === owner) await owner.index.update(abs);
      this.changed();
    }
  }
}

/** Loads a library once (no incremental updates). */
export function loadLibrary(roots: readonly string[], fs: NotesFileSystem = nodeFileSystem): Promise<NotesLibrarySnapshot> {
  return new NotesLibrary(roots, fs).load();
}
