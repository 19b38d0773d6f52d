// Drawing pages: one at a time (the worker is single-threaded anyway), visible pages first, then
// one page ahead on either side. Priorities: a visible page, then find, then drawing ahead; a
// drawing that left the visible window, or drawing ahead while a visible page or a search waits,
// is cancelled (pdf.js `RenderTask.cancel()`) instead of finishing first. Canvas memory of pages
// out of view is bounded.
import type { PageViewport, RenderTask } from 'pdfjs-dist';
import type { PageView, Viewer } from './state';

/** pdf.js's own cap: beyond it a page is drawn at less than device resolution. */
const MAX_CANVAS_PIXELS = 2 ** 25;
/** Pages drawn ahead of the visible ones, and how far away a drawn page is released. */
const PRERENDER = 1;
const KEEP = 2;
/**
 * Bitmap memory for pages out of view. At 400 % on a HiDPI screen one slide is ~128 MB, so
 * beyond this the farthest hidden pages are released and no more are drawn ahead.
 */
const HIDDEN_CANVAS_BUDGET = 192 * 1024 * 1024;

/** One page being drawn. */
interface Job {
  pv: PageView;
  gen: number;
  task: RenderTask | null;
  cancelled: boolean;
  /** Settles when the job is cancelled, so a job waiting on pdf.js stops waiting. */
  stopped: Promise<void>;
  stop(): void;
}

export class RenderQueue {
  /** The document generation whose loop is running, -1 when none is. */
  private running = -1;
  private again = false;
  private active: Job | null = null;
  private visible: [number, number] = [1, 1];
  private cancelledCount = 0;
  /** Nothing is being drawn and nothing waits to be. */
  idle = true;

  constructor(private readonly v: Viewer) {}

  /** The view changed: drop far pages, stop drawings that are no longer wanted, draw what is. */
  update(first: number, last: number): void {
    this.visible = [first, last];
    const { pages } = this.v.state;
    for (const pv of pages) {
      if (pv.drawn && (pv.num < first - KEEP || pv.num > last + KEEP)) this.release(pv);
    }
    const hidden = pages
      .filter(pv => pv.canvas && (pv.num < first || pv.num > last))
      .sort((a, b) => distance(b, first, last) - distance(a, first, last));
    let bytes = hidden.reduce((n, pv) => n + canvasBytes(pv), 0);
    for (const pv of hidden) {
      if (bytes <= HIDDEN_CANVAS_BUDGET) break;
      bytes -= canvasBytes(pv);
      this.release(pv);
    }
    this.cancelUnwanted();
    void this.pump();
  }

  /** Stops the drawing in progress (a zoom made it worthless). */
  cancelActive(): void {
    if (this.active) this.cancel(this.active);
  }

  /** Forgets the counters of the previous document. */
  reset(): void {
    this.cancelActive();
    this.cancelledCount = 0;
    delete this.v.el.body.dataset.cancelledRenders;
  }

  private cancelUnwanted(): void {
    const job = this.active;
    if (!job || job.cancelled) return;
    const [first, last] = this.visible;
    const n = job.pv.num;
    if (n >= first && n <= last) return;
    const near = n >= first - PRERENDER && n <= last + PRERENDER;
    if (!near || this.v.find.busy || this.visibleWaiting()) this.cancel(job);
  }

  private visibleWaiting(): boolean {
    const [first, last] = this.visible;
    const key = drawKey(this.v.state.scale);
    for (let n = first; n <= last; n++) if (this.v.state.pages[n - 1]?.drawn !== key) return true;
    return false;
  }

  private cancel(job: Job): void {
    if (job.cancelled) return;
    job.cancelled = true;
    job.task?.cancel();
    job.stop();
    if (job.gen !== this.v.state.generation) return;
    this.cancelledCount++;
    this.v.el.body.dataset.cancelledRenders = String(this.cancelledCount);
    this.v.host.post({ type: 'renderCancelled', page: job.pv.num });
  }

  /** The next page to draw: visible pages nearest the current one first, then their neighbours. */
  private next(): PageView | null {
    const s = this.v.state;
    const [first, last] = this.v.layout.visibleRange();
    this.visible = [first, last];
    const key = drawKey(s.scale);
    const wanted: number[] = [];
    for (let n = first; n <= last; n++) wanted.push(n);
    wanted.sort((a, b) => Math.abs(a - s.current) - Math.abs(b - s.current));
    const visible = wanted.length;
    // A search in progress goes before drawing ahead.
    if (!this.v.find.busy) for (let d = 1; d <= PRERENDER; d++) wanted.push(last + d, first - d);
    const hiddenBytes = s.pages.reduce((n, pv) => n + (pv.num < first || pv.num > last ? canvasBytes(pv) : 0), 0);
    for (const [i, n] of wanted.entries()) {
      const pv = s.pages[n - 1];
      if (!pv || pv.drawn === key) continue;
      if (i < visible) return pv;
      // Drawing ahead must fit the budget, or the next scroll would release it again.
      const cost = this.estimatedBytes(pv) - canvasBytes(pv);
      if (hiddenBytes + cost <= HIDDEN_CANVAS_BUDGET) return pv;
    }
    return null;
  }

