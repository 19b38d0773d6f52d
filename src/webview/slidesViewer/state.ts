// The one state of the slides viewer, shared by its modules: what document is shown, its pages,
// where the reader is and at what zoom. Every module gets the same `Viewer` (this state, the
// page's elements and texts, the channel to the extension, and the other modules) instead of
// keeping globals of its own; work that belongs to one module only stays inside that module.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import type { PdfLabels, ZoomSetting } from '../../shared/slidesViewerProtocol';
import type { Elements } from './dom';
import type { Find } from './find';
import type { Host } from './host';
import type { Layout } from './layout';
import type { NoteMarks } from './noteMarks';
import type { Outline } from './outline';
import type { PageText, PageTexts } from './pageText';
import type { RenderQueue } from './renderQueue';
import type { Toolbar } from './toolbar';

/** pdf.js scale 1 is 72 dpi; a CSS pixel is 1/96 in, so "100 %" is this scale. */
export const CSS_UNITS = 96 / 72;
export const PAGE_GAP = 12;

export interface PageView {
  num: number;
  el: HTMLDivElement;
  /** Size at scale 1 (PDF points, rotation applied); the first page's until this page is loaded. */
  base: { width: number; height: number };
  sizeKnown: boolean;
  proxy: PDFPageProxy | null;
  canvas: HTMLCanvasElement | null;
  textLayer: HTMLDivElement | null;
  /** The text layer's spans, in pdf.js text item order, and the page text they hold. */
  textDivs: HTMLElement[];
  text: PageText | null;
  /** `${scale}@${dpr}` of what is drawn, '' when nothing is. */
  drawn: string;
}

export interface ViewerState {
  fileName: string;
  /** Bumped for every document shown (or refused): work for an older one stops at its next step. */
  generation: number;
  doc: PDFDocumentProxy | null;
  pages: PageView[];
  scale: number;
  zoom: ZoomSetting;
  /** The page the reader is on (1-based). */
  current: number;
  /** Set after a jump: the page the reader asked for stays current until they scroll themselves. */
  pinned: { page: number; scrollTop: number } | null;
  sidebarOpen: boolean;
  /** performance.now() when the bytes arrived, for the first page's time. */
  loadStart: number;
  firstRenderReported: boolean;
}

export interface Viewer {
  readonly state: ViewerState;
  readonly el: Elements;
  readonly labels: PdfLabels;
  readonly host: Host;
  readonly layout: Layout;
  readonly renders: RenderQueue;
  readonly texts: PageTexts;
  readonly find: Find;
  readonly marks: NoteMarks;
  readonly outline: Outline;
  readonly toolbar: Toolbar;
}

export function initialState(fileName: string): ViewerState {
  return {
    fileName,
    generation: 0,
    doc: null,
    pages: [],
    scale: 1,
    zoom: 'fitPage',
    current: 1,
    pinned: null,
    sidebarOpen: false,
    loadStart: 0,
    firstRenderReported: false,
  };
}
