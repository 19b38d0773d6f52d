// The slides viewer's script: pdf.js inside the `talkNotes.pdf` custom editor. It draws what the
// extension sends (the PDF's bytes, never a URL) and reports where the reader is; anything that
// touches notes goes through the extension as a message.
import {
  getDocument,
  PDFWorker,
  TextLayer,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
  type PDFPageProxy,
  type RenderTask,
} from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api';
import {
  ENGLISH_PDF_LABELS,
  isHostToSlidesViewer,
  isPdfWebviewState,
  MAX_ZOOM_PERCENT,
  MIN_ZOOM_PERCENT,
  PDF_LABEL_KEYS,
  type PdfFailMessage,
  type HostToSlidesViewer,
  type PdfLabels,
  type PdfLoadMessage,
  type SlidesViewerCommand,
  type SlidesViewerToHost,
  type PdfWebviewState,
  type ZoomSetting,
} from '../shared/slidesViewerProtocol';

interface VsCodeApi {
  postMessage(message: SlidesViewerToHost): void;
  getState(): unknown;
  setState(state: PdfWebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** pdf.js scale 1 is 72 dpi; a CSS pixel is 1/96 in, so "100 %" is this scale. */
const CSS_UNITS = 96 / 72;
const PAGE_GAP = 12;
/** pdf.js's own cap: beyond it a page is drawn at less than device resolution. */
const MAX_CANVAS_PIXELS = 2 ** 25;
/** Pages rendered ahead of the visible ones, and how far away a rendered page is released. */
const PRERENDER = 1;
const KEEP = 2;
/**
 * Bitmap memory for pages out of view. At 400 % on a HiDPI screen one slide is ~128 MB, so
 * beyond this the farthest hidden pages are released and no more are drawn ahead.
 */
const HIDDEN_CANVAS_BUDGET = 192 * 1024 * 1024;
const ZOOM_STEPS = [25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400, 500, 600, 800];
const STATE_REPORT_MS = 250;
const FIND_DELAY_MS = 150;

const vscode = acquireVsCodeApi();
const body = document.body;
const labels: PdfLabels = readLabels();
const el = {
  viewer: byId('viewer'),
  pages: byId('pages'),
  sidebar: byId('sidebar'),
  sidebarToggle: byId<HTMLButtonElement>('sidebarToggle'),
  pageNumber: byId<HTMLInputElement>('pageNumber'),
  pageCount: byId('pageCount'),
  zoomSelect: byId<HTMLSelectElement>('zoomSelect'),
  zoomCustom: byId<HTMLOptionElement>('zoomCustom'),
  findInput: byId<HTMLInputElement>('findInput'),
  findResult: byId('findResult'),
  darkPages: byId<HTMLButtonElement>('darkPages'),
  status: byId('status'),
  statusTitle: byId('statusTitle'),
  statusText: byId('statusText'),
  statusHint: byId('statusHint'),
  statusDetail: byId('statusDetail'),
};

// ---- the pdf.js worker ----------------------------------------------------------------------

type Engine = { mode: 'worker'; blobUrl: string } | { mode: 'main' };

/**
 * A webview may not start a worker from its resource URLs (they are cross-origin), so the worker
 * file is fetched from media/build and started from a Blob URL, which is same-origin. If the
 * worker cannot start, the same Blob is imported on the main thread as pdf.js's "fake worker":
 * slower on big decks, but the slides still show. Nothing is fetched from the network either way.
 */
async function startEngine(url: string): Promise<Engine> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  // Module workers insist on a JavaScript MIME type, which a resource server may not send for .mjs.
  const blobUrl = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'text/javascript' }));
  try {
    spareWorker = await startWorker(blobUrl);
    return { mode: 'worker', blobUrl };
  } catch (err) {
    console.warn('[talk-notes] pdf.js worker unavailable, rendering on the main thread:', err);
    // The worker module sets `globalThis.pdfjsWorker`, which pdf.js picks up as its fake worker.
    await import(/* webpackIgnore: true */ blobUrl);
    return { mode: 'main' };
  }
}

async function startWorker(blobUrl: string): Promise<Worker> {
  const worker = new Worker(blobUrl, { type: 'module', name: 'pdf.js worker' });
  await firstMessage(worker, 10_000);
  return worker;
}

/** pdf.js's worker says "ready" as soon as it runs; an error or silence means it never will. */
function firstMessage(worker: Worker, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('the worker did not start')), timeoutMs);
    const done = (err?: unknown) => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (err) {
        worker.terminate();
        reject(err);
      } else resolve();
    };
    const onMessage = () => done();
    const onError = (e: ErrorEvent) => done(new Error(e.message || 'worker error'));
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}

/** Started with the page, so the worker boots while the extension reads the file. */
let spareWorker: Worker | null = null;
const engine = startEngine(body.dataset.worker ?? '');
engine.catch(() => {}); // reported when a PDF is loaded

