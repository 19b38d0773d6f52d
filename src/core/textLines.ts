// Lines of a note with their offsets and line ends, for edits that must keep every byte (CRLF
// included) and the front matter where it is.
import { isWhitespace } from './chars';
import { frontMatterLineCount, locateFrontMatter } from './frontMatter/locate';
import { fencedLines } from './markdown/fences';
import { atxHeading } from './markdown/headings';

export interface Line {
  start: number;
  text: string;
  eol: string;
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    const crlf = nl > start && text.charCodeAt(nl - 1) === 13;
    out.push({ start, text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  if (start < text.length || !out.length) out.push({ start, text: text.slice(start), eol: '' });
  return out;
}

export interface Section {
  /** The note's lines (`splitLines`). */
  lines: Line[];
  /** Line of the section's heading, -1 when there is none. */
  start: number;
  /** Line of the next `#`/`##` heading after it, or `lines.length`. */
  end: number;
}

/**
 * The `## ` section whose heading is one of `knownHeadings` (any case). Headings inside code
 * fences and in the front matter (a YAML comment `## My Notes` is no heading) do not count.
 */
export function findSection(text: string, knownHeadings: readonly string[]): Section {
  const lines = splitLines(text);
  const known = new Set(knownHeadings.map(h => h.trim().toLowerCase()));
  const first = frontMatterLineCount(text);
  const { fenced } = fencedLines(lines.slice(first).map(l => l.text));
  let start = -1;
  for (let i = first; i < lines.length; i++) {
    if (fenced[i - first]) continue;
    const h = atxHeading(lines[i].text);
    if (!h) continue;
    if (start >= 0 && h.level <= 2) return { lines, start, end: i };
    if (start < 0 && h.level === 2 && known.has(h.text.toLowerCase())) start = i;
  }
  return { lines, start, end: lines.length };
}

/**
 * Where text appended to the end of a note goes: just after its last non-blank character (the
 * trailing blank lines and spaces are replaced), but never inside the front matter; and the line
 * breaks that put one blank line between the note and the appended text. Scans back once from
 * the end, so it is linear however the note ends.
 */
export function appendPoint(text: string, eol: string): { offset: number; separator: string } {
  const located = locateFrontMatter(text);
  const floor = located.kind === 'block' ? located.block.end : 0;
  let offset = text.length;
  while (offset > floor && isWhitespace(text.charCodeAt(offset - 1))) offset--;
  const separator = offset === 0 ? '' : text.charCodeAt(offset - 1) === 10 ? eol : eol + eol;
  return { offset, separator };
}
