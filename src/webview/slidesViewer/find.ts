// Find in the document: every page's text is searched (case-insensitively, whitespace-tolerant),
// matches are highlighted in the text layers of drawn pages, and the selected one is scrolled into
// view. Driven by the find box or by a message ("find this term"), the same way.
import { MAX_QUERY } from '../../shared/slidesViewerProtocol';
import { format } from './dom';
import { fold, type PageText } from './pageText';
import type { PageView, Viewer } from './state';
import { paintMarks, type TextMark } from './textMarks';

const FIND_DELAY_MS = 150;

interface Match {
  page: number;
  start: number;
  end: number;
}

export class Find {
  private matches: Match[] = [];
  private index = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  /** The query the current `matches` are for. */
  private searched = '';
  /** Scrolls the selected match into view once its page has been drawn and highlighted. */
  private pendingReveal: (() => boolean) | null = null;
  /** A search is reading the pages' text: drawing ahead waits. */
  busy = false;

  constructor(private readonly v: Viewer) {}

  private normalizedQuery(): string {
    return fold(this.v.el.findInput.value.replace(/\s+/g, ' ').trim());
  }

  /** The find box changed: search after a short pause in typing. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), FIND_DELAY_MS);
  }

  /** Enter in the find box: a new query is searched at once, the same one steps to the next match. */
  submit(backwards: boolean): void {
    clearTimeout(this.timer);
    if (this.normalizedQuery() !== this.searched) void this.run();
    else this.step(backwards ? -1 : 1);
  }

  /** Searches `query` as if typed into the find box (a message from the extension). */
  search(query: string): Promise<void> {
    clearTimeout(this.timer);
    this.v.el.findInput.value = query;
    return this.run();
  }

  /** Searches the find box's query now; with no document yet, the document's load does it. */
  async run(): Promise<void> {
    const gen = ++this.generation;
    const query = this.normalizedQuery();
    this.searched = query;
    this.matches = [];
    this.index = -1;
    if (!query || !this.v.state.doc) {
      this.showResult();
      this.highlightAll();
      return;
    }
    this.setBusy(true);
    let texts: (PageText | null)[];
    try {
      texts = await this.v.texts.all();
    } finally {
      if (gen === this.generation) this.setBusy(false);
    }
    if (gen !== this.generation) return;
    const found: Match[] = [];
    texts.forEach((text, i) => {
      // A page whose text cannot be extracted simply has no matches.
      if (!text) return;
      const hay = text.text.replace(/\s/g, ' ');
      for (let at = hay.indexOf(query); at >= 0; at = hay.indexOf(query, at + Math.max(1, query.length))) {
        found.push({ page: i + 1, start: at, end: at + query.length });
      }
    });
    this.matches = found;
    // Start from the first match at or after the page the reader is on.
    const current = this.v.state.current;
    this.index = found.length
      ? Math.max(
          0,
          found.findIndex(m => m.page >= current),
        )
      : -1;
    this.showResult();
    this.highlightAll();
    this.report();
    if (this.index >= 0) this.reveal();
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    // Starting: drawing ahead stops for the search; done: it resumes.
    this.v.layout.update();
  }

  step(delta: number): void {
    if (!this.matches.length) {
      if (this.v.el.findInput.value.trim()) void this.run();
      return;
    }
    this.index = (this.index + delta + this.matches.length) % this.matches.length;
    this.showResult();
    this.highlightAll();
    this.report();
    this.reveal();
  }

  /** Forgets the matches of a document that is gone. */
  reset(): void {
    this.generation++;
    this.matches = [];
    this.index = -1;
    this.searched = '';
    this.pendingReveal = null;
    this.busy = false;
  }

  private report(): void {
    const m = this.matches[this.index];
    this.v.host.post({
      type: 'found',
      query: this.v.el.findInput.value.trim().slice(0, MAX_QUERY),
      total: this.matches.length,
      page: m ? m.page : null,
    });
  }

  private showResult(): void {
    const { findInput, findResult } = this.v.el;
    const q = findInput.value.trim();
    const { labels } = this.v;
    findResult.textContent = !q ? '' : this.matches.length ? format(labels.matchOf, this.index + 1, this.matches.length) : labels.noMatches;
    findInput.classList.toggle('tn-no-match', Boolean(q) && !this.matches.length);
  }

  private reveal(): void {
    const m = this.matches[this.index];
    if (!m) return;
    const pv = this.v.state.pages[m.page - 1];
    const [first, last] = this.v.layout.visibleRange();
    if (m.page < first || m.page > last) this.v.layout.goTo(m.page);
    // The highlight exists once the page is drawn; scroll it to the middle then.
    const scrollToSelected = () => {
      const sel = pv.textLayer?.querySelector<HTMLElement>('.highlight.selected');
      if (!sel) return false;
      const { viewer } = this.v.el;
      const box = sel.getBoundingClientRect();
      const view = viewer.getBoundingClientRect();
      if (box.top < view.top + 20 || box.bottom > view.bottom - 20) {
        this.v.layout.setScrollTop(viewer.scrollTop + box.top - view.top - viewer.clientHeight / 2);
        this.v.layout.pin(m.page);
      }
      return true;
    };
    if (!scrollToSelected()) this.pendingReveal = scrollToSelected;
  }

  private highlightAll(): void {
    for (const pv of this.v.state.pages) if (pv.textLayer) this.highlightPage(pv);
  }

  /** The find matches on a page, as marks for its text layer. */
  pageMarks(page: number): TextMark[] {
    const out: TextMark[] = [];
    this.matches.forEach((m, i) => {
      if (m.page === page) out.push({ start: m.start, end: m.end, className: i === this.index ? 'highlight selected' : 'highlight' });
    });
    return out;
  }

  /** Paints a drawn page's marks (the matches among them), then scrolls to a match waiting for it. */
  highlightPage(pv: PageView): void {
    paintMarks(this.v, pv);
    if (this.pendingReveal?.()) this.pendingReveal = null;
  }
}
