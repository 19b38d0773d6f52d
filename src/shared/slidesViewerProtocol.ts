// The messages between the extension and the slides viewer (the `talkNotes.pdf` custom editor),
// in one module so both sides compile against the same shapes and check what they receive with
// the same guards. Imported by browser code and by the extension host: plain types and functions.
import { isRecord, isShortString } from './guards';

/** A zoom the user chose: fit the page width, fit the whole page, or a percentage (100 = 96 dpi). */
export type ZoomSetting = 'fitWidth' | 'fitPage' | number;

export const MIN_ZOOM_PERCENT = 10;
export const MAX_ZOOM_PERCENT = 800;
/** Page numbers beyond this are refused; no slide deck comes near it, a corrupt message might. */
const MAX_PAGE = 100_000;

/** Where a viewer was, remembered per PDF and handed back when the PDF is opened again. */
export interface PdfViewState {
  page: number;
  zoom: ZoomSetting;
}

/** What the extension holds against a PDF it could not even hand to pdf.js. */
export type PdfFailure = 'notPdf' | 'unreadable';

/**
 * Every text the viewer shows. The extension localizes them into the HTML shell (the webview has
 * no `vscode.l10n`); the viewer falls back to English for any it does not receive.
 */
export const PDF_LABEL_KEYS = [
  'toolbar',
  'outline',
  'noOutline',
  'previousPage',
  'nextPage',
  'pageNumber',
  'zoomOut',
  'zoomIn',
  'zoom',
  'fitWidth',
  'fitPage',
  'find',
  'findPrevious',
  'findNext',
  'noMatches',
  'matchOf',
  'searchAllTalks',
  'darkPages',
  'insertSlideReference',
  'insertVideoTimestamp',
  'quoteInNotes',
  'showQuote',
  'openMoment',
  'loading',
  'cannotShow',
  'notPdf',
  'password',
  'unreadable',
  'engine',
  'hint',
] as const;
export type PdfLabelKey = (typeof PDF_LABEL_KEYS)[number];
export type PdfLabels = Record<PdfLabelKey, string>;

/** The viewer's texts when the extension sends none (and the keys the extension localizes). */
export const ENGLISH_PDF_LABELS: PdfLabels = {
  toolbar: 'PDF toolbar',
  outline: 'Outline',
  noOutline: 'This PDF has no outline',
  previousPage: 'Previous Page',
  nextPage: 'Next Page',
  pageNumber: 'Page Number',
  zoomOut: 'Zoom Out',
  zoomIn: 'Zoom In',
  zoom: 'Zoom',
  fitWidth: 'Fit Width',
  fitPage: 'Fit Page',
  find: 'Find',
  findPrevious: 'Previous Match',
  findNext: 'Next Match',
  noMatches: 'No results',
  matchOf: '{0} of {1}',
  searchAllTalks: 'Search All Talks',
  darkPages: 'Dark Pages in Dark Themes',
  insertSlideReference: 'Insert Slide Reference',
  insertVideoTimestamp: 'Insert Video Timestamp',
  quoteInNotes: 'Quote in Notes',
  showQuote: 'Quoted in the notes: click to show the quote',
  openMoment: 'Open the video at {0}',
  loading: 'Loading {0}…',
  cannotShow: 'Cannot show {0}',
  notPdf: 'The file is not a PDF, or it is damaged.',
  password: 'The PDF is protected by a password, which the slides viewer does not support.',
  unreadable: 'The file could not be read.',
  engine: 'The PDF engine could not start.',
  hint: 'Download the slides again from the conference page, or choose another file with “Locate Slides PDF…”.',
};

// ---- extension → viewer ----------------------------------------------------------------------

/** Show this PDF. `data` is the whole file, read by the extension (never a file URL). */
export interface PdfLoadMessage {
  type: 'load';
  fileName: string;
  data: Uint8Array;
  page: number;
  zoom: ZoomSetting;
  /** Invert page colours in dark themes (the user's remembered choice). */
  darkPages: boolean;
}

/** Go to a page of the PDF already shown (a `#page=` link to an open viewer). */
export interface PdfGoToMessage {
  type: 'goTo';
  page: number;
}

/** The extension could not read the file or it is not a PDF at all: show the error instead. */
export interface PdfFailMessage {
  type: 'fail';
  fileName: string;
  reason: PdfFailure;
  /** The system's wording (e.g. ENOENT), shown small under the explanation. */
  detail: string;
}

