// Link reference definitions, `[label]: destination "title"` on a line of their own, outside the
// front matter and code, with their offsets: where a reference-style image `![alt][label]` gets
// its URL. Whether a line that looks like one really is one (it cannot interrupt a paragraph, for
// instance) is for the caller to confirm; see images/remoteImages.ts.
import { isSpaceOrTab } from '../chars';
import { MarkdownScan, type LinkTarget } from './inlineLinks';

export interface LinkDefinition {
  /** Offset of the opening `[`. */
  start: number;
  /** Where the definition's last line ends (before its line break). */
  end: number;
  /** The label as written between the brackets. */
  label: string;
  target: LinkTarget;
}

/** Every line of the text that reads as a definition, in document order. */
export function findLinkDefinitions(text: string, scan: MarkdownScan = new MarkdownScan(text)): LinkDefinition[] {
  const out: LinkDefinition[] = [];
  if (!text.includes(']:')) return out;
  const { masked, brackets } = scan;
  for (let lineStart = 0; lineStart < masked.length;) {
    const nl = masked.indexOf('\n', lineStart);
    const next = nl < 0 ? masked.length : nl + 1;
    let i = lineStart;
    while (i - lineStart < 3 && masked.charCodeAt(i) === 32) i++;
    const close = masked.charCodeAt(i) === 91 /* [ */ ? brackets[i] : -1;
    const label = close > i ? text.slice(i + 1, close) : '';
    if (label.trim() && masked.charCodeAt(close + 1) === 58 /* : */) {
      let k = close + 2;
      while (isSpaceOrTab(masked.charCodeAt(k))) k++;
      const br = scan.lineEndAt(k);
      if (br === k && br < masked.length) {
        k = masked.charCodeAt(br) === 13 ? br + 2 : br + 1;
        while (isSpaceOrTab(masked.charCodeAt(k))) k++;
      }
      const read = scan.definitionTarget(k);
      if (read) {
        out.push({ start: i, end: read.end, label, target: read.target });
        const after = masked.indexOf('\n', read.end);
        lineStart = after < 0 ? masked.length : after + 1;
        continue;
      }
    }
    lineStart = next;
  }
  return out;
}
