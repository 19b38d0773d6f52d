// The text of the pages: extracted once per page and kept, for the text layers (selectable text
// over the canvas) and for find. Find must never wait behind drawing: with a worker available,
// the text comes from a second copy of the document on a worker of its own, which starts reading
// every page as soon as the pages are laid out (by the time the first page is drawn the text is
// usually all there) and then ends (its memory with it). The drawing worker is busy decoding
// images; this one only reads text. It reads a few pages at a time, nearest the reader's page
// first: all fifty at once would leave the first page's own text layer waiting behind the rest.
import { TextLayer, type PageViewport, type PDFDocumentProxy } from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api';
import type { PdfEngine, PdfSession } from './engine';
import type { PageView, Viewer } from './state';

/** A page's text as one string, with where every character came from in pdf.js's text items. */
export interface PageText {
  /** Folded for find (see `fold`); `raw` is the same text as the page has it, index for index. */
  text: string;
  raw: string;
  /** text item index per character; -1 for the line breaks added between items. */
  item: Int32Array;
  offset: Int32Array;
}

/** The text-only copy of a document, on a worker of its own. */
interface TextReader {
  gen: number;
  session: PdfSession;
  /** Resolves when the copy has opened (null when it could not). */
  doc: Promise<PDFDocumentProxy | null>;
  opened: PDFDocumentProxy | null;
}

/** Pages the text worker reads at a time in the background (see the file's header). */
const READ_AHEAD_LANES = 4;

interface Extracted {
  content: TextContent;
  text: PageText;
}

export class PageTexts {
  private cache = new Map<number, Promise<Extracted>>();
  /** The text-only copy of the document, while it is opening or extracting. */
  private reader: TextReader | null = null;
  /** The generation whose text has all been read by the text worker. */
  private readDone = -1;
  /** Settles once `openReader`'s copy is open (or known not to be coming). */
  private opening: Promise<void> = Promise.resolve();

  constructor(
    private readonly v: Viewer,
    private readonly engine: PdfEngine,
  ) {}

  /**
   * Opens the text-only copy of the document being loaded (`data` is transferred to its worker).
   * Without workers there is no second copy: the one document does both jobs.
   */
  openReader(data: Uint8Array, gen: number): void {
    this.opening = this.open(data, gen);
  }

  private async open(data: Uint8Array, gen: number): Promise<void> {
    if ((await this.engine.mode()) !== 'worker' || gen !== this.v.state.generation) return;
    let session: PdfSession;
    try {
      session = await this.engine.open(data);
    } catch (err) {
      console.warn('[talk-notes] no separate text worker; text comes from the drawing worker:', err);
      return;
    }
    if (gen !== this.v.state.generation) {
      session.close();
      return;
    }
    const reader: TextReader = {
      gen,
      session,
      opened: null,
      doc: session.task.promise.then(
        doc => (reader.opened = doc),
        err => {
          console.warn('[talk-notes] the text worker could not open the document:', err);
          if (this.reader === reader) this.closeReader();
          return null;
        },
      ),
    };
    this.reader = reader;
  }

  /**
   * Reads every page's text on the text worker, then ends it. Called once the document's pages
   * are laid out, so a search finds the text waiting (and so do the text layers of pages drawn
   * later). A search meanwhile asks for every remaining page at once (`all`), at full speed.
   */
  async extractAll(gen: number): Promise<void> {
    await this.opening;
    const reader = this.reader;
    // Without a text worker the drawing worker (or this very thread) would do it: a search will.
    if (!reader || reader.gen !== gen || !(await reader.doc)) return;
    const live = () => this.reader === reader && this.v.state.generation === gen;
    const current = this.v.state.current;
    const pages = this.v.state.pages.map(pv => pv.num).sort((a, b) => Math.abs(a - current) - Math.abs(b - current) || a - b);
    let next = 0;
    const lane = async () => {
      while (live() && next < pages.length) await this.get(pages[next++], true).catch(() => {});
    };
    await Promise.all(Array.from({ length: READ_AHEAD_LANES }, lane));
    if (!live()) return;
    this.closeReader();
    this.readDone = gen;
    this.whenQuiet();
  }

  /**
   * The text is read and nothing waits to be drawn: a quiet moment to boot the workers of the next
   * document. Called by both, whichever finishes last boots them.
   */
  whenQuiet(): void {
    if (this.readDone === this.v.state.generation && this.v.renders.idle) this.engine.prepareSpares();
  }

  /**
   * The page's text, extracted once (a failure too: a broken page is not retried in a loop).
   * `waitForReader`: rather wait for the text worker to open than ask the drawing worker, which
   * may be busy for a while; a text layer asks whichever is ready now.
   */
  get(num: number, waitForReader = false): Promise<Extracted> {
    let cached = this.cache.get(num);
    if (!cached) {
      cached = this.extract(num, waitForReader);
      this.cache.set(num, cached);
    }
    return cached;
  }

  /** Every page's text, requested at once; null for a page whose text could not be extracted. */
  all(): Promise<(PageText | null)[]> {
    return Promise.all(
      this.v.state.pages.map(pv =>
        this.get(pv.num, true).then(
          t => t.text,
          () => null,
        ),
      ),
    );
  }

  private async extract(num: number, waitForReader: boolean): Promise<Extracted> {
    if (waitForReader) await this.opening;
    const own = this.v.state.doc;
    const reader = this.reader?.gen === this.v.state.generation ? this.reader : null;
    const doc = (reader && (waitForReader ? await reader.doc : reader.opened)) ?? own;
    if (!doc) throw new Error('no document');
    try {
      return await extractFrom(doc, num);
    } catch (err) {
      // The text worker went away (or choked on the page): the drawing worker has the same page.
      if (doc === own || !own || own !== this.v.state.doc) throw err;
      return extractFrom(own, num);
    }
  }

  /** Draws the selectable text over a page's canvas. */
  async drawLayer(pv: PageView, viewport: PageViewport, canvas: HTMLCanvasElement): Promise<void> {
    const { content, text } = await this.get(pv.num);
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

  /** Forgets the document: its texts and its text worker. */
  reset(): void {
    this.cache = new Map();
    this.closeReader();
  }

  private closeReader(): void {
    this.reader?.session.close();
    this.reader = null;
  }
}

async function extractFrom(doc: PDFDocumentProxy, num: number): Promise<Extracted> {
  const page = await doc.getPage(num);
  const content = await page.getTextContent();
  return { content, text: joinText(content) };
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
  return { text: fold(text), raw: text, item: Int32Array.from(item), offset: Int32Array.from(offset) };
}

/** Case-insensitive matching that keeps every character at its index (no length-changing folds). */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}