/** Run the viewer's own find for `query`, as if typed into its find box (selects the first match from the current page on). */
export interface PdfFindMessage {
  type: 'find';
  query: string;
}

/** A passage of a page that the talk's note quotes (found by its text on that page). */
export interface QuoteMark {
  page: number;
  text: string;
  /** 0-based line of the note where the quote starts. */
  line: number;
}

/** A moment of the video the note pairs with a page. */
export interface MomentMark {
  page: number;
  seconds: number;
  /** The video link as the note writes it (the extension checks it again before opening it). */
  url: string;
  line: number;
}

/** What the talk's note says about its pages; sent after every load and whenever the note changes. */
export interface PdfMarksMessage {
  type: 'marks';
  quotes: QuoteMark[];
  moments: MomentMark[];
}

/** Tell the extension what is selected on the pages (Quote in Notes from a menu or a key). */
export interface PdfRequestQuoteMessage {
  type: 'requestQuote';
  id: number;
}

export type HostToSlidesViewer =
  PdfLoadMessage | PdfGoToMessage | PdfFindMessage | PdfFailMessage | PdfMarksMessage | PdfRequestQuoteMessage;

// ---- viewer → extension ----------------------------------------------------------------------

export type SlidesViewerCommand = 'insertSlideReference' | 'insertVideoTimestamp';
export const SLIDES_VIEWER_COMMANDS: readonly SlidesViewerCommand[] = ['insertSlideReference', 'insertVideoTimestamp'];

export type SlidesViewerToHost =
  /** The script runs; `restored` when VS Code handed back state (window reload, tab shown again). */
  | { type: 'ready'; restored: boolean }
  /** The document opened; `page` is where the viewer landed. */
  | { type: 'loaded'; pageCount: number; page: number }
  /** pdf.js could not open the bytes (damaged, encrypted, …); the viewer shows the error itself. */
  | { type: 'error'; message: string; reason: 'damaged' | 'password' | 'engine' }
  /** A page finished drawing (canvas and text layer). */
  | { type: 'rendered'; page: number; ms: number }
  /** A drawing was stopped before it finished: the reader moved away, or something more urgent came. */
  | { type: 'renderCancelled'; page: number }
  /** A find finished or stepped: how many matches, and the page of the selected one. */
  | { type: 'found'; query: string; total: number; page: number | null }
  /** "Search All Talks" in the find bar: search the whole conference for the find box's query. */
  | { type: 'searchAllTalks'; query: string }
  /** The reader moved or zoomed; the extension remembers it for the next time. */
  | { type: 'viewState'; page: number; zoom: ZoomSetting }
  /** A toolbar button that needs the extension (the notes live there). */
  | { type: 'command'; command: SlidesViewerCommand; page: number }
  /**
   * The selected text, page by page (raw, as the text layer holds it); `id` answers a
   * `requestQuote`, null when the viewer's own button asked.
   */
  | { type: 'quote'; id: number | null; parts: QuotePart[] }
  /** A highlight was clicked: show the note at the quote starting on this 0-based line. */
  | { type: 'showQuote'; line: number }
  /** A ▶ chip was clicked: open the video at this moment (one of the moments the extension sent). */
  | { type: 'openMoment'; url: string }
  /** What the viewer shows of the note's marks: every quote, and whether its page has its text. */
  | { type: 'marksShown'; quotes: { line: number; page: number; found: boolean }[]; moments: { line: number; page: number }[] }
  | { type: 'darkPages'; value: boolean };

export interface QuotePart {
  page: number;
  text: string;
}

/** What the viewer keeps with `setState`; its presence after a reload means "restored". */
export interface PdfWebviewState {
  page: number;
  zoom: ZoomSetting;
  sidebar: boolean;
}

// ---- guards ----------------------------------------------------------------------------------

const MAX_STRING = 4096;

export function isPage(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_PAGE;
}

export function isZoomSetting(x: unknown): x is ZoomSetting {
  if (x === 'fitWidth' || x === 'fitPage') return true;
  return typeof x === 'number' && Number.isFinite(x) && x >= MIN_ZOOM_PERCENT && x <= MAX_ZOOM_PERCENT;
}

