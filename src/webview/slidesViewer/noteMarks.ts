// What the talk's note says about the pages, as the extension sends it: the passages it quotes,
// highlighted where their text stands on their page (a click shows the note at the quote), and
// the moments of the video it pairs with a page, as ▶ chips on that page (a click opens the video
// there). The note is the only storage: the next message replaces everything, so a quote deleted
// from the note loses its highlight.
import { formatTimestamp } from '../../core/links';
import { findQuote, matchKey } from '../../core/quoteMatch';
import type { MomentMark, PdfMarksMessage, QuoteMark } from '../../shared/slidesViewerProtocol';
import { format } from './dom';
import type { Viewer } from './state';
import { paintMarks, type TextMark } from './textMarks';

interface FoundQuote {
  quote: QuoteMark;
  ranges: [number, number][];
}

export class NoteMarks {
  private quotes: QuoteMark[] = [];
  private moments: MomentMark[] = [];
  /** Quotes found on their page's text, by page; rebuilt whenever the quotes or the document change. */
  private found = new Map<number, FoundQuote[]>();
  private generation = 0;

  constructor(private readonly v: Viewer) {}

  /** The extension sent the note's quotes and moments (after a load, after every change of the note). */
  set(message: PdfMarksMessage): void {
    this.quotes = message.quotes;
    this.moments = message.moments;
    this.refresh();
  }

  /** A document is shown (or replaced): match the quotes on its pages, put the chips on them. */
  refresh(): void {
    this.drawMoments();
    void this.matchQuotes();
  }

  /** The quoted passages on a page, as marks for its text layer. */
  pageMarks(page: number): TextMark[] {
    return (this.found.get(page) ?? []).flatMap(f =>
      f.ranges.map(([start, end]) => ({ start, end, className: 'tn-quote', line: f.quote.line })),
    );
  }

  /** Clicks on a highlight show the quote in the note; clicks on a chip open the video. */
  wire(): void {
    this.v.el.pages.addEventListener('click', e => {
      const target = e.target instanceof Element ? e.target : null;
      const chip = target?.closest<HTMLButtonElement>('.tn-moment');
      if (chip?.dataset.url) {
        this.v.host.post({ type: 'openMoment', url: chip.dataset.url });
        return;
      }
      const quote = target?.closest<HTMLElement>('.tn-quote');
      // A click that ends a selection is selecting, not asking for the note.
      if (!quote?.dataset.quoteLine || !document.getSelection()?.isCollapsed) return;
      this.v.host.post({ type: 'showQuote', line: Number(quote.dataset.quoteLine) });
    });
  }

  private async matchQuotes(): Promise<void> {
    const gen = ++this.generation;
    const docGen = this.v.state.generation;
    const found = new Map<number, FoundQuote[]>();
    const shown: { line: number; page: number; found: boolean }[] = [];
    if (this.v.state.doc) {
      const byPage = new Map<number, QuoteMark[]>();
      for (const q of this.quotes) {
        if (q.page > this.v.state.pages.length) shown.push({ line: q.line, page: q.page, found: false });
        else byPage.set(q.page, [...(byPage.get(q.page) ?? []), q]);
      }
      for (const [page, quotes] of byPage) {
        // Text extraction is cached: a page quoted ten times is read once.
        const text = await this.v.texts.get(page, true).then(
          t => t.text,
          () => null,
        );
        if (gen !== this.generation || docGen !== this.v.state.generation) return;
        const key = text ? matchKey(text.raw) : null;
        for (const quote of quotes) {
          const ranges = key ? findQuote(key, quote.text) : [];
          shown.push({ line: quote.line, page, found: ranges.length > 0 });
          if (ranges.length) found.set(page, [...(found.get(page) ?? []), { quote, ranges }]);
        }
      }
    }
    const repaint = new Set([...this.found.keys(), ...found.keys()]);
    this.found = found;
    for (const page of repaint) {
      const pv = this.v.state.pages[page - 1];
      if (pv?.textLayer) paintMarks(this.v, pv);
    }
    shown.sort((a, b) => a.line - b.line);
    this.v.el.body.dataset.quotesShown = String(shown.filter(s => s.found).length);
    this.v.host.post({
      type: 'marksShown',
      quotes: shown,
      moments: this.moments.filter(m => m.page <= this.v.state.pages.length).map(m => ({ line: m.line, page: m.page })),
    });
  }

  /** One ▶ chip per paired moment, in the page's top corner, in the order of the note. */
  private drawMoments(): void {
    const { pages } = this.v.state;
    for (const pv of pages) pv.el.querySelector('.tn-moments')?.remove();
    const byPage = new Map<number, MomentMark[]>();
    for (const m of this.moments) if (m.page <= pages.length) byPage.set(m.page, [...(byPage.get(m.page) ?? []), m]);
    for (const [page, moments] of byPage) {
      const box = document.createElement('div');
      box.className = 'tn-moments';
      for (const m of moments) {
        const time = formatTimestamp(m.seconds);
        const chip = document.createElement('button');
        chip.type = 'button';
        chip.className = 'tn-moment';
        chip.dataset.url = m.url;
        chip.dataset.line = String(m.line);
        chip.textContent = `▶ ${time}`;
        chip.title = format(this.v.labels.openMoment, time);
        box.append(chip);
      }
      pages[page - 1].el.append(box);
    }
  }
}