  /**
   * One loop per document: pdf.js never settles requests to a destroyed document, so a loop left
   * waiting on the previous file must not keep the next one from drawing.
   */
  private async pump(): Promise<void> {
    const gen = this.v.state.generation;
    if (this.running === gen) {
      this.again = true;
      return;
    }
    this.running = gen;
    try {
      for (;;) {
        this.again = false;
        const next = this.next();
        if (!next) {
          if (this.again) continue;
          this.idle = true;
          this.v.texts.whenQuiet();
          return;
        }
        this.idle = false;
        await this.draw(this.startJob(next, gen));
        if (gen !== this.v.state.generation) return;
      }
    } finally {
      if (this.running === gen) this.running = -1;
    }
  }

  private startJob(pv: PageView, gen: number): Job {
    let stop = () => {};
    const stopped = new Promise<void>(resolve => (stop = resolve));
    const job: Job = { pv, gen, task: null, cancelled: false, stopped, stop };
    this.active = job;
    return job;
  }

  private async draw(job: Job): Promise<void> {
    const s = this.v.state;
    const doc = s.doc;
    const { pv, gen } = job;
    if (!doc) return;
    const key = drawKey(s.scale);
    const started = performance.now();
    const live = () => !job.cancelled && gen === s.generation;
    try {
      const proxy = pv.proxy ?? (await Promise.race([doc.getPage(pv.num), job.stopped]));
      if (!proxy || !live()) return;
      pv.proxy = proxy;
      this.v.layout.sizeFrom(pv, proxy);
      const renderScale = s.scale;
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
      job.task = proxy.render({
        canvas,
        canvasContext: ctx,
        viewport,
        transform: output !== 1 ? [output, 0, 0, output, 0, 0] : undefined,
      });
      await job.task.promise;
      if (!live() || renderScale !== s.scale) {
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
      // The canvas is what the reader waits for: the next page starts while this text is laid out.
      void this.finish(pv, viewport, canvas, started, gen);
    } catch (err) {
      if ((err as Error)?.name === 'RenderingCancelledException' || !live()) return;
      this.broken(pv, key, err);
    } finally {
      if (this.active === job) this.active = null;
    }
  }

  /** The text layer and the highlights over a freshly drawn canvas, then "rendered". */
  private async finish(pv: PageView, viewport: PageViewport, canvas: HTMLCanvasElement, started: number, gen: number): Promise<void> {
    const s = this.v.state;
    try {
      await this.v.texts.drawLayer(pv, viewport, canvas);
    } catch (err) {
      // No text layer (the page's text could not be read): the page still shows.
      console.warn(`[talk-notes] page ${pv.num} has no text layer`, err);
    }
    // Released or redrawn while the text was laid out: that newer state wins.
    if (gen !== s.generation || pv.canvas !== canvas) return;
    pv.el.dataset.rendered = 'true';
    this.v.find.highlightPage(pv);
    const ms = performance.now() - (s.firstRenderReported ? started : s.loadStart);
    if (!s.firstRenderReported) {
      s.firstRenderReported = true;
      this.v.el.body.dataset.firstRenderMs = ms.toFixed(1);
    }
    this.v.host.post({ type: 'rendered', page: pv.num, ms });
  }

  private broken(pv: PageView, key: string, err: unknown): void {
    console.error(`[talk-notes] page ${pv.num} failed to render`, err);
    // Mark it drawn so a broken page is not retried in a loop; the rest of the deck still shows.
    pv.drawn = key;
    pv.el.classList.add('tn-page-broken');
  }

  /** What drawing `pv` now would take, from its CSS size (the same arithmetic as `draw`). */
  private estimatedBytes(pv: PageView): number {
    const w = pv.base.width * this.v.state.scale;
    const h = pv.base.height * this.v.state.scale;
    const output = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (w * h)));
    return w * h * output * output * 4;
  }

  release(pv: PageView): void {
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
}

function drawKey(scale: number): string {
  return `${scale}@${window.devicePixelRatio || 1}`;
}

function distance(pv: PageView, first: number, last: number): number {
  return pv.num < first ? first - pv.num : pv.num - last;
}

function canvasBytes(pv: PageView): number {
  return pv.canvas ? pv.canvas.width * pv.canvas.height * 4 : 0;
}