/**
 * Every document gets a worker of its own, ended with it. pdf.js can share one worker between
 * documents, but a document destroyed while it draws leaves that worker refusing or ignoring the
 * next one; a fresh worker from the Blob costs a fraction of a second, on a reload only.
 */
async function workerForDocument(e: Engine): Promise<{ port: Worker; pdfWorker: PDFWorker } | null> {
  if (e.mode === 'main') return null;
  const port = spareWorker ?? (await startWorker(e.blobUrl));
  spareWorker = null;
  return { port, pdfWorker: PDFWorker.create({ port }) };
}

// ---- pages ----------------------------------------------------------------------------------

interface PageView {
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

interface Match {
  page: number;
  start: number;
  end: number;
}

/** A page's text as one string, with where every character came from in pdf.js's text items. */
interface PageText {
  text: string;
  /** text item index per character; -1 for the line breaks added between items. */
  item: Int32Array;
  offset: Int32Array;
}

let loadingTask: PDFDocumentLoadingTask | null = null;
let docWorker: { port: Worker; pdfWorker: PDFWorker } | null = null;
/** A page asked for while the document was loading. */
let pendingPage: number | null = null;
let pdf: PDFDocumentProxy | null = null;
let pages: PageView[] = [];
let scale = 1;
let zoom: ZoomSetting = 'fitPage';
let current = 1;
let fileName = body.dataset.file ?? '';
let loadStart = 0;
let firstRenderReported = false;
/** Set after a jump: the page the reader asked for stays current until they scroll themselves. */
let pinned: { page: number; scrollTop: number } | null = null;
/** The document generation whose render loop is running, -1 when none is. */
let renderRunning = -1;
let renderAgain = false;
let activeTask: RenderTask | null = null;
let sidebarOpen = false;
let stateTimer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
const textCache = new Map<number, Promise<{ content: TextContent; text: PageText }>>();

const saved = vscode.getState();
const restoredState: PdfWebviewState | null = isPdfWebviewState(saved) ? saved : null;
if (restoredState) sidebarOpen = restoredState.sidebar;

async function load(message: PdfLoadMessage): Promise<void> {
  const gen = ++generation;
  loadStart = performance.now();
  firstRenderReported = false;
  fileName = message.fileName;
  setDarkPages(message.darkPages, false);
  zoom = message.zoom;
  closeDocument();
  showStatus('loading');
  let worker: Awaited<ReturnType<typeof workerForDocument>>;
  try {
    const e = await engine;
    worker = await workerForDocument(e);
    body.dataset.engine = e.mode;
  } catch (err) {
    fail('engine', err);
    return;
  }
  if (gen !== generation) {
    worker?.port.terminate();
    return;
  }
  docWorker = worker;
  const task = getDocument({
    data: message.data,
    worker: worker?.pdfWorker,
    cMapUrl: body.dataset.cmaps,
    cMapPacked: true,
    standardFontDataUrl: body.dataset.fonts,
    // Fetch CMaps and fonts here, where CSP's connect-src allows media/build; the Blob worker
    // could not reach them. WebAssembly decoders (JPX, JBIG2, ICC) would need 'wasm-unsafe-eval'.
    useWorkerFetch: false,
    useWasm: false,
    // Glyphs are drawn by interpreting paths, never by compiling them into functions.
    isEvalSupported: false,
    enableXfa: false,
  });
  loadingTask = task;
  let doc: PDFDocumentProxy;
  let first: PDFPageProxy;
  try {
    doc = await task.promise;
    // A document whose first page cannot even be parsed is as good as damaged.
    first = await doc.getPage(1);
  } catch (err) {
    if (gen !== generation) return;
    fail((err as Error)?.name === 'PasswordException' ? 'password' : 'notPdf', err);
    return;
  }
  if (gen !== generation) return;
  pdf = doc;
  const base = baseSize(first);
  pages = [];
  el.pages.replaceChildren();
  for (let num = 1; num <= doc.numPages; num++) {
    const div = document.createElement('div');
    div.className = 'tn-page';
    div.dataset.pageNumber = String(num);
    div.setAttribute('aria-label', `${num} / ${doc.numPages}`);
    el.pages.append(div);
    pages.push({
      num,
      el: div,
      base: { ...base },
      sizeKnown: num === 1,
      proxy: num === 1 ? first : null,
      canvas: null,
      textLayer: null,
      textDivs: [],
      text: null,
      drawn: '',
    });
  }
  el.pageCount.textContent = `/ ${doc.numPages}`;
  showStatus('ready');
  const start = clampPage(pendingPage ?? message.page);
  pendingPage = null;
  layout(true);
  goTo(start);
  post({ type: 'loaded', pageCount: doc.numPages, page: current });
  void loadOutline(doc, gen);
  loadRemainingSizes(gen).catch(() => {}); // a destroyed document ends it; nothing to report
  if (el.findInput.value) scheduleFind();
}

function closeDocument(): void {
  activeTask?.cancel();
  activeTask = null;
  textCache.clear();
  matches = [];
  const task = loadingTask;
  const worker = docWorker;
  loadingTask = null;
  docWorker = null;
  pdf = null;
  pages = [];
  el.pages.replaceChildren();
  el.sidebar.replaceChildren();
  // Not awaited: with the worker ended, pdf.js would wait forever for its goodbye.
  task?.destroy().catch(() => {});
  worker?.pdfWorker.destroy();
  worker?.port.terminate();
}

function baseSize(page: PDFPageProxy): { width: number; height: number } {
  const vp = page.getViewport({ scale: 1 });
  return { width: vp.width, height: vp.height };
}

/** Decks are almost always uniform; odd page sizes are picked up after the first page shows. */
async function loadRemainingSizes(gen: number): Promise<void> {
  for (const pv of pages) {
    if (gen !== generation || !pdf) return;
    if (pv.sizeKnown) continue;
    const proxy = pv.proxy ?? (await pdf.getPage(pv.num));
    if (gen !== generation) return;
    pv.proxy = proxy;
    const size = baseSize(proxy);
    pv.sizeKnown = true;
    if (size.width !== pv.base.width || size.height !== pv.base.height) {
      pv.base = size;
      layout();
    }
  }
}

function clampPage(n: number): number {
  return Math.min(Math.max(1, Math.round(n) || 1), pages.length || 1);
}

/** The scale for the zoom setting, from the current page's size (as pdf.js's own viewer does). */
function scaleFor(setting: ZoomSetting): number {
  const ref = pages[current - 1]?.base ?? { width: 612, height: 792 };
  const availWidth = Math.max(50, el.viewer.clientWidth - 2 * PAGE_GAP);
  const availHeight = Math.max(50, el.viewer.clientHeight - 2 * PAGE_GAP);
  if (setting === 'fitWidth') return availWidth / ref.width;
  if (setting === 'fitPage') return Math.min(availWidth / ref.width, availHeight / ref.height);
  return (setting / 100) * CSS_UNITS;
}

/**
 * Sizes every page for the current zoom, keeping the reader's place on the page they are on.
 * `initial`: the caller jumps right after, so nothing is drawn for the scroll position 0.
 */
function layout(initial = false): void {
  if (!pages.length) return;
  const anchor = readAnchor();
  const next = scaleFor(zoom);
  // A drawing at the old scale would be thrown away when it completes; stop it now.
  if (next !== scale) activeTask?.cancel();
  scale = next;
  for (const pv of pages) {
    pv.el.style.width = `${Math.floor(pv.base.width * scale)}px`;
    pv.el.style.height = `${Math.floor(pv.base.height * scale)}px`;
    pv.el.style.setProperty('--total-scale-factor', String(scale));
  }
  if (anchor) {
    const pv = pages[anchor.page - 1];
    setScrollTop(pv.el.offsetTop - PAGE_GAP + anchor.fraction * pv.el.offsetHeight);
    if (pinned) pinned.scrollTop = el.viewer.scrollTop;
  }
  updateZoomControl();
  if (!initial) update();
}

function readAnchor(): { page: number; fraction: number } | null {
  const pv = pages[current - 1];
  if (!pv || !pv.el.offsetHeight) return null;
  const fraction = (el.viewer.scrollTop + PAGE_GAP - pv.el.offsetTop) / pv.el.offsetHeight;
  return { page: current, fraction: Math.min(Math.max(fraction, 0), 1) };
}

function setScrollTop(top: number): void {
  el.viewer.scrollTop = Math.max(0, top);
}

function goTo(page: number): void {
  if (!pages.length) return;
  const n = clampPage(page);
  const pv = pages[n - 1];
  setScrollTop(pv.el.offsetTop - PAGE_GAP);
  pinned = { page: n, scrollTop: el.viewer.scrollTop };
  setCurrent(n);
  update();
}

function setCurrent(n: number): void {
  const changed = n !== current;
  current = n;
  body.dataset.page = String(n);
  if (document.activeElement !== el.pageNumber) el.pageNumber.value = String(n);
  if (changed) reportState();
}

/** Visible pages by geometry (page tops are sorted, so a binary search finds the first). */
function visibleRange(): [number, number] {
  const top = el.viewer.scrollTop;
  const bottom = top + el.viewer.clientHeight;
  let lo = 0;
  let hi = pages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const p = pages[mid].el;
    if (p.offsetTop + p.offsetHeight < top) lo = mid + 1;
    else hi = mid;
  }
  let last = lo;
  while (last + 1 < pages.length && pages[last + 1].el.offsetTop < bottom) last++;
  return [lo + 1, last + 1];
}

