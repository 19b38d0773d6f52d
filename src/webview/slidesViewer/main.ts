// The slides viewer's script: pdf.js inside the `talkNotes.pdf` custom editor. It draws what the
// extension sends (the PDF's bytes, never a URL) and reports where the reader is; anything that
// touches notes goes through the extension as a message. This module starts the viewer, opens
// and closes documents, shows their status, and dispatches the extension's messages to the
// modules: engine (pdf.js and its workers), layout, renderQueue, pageText, find, outline, toolbar.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { assertNever } from '../../shared/guards';
import { isHostToSlidesViewer, type HostToSlidesViewer, type PdfFailMessage, type PdfLoadMessage } from '../../shared/slidesViewerProtocol';
import { findElements, format, readLabels } from './dom';
import { PdfEngine, type PdfSession } from './engine';
import { Find } from './find';
import { Host } from './host';
import { Layout } from './layout';
import { NoteMarks } from './noteMarks';
import { Outline } from './outline';
import { PageTexts } from './pageText';
import { selectedParts } from './quoting';
import { RenderQueue } from './renderQueue';
import { initialState, type Viewer } from './state';
import { Toolbar } from './toolbar';

type Failure = 'notPdf' | 'password' | 'unreadable' | 'engine';

class SlidesViewer {
  private readonly v: Viewer;
  private readonly engine: PdfEngine;
  private session: PdfSession | null = null;
  /** A page asked for while the document was loading. */
  private pendingPage: number | null = null;

  constructor() {
    const el = findElements();
    const state = initialState(el.body.dataset.file ?? '');
    this.engine = new PdfEngine({ worker: el.body.dataset.worker ?? '', cmaps: el.body.dataset.cmaps, fonts: el.body.dataset.fonts });
    // The modules reach each other through `v`; none calls another while being built.
    const v = { state, el, labels: readLabels(el.body), host: new Host(state) } as {
      -readonly [K in keyof Viewer]: Viewer[K];
    };
    v.layout = new Layout(v);
    v.renders = new RenderQueue(v);
    v.texts = new PageTexts(v, this.engine);
    v.find = new Find(v);
    v.marks = new NoteMarks(v);
    v.outline = new Outline(v);
    v.toolbar = new Toolbar(v);
    this.v = v;
    if (v.host.restored) state.sidebarOpen = v.host.restored.sidebar;
  }

  start(): void {
    const { v } = this;
    window.addEventListener('message', e => {
      if (isHostToSlidesViewer(e.data)) this.onHostMessage(e.data);
      else console.warn('[talk-notes] the slides viewer ignored a message it does not understand', (e.data as { type?: unknown })?.type);
    });
    v.layout.watch();
    v.toolbar.wire();
    v.marks.wire();
    this.showStatus('loading');
    v.toolbar.setDarkPages(v.el.body.classList.contains('tn-dark-pages'), false);
    v.host.post({ type: 'ready', restored: Boolean(v.host.restored) });
  }

  private onHostMessage(message: HostToSlidesViewer): void {
    const { v } = this;
    switch (message.type) {
      case 'load':
        // Whatever goes wrong shows as an error in the viewer, never as a page stuck on "Loading".
        this.load(message).catch(err => this.fail('engine', err));
        return;
      case 'goTo':
        // While a document is still loading, the jump becomes where it starts.
        if (v.state.pages.length) v.layout.goTo(message.page);
        else this.pendingPage = message.page;
        v.el.viewer.focus();
        return;
      case 'find':
        // Without a document yet, the query waits in the find box: the load searches it.
        if (v.state.pages.length) void v.find.search(message.query);
        else v.el.findInput.value = message.query;
        return;
      case 'fail':
        this.onFail(message);
        return;
      case 'marks':
        v.marks.set(message);
        return;
      case 'requestQuote':
        v.host.post({ type: 'quote', id: message.id, parts: selectedParts(v) });
        return;
      default:
        assertNever(message, 'message from the extension');
    }
  }

