// One track of a loaded workspace: what the index keeps about it, and how it becomes the sorted
// Track of a snapshot (re-sorting only what changed, reporting talks that share an order).
import { compareByOrder } from './naturalOrder';
import type { Problem, Talk, Track } from './model';
import { folderTitle } from './noteNames';

/** Title of the track made of Markdown files lying directly in the workspace root. */
export const ROOT_TRACK_TITLE = 'Other talks';

export interface TalkEntry {
  talk: Talk;
  problems: Problem[];
  orderLine: number | null;
}

export interface TrackIndex {
  file: string;
  title: string | null;
  order: number | null;
  problems: Problem[];
}

export interface BuiltTrack {
  track: Track;
  problems: Problem[];
  sorted: TalkEntry[];
}

export interface TrackState {
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

/** Never modified: `build` only reads talk problems. */
export const NO_PROBLEMS: Problem[] = [];

function compareEntries(a: TalkEntry, b: TalkEntry): number {
  // The tie-breaker is the file name. The talks of a track share the `folder/` prefix of their
  // paths, which compares equal, so comparing paths orders as names do without keeping a copy
  // of every name.
  return compareByOrder(a.talk.order, a.talk.file, b.talk.order, b.talk.file);
}

export function newTrack(id: string): TrackState {
  return { id, index: null, talks: new Map(), folderProblems: [], changed: new Set(), metaChanged: true, built: null };
}

export function buildTrack(state: TrackState): BuiltTrack {
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