/** The page showing most of itself; on ties the upper one. */
function mostVisible(first: number, last: number): number {
  const top = el.viewer.scrollTop;
  const bottom = top + el.viewer.clientHeight;
  let best = first;
  let bestArea = -1;
  for (let n = first; n <= last; n++) {
    const p = pages[n - 1].el;
    const seen = Math.min(bottom, p.offsetTop + p.offsetHeight) - Math.max(top, p.offsetTop);
    if (seen > bestArea + 1) {
      best = n;
      bestArea = seen;
    }
  }
  return best;
}

function update(): void {
  if (!pages.length) return;
  const [first, last] = visibleRange();
  if (pinned && Math.abs(el.viewer.scrollTop - pinned.scrollTop) > 1) pinned = null;
  setCurrent(pinned ? pinned.page : mostVisible(first, last));
  for (const pv of pages) {
    if (pv.drawn && (pv.num < first - KEEP || pv.num > last + KEEP)) release(pv);
  }
  const hidden = pages
    .filter(pv => pv.canvas && (pv.num < first || pv.num > last))
    .sort((a, b) => distance(b, first, last) - distance(a, first, last));
  let bytes = hidden.reduce((n, pv) => n + canvasBytes(pv), 0);
  for (const pv of hidden) {
    if (bytes <= HIDDEN_CANVAS_BUDGET) break;
    bytes -= canvasBytes(pv);
    release(pv);
  }
  void renderQueue();
}

