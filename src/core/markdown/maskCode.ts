// The text a link scanner may read: front matter, fenced blocks and code spans blanked out with
// spaces (same length and line breaks, so offsets and lines still match the note).
import { frontMatterLineCount } from '../frontMatter/locate';
import { splitLines } from '../textLines';
import { codeSpans } from './codeSpans';
import { fencedLines } from './fences';

export function maskCode(text: string): string {
  const lines = splitLines(text);
  const first = frontMatterLineCount(text);
  const { fenced } = fencedLines(lines.slice(first).map(l => l.text));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i < first || fenced[i - first]) {
      out.push(' '.repeat(line.text.length), line.eol);
      continue;
    }
    let masked = line.text;
    const spans = codeSpans(masked);
    if (spans.length) {
      let pos = 0;
      const parts: string[] = [];
      for (const [a, b] of spans) {
        parts.push(masked.slice(pos, a), ' '.repeat(b - a));
        pos = b;
      }
      parts.push(masked.slice(pos));
      masked = parts.join('');
    }
    out.push(masked, line.eol);
  }
  return out.join('');
}
