// The text a link scanner may read: front matter, fenced blocks and code spans blanked out with
// spaces (same length and line breaks, so offsets and lines still match the note). A code span
// may run over a line break inside a paragraph (markdown-it joins the paragraph's lines first),
// so spans are found per block of consecutive lines: a blank line, a fence or an ATX heading
// (always one line) ends it.
import { frontMatterLineCount } from '../frontMatter/locate';
import { splitLines, type Line } from '../textLines';
import { codeSpans } from './codeSpans';
import { fencedLines } from './fences';
import { atxHeading } from './headings';

/** `text` with every character but line breaks in [a, b) made a space. */
function blank(text: string, a: number, b: number, parts: string[]): void {
  let from = a;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    parts.push(' '.repeat(i - from), text[i]);
    from = i + 1;
  }
  parts.push(' '.repeat(b - from));
}

/** The lines of one block, their code spans blanked. */
function maskBlock(text: string, block: readonly Line[], out: string[]): void {
  if (!block.length) return;
  const start = block[0].start;
  const last = block[block.length - 1];
  const source = text.slice(start, last.start + last.text.length);
  let pos = 0;
  for (const [a, b] of codeSpans(source)) {
    out.push(source.slice(pos, a));
    blank(source, a, b, out);
    pos = b;
  }
  out.push(source.slice(pos), last.eol);
}

export function maskCode(text: string): string {
  const lines = splitLines(text);
  const first = frontMatterLineCount(text);
  const { fenced } = fencedLines(lines.slice(first).map(l => l.text));
  const out: string[] = [];
  let block: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i < first || fenced[i - first]) {
      maskBlock(text, block, out);
      block = [];
      out.push(' '.repeat(line.text.length), line.eol);
      continue;
    }
    if (!line.text.trim() || atxHeading(line.text)) {
      maskBlock(text, block, out);
      block = [];
      maskBlock(text, [line], out);
      continue;
    }
    block.push(line);
  }
  maskBlock(text, block, out);
  return out.join('');
}