function distance(pv: PageView, first: number, last: number): number {
  return pv.num < first ? first - pv.num : pv.num - last;
}

function canvasBytes(pv: PageView): number {
  return pv.canvas ? pv.canvas.width * pv.canvas.height * 4 : 0;
}

/** What drawing `pv` now would take, from its CSS size (the same arithmetic as renderPage). */
function estimatedBytes(pv: PageView): number {
  const w = pv.base.width * scale;
  const h = pv.base.height * scale;
  const output = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (w * h)));
  return w * h * output * output * 4;
}

/** The next page to draw: visible pages nearest the current one first, then their neighbours. */
function nextToRender(): PageView | null {
  const [first, last] = visibleRange();
  const key = drawKey();
  const wanted: number[] = [];
  for (let n = first; n <= last; n++) wanted.push(n);
  wanted.sort((a, b) => Math.abs(a - current) - Math.abs(b - current));
  const visible = wanted.length;
  for (let d = 1; d <= PRERENDER; d++) wanted.push(last + d, first - d);
  const hiddenBytes = pages.reduce((n, pv) => n + (pv.num < first || pv.num > last ? canvasBytes(pv) : 0), 0);
  for (const [i, n] of wanted.entries()) {
    const pv = pages[n - 1];
    if (!pv || pv.drawn === key) continue;
    if (i < visible) return pv;
    // Drawing ahead must fit the budget, or the next scroll would release it again.
    const cost = estimatedBytes(pv) - canvasBytes(pv);
    if (hiddenBytes + cost <= HIDDEN_CANVAS_BUDGET) return pv;
  }
  return null;
}

function drawKey(): string {
  return `${scale}@${window.devicePixelRatio || 1}`;
}

/**
 * One page at a time: the worker is single-threaded anyway, and the visible page comes first.
 * One loop per document: pdf.js never settles requests to a destroyed document, so a loop left
 * waiting on the previous file must not keep the next one from drawing.
 */
async function renderQueue(): Promise<void> {
  const gen = generation;
  if (renderRunning === gen) {
    renderAgain = true;
    return;
  }
  renderRunning = gen;
  try {
    for (;;) {
      renderAgain = false;
      const pv = nextToRender();
      if (!pv) {
        if (renderAgain) continue;
        return;
      }
      await renderPage(pv);
      if (gen !== generation) return;
    }
  } finally {
    if (renderRunning === gen) renderRunning = -1;
  }
}

async function renderPage(pv: PageView): Promise<void> {
  const doc = pdf;
  if (!doc) return;
  const gen = generation;
  const key = drawKey();
  const started = performance.now();
  try {
    const proxy = pv.proxy ?? (await doc.getPage(pv.num));
    pv.proxy = proxy;
    if (!pv.sizeKnown) {
      pv.sizeKnown = true;
      const size = baseSize(proxy);
      if (size.width !== pv.base.width || size.height !== pv.base.height) {
        pv.base = size;
        layout();
      }
    }
    const renderScale = scale;
    const viewport = proxy.getViewport({ scale: renderScale });
    const dpr = window.devicePixelRatio || 1;
    // Device pixels keep text crisp on HiDPI screens; very large zooms trade a little sharpness for memory.
    const output = Math.min(dpr, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(viewport.width * output));
    canvas.height = Math.max(1, Math.floor(viewport.height * output));
    canvas.className = 'tn-canvas';
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2D canvas context');
    const task = proxy.render({
      canvas,
      canvasContext: ctx,
      viewport,
      transform: output !== 1 ? [output, 0, 0, output, 0, 0] : undefined,
    });
    activeTask = task;
    await task.promise;
    activeTask = null;
    if (gen !== generation || renderScale !== scale) {
      canvas.width = canvas.height = 0;
      return;
    }
    // Swap only when the new drawing is complete: zooming never flashes an empty page.
    if (pv.canvas) {
      pv.canvas.replaceWith(canvas);
      pv.canvas.width = pv.canvas.height = 0;
    } else pv.el.prepend(canvas);
    pv.canvas = canvas;
    pv.drawn = key;
    await renderTextLayer(pv, viewport, canvas);
    // Released or redrawn while the text was laid out: that newer state wins.
    if (gen !== generation || pv.canvas !== canvas) return;
    pv.el.dataset.rendered = 'true';
    highlightPage(pv);
    const ms = performance.now() - (firstRenderReported ? started : loadStart);
    if (!firstRenderReported) {
      firstRenderReported = true;
      body.dataset.firstRenderMs = ms.toFixed(1);
    }
    post({ type: 'rendered', page: pv.num, ms });
  } catch (err) {
    activeTask = null;
    if ((err as Error)?.name === 'RenderingCancelledException' || gen !== generation) return;
    console.error(`[talk-notes] page ${pv.num} failed to render`, err);
    // Mark it drawn so a broken page is not retried in a loop; the rest of the deck still shows.
    pv.drawn = key;
    pv.el.classList.add('tn-page-broken');
  }
}

