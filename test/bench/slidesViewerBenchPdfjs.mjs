// The peers of the slides viewer in its benchmark, run in the browser next to it: pdf.js's own
// stock viewer (`PDFViewer` from pdfjs-dist/web) and bare pdf.js text extraction, the floor any
// find has to pay. Bundled by test/bench/slidesViewerBench.mjs for the benchmark only; it drives
// them through `window.__pdfjsBench` and reads the times measured here, in the page.
import { AnnotationMode, getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';

GlobalWorkerOptions.workerSrc = document.body.dataset.worker;

/** The slides viewer's document options (src/webview), so the viewers differ only as viewers. */
const documentOptions = data => ({
  data,
  cMapUrl: document.body.dataset.cmaps,
  cMapPacked: true,
  standardFontDataUrl: document.body.dataset.fonts,
  useWasm: false,
  isEvalSupported: false,
  enableXfa: false,
});

let open = null;

/** Resolves when page `n` has its canvas and its text layer, as the slides viewer's `rendered`. */
function drawn(eventBus, n) {
  return new Promise(resolve => {
    let canvas = false;
    let text = false;
    const check = () => {
      if (!canvas || !text) return;
      eventBus.off('pagerendered', onPage);
      eventBus.off('textlayerrendered', onText);
      resolve(performance.now());
    };
    const onPage = e => {
      if (e.pageNumber === n && !e.error) canvas = true;
      check();
    };
    const onText = e => {
      if (e.pageNumber === n) text = true;
      check();
    };
    eventBus.on('pagerendered', onPage);
    eventBus.on('textlayerrendered', onText);
  });
}

window.__pdfjsBench = {
  /** Opens the bytes in a stock viewer at "page fit" and times page 1 drawn (canvas and text). */
  async open(data) {
    await this.close();
    const container = document.getElementById('viewerContainer');
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus });
    // No annotation layer: the slides viewer draws canvas and text only, so both do the same work.
    const viewer = new PDFViewer({ container, eventBus, linkService, annotationMode: AnnotationMode.DISABLE });
    linkService.setViewer(viewer);
    eventBus.on('pagesinit', () => {
      viewer.currentScaleValue = 'page-fit';
    });
    const first = drawn(eventBus, 1);
    const t0 = performance.now();
    const doc = await getDocument(documentOptions(data)).promise;
    viewer.setDocument(doc);
    linkService.setDocument(doc);
    open = { doc, viewer, eventBus };
    const firstMs = (await first) - t0;
    const canvas = container.querySelector('.page[data-page-number="1"] canvas');
    return { pages: doc.numPages, firstMs, canvas: canvas ? `${canvas.width}×${canvas.height}` : '' };
  },

  /** Jumps to page `n` right away (the look-ahead of page 2 may be drawing) and times it. */
  async jump(n) {
    const { viewer, eventBus } = open;
    const done = drawn(eventBus, n);
    const t0 = performance.now();
    viewer.currentPageNumber = n;
    const ms = (await done) - t0;
    const canvas = document.querySelector(`.page[data-page-number="${n}"] canvas`);
    return { ms, canvas: canvas ? `${canvas.width}×${canvas.height}` : '' };
  },

  /**
   * The floor: pdf.js extracting the text of every page of a loaded document with nothing else to
   * do, all requests at once (the fastest way; one at a time is slower). Pages are fetched before
   * the clock starts, as the viewer has fetched them by the time anyone searches. Also timed from
   * the document's opening, for a search that arrives with the file.
   */
  async textFloor(data) {
    await this.close();
    const opening = performance.now();
    const doc = await getDocument(documentOptions(data)).promise;
    try {
      const pages = await Promise.all(Array.from({ length: doc.numPages }, (_, i) => doc.getPage(i + 1)));
      const t0 = performance.now();
      const contents = await Promise.all(pages.map(p => p.getTextContent()));
      const end = performance.now();
      const chars = contents.reduce((n, c) => n + c.items.reduce((m, it) => m + (it.str?.length ?? 0), 0), 0);
      // `withOpenMs`: from the bytes to every page's text, the floor of a search sent with the file.
      return { ms: end - t0, withOpenMs: end - opening, chars };
    } finally {
      await doc.destroy();
    }
  },

  async close() {
    if (!open) return;
    const { doc, viewer } = open;
    open = null;
    viewer.setDocument(null);
    await doc.destroy();
  },
};
document.body.dataset.ready = 'true';