const isText = (x: unknown): x is string => isShortString(x, MAX_STRING);
/** A find query: what a person types into a search box, never a document. */
export const MAX_QUERY = 500;
const isQuery = (x: unknown): x is string => isShortString(x, MAX_QUERY);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 10_000_000;
/** Raw selected text of one page: a page of slides holds far less. */
export const MAX_QUOTE_PART = 8000;
/** Quotes and moments sent to a viewer: a note with more is a book, and shows its first ones. */
export const MAX_MARKS = 2000;
const MAX_QUOTE_PARTS = 100;
const isLine = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 10_000_000;
const isList = <T>(x: unknown, max: number, item: (y: unknown) => y is T): x is T[] => Array.isArray(x) && x.length <= max && x.every(item);
const isQuotePart = (x: unknown): x is QuotePart => isRecord(x) && isPage(x.page) && isShortString(x.text, MAX_QUOTE_PART);
const isQuoteMark = (x: unknown): x is QuoteMark => isRecord(x) && isPage(x.page) && isText(x.text) && isLine(x.line);
const isMomentMark = (x: unknown): x is MomentMark =>
  isRecord(x) && isPage(x.page) && isCount(x.seconds) && isText(x.url) && isLine(x.line);
const isShownQuote = (x: unknown): x is { line: number; page: number; found: boolean } =>
  isRecord(x) && isLine(x.line) && isPage(x.page) && typeof x.found === 'boolean';
const isShownMoment = (x: unknown): x is { line: number; page: number } => isRecord(x) && isLine(x.line) && isPage(x.page);

export function isPdfViewState(x: unknown): x is PdfViewState {
  return isRecord(x) && isPage(x.page) && isZoomSetting(x.zoom);
}

export function isPdfWebviewState(x: unknown): x is PdfWebviewState {
  return isPdfViewState(x) && typeof (x as unknown as Record<string, unknown>).sidebar === 'boolean';
}

/**
 * Validates a message from the viewer. The viewer parses files from the internet with pdf.js, so
 * the extension treats whatever it posts as untrusted input.
 */
export function isSlidesViewerToHost(x: unknown): x is SlidesViewerToHost {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
      return typeof x.restored === 'boolean';
    case 'loaded':
      return isPage(x.pageCount) && isPage(x.page);
    case 'error':
      return isText(x.message) && (x.reason === 'damaged' || x.reason === 'password' || x.reason === 'engine');
    case 'rendered':
      return isPage(x.page) && typeof x.ms === 'number' && Number.isFinite(x.ms);
    case 'renderCancelled':
      return isPage(x.page);
    case 'found':
      return isQuery(x.query) && isCount(x.total) && (x.page === null || isPage(x.page));
    case 'searchAllTalks':
      return isQuery(x.query);
    case 'viewState':
      return isPage(x.page) && isZoomSetting(x.zoom);
    case 'command':
      return typeof x.command === 'string' && (SLIDES_VIEWER_COMMANDS as readonly string[]).includes(x.command) && isPage(x.page);
    case 'darkPages':
      return typeof x.value === 'boolean';
    case 'quote':
      return (x.id === null || isCount(x.id)) && isList(x.parts, MAX_QUOTE_PARTS, isQuotePart);
    case 'showQuote':
      return isLine(x.line);
    case 'openMoment':
      return isText(x.url);
    case 'marksShown':
      return isList(x.quotes, MAX_MARKS, isShownQuote) && isList(x.moments, MAX_MARKS, isShownMoment);
    default:
      return false;
  }
}

/** Validates a message from the extension (cheap insurance against version skew after a reload). */
export function isHostToSlidesViewer(x: unknown): x is HostToSlidesViewer {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'load':
      return (
        isText(x.fileName) && x.data instanceof Uint8Array && isPage(x.page) && isZoomSetting(x.zoom) && typeof x.darkPages === 'boolean'
      );
    case 'goTo':
      return isPage(x.page);
    case 'find':
      return isQuery(x.query);
    case 'fail':
      return isText(x.fileName) && (x.reason === 'notPdf' || x.reason === 'unreadable') && isText(x.detail);
    case 'marks':
      return isList(x.quotes, MAX_MARKS, isQuoteMark) && isList(x.moments, MAX_MARKS, isMomentMark);
    case 'requestQuote':
      return isCount(x.id);
    default:
      return false;
  }
}

/** Does the file start like a PDF? The header may follow up to 1 KiB of junk (PDF 1.7, 7.5.2 note). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024 + 5);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}