async function renderTextLayer(pv: PageView, viewport: ReturnType<PDFPageProxy['getViewport']>, canvas: HTMLCanvasElement): Promise<void> {
  const { content, text } = await pageText(pv.num);
  const div = document.createElement('div');
  div.className = 'textLayer';
  const layer = new TextLayer({ textContentSource: content, container: div, viewport });
  await layer.render();
  if (pv.canvas !== canvas) return;
  if (pv.textLayer) pv.textLayer.replaceWith(div);
  else pv.el.append(div);
  pv.textLayer = div;
  pv.textDivs = layer.textDivs;
  pv.text = text;
}

function release(pv: PageView): void {
  if (pv.canvas) {
    pv.canvas.width = pv.canvas.height = 0;
    pv.canvas.remove();
  }
  pv.textLayer?.remove();
  pv.canvas = null;
  pv.textLayer = null;
  pv.textDivs = [];
  pv.text = null;
  pv.drawn = '';
  delete pv.el.dataset.rendered;
  pv.proxy?.cleanup();
}

function pageText(num: number): Promise<{ content: TextContent; text: PageText }> {
  let cached = textCache.get(num);
  if (!cached) {
    const doc = pdf;
    if (!doc) return Promise.reject(new Error('no document'));
    cached = doc.getPage(num).then(async page => {
      const content = await page.getTextContent();
      return { content, text: joinText(content) };
    });
    textCache.set(num, cached);
  }
  return cached;
}

function joinText(content: TextContent): PageText {
  const items = content.items.filter((i): i is TextItem => 'str' in i);
  let text = '';
  const item: number[] = [];
  const offset: number[] = [];
  items.forEach((it, index) => {
    for (let k = 0; k < it.str.length; k++) {
      item.push(index);
      offset.push(k);
    }
    text += it.str;
    if (it.hasEOL) {
      text += '\n';
      item.push(-1);
      offset.push(-1);
    }
  });
  return { text: fold(text), item: Int32Array.from(item), offset: Int32Array.from(offset) };
}

/** Case-insensitive matching that keeps every character at its index (no length-changing folds). */
function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

// ---- find -----------------------------------------------------------------------------------

let matches: Match[] = [];
let matchIndex = -1;
let findTimer: ReturnType<typeof setTimeout> | undefined;
let findGeneration = 0;
/** The query the current `matches` are for. */
let searched = '';
/** Scrolls the selected match into view once its page has been drawn and highlighted. */
let pendingReveal: (() => boolean) | null = null;

function normalizedQuery(): string {
  return fold(el.findInput.value.replace(/\s+/g, ' ').trim());
}

function scheduleFind(): void {
  clearTimeout(findTimer);
  findTimer = setTimeout(() => void runFind(), FIND_DELAY_MS);
}

async function runFind(): Promise<void> {
  const gen = ++findGeneration;
  const query = normalizedQuery();
  searched = query;
  matches = [];
  matchIndex = -1;
  if (!query || !pdf) {
    showFindResult();
    highlightAll();
    return;
  }
  const found: Match[] = [];
  for (let num = 1; num <= pages.length; num++) {
    // A page whose text cannot be extracted simply has no matches.
    const text = await pageText(num).then(
      t => t.text,
      () => null,
    );
    if (gen !== findGeneration) return;
    if (!text) continue;
    const hay = text.text.replace(/\s/g, ' ');
    for (let at = hay.indexOf(query); at >= 0; at = hay.indexOf(query, at + Math.max(1, query.length))) {
      found.push({ page: num, start: at, end: at + query.length });
    }
  }
  matches = found;
  // Start from the first match at or after the page the reader is on.
  matchIndex = matches.length
    ? Math.max(
        0,
        matches.findIndex(m => m.page >= current),
      )
    : -1;
  showFindResult();
  highlightAll();
  if (matchIndex >= 0) revealMatch();
}

