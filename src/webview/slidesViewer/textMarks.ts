// Marks drawn over a page's text layer: the matches of find and the passages the note quotes. Both
// wrap characters of the same pdf.js text spans, so they are painted together, from ranges of the
// page's text (PageText offsets), each range with its classes; a character in both gets both.
import type { PageView, Viewer } from './state';

export interface TextMark {
  start: number;
  end: number;
  /** Classes of the span wrapping the range (`highlight`, `highlight selected`, `tn-quote`). */
  className: string;
  /** For a quote: the note's line where it starts, kept on the span for a click. */
  line?: number;
}

/** Every span this module wraps carries this class, so the next paint can undo the last. */
const MARK = 'tn-mark';

/** Repaints the marks of a drawn page: find's and the quotes'. */
export function paintMarks(v: Viewer, pv: PageView): void {
  const { textLayer, textDivs, text } = pv;
  if (!textLayer || !text) return;
  for (const span of Array.from(textLayer.querySelectorAll<HTMLElement>(`.${MARK}`))) {
    const div = span.parentElement;
    if (div?.isConnected) div.textContent = div.textContent ?? '';
  }
  const marks = [...v.marks.pageMarks(pv.num), ...v.find.pageMarks(pv.num)];
  if (!marks.length) return;
  // Per text span, per character: the classes and the quote line of the marks covering it.
  const perDiv = new Map<number, { classes: Set<string>[]; lines: number[] }>();
  for (const m of marks) {
    for (let c = m.start; c < m.end && c < text.item.length; c++) {
      const index = text.item[c];
      if (index < 0) continue;
      const off = text.offset[c];
      let entry = perDiv.get(index);
      if (!entry) {
        const length = textDivs[index]?.textContent?.length ?? 0;
        entry = { classes: Array.from({ length }, () => new Set<string>()), lines: new Array<number>(length).fill(-1) };
        perDiv.set(index, entry);
      }
      if (off >= entry.classes.length) continue;
      for (const name of m.className.split(' ')) entry.classes[off].add(name);
      if (m.line !== undefined && entry.lines[off] < 0) entry.lines[off] = m.line;
    }
  }
  for (const [index, { classes, lines }] of perDiv) {
    const div = textDivs[index];
    if (!div) continue;
    const str = div.textContent ?? '';
    const key = (i: number) => `${[...classes[i]].sort().join(' ')}|${lines[i]}`;
    const parts: Node[] = [];
    for (let at = 0; at < str.length;) {
      let end = at + 1;
      while (end < str.length && key(end) === key(at)) end++;
      const piece = str.slice(at, end);
      if (!classes[at].size) parts.push(document.createTextNode(piece));
      else {
        const span = document.createElement('span');
        span.className = `${MARK} ${[...classes[at]].join(' ')}`;
        if (lines[at] >= 0) {
          span.dataset.quoteLine = String(lines[at]);
          span.title = v.labels.showQuote;
        }
        span.textContent = piece;
        parts.push(span);
      }
      at = end;
    }
    div.replaceChildren(...parts);
  }
}
