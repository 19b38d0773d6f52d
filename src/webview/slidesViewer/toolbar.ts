// The toolbar and the keyboard: page buttons and box, zoom, find, dark pages, and the buttons that
// ask the extension to act (the notes live there).
import {
  MAX_QUERY,
  MAX_ZOOM_PERCENT,
  MIN_ZOOM_PERCENT,
  type SlidesViewerCommand,
  type ZoomSetting,
} from '../../shared/slidesViewerProtocol';
import { selectedParts } from './quoting';
import { CSS_UNITS, type Viewer } from './state';

const ZOOM_STEPS = [25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400, 500, 600, 800];

export class Toolbar {
  constructor(private readonly v: Viewer) {}

  /** Without a document the page, zoom, find and insert controls have nothing to act on. */
  enable(ready: boolean): void {
    const { el } = this.v;
    for (const control of Array.from(
      document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>(
        '#toolbar button, #toolbar input, #toolbar select',
      ),
    )) {
      if (control === el.sidebarToggle || control === el.darkPages) continue;
      control.disabled = !ready;
    }
    if (!ready) el.sidebarToggle.disabled = true;
  }

  setZoom(next: ZoomSetting): void {
    const s = this.v.state;
    s.zoom = typeof next === 'number' ? Math.min(MAX_ZOOM_PERCENT, Math.max(MIN_ZOOM_PERCENT, Math.round(next))) : next;
    s.pinned = null;
    this.v.layout.layout();
    this.v.host.reportViewState();
  }

  private currentPercent(): number {
    return Math.round((this.v.state.scale / CSS_UNITS) * 100);
  }

  private zoomStep(direction: 1 | -1): void {
    const now = this.currentPercent();
    const next = direction > 0 ? ZOOM_STEPS.find(p => p > now) : [...ZOOM_STEPS].reverse().find(p => p < now);
    if (next) this.setZoom(next);
  }

  updateZoomControl(): void {
    const { el } = this.v;
    const { zoom } = this.v.state;
    const value = typeof zoom === 'number' ? String(zoom) : zoom;
    const preset = Array.from(el.zoomSelect.options).some(o => o.value === value && o !== el.zoomCustom);
    el.zoomCustom.hidden = preset;
    if (preset) el.zoomSelect.value = value;
    else {
      el.zoomCustom.textContent = `${zoom}%`;
      el.zoomSelect.value = 'custom';
    }
    el.body.dataset.zoom = value;
    el.body.dataset.scalePercent = String(this.currentPercent());
  }

  setDarkPages(on: boolean, tell: boolean): void {
    this.v.el.body.classList.toggle('tn-dark-pages', on);
    this.v.el.darkPages.setAttribute('aria-pressed', String(on));
    if (tell) this.v.host.post({ type: 'darkPages', value: on });
  }

  private command(name: SlidesViewerCommand): void {
    if (this.v.state.pages.length) this.v.host.post({ type: 'command', command: name, page: this.v.state.current });
  }

  private commitPageNumber(): void {
    const { pageNumber } = this.v.el;
    const n = Number(pageNumber.value.trim());
    if (Number.isInteger(n) && n >= 1) this.v.layout.goTo(n);
    pageNumber.value = String(this.v.state.current);
  }

  wire(): void {
    const { el, layout, find, outline } = this.v;
    const s = this.v.state;
    el.prevPage.addEventListener('click', () => layout.goTo(s.current - 1));
    el.nextPage.addEventListener('click', () => layout.goTo(s.current + 1));
    el.zoomIn.addEventListener('click', () => this.zoomStep(1));
    el.zoomOut.addEventListener('click', () => this.zoomStep(-1));
    el.findNext.addEventListener('click', () => find.step(1));
    el.findPrev.addEventListener('click', () => find.step(-1));
    el.searchAllTalks.addEventListener('click', () =>
      this.v.host.post({ type: 'searchAllTalks', query: el.findInput.value.trim().slice(0, MAX_QUERY) }),
    );
    el.insertSlideReference.addEventListener('click', () => this.command('insertSlideReference'));
    el.insertVideoTimestamp.addEventListener('click', () => this.command('insertVideoTimestamp'));
    // Pressing the button must not take the selection it is about to quote.
    el.quoteInNotes.addEventListener('mousedown', e => e.preventDefault());
    el.quoteInNotes.addEventListener('click', () => this.v.host.post({ type: 'quote', id: null, parts: selectedParts(this.v) }));
    el.sidebarToggle.addEventListener('click', () => outline.toggle());
    el.darkPages.addEventListener('click', () => this.setDarkPages(!el.body.classList.contains('tn-dark-pages'), true));

    el.zoomSelect.addEventListener('change', () => {
      const v = el.zoomSelect.value;
      if (v === 'fitWidth' || v === 'fitPage') this.setZoom(v);
      else if (v !== 'custom') this.setZoom(Number(v));
    });

    el.pageNumber.addEventListener('keydown', e => {
      if (e.key === 'Enter') {
        this.commitPageNumber();
        el.viewer.focus();
      } else if (e.key === 'Escape') {
        el.pageNumber.value = String(s.current);
        el.viewer.focus();
      }
    });
    el.pageNumber.addEventListener('change', () => this.commitPageNumber());
    el.pageNumber.addEventListener('focus', () => el.pageNumber.select());

    el.findInput.addEventListener('input', () => find.schedule());
    el.findInput.addEventListener('keydown', e => {
      if (e.key === 'Enter') {
        e.preventDefault();
        find.submit(e.shiftKey);
      } else if (e.key === 'Escape') {
        el.findInput.value = '';
        void find.run();
        el.viewer.focus();
      }
    });

    document.addEventListener('keydown', e => this.onKey(e));
  }

  private onKey(e: KeyboardEvent): void {
    const { el, layout, find } = this.v;
    const s = this.v.state;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      el.findInput.focus();
      el.findInput.select();
      return;
    }
    if (e.key === 'F3') {
      e.preventDefault();
      find.step(e.shiftKey ? -1 : 1);
      return;
    }
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
    if (mod || e.altKey || !s.pages.length) return;
    const fitPage = s.zoom === 'fitPage';
    switch (e.key) {
      case 'PageDown':
      case 'ArrowRight':
        layout.goTo(s.current + 1);
        break;
      case 'PageUp':
      case 'ArrowLeft':
        layout.goTo(s.current - 1);
        break;
      case 'ArrowDown':
        if (!fitPage) return;
        layout.goTo(s.current + 1);
        break;
      case 'ArrowUp':
        if (!fitPage) return;
        layout.goTo(s.current - 1);
        break;
      case 'Home':
        layout.goTo(1);
        break;
      case 'End':
        layout.goTo(s.pages.length);
        break;
      default:
        return;
    }
    e.preventDefault();
  }
}