function step(delta: number): void {
  if (!matches.length) {
    if (el.findInput.value.trim()) void runFind();
    return;
  }
  matchIndex = (matchIndex + delta + matches.length) % matches.length;
  showFindResult();
  highlightAll();
  revealMatch();
}

function showFindResult(): void {
  const q = el.findInput.value.trim();
  el.findResult.textContent = !q ? '' : matches.length ? format(labels.matchOf, matchIndex + 1, matches.length) : labels.noMatches;
  el.findInput.classList.toggle('tn-no-match', Boolean(q) && !matches.length);
}

function revealMatch(): void {
  const m = matches[matchIndex];
  if (!m) return;
  const pv = pages[m.page - 1];
  const [first, last] = visibleRange();
  if (m.page < first || m.page > last) goTo(m.page);
  // The highlight exists once the page is drawn; scroll it to the middle then.
  const scrollToSelected = () => {
    const sel = pv.textLayer?.querySelector<HTMLElement>('.highlight.selected');
    if (!sel) return false;
    const box = sel.getBoundingClientRect();
    const view = el.viewer.getBoundingClientRect();
    if (box.top < view.top + 20 || box.bottom > view.bottom - 20) {
      setScrollTop(el.viewer.scrollTop + box.top - view.top - el.viewer.clientHeight / 2);
      pinned = { page: m.page, scrollTop: el.viewer.scrollTop };
      setCurrent(m.page);
      update();
    }
    return true;
  };
  if (!scrollToSelected()) pendingReveal = scrollToSelected;
}

function highlightAll(): void {
  for (const pv of pages) if (pv.textLayer) highlightPage(pv);
}

/** Wraps the matched characters of a drawn page's text layer in `.highlight` spans. */
function highlightPage(pv: PageView): void {
  const { textLayer, textDivs, text } = pv;
  if (!textLayer || !text) return;
  for (const span of Array.from(textLayer.querySelectorAll<HTMLElement>('.highlight'))) {
    const div = span.parentElement;
    if (div) div.textContent = div.textContent ?? '';
  }
  const perDiv = new Map<number, { start: number; end: number; selected: boolean }[]>();
  matches.forEach((m, i) => {
    if (m.page !== pv.num) return;
    const selected = i === matchIndex;
    for (let c = m.start; c < m.end; c++) {
      const index = text.item[c];
      if (index < 0) continue;
      const off = text.offset[c];
      const ranges = perDiv.get(index) ?? [];
      const last = ranges[ranges.length - 1];
      if (last && last.end === off && last.selected === selected) last.end = off + 1;
      else ranges.push({ start: off, end: off + 1, selected });
      perDiv.set(index, ranges);
    }
  });
  for (const [index, ranges] of perDiv) {
    const div = textDivs[index];
    if (!div) continue;
    const str = div.textContent ?? '';
    const parts: Node[] = [];
    let at = 0;
    for (const r of ranges) {
      if (r.start > at) parts.push(document.createTextNode(str.slice(at, r.start)));
      const span = document.createElement('span');
      span.className = r.selected ? 'highlight selected' : 'highlight';
      span.textContent = str.slice(r.start, r.end);
      parts.push(span);
      at = r.end;
    }
    if (at < str.length) parts.push(document.createTextNode(str.slice(at)));
    div.replaceChildren(...parts);
  }
  if (pendingReveal?.()) pendingReveal = null;
}

// ---- outline --------------------------------------------------------------------------------

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

async function loadOutline(doc: PDFDocumentProxy, gen: number): Promise<void> {
  let outline: OutlineNode[] | null = null;
  try {
    outline = (await doc.getOutline()) as OutlineNode[] | null;
  } catch {
    outline = null;
  }
  if (gen !== generation) return;
  const has = Boolean(outline?.length);
  el.sidebarToggle.disabled = !has;
  el.sidebarToggle.title = has ? labels.outline : labels.noOutline;
  body.dataset.outline = has ? 'true' : 'false';
  if (!has || !outline) {
    setSidebar(false, false);
    return;
  }
  el.sidebar.replaceChildren(outlineList(doc, outline));
  setSidebar(sidebarOpen, false);
}

function outlineList(doc: PDFDocumentProxy, nodes: OutlineNode[]): HTMLUListElement {
  const ul = document.createElement('ul');
  for (const node of nodes) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tn-outline-item';
    button.textContent = node.title || '—';
    button.title = node.title;
    button.addEventListener('click', () => {
      void destinationPage(doc, node.dest).then(page => {
        if (page) goTo(page);
      });
    });
    li.append(button);
    if (node.items?.length) li.append(outlineList(doc, node.items));
    ul.append(li);
  }
  return ul;
}

