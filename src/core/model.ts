// The data every part of Talk Notes reads: the core produces it, the CLI prints it, the extension
// draws it. Plain data only (no classes, no functions) so it can cross the webview boundary.

export type TalkStatus = 'todo' | 'watching' | 'done';
export const TALK_STATUSES: readonly TalkStatus[] = ['todo', 'watching', 'done'];

export type Severity = 'error' | 'warning' | 'info';

/** Something wrong (or worth knowing) about one file, phrased so the user knows what to do. */
export interface Problem {
  /** Path relative to the workspace root, with forward slashes. */
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
  /** Markdown body of `index.md` (overview text). */
  overview: string;
  /** `index.md` relative to the root when it exists. */
  file: string | null;
}

export interface Talk {
  /** Stable identity: the file path relative to the workspace root, forward slashes. */
  id: string;
  /** Same as `id`; kept separate because the CLI's JSON names it `file`. */
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
  /** Folder path relative to the root (forward slashes); '' for talks directly in the root. */
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

/** A replacement in a text, by UTF-16 offsets, so callers can turn it into an editor edit. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}
