// The messages between the extension and the notes view, in one module so both sides compile
// against the same shapes and check what they receive with the same guards. Imported by browser
// code and by the extension host: plain types and plain functions only.
import { isRatio, isRecord, isShortString, isStringArray } from './guards';
import { TALK_STATUSES, type TalkStatus } from '../core/model';

/**
 * Every text the notes view draws itself. The extension localizes them into the HTML shell (the
 * webview has no `vscode.l10n`); the view falls back to this English table, which is also what
 * the extension shows in English (an extension-host test keeps the two the same).
 */
export const NOTES_VIEW_LABEL_KEYS = [
  'slides',
  'video',
  'article',
  'addNote',
  'setStatus',
  'noSlides',
  'noVideo',
  'noArticle',
  'readOnly',
  'status.todo',
  'status.watching',
  'status.done',
  'imageFailed',
  'imageUnavailable',
  'empty',
] as const;
export type NotesViewLabelKey = (typeof NOTES_VIEW_LABEL_KEYS)[number];
export type NotesViewLabels = Record<NotesViewLabelKey, string>;

export const ENGLISH_NOTES_VIEW_LABELS: NotesViewLabels = {
  slides: 'Slides',
  video: 'Video',
  article: 'Article',
  addNote: 'Add Personal Note',
  setStatus: 'Set Status',
  noSlides: 'This talk has no slides yet',
  noVideo: 'This talk has no video link',
  noArticle: 'This talk has no article link',
  readOnly: 'Talk Notes does not change this note; the message above says why',
  'status.todo': 'To watch',
  'status.watching': 'Watching',
  'status.done': 'Done',
  imageFailed: 'Image could not be loaded',
  imageUnavailable: 'Image not shown: only images inside the notes folder or on https are displayed',
  empty: 'No notes yet. Use “Add Personal Note” to start writing.',
};

/** The labels the extension put into the page, each one checked; English for any missing or malformed. */
export function notesViewLabels(x: unknown): NotesViewLabels {
  const given = isRecord(x) ? x : {};
  const out = { ...ENGLISH_NOTES_VIEW_LABELS };
  for (const key of NOTES_VIEW_LABEL_KEYS) {
    const text = given[key];
    if (isText(text) && text) out[key] = text;
  }
  return out;
}

// ---- extension → view ------------------------------------------------------------------------

export interface NotesHeader {
  title: string;
  speakers: string[];
  track: string;
  status: TalkStatus;
  has: { slides: boolean; video: boolean; article: boolean };
  /** False when Talk Notes refuses to change the note (the banner says why): edit buttons are off. */
  editable: boolean;
}

/** Show a talk's notes. */
export interface RenderMessage {
  type: 'render';
  talkId: string;
  title: string;
  /** Output of the core renderer (markdown-it with raw HTML disabled); the only HTML trusted. */
  html: string;
  header: NotesHeader;
  /** A warning shown above the notes (e.g. the note is not UTF-8 and is shown read-only), or null. */
  banner: string | null;
  /** Re-render of the same talk (the file changed): keep the reader where they were. */
  keepScroll: boolean;
}

/** Bring the block rendered from this 0-based line of the Markdown body (its `data-line`) into view. */
export interface ScrollToMessage {
  type: 'scrollTo';
  line: number;
}

/** The talk cannot be shown (renamed, deleted, unreadable, outside the notes folder); says why. */
export interface UnavailableMessage {
  type: 'unavailable';
  message: string;
}

export type HostToNotesView = RenderMessage | ScrollToMessage | UnavailableMessage;

// ---- view → extension ------------------------------------------------------------------------

export type NotesCommand = 'openSlides' | 'openVideo' | 'openArticle' | 'addPersonalNote' | 'setStatus';
export const NOTES_COMMANDS: readonly NotesCommand[] = ['openSlides', 'openVideo', 'openArticle', 'addPersonalNote', 'setStatus'];

export type NotesViewToHost =
  | { type: 'ready' }
  /** The raw `data-href` of a clicked link; the extension decides whether and how to open it. */
  | { type: 'openLink'; href: string }
  | { type: 'command'; command: NotesCommand }
  /** An image that failed to load (offline, missing file); the extension logs it. */
  | { type: 'imageFailed'; src: string }
  /**
   * The reader scrolled: the 0-based line of the Markdown body at the top of the view, or 0 at
   * the very top. An editor showing the note beside follows.
   */
  | { type: 'scrolled'; line: number };

/** What the view keeps with `setState`, handed back to the panel serializer after a reload. */
export interface NotesViewState {
  talkId: string;
  /** Scroll position as a fraction of the scrollable height, 0..1. */
  scroll: number;
}

// ---- guards ----------------------------------------------------------------------------------

/** Longer strings are refused: a link target or image path is never anywhere near this long. */
const MAX_STRING = 64 * 1024;
/** Line numbers beyond this are refused; no note comes near it, a corrupt message might. */
const MAX_LINE = 10_000_000;

const isText = (x: unknown): x is string => isShortString(x, MAX_STRING);
const isLine = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_LINE;

/**
 * Validates a message posted by the view. The view renders other people's notes, so the extension
 * treats whatever arrives from it as untrusted input.
 */
export function isNotesViewToHost(x: unknown): x is NotesViewToHost {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
      return true;
    case 'openLink':
      return isText(x.href);
    case 'command':
      return typeof x.command === 'string' && (NOTES_COMMANDS as readonly string[]).includes(x.command);
    case 'imageFailed':
      return isText(x.src);
    case 'scrolled':
      return isLine(x.line);
    default:
      return false;
  }
}

/** Validates state restored by VS Code, which may come from an older version of the view. */
export function isNotesViewState(x: unknown): x is NotesViewState {
  return isRecord(x) && isText(x.talkId) && x.talkId !== '' && isRatio(x.scroll);
}

function isHeader(x: unknown): x is NotesHeader {
  return (
    isRecord(x) &&
    typeof x.title === 'string' &&
    isStringArray(x.speakers) &&
    typeof x.track === 'string' &&
    (TALK_STATUSES as readonly unknown[]).includes(x.status) &&
    isRecord(x.has) &&
    typeof x.has.slides === 'boolean' &&
    typeof x.has.video === 'boolean' &&
    typeof x.has.article === 'boolean' &&
    typeof x.editable === 'boolean'
  );
}

/** Validates a message from the extension; cheap insurance against a version skew after reload. */
export function isHostToNotesView(x: unknown): x is HostToNotesView {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'render':
      return (
        typeof x.talkId === 'string' &&
        typeof x.title === 'string' &&
        typeof x.html === 'string' &&
        (x.banner === null || typeof x.banner === 'string') &&
        typeof x.keepScroll === 'boolean' &&
        isHeader(x.header)
      );
    case 'scrollTo':
      return isLine(x.line);
    case 'unavailable':
      return typeof x.message === 'string';
    default:
      return false;
  }
}