  private async load(message: PdfLoadMessage): Promise<void> {
    const { v } = this;
    const s = v.state;
    const gen = ++s.generation;
    s.loadStart = performance.now();
    s.firstRenderReported = false;
    s.fileName = message.fileName;
    v.toolbar.setDarkPages(message.darkPages, false);
    s.zoom = message.zoom;
    this.closeDocument();
    this.showStatus('loading');
    // The text-only copy needs its own bytes: opening a document hands its array to the worker.
    const textCopy = (await this.engine.mode().catch(() => 'main')) === 'worker' ? message.data.slice() : null;
    // Both copies open at once: the text can be read while the first page is drawn.
    if (textCopy) v.texts.openReader(textCopy, gen);
    let session: PdfSession;
    try {
      session = await this.engine.open(message.data);
      v.el.body.dataset.engine = await this.engine.mode();
    } catch (err) {
      this.fail('engine', err);
      return;
    }
    if (gen !== s.generation) {
      session.close();
      return;
    }
    this.session = session;
    let doc: PDFDocumentProxy;
    let first: PDFPageProxy;
    try {
      doc = await session.task.promise;
      // A document whose first page cannot even be parsed is as good as damaged.
      first = await doc.getPage(1);
    } catch (err) {
      if (gen !== s.generation) return;
      this.fail((err as Error)?.name === 'PasswordException' ? 'password' : 'notPdf', err);
      return;
    }
    if (gen !== s.generation) return;
    s.doc = doc;
    v.layout.createPages(doc, first);
    v.el.pageCount.textContent = `/ ${doc.numPages}`;
    this.showStatus('ready');
    const start = v.layout.clampPage(this.pendingPage ?? message.page);
    this.pendingPage = null;
    v.layout.layout(true);
    v.layout.goTo(start);
    v.host.post({ type: 'loaded', pageCount: doc.numPages, page: s.current });
    void v.texts.extractAll(gen);
    void v.outline.load(doc, gen);
    v.marks.refresh();
    v.layout.loadRemainingSizes(gen).catch(() => {}); // a destroyed document ends it; nothing to report
    if (v.el.findInput.value) void v.find.run();
  }

  private closeDocument(): void {
    const { v } = this;
    v.renders.reset();
    v.texts.reset();
    v.find.reset();
    this.session?.close();
    this.session = null;
    v.state.doc = null;
    v.state.pages = [];
    v.el.pages.replaceChildren();
    v.el.sidebar.replaceChildren();
  }

  private fail(kind: Failure, err: unknown): void {
    // The text-only copy of a document that will not show is of no use.
    this.v.texts.reset();
    const detail = err instanceof Error ? err.message : String(err ?? '');
    this.showStatus('error', kind, detail);
    this.v.host.post({
      type: 'error',
      message: detail.slice(0, 1000),
      reason: kind === 'notPdf' || kind === 'unreadable' ? 'damaged' : kind,
    });
  }

  private onFail(message: PdfFailMessage): void {
    this.v.state.generation++;
    this.v.state.fileName = message.fileName;
    this.closeDocument();
    // The extension found the problem itself; telling it back would only echo.
    this.showStatus('error', message.reason, message.detail);
  }

  private showStatus(state: 'loading' | 'ready' | 'error', kind?: Failure, detail = ''): void {
    const { el, labels } = this.v;
    el.body.dataset.state = state;
    el.status.hidden = state === 'ready';
    this.v.toolbar.enable(state === 'ready');
    if (state === 'loading') {
      el.statusTitle.textContent = format(labels.loading, this.v.state.fileName);
      el.statusText.textContent = el.statusHint.textContent = el.statusDetail.textContent = '';
    } else if (state === 'error' && kind) {
      el.pages.replaceChildren();
      el.statusTitle.textContent = format(labels.cannotShow, this.v.state.fileName);
      el.statusText.textContent = labels[kind];
      el.statusHint.textContent = kind === 'engine' ? '' : labels.hint;
      el.statusDetail.textContent = detail;
      el.pageCount.textContent = '/ –';
    }
  }
}

new SlidesViewer().start();
