// The messages between the extension and the notes webview, in one place so both sides compile
// against the same shapes. Imported by browser code and by the extension host: plain types and
// plain functions only.
import { isRatio, isRecord, isShortString } from './guards';
import type { TalkStatus } from '../core/model';

/**
 * Keys of `NotesHeader.labels`. The extension localizes them; the webview falls back to English
 * for any it does not receive.
 */
export type NotesLabelKey =
  | 'slides'
  | 'video'
  | 'article'
  | 'addNote'
  | 'noSlides'
  | 'noVideo'
  | 'noArticle'
  | 'setStatus'
  /** The current status's text; `status.<status>` wins when both are sent. */
  | 'status'
  | 'status.todo'
  | 'status.watching'
  | 'status.done'
  | 'imageFailed'
  | 'imageUnavailable'
  /** Shown instead of an empty body. */
  | 'empty';

export interface NotesHeader {
  title: string;
  speakers: string[];
  track: string;
  status: TalkStatus;
  has: { slides: boolean; video: boolean; article: boolean };
  /** Localized button, tooltip and status texts keyed by `NotesLabelKey`. */
  labels: Record<string, string>;
}

/** Extension → webview: show a talk's notes. */
export interface RenderMessage {
  type: 'render';
  talkId: string;
  title: string;
  /** Output of the core renderer (markdown-it with raw HTML disabled); the only HTML trusted. */
  html: string;
  header: NotesHeader;
  /** Re-render of the same talk (the file changed): keep the reader where they were. */
  keepScroll: boolean;
}

/** Extension → webview: bring a place into view. */
export interface ScrollToMessage {
  type: 'scrollTo';
  /** 0-based line of the rendered Markdown (the `data-line` the renderer writes). */
  line?: number;
  /** A heading id as returned by the renderer. */
  anchor?: string;
}

/** Extension → webview: the talk cannot be shown (renamed, deleted, unreadable); says why. */
export interface MissingMessage {
  type: 'missing';
  message: string;
}

export type HostToNotesView = RenderMessage | ScrollToMessage | MissingMessage;

export type NotesCommand = 'openSlides' | 'openVideo' | 'openArticle' | 'addPersonalNote' | 'setStatus';
export const NOTES_COMMANDS: readonly NotesCommand[] = ['openSlides', 'openVideo', 'openArticle', 'addPersonalNote', 'setStatus'];

export type NotesViewToHost =
  | { type: 'ready' }
  /** The raw `data-href` of a clicked link; the extension decides whether and how to open it. */
  | { type: 'openLink'; href: string }
  | { type: 'command'; command: NotesCommand }
  /** An image that failed to load, for the output log only. */
  | { type: 'imageFailed'; src: string }
  /** Scroll position as a fraction of the scrollable height, 0..1. */
  | { type: 'scrolled'; ratio: number };

/** What the webview keeps with `setState`, handed back to a panel serializer after a reload. */
export interface NotesViewState {
  talkId: string;
  /** Scroll position as a fraction of the scrollable height, 0..1. */
  scroll: number;
}

/** Longer strings are refused: a link target or image path is never anywhere near this long. */
const MAX_STRING = 64 * 1024;

const isText = (x: unknown): x is string => isShortString(x, MAX_STRING);

/**
 * Validates a message posted by the webview. The webview renders other people's notes, so the
 * extension treats whatever arrives from it as untrusted input.
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
      return isRatio(x.ratio);
    default:
      return false;
  }
}

/** Validates state restored by VS Code, which may come from an older version of the webview. */
export function isNotesViewState(x: unknown): x is NotesViewState {
  return isRecord(x) && isText(x.talkId) && isRatio(x.scroll);
}

/** Validates a message from the extension; cheap insurance against a version skew after reload. */
export function isHostToNotesView(x: unknown): x is HostToNotesView {
  if (!isRecord(x)) return false;
  if (x.type === 'scrollTo') {
    return (
      (x.line === undefined || (typeof x.line === 'number' && Number.isInteger(x.line) && x.line >= 0)) &&
      (x.anchor === undefined || typeof x.anchor === 'string')
    );
  }
  if (x.type === 'missing') return typeof x.message === 'string';
  if (x.type !== 'render') return false;
  const h = x.header;
  return (
    typeof x.talkId === 'string' &&
    typeof x.title === 'string' &&
    typeof x.html === 'string' &&
    typeof x.keepScroll === 'boolean' &&
    isRecord(h) &&
    typeof h.title === 'string' &&
    Array.isArray(h.speakers) &&
    h.speakers.every(s => typeof s === 'string') &&
    typeof h.track === 'string' &&
    typeof h.status === 'string' &&
    isRecord(h.has) &&
    isRecord(h.labels)
  );
}
