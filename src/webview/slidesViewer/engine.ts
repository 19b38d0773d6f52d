// pdf.js and its worker. A webview may not start a worker from its resource URLs (they are
// cross-origin), so the worker file is fetched from media/build and started from a Blob URL, which
// is same-origin. If the worker cannot start, the same Blob is imported on the main thread as
// pdf.js's "fake worker": slower on big decks, but the slides still show. Nothing is fetched from
// the network either way.
import { getDocument, PDFWorker, type PDFDocumentLoadingTask } from 'pdfjs-dist';

export type EngineMode = 'worker' | 'main';

/** Workers kept booted: a document takes two. */
const SPARES = 2;

type Started = { mode: 'worker'; blobUrl: string } | { mode: 'main' };

/** A document being opened on a worker of its own; `close` ends both, at any time. */
export interface PdfSession {
  readonly task: PDFDocumentLoadingTask;
  close(): void;
}

export interface EngineFiles {
  worker: string;
  cmaps: string | undefined;
  fonts: string | undefined;
}

export class PdfEngine {
  private readonly started: Promise<Started>;
  /**
   * Workers booted ahead, so a document does not wait ~150 ms for one: one for drawing, one for
   * reading the text (see pageText.ts). Started with the page, while the extension reads the
   * file, and again once a document is shown and its text read (`prepareSpares`), ready for the
   * next one (a reload, a search arriving with a file).
   */
  private spares: Promise<Worker | null>[] = [];

  constructor(private readonly files: EngineFiles) {
    this.started = this.start(files.worker);
    this.started.catch(() => {}); // reported when a PDF is opened
  }

  /** 'worker' when documents get workers of their own; 'main' when pdf.js runs on this thread. */
  async mode(): Promise<EngineMode> {
    return (await this.started).mode;
  }

  /**
   * Opens `data` (transferred to the worker: the caller's array is emptied). Every document gets
   * a worker of its own, ended with it. pdf.js can share one worker between documents, but a
   * document destroyed while it draws leaves that worker refusing or ignoring the next one; a
   * fresh worker from the Blob costs a fraction of a second.
   */
  async open(data: Uint8Array): Promise<PdfSession> {
    const started = await this.started;
    let port: Worker | null = null;
    let pdfWorker: PDFWorker | undefined;
    if (started.mode === 'worker') {
      port = (await this.spares.shift()?.catch(() => null)) ?? (await startWorker(started.blobUrl));
      pdfWorker = PDFWorker.create({ port });
    }
    const task = getDocument({
      data,
      worker: pdfWorker,
      cMapUrl: this.files.cmaps,
      cMapPacked: true,
      standardFontDataUrl: this.files.fonts,
      // Fetch CMaps and fonts here, where CSP's connect-src allows media/build; the Blob worker
      // could not reach them. WebAssembly decoders (JPX, JBIG2, ICC) would need 'wasm-unsafe-eval'.
      useWorkerFetch: false,
      useWasm: false,
      // Glyphs are drawn by interpreting paths, never by compiling them into functions.
      isEvalSupported: false,
      enableXfa: false,
    });
    let closed = false;
    return {
      task,
      close() {
        if (closed) return;
        closed = true;
        // Not awaited: with the worker ended, pdf.js would wait forever for its goodbye.
        task.destroy().catch(() => {});
        pdfWorker?.destroy();
        port?.terminate();
      },
    };
  }

  /** Boots workers for the next document, up to two; called when the viewer has nothing to do. */
  prepareSpares(): void {
    void this.started.then(
      started => {
        if (started.mode !== 'worker') return;
        while (this.spares.length < SPARES) {
          const spare = startWorker(started.blobUrl);
          spare.catch(() => {}); // the document that takes it starts one of its own
          this.spares.push(spare);
        }
      },
      () => {},
    );
  }

  private async start(url: string): Promise<Started> {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    // Module workers insist on a JavaScript MIME type, which a resource server may not send for .mjs.
    const blobUrl = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'text/javascript' }));
    try {
      const first = await startWorker(blobUrl);
      const second = startWorker(blobUrl);
      second.catch(() => {});
      this.spares = [Promise.resolve(first), second];
      return { mode: 'worker', blobUrl };
    } catch (err) {
      console.warn('[talk-notes] pdf.js worker unavailable, rendering on the main thread:', err);
      // The worker module sets `globalThis.pdfjsWorker`, which pdf.js picks up as its fake worker.
      await import(/* webpackIgnore: true */ blobUrl);
      return { mode: 'main' };
    }
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
