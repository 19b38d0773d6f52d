// Worker thread that reads the text of slide PDFs with pdf.js (bundled to dist/pdfTextWorker.js).
//
// Why a worker and this build: pdf.js parses a page's content synchronously, tens of milliseconds
// for a dense slide; in a thread of its own that never delays the extension host or the CLI's
// output. pdfjs-dist 5 declares Node >= 20.19, newer than the Node of VS Code 1.90 (20.9); its
// `legacy` build carries polyfills for everything newer, and the two things it still asks of
// Node — `process.getBuiltinModule` to read CMaps and fonts, and a `DOMMatrix` its display layer
// creates at load time (only used for drawing) — are supplied here: a file reader of our own and
// an inert class. The result runs on Node 20.0 and later (measured; see the README's Search).
//
// Everything pdf.js logs stays in this thread (forwarded as `log` messages): its warnings about
// canvas support are about drawing, which never happens here.
import { readFileSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, PdfFailure, ToWorker, WorkerSetup } from './pdfTextProtocol';

/** Text beyond this per page is dropped (a page of slides holds a few hundred characters). */
const MAX_PAGE_CHARS = 200_000;
/** Larger files are refused before pdf.js reads them into memory. */
export const MAX_PDF_BYTES = 512 * 1024 * 1024;

const port = parentPort;
const setup = workerData as WorkerSetup;

function post(message: FromWorker): void {
  port?.postMessage(message);
}

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[method] = (...args: unknown[]) => post({ type: 'log', message: args.map(String).join(' ') });
}

/** What pdf.js's display layer creates at load time; drawing (which would use it) never happens. */
class InertDOMMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
}
const g = globalThis as Record<string, unknown>;
g.DOMMatrix ??= InertDOMMatrix;

/** pdf.js's CMaps and standard fonts, read from our own folders instead of through `process.getBuiltinModule`. */
class FileDataFactory {
  private readonly dirs: Record<string, string | null>;
  constructor(opts: { cMapUrl?: string | null; standardFontDataUrl?: string | null }) {
    this.dirs = { cMapUrl: opts.cMapUrl ?? null, standardFontDataUrl: opts.standardFontDataUrl ?? null };
  }
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const dir = this.dirs[kind];
    // pdf.js names these files itself (`UniGB-UCS2-H.bcmap`, `FoxitSans.pfb`); still, no paths.
    if (!dir || !/^[\w.+-]+$/.test(filename)) throw new Error(`no ${kind} data for ${filename}`);
    return new Uint8Array(readFileSync(dir + filename));
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const [api, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
    // pdf.js runs its parser in this thread ("fake worker") when it finds the handler here.
    g.pdfjsWorker = worker;
    return api;
  })();
  return pdfjs;
}

function failure(err: unknown): { reason: PdfFailure; message: string } {
  const name = (err as { name?: string } | null)?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  // Anything else pdf.js throws while opening (InvalidPDFException, FormatError...) means the
  // bytes are not a PDF it can read.
  return { reason: name === 'PasswordException' ? 'password' : 'damaged', message };
}

async function extract(id: number, file: string): Promise<void> {
  let data: Uint8Array;
  try {
    if (statSync(file).size > MAX_PDF_BYTES) {
      post({ type: 'failed', id, reason: 'tooLarge', message: `larger than ${MAX_PDF_BYTES / 1024 / 1024} MB` });
      return;
    }
    data = new Uint8Array(readFileSync(file));
  } catch (err) {
    post({ type: 'failed', id, reason: 'unreadable', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  let api: PdfJs;
  try {
    api = await loadPdfJs();
  } catch (err) {
    post({ type: 'failed', id, reason: 'engine', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const task = api.getDocument({
    data,
    cMapUrl: setup.cmaps,
    cMapPacked: true,
    standardFontDataUrl: setup.standardFonts,
    BinaryDataFactory: FileDataFactory,
    // Slides come from the internet: no code generated from font programs, no scripts, no XFA.
    isEvalSupported: false,
    enableXfa: false,
    useWasm: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  } as Parameters<PdfJs['getDocument']>[0]);
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      let text = '';
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        // Joined the way pdf.js's own find joins them, so the viewer's find sees the same text.
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str;
          if (item.hasEOL) text += '\n';
          if (text.length > MAX_PAGE_CHARS) break;
        }
        page.cleanup();
      } catch {
        // A page pdf.js cannot read counts as a page without text; the others still count.
      }
      pages.push(text.length > MAX_PAGE_CHARS ? text.slice(0, MAX_PAGE_CHARS) : text);
      post({ type: 'page', id, page: n, pageCount: doc.numPages });
    }
    post({ type: 'done', id, pages });
  } catch (err) {
    post({ type: 'failed', id, ...failure(err) });
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

// One PDF at a time: the extractor sends the next one when this one is done.
port?.on('message', (message: ToWorker) => {
  if (message?.type === 'extract') void extract(message.id, message.file);
});
