// Page layout and navigation: one box per page sized for the zoom, where the reader is, jumps,
// and what is visible. Drawing what is visible is the render queue's job; this module tells it
// whenever the view changed.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import type { ZoomSetting } from '../../shared/slidesViewerProtocol';
import { CSS_UNITS, PAGE_GAP, type PageView, type Viewer } from './state';

export class Layout {
  private scrollFrame = 0;
  private lastDpr = window.devicePixelRatio;

  constructor(private readonly v: Viewer) {}

  /** One empty box per page, all the first page's size until each page's own is known. */
  createPages(doc: PDFDocumentProxy, first: PDFPageProxy): void {
    const s = this.v.state;
    const base = baseSize(first);
    s.pages = [];
    this.v.el.pages.replaceChildren();
    for (let num = 1; num <= doc.numPages; num++) {
      const div = document.createElement('div');
      div.className = 'tn-page';
      div.dataset.pageNumber = String(num);
      div.setAttribute('aria-label', `${num} / ${doc.numPages}`);
      this.v.el.pages.append(div);
      s.pages.push({
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
  }

  /** Decks are almost always uniform; odd page sizes are picked up after the first page shows. */
  async loadRemainingSizes(gen: number): Promise<void> {
    const s = this.v.state;
    for (const pv of s.pages) {
      if (gen !== s.generation || !s.doc) return;
      if (pv.sizeKnown) continue;
      const proxy = pv.proxy ?? (await s.doc.getPage(pv.num));
      if (gen !== s.generation) return;
      pv.proxy = proxy;
      this.sizeFrom(pv, proxy);
    }
  }

  /** Records the page's own size; a page unlike the first changes the layout. */
  sizeFrom(pv: PageView, proxy: PDFPageProxy): void {
    if (pv.sizeKnown) return;
    pv.sizeKnown = true;
    const size = baseSize(proxy);
    if (size.width !== pv.base.width || size.height !== pv.base.height) {
      pv.base = size;
      this.layout();
    }
  }

  clampPage(n: number): number {
    return Math.min(Math.max(1, Math.round(n) || 1), this.v.state.pages.length || 1);
  }

  /** The scale for the zoom setting, from the current page's size (as pdf.js's own viewer does). */
  private scaleFor(setting: ZoomSetting): number {
    const { viewer } = this.v.el;
    const ref = this.v.state.pages[this.v.state.current - 1]?.base ?? { width: 612, height: 792 };
    const availWidth = Math.max(50, viewer.clientWidth - 2 * PAGE_GAP);
    const availHeight = Math.max(50, viewer.clientHeight - 2 * PAGE_GAP);
    if (setting === 'fitWidth') return availWidth / ref.width;
    if (setting === 'fitPage') return Math.min(availWidth / ref.width, availHeight / ref.height);
    return (setting / 100) * CSS_UNITS;
  }

  /**
   * Sizes every page for the current zoom, keeping the reader's place on the page they are on.
   * `initial`: the caller jumps right after, so nothing is drawn for the scroll position 0.
   */
  layout(initial = false): void {
    const s = this.v.state;
    if (!s.pages.length) return;
    const anchor = this.readAnchor();
    const next = this.scaleFor(s.zoom);
    // A drawing at the old scale would be thrown away when it completes; stop it now.
    if (next !== s.scale) this.v.renders.cancelActive();
    s.scale = next;
    for (const pv of s.pages) {
      pv.el.style.width = `${Math.floor(pv.base.width * s.scale)}px`;
      pv.el.style.height = `${Math.floor(pv.base.height * s.scale)}px`;
      pv.el.style.setProperty('--total-scale-factor', String(s.scale));
    }
    if (anchor) {
      const pv = s.pages[anchor.page - 1];
      this.setScrollTop(pv.el.offsetTop - PAGE_GAP + anchor.fraction * pv.el.offsetHeight);
      if (s.pinned) s.pinned.scrollTop = this.v.el.viewer.scrollTop;
    }
    this.v.toolbar.updateZoomControl();
    if (!initial) this.update();
  }

  private readAnchor(): { page: number; fraction: number } | null {
    const s = this.v.state;
    const pv = s.pages[s.current - 1];
    if (!pv || !pv.el.offsetHeight) return null;
    const fraction = (this.v.el.viewer.scrollTop + PAGE_GAP - pv.el.offsetTop) / pv.el.offsetHeight;
    return { page: s.current, fraction: Math.min(Math.max(fraction, 0), 1) };
  }

  setScrollTop(top: number): void {
    this.v.el.viewer.scrollTop = Math.max(0, top);
  }

  goTo(page: number): void {
    const s = this.v.state;
    if (!s.pages.length) return;
    const n = this.clampPage(page);
    const pv = s.pages[n - 1];
    this.setScrollTop(pv.el.offsetTop - PAGE_GAP);
    this.pin(n);
  }

  /** Makes `n` the current page until the reader scrolls away from where the view is now. */
  pin(n: number): void {
    this.v.state.pinned = { page: n, scrollTop: this.v.el.viewer.scrollTop };
    this.setCurrent(n);
    this.update();
  }

  private setCurrent(n: number): void {
    const s = this.v.state;
    const changed = n !== s.current;
    s.current = n;
    this.v.el.body.dataset.page = String(n);
    if (document.activeElement !== this.v.el.pageNumber) this.v.el.pageNumber.value = String(n);
    if (changed) this.v.host.reportViewState();
  }

  /** Visible pages by geometry (page tops are sorted, so a binary search finds the first). */
  visibleRange(): [number, number] {
    const { pages } = this.v.state;
    const { viewer } = this.v.el;
    const top = viewer.scrollTop;
    const bottom = top + viewer.clientHeight;
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
  private mostVisible(first: number, last: number): number {
    const { viewer } = this.v.el;
    const top = viewer.scrollTop;
    const bottom = top + viewer.clientHeight;
    let best = first;
    let bestArea = -1;
    for (let n = first; n <= last; n++) {
      const p = this.v.state.pages[n - 1].el;
      const seen = Math.min(bottom, p.offsetTop + p.offsetHeight) - Math.max(top, p.offsetTop);
      if (seen > bestArea + 1) {
        best = n;
        bestArea = seen;
      }
    }
    return best;
  }

  /** After any change of view: the current page, then what to draw, keep and drop. */
  update(): void {
    const s = this.v.state;
    if (!s.pages.length) return;
    const [first, last] = this.visibleRange();
    if (s.pinned && Math.abs(this.v.el.viewer.scrollTop - s.pinned.scrollTop) > 1) s.pinned = null;
    this.setCurrent(s.pinned ? s.pinned.page : this.mostVisible(first, last));
    this.v.renders.update(first, last);
  }

  /** Scrolling, resizing and screens of another pixel density redraw what they must. */
  watch(): void {
    const { viewer } = this.v.el;
    viewer.addEventListener(
      'scroll',
      () => {
        if (this.scrollFrame) return;
        this.scrollFrame = requestAnimationFrame(() => {
          this.scrollFrame = 0;
          this.update();
        });
      },
      { passive: true },
    );
    new ResizeObserver(() => {
      if (!this.v.state.pages.length) return;
      // VS Code's zoom changes the device pixel ratio: redraw then, or the pages turn blurry.
      const dprChanged = window.devicePixelRatio !== this.lastDpr;
      this.lastDpr = window.devicePixelRatio;
      if (typeof this.v.state.zoom !== 'number' || dprChanged) this.layout();
      else this.update();
    }).observe(viewer);
    this.watchPixelRatio();
  }

  /** A window moved to a screen with another pixel density changes the ratio without a resize. */
  private watchPixelRatio(): void {
    matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener(
      'change',
      () => {
        this.lastDpr = window.devicePixelRatio;
        if (this.v.state.pages.length) this.layout();
        this.watchPixelRatio();
      },
      { once: true },
    );
  }
}

export function baseSize(page: PDFPageProxy): { width: number; height: number } {
  const vp = page.getViewport({ scale: 1 });
  return { width: vp.width, height: vp.height };
}
