// Reads the text of slide PDFs, page by page, in a worker thread running pdf.js
// (pdfTextWorker.ts). One PDF at a time; a PDF that makes pdf.js hang or run out of memory costs
// that worker, never the caller: it is stopped and the PDF reported.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromWorker, PdfFailure, WorkerSetup } from './pdfTextProtocol';

export type { PdfFailure } from './pdfTextProtocol';

/** Where the worker script and pdf.js's data are. */
export interface ExtractorPaths {
  /** The bundled worker (dist/pdfTextWorker.js). */
  worker: string;
  /** pdf.js's `cmaps/` folder (CJK text in PDFs without embedded fonts needs it). */
  cmaps: string;
  /** pdf.js's `standard_fonts/` folder. */
  standardFonts: string;
}

/**
 * The layout of a build: `dist/` holds the bundles (extension, CLI, worker), `media/build/pdfjs/`
 * the pdf.js data copied there by the build.
 */
export function extractorPaths(distDir: string): ExtractorPaths {
  const pdfjs = path.join(distDir, '..', 'media', 'build', 'pdfjs');
  return {
    worker: path.join(distDir, 'pdfTextWorker.js'),
    cmaps: path.join(pdfjs, 'cmaps') + path.sep,
    standardFonts: path.join(pdfjs, 'standard_fonts') + path.sep,
  };
}

export type ExtractResult = { ok: true; pages: string[] } | { ok: false; reason: PdfFailure; message: string };

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Called after each page. */
  onPage?: (page: number, pageCount: number) => void;
}

/** Without a word from the worker for this long, the PDF is given up (pdf.js is stuck in it). */
export const STALL_MS = 60_000;
/**
 * Heap of the worker: a PDF that needs more is refused instead of taking the process down. Not
 * lower: with a smaller limit V8 collects garbage three times as often on ordinary decks
 * (measured: 6 full collections instead of 2 over 25 decks at 768 MB; as without a limit at 2 GB).
 */
const WORKER_HEAP_MB = 2048;
/** An idle worker is stopped after this long, giving its memory back. */
const IDLE_MS = 15_000;

export class AbortError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

interface Pending {
  id: number;
  resolve(result: ExtractResult): void;
  reject(err: Error): void;
  onPage?: ExtractOptions['onPage'];
  timer: ReturnType<typeof setTimeout>;
}

export class SlideTextExtractor {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly paths: ExtractorPaths,
    private readonly opts: { stallMs?: number; onLog?: (message: string) => void } = {},
  ) {}

  /** The text of every page of the PDF at `file` (a real path); '' for pages without text. */
  extract(file: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
    const run = this.queue.then(() => this.run(file, opts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker; later calls start a new one unless `dispose` was called. */
  close(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }

  dispose(): void {
    this.closed = true;
    const p = this.pending;
    this.pending = null;
    if (p) clearTimeout(p.timer);
    this.close();
    p?.reject(new AbortError());
  }

  private run(file: string, opts: ExtractOptions): Promise<ExtractResult> {
    if (this.closed || opts.signal?.aborted) return Promise.reject(new AbortError());
    clearTimeout(this.idleTimer);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ExtractResult>((resolve, reject) => {
      const stallMs = this.opts.stallMs ?? STALL_MS;
      const onAbort = () => {
        // The worker is busy with this PDF: only stopping it stops pdf.js.
        this.settle(null);
        this.close();
        reject(new AbortError());
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const stall = () => {
        this.settle({ ok: false, reason: 'timeout', message: `no progress for ${Math.round(stallMs / 1000)} s` });
        this.close();
      };
      this.pending = {
        id,
        onPage: opts.onPage,
        timer: setTimeout(stall, stallMs),
        resolve: result => {
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: err => {
          opts.signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.pending.timer.unref?.();
      worker.postMessage({ type: 'extract', id, file });
    }).finally(() => {
      if (this.worker) {
        this.idleTimer = setTimeout(() => this.close(), IDLE_MS);
        this.idleTimer.unref?.();
      }
    });
  }

  /** Ends the pending extraction with `result` (null: it was already rejected or aborted). */
  private settle(result: ExtractResult | null): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    if (result) p.resolve(result);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const setup: WorkerSetup = { cmaps: this.paths.cmaps, standardFonts: this.paths.standardFonts };
    const worker = new Worker(this.paths.worker, {
      workerData: setup,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      // The worker reads files and posts text; it needs nothing of the parent's environment.
      env: {},
      stdout: true,
      stderr: true,
    });
    // Nothing pdf.js writes is for the user; the worker forwards its console as `log` messages.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', err => {
      // Out of memory, or a crash inside pdf.js: the PDF being read is what caused it.
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.settle({ ok: false, reason: tooLarge ? 'tooLarge' : 'engine', message: err.message });
      if (this.worker === worker) this.worker = null;
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.settle({ ok: false, reason: 'engine', message: 'the PDF reader stopped' });
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'log') {
      this.opts.onLog?.(m.message);
      return;
    }
    const p = this.pending;
    if (!p || m.id !== p.id) return;
    if (m.type === 'page') {
      // Progress: the worker is alive, give it time for the next page.
      p.timer.refresh();
      p.onPage?.(m.page, m.pageCount);
    } else if (m.type === 'done') {
      this.settle({ ok: true, pages: m.pages });
    } else {
      this.settle({ ok: false, reason: m.reason, message: m.message });
    }
  }
}