async function destinationPage(doc: PDFDocumentProxy, dest: string | unknown[] | null): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit)) return null;
    const ref = explicit[0];
    if (typeof ref === 'number' && Number.isInteger(ref)) return ref + 1;
    if (ref && typeof ref === 'object') return (await doc.getPageIndex(ref as { num: number; gen: number })) + 1;
  } catch {
    /* a broken destination is a dead entry, nothing more */
  }
  return null;
}

function setSidebar(open: boolean, remember = true): void {
  if (remember) sidebarOpen = open;
  const show = open && !el.sidebarToggle.disabled;
  el.sidebar.hidden = !show;
  el.sidebarToggle.setAttribute('aria-pressed', String(show));
  if (remember) reportState();
  // No relayout here: the ResizeObserver sees the viewer change width and fit modes follow.
}

// ---- zoom -----------------------------------------------------------------------------------

function setZoom(next: ZoomSetting): void {
  zoom = typeof next === 'number' ? Math.min(MAX_ZOOM_PERCENT, Math.max(MIN_ZOOM_PERCENT, Math.round(next))) : next;
  pinned = null;
  layout();
  reportState();
}

function currentPercent(): number {
  return Math.round((scale / CSS_UNITS) * 100);
}

function zoomStep(direction: 1 | -1): void {
  const now = currentPercent();
  const next = direction > 0 ? ZOOM_STEPS.find(p => p > now) : [...ZOOM_STEPS].reverse().find(p => p < now);
  if (next) setZoom(next);
}

function updateZoomControl(): void {
  const value = typeof zoom === 'number' ? String(zoom) : zoom;
  const preset = Array.from(el.zoomSelect.options).some(o => o.value === value && o !== el.zoomCustom);
  el.zoomCustom.hidden = preset;
  if (preset) el.zoomSelect.value = value;
  else {
    el.zoomCustom.textContent = `${zoom}%`;
    el.zoomSelect.value = 'custom';
  }
  body.dataset.zoom = value;
  body.dataset.scalePercent = String(currentPercent());
}

// ---- dark pages -----------------------------------------------------------------------------

function setDarkPages(on: boolean, tell: boolean): void {
  body.classList.toggle('tn-dark-pages', on);
  el.darkPages.setAttribute('aria-pressed', String(on));
  if (tell) post({ type: 'darkPages', value: on });
}

// ---- state, status, messages -----------------------------------------------------------------

function reportState(): void {
  if (!pages.length) return;
  vscode.setState({ page: current, zoom, sidebar: sidebarOpen });
  clearTimeout(stateTimer);
  stateTimer = setTimeout(() => {
    stateTimer = undefined;
    post({ type: 'viewState', page: current, zoom });
  }, STATE_REPORT_MS);
}

type Failure = 'notPdf' | 'password' | 'unreadable' | 'engine';

function fail(kind: Failure, err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err ?? '');
  showStatus('error', kind, detail);
  post({ type: 'error', message: detail.slice(0, 1000), reason: kind === 'notPdf' || kind === 'unreadable' ? 'damaged' : kind });
}

function showStatus(state: 'loading' | 'ready' | 'error', kind?: Failure, detail = ''): void {
  body.dataset.state = state;
  el.status.hidden = state === 'ready';
  // Without a document the page, zoom, find and insert controls have nothing to act on.
  for (const control of Array.from(
    document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('#toolbar button, #toolbar input, #toolbar select'),
  )) {
    if (control === el.sidebarToggle || control === el.darkPages) continue;
    control.disabled = state !== 'ready';
  }
  if (state !== 'ready') el.sidebarToggle.disabled = true;
  if (state === 'loading') {
    el.statusTitle.textContent = format(labels.loading, fileName);
    el.statusText.textContent = el.statusHint.textContent = el.statusDetail.textContent = '';
  } else if (state === 'error' && kind) {
    el.pages.replaceChildren();
    el.statusTitle.textContent = format(labels.cannotShow, fileName);
    el.statusText.textContent = labels[kind];
    el.statusHint.textContent = kind === 'engine' ? '' : labels.hint;
    el.statusDetail.textContent = detail;
    el.pageCount.textContent = '/ –';
  }
}

function onFail(message: PdfFailMessage): void {
  generation++;
  fileName = message.fileName;
  closeDocument();
  // The extension found the problem itself; telling it back would only echo.
  showStatus('error', message.reason, message.detail);
}

function onHostMessage(message: HostToSlidesViewer): void {
  switch (message.type) {
    case 'load':
      // Whatever goes wrong shows as an error in the viewer, never as a page stuck on "Loading".
      load(message).catch(err => fail('engine', err));
      return;
    case 'goTo':
      // While a document is still loading, the jump becomes where it starts.
      if (pages.length) goTo(message.page);
      else pendingPage = message.page;
      el.viewer.focus();
      return;
    case 'fail':
      onFail(message);
      return;
  }
}

function post(message: SlidesViewerToHost): void {
  vscode.postMessage(message);
}

function command(name: SlidesViewerCommand): void {
  if (pages.length) post({ type: 'command', command: name, page: current });
}

