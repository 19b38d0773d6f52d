// The data every part of Talk Notes reads: the core produces it, the CLI prints it, the extension
// draws it. Plain data only (no classes, no functions) so it can cross the webview boundary.

export type TalkStatus = 'todo' | 'watching' | 'done';
export const TALK_STATUSES: readonly TalkStatus[] = ['todo', 'watching', 'done'];

export type Severity = 'error' | 'warning' | 'info';

/** Something wrong (or worth knowing) about one file, phrased so the user knows what to do. */
export interface Problem {
  /**
   * Path relative to the folder of what lists the problem, with forward slashes: a workspace's
   * problems are relative to its `root` (in a library, the conference folder), a library root's
   * to that notes root (`LibraryRoot.root`). '.' is that folder itself.
   */
  file: string;
  /** 1-based line, or null when the problem concerns the whole file. */
  line: number | null;
  severity: Severity;
  message: string;
}

/** Conference-level data from the workspace root's `index.md`. */
export interface Conference {
  title: string | null;
  /** http(s) page where the slide PDFs can be downloaded. */
  slidesDownload: string | null;
  /** http(s) page with the recorded sessions. */
  replay: string | null;
  /** `order:` of `index.md`: where the conference comes in a library (absent: after those with one). */
  order: number | null;
  /** Markdown body of `index.md` (overview text). */
  overview: string;
  /** `index.md` relative to the root when it exists. */
  file: string | null;
}

export interface Talk {
  /**
   * Stable identity: the file path relative to the workspace root, forward slashes. In a library
   * (NotesLibrary) it is unique across every conference: the conference's id, '/', then that path.
   */
  id: string;
  /** The file path relative to the workspace root (the conference folder), forward slashes. */
  file: string;
  /** `Track.id` of the track holding this talk. */
  trackId: string;
  title: string;
  speakers: string[];
  order: number | null;
  /** PDF path relative to the slides root, forward slashes, never escaping it. */
  slides: string | null;
  /** http(s) URLs only; anything else is dropped with a problem. */
  video: string | null;
  article: string | null;
  status: TalkStatus;
  tags: string[];
  /** 1-based line where the Markdown body starts (after the front matter). */
  bodyLine: number;
  /** Front matter keys Talk Notes does not know, kept untouched. */
  extra: Record<string, unknown>;
  /** Set when Talk Notes must not write to the note (or, for `outsideRoot`, not even show it). */
  lock: NoteLock | null;
}

/**
 * Why a note is off limits. `outsideRoot`: the note (or its track folder) is a symbolic link whose
 * real path lies outside the notes folder; it is listed so the user sees it, never read, shown or
 * edited. `notUtf8`: its bytes are not UTF-8; it may be shown (read-only) but never saved over, as
 * saving would replace the user's bytes with U+FFFD. `message` says which file, why, and what to do.
 */
export interface NoteLock {
  kind: 'outsideRoot' | 'notUtf8';
  message: string;
}

export interface Track {
  /**
   * Folder path relative to the root (forward slashes); '' for talks directly in the root. Unique
   * within its workspace only: in a library, a track is found through its conference.
   */
  id: string;
  title: string;
  order: number | null;
  /** The track's `index.md` relative to the root, when present. */
  file: string | null;
  talks: Talk[];
}

/** A loaded notes workspace, tracks and talks in display order. */
export interface NotesWorkspace {
  /** Absolute path of the workspace root. */
  root: string;
  conference: Conference;
  tracks: Track[];
  problems: Problem[];
}

/** How far the user is through a conference. */
export interface Progress {
  talks: number;
  done: number;
  watching: number;
}

/**
 * One conference of a library: a workspace of its own (its `root` is the conference folder, its
 * files relative to it, exactly as when that folder is loaded alone) and where it sits.
 */
export interface LibraryConference {
  /**
   * Unique in the library and stable while the folder stays where it is: the absolute path of
   * the conference folder with forward slashes. Its talks' ids start with it and a '/'.
   */
  id: string;
  /** The notes root holding it (absolute, as given to the library). */
  notesRoot: string;
  /** The conference folder relative to its notes root, forward slashes; '' when the root is the conference. */
  folder: string;
  /** `index.md`'s title, else the folder's name (numeric prefix and all). */
  title: string;
  workspace: NotesWorkspace;
  progress: Progress;
}

/**
 * What a notes root is: one conference (`index.md` and track folders), a shelf (its sub-folders
 * are conferences), or nothing read (it is missing, cannot be listed, or lies inside another
 * root); its problems say why.
 */
export type RootLayout = 'conference' | 'shelf' | 'unread';

/** A notes root as the library read it. */
export interface LibraryRoot {
  /** Absolute path. */
  root: string;
  layout: RootLayout;
  /** Ids of its conferences, in library order. */
  conferences: string[];
  /** About the root and its folders (ambiguous, a link out of it…); files relative to `root`. */
  problems: Problem[];
}

/** A loaded library: the notes roots in the order given, every conference in display order. */
export interface NotesLibrarySnapshot {
  roots: LibraryRoot[];
  conferences: LibraryConference[];
}

/** A replacement in a text, by UTF-16 offsets, so callers can turn it into an editor edit. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}
