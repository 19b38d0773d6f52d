// Quote in Notes, the viewer's part: what is selected on the pages, page by page, read from the
// pages' text (PageText) rather than from the DOM, whose line ends are `<br>`s that a Range's text
// leaves out. The extension writes the quote; the viewer only says what was selected.
import { MAX_QUOTE_PART, type QuotePart } from '../../shared/slidesViewerProtocol';
import type { PageView, Viewer } from './state';

/** The selection's text on each page it covers (drawn pages only: others have no text layer). */
export function selectedParts(v: Viewer): QuotePart[] {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return [];
  const range = selection.getRangeAt(0);
  const parts: QuotePart[] = [];
  for (const pv of v.state.pages) {
    const layer = pv.textLayer;
    const text = pv.text;
    if (!layer || !text || !range.intersectsNode(layer)) continue;
    const spans = spanOffsets(pv);
    const start = layer.contains(range.startContainer) ? boundary(pv, spans, range.startContainer, range.startOffset, 'start') : 0;
    const end = layer.contains(range.endContainer) ? boundary(pv, spans, range.endContainer, range.endOffset, 'end') : text.raw.length;
    const part = text.raw.slice(start, Math.max(start, end));
    if (part.trim()) parts.push({ page: pv.num, text: part.slice(0, MAX_QUOTE_PART) });
  }
  return parts;
}

/** Where each text span's characters start and end in the page's text. */
function spanOffsets(pv: PageView): { start: Int32Array; end: Int32Array } {
  const n = pv.textDivs.length;
  const start = new Int32Array(n).fill(-1);
  const end = new Int32Array(n).fill(-1);
  const { item } = pv.text!;
  for (let c = 0; c < item.length; c++) {
    const i = item[c];
    if (i < 0 || i >= n) continue;
    if (start[i] < 0) start[i] = c;
    end[i] = c + 1;
  }
  return { start, end };
}

/** A selection boundary (DOM node and offset) as an offset in the page's text. */
function boundary(pv: PageView, spans: { start: Int32Array; end: Int32Array }, node: Node, offset: number, side: 'start' | 'end'): number {
  const index = new Map(pv.textDivs.map((div, i) => [div as Node, i]));
  for (let n: Node | null = node; n && n !== pv.textLayer; n = n.parentNode) {
    const i = index.get(n);
    if (i === undefined || spans.start[i] < 0) continue;
    return spans.start[i] + Math.min(charsBefore(n as HTMLElement, node, offset), spans.end[i] - spans.start[i]);
  }
  // Between spans (on the layer, a line break): the nearest span on the boundary's side.
  const point = document.createRange();
  point.setStart(node, offset);
  let found = side === 'start' ? pv.text!.raw.length : 0;
  for (let i = 0; i < pv.textDivs.length; i++) {
    const div = pv.textDivs[i];
    if (!div.isConnected || spans.start[i] < 0) continue;
    const after = point.comparePoint(div, 0) >= 0;
    if (side === 'start' && after) return spans.start[i];
    if (side === 'end' && !after) found = spans.end[i];
  }
  return found;
}

/** Characters of `div`'s text before the point (`node`, `offset`) inside it. */
function charsBefore(div: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(div, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}