// ---- wiring ---------------------------------------------------------------------------------

window.addEventListener('message', e => {
  if (isHostToSlidesViewer(e.data)) onHostMessage(e.data);
  else console.warn('[talk-notes] the slides viewer ignored a message it does not understand', (e.data as { type?: unknown })?.type);
});

let scrollFrame = 0;
el.viewer.addEventListener(
  'scroll',
  () => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      update();
    });
  },
  { passive: true },
);

let lastDpr = window.devicePixelRatio;
new ResizeObserver(() => {
  if (!pages.length) return;
  // VS Code's zoom changes the device pixel ratio: redraw then, or the pages turn blurry.
  const dprChanged = window.devicePixelRatio !== lastDpr;
  lastDpr = window.devicePixelRatio;
  if (typeof zoom !== 'number' || dprChanged) layout();
  else update();
}).observe(el.viewer);

/** A window moved to a screen with another pixel density changes the ratio without a resize. */
function watchPixelRatio(): void {
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
    'change',
    () => {
      lastDpr = window.devicePixelRatio;
      if (pages.length) layout();
      watchPixelRatio();
    },
    { once: true },
  );
}
watchPixelRatio();

byId('prevPage').addEventListener('click', () => goTo(current - 1));
byId('nextPage').addEventListener('click', () => goTo(current + 1));
byId('zoomIn').addEventListener('click', () => zoomStep(1));
byId('zoomOut').addEventListener('click', () => zoomStep(-1));
byId('findNext').addEventListener('click', () => step(1));
byId('findPrev').addEventListener('click', () => step(-1));
byId('insertSlideReference').addEventListener('click', () => command('insertSlideReference'));
byId('insertVideoTimestamp').addEventListener('click', () => command('insertVideoTimestamp'));
el.sidebarToggle.addEventListener('click', () => setSidebar(el.sidebar.hidden));
el.darkPages.addEventListener('click', () => setDarkPages(!body.classList.contains('tn-dark-pages'), true));

el.zoomSelect.addEventListener('change', () => {
  const v = el.zoomSelect.value;
  if (v === 'fitWidth' || v === 'fitPage') setZoom(v);
  else if (v !== 'custom') setZoom(Number(v));
});

el.pageNumber.addEventListener('keydown', e => {
  if (e.key === 'Enter') {
    commitPageNumber();
    el.viewer.focus();
  } else if (e.key === 'Escape') {
    el.pageNumber.value = String(current);
    el.viewer.focus();
  }
});
el.pageNumber.addEventListener('change', commitPageNumber);
el.pageNumber.addEventListener('focus', () => el.pageNumber.select());

function commitPageNumber(): void {
  const n = Number(el.pageNumber.value.trim());
  if (Number.isInteger(n) && n >= 1) goTo(n);
  el.pageNumber.value = String(current);
}

el.findInput.addEventListener('input', scheduleFind);
el.findInput.addEventListener('keydown', e => {
  if (e.key === 'Enter') {
    e.preventDefault();
    clearTimeout(findTimer);
    if (normalizedQuery() !== searched) void runFind();
    else step(e.shiftKey ? -1 : 1);
  } else if (e.key === 'Escape') {
    el.findInput.value = '';
    void runFind();
    el.viewer.focus();
  }
});

document.addEventListener('keydown', e => {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
    e.preventDefault();
    el.findInput.focus();
    el.findInput.select();
    return;
  }
  if (e.key === 'F3') {
    e.preventDefault();
    step(e.shiftKey ? -1 : 1);
    return;
  }
  const target = e.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
  if (mod || e.altKey || !pages.length) return;
  const fitPage = zoom === 'fitPage';
  switch (e.key) {
    case 'PageDown':
    case 'ArrowRight':
      goTo(current + 1);
      break;
    case 'PageUp':
    case 'ArrowLeft':
      goTo(current - 1);
      break;
    case 'ArrowDown':
      if (!fitPage) return;
      goTo(current + 1);
      break;
    case 'ArrowUp':
      if (!fitPage) return;
      goTo(current - 1);
      break;
    case 'Home':
      goTo(1);
      break;
    case 'End':
      goTo(pages.length);
      break;
    default:
      return;
  }
  e.preventDefault();
});

// ---- helpers --------------------------------------------------------------------------------

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the viewer's HTML lacks #${id}`);
  return found as T;
}

function readLabels(): PdfLabels {
  const out = { ...ENGLISH_PDF_LABELS };
  try {
    const given = JSON.parse(body.dataset.labels ?? '{}') as Record<string, unknown>;
    for (const key of PDF_LABEL_KEYS) {
      if (typeof given[key] === 'string' && given[key]) out[key] = given[key];
    }
  } catch {
    /* English it is */
  }
  return out;
}

function format(text: string, ...args: (string | number)[]): string {
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

showStatus('loading');
setDarkPages(body.classList.contains('tn-dark-pages'), false);
post({ type: 'ready', restored: Boolean(restoredState) });
