// The document outline (bookmarks) in a sidebar, when the PDF has one.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { Viewer } from './state';

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

export class Outline {
  constructor(private readonly v: Viewer) {}

  async load(doc: PDFDocumentProxy, gen: number): Promise<void> {
    let outline: OutlineNode[] | null = null;
    try {
      outline = (await doc.getOutline()) as OutlineNode[] | null;
    } catch {
      outline = null;
    }
    if (gen !== this.v.state.generation) return;
    const { el, labels } = this.v;
    const has = Boolean(outline?.length);
    el.sidebarToggle.disabled = !has;
    el.sidebarToggle.title = has ? labels.outline : labels.noOutline;
    el.body.dataset.outline = has ? 'true' : 'false';
    if (!has || !outline) {
      this.setSidebar(false, false);
      return;
    }
    el.sidebar.replaceChildren(this.list(doc, outline));
    this.setSidebar(this.v.state.sidebarOpen, false);
  }

  private list(doc: PDFDocumentProxy, nodes: OutlineNode[]): HTMLUListElement {
    const ul = document.createElement('ul');
    for (const node of nodes) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'tn-outline-item';
      button.textContent = node.title || '—';
      button.title = node.title;
      button.addEventListener('click', () => {
        void destinationPage(doc, node.dest).then(page => {
          if (page) this.v.layout.goTo(page);
        });
      });
      li.append(button);
      if (node.items?.length) li.append(this.list(doc, node.items));
      ul.append(li);
    }
    return ul;
  }

  toggle(): void {
    this.setSidebar(this.v.el.sidebar.hidden);
  }

  setSidebar(open: boolean, remember = true): void {
    const { el } = this.v;
    if (remember) this.v.state.sidebarOpen = open;
    const show = open && !el.sidebarToggle.disabled;
    el.sidebar.hidden = !show;
    el.sidebarToggle.setAttribute('aria-pressed', String(show));
    if (remember) this.v.host.reportViewState();
    // No relayout here: the ResizeObserver sees the viewer change width and fit modes follow.
  }
}

async function destinationPage(doc: PDFDocumentProxy, dest: string | unknown[] | null): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit)) return null;
    const ref = explicit[0];
    if (typeof ref === 'number' && Number.isInteger(ref)) return ref + 1;
    if (ref && typeof ref === 'object') return (await doc.getPageIndex(ref as { num: number; gen: number })) + 1;
  } catch {
    /* a broken destination is a dead entry, nothing more */
  }
  return null;
}
