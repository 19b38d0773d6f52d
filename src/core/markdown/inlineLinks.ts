// Inline links `[text](destination "title")` in a note, outside its front matter and code, with
// their offsets: what the editor turns into clickable slide links. Tables built in one pass each
// keep the scan linear: brackets are matched with a stack, and where a destination ends is known
// for every position (scanning forward from every `[` or `](` is quadratic on `[[[[…` or `](](…`).
import { isWhitespace } from '../chars';
import { frontMatterLineCount } from '../frontMatter/locate';
import { splitLines } from '../textLines';
import { codeSpans } from './codeSpans';
import { fencedLines } from './fences';

export interface MarkdownLink {
  /** Offsets of the whole `[text](destination)`. */
  start: number;
  end: number;
  /** Offset of the `]` closing the link text (the text is `start + 1 … textEnd`). */
  textEnd: number;
  /** The destination as written, angle brackets removed, title dropped. */
  destination: string;
}

/**
 * The text with the front matter, code spans and fenced blocks blanked out (same length, so
 * offsets still match).
 */
function maskCode(text: string): string {
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

/**
 * For each `[`, the `]` closing it (nested brackets balanced, `\` escaping the next character, a
 * blank line ending every open bracket), or -1.
 */
function matchBrackets(text: string): Int32Array {
  const match = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 91 /* [ */) open.push(i);
    else if (c === 93 /* ] */) {
      const start = open.pop();
      if (start !== undefined) match[start] = i;
    } else if (c === 10 && text.charCodeAt(i + 1) === 10) open.length = 0;
  }
  return match;
}

/**
 * For each position, where a destination written without `<…>` and starting there ends: at
 * whitespace or at a `)` outside balanced parentheses (`\` escapes the next character). Computed
 * right to left, each from positions after it.
 */
function destinationEnds(text: string): Int32Array {
  const n = text.length;
  const end = new Int32Array(n + 2);
  end[n] = end[n + 1] = n;
  for (let p = n - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (c === 41 /* ) */ || isWhitespace(c)) end[p] = p;
    else if (c === 92 /* \ */) end[p] = end[p + 2];
    else if (c === 40 /* ( */) {
      const inner = end[p + 1];
      end[p] = inner < n && text.charCodeAt(inner) === 41 ? end[inner + 1] : inner;
    } else end[p] = end[p + 1];
  }
  return end;
}

/** For each position, the next occurrence of `char` at or after it, or -1 (built on first use). */
class NextIndex {
  private readonly tables = new Map<number, Int32Array>();
  constructor(private readonly text: string) {}
  of(char: number, from: number): number {
    let table = this.tables.get(char);
    if (!table) {
      const n = this.text.length;
      table = new Int32Array(n + 1).fill(-1);
      for (let i = n - 1; i >= 0; i--) table[i] = this.text.charCodeAt(i) === char ? i : table[i + 1];
      this.tables.set(char, table);
    }
    return from >= table.length ? -1 : table[from];
  }
}

const isSpaceOrTab = (c: number) => c === 32 || c === 9;

/**
 * Reads `destination "title")` starting after `(`; offsets are shared by `masked` and `text`.
 * The title may be `"…"`, `'…'` or `(…)`, one line break may come before it.
 */
function readDestination(
  masked: string,
  text: string,
  from: number,
  ends: () => Int32Array,
  next: NextIndex,
): { destination: string; end: number } | null {
  let i = from;
  while (isSpaceOrTab(masked.charCodeAt(i))) i++;
  let destination: string;
  if (masked.charCodeAt(i) === 60 /* < */) {
    const close = next.of(62 /* > */, i + 1);
    const nl = next.of(10, i + 1);
    if (close < 0 || (nl >= 0 && nl < close)) return null;
    destination = text.slice(i + 1, close).replace(/\\([<>\\])/g, '$1');
    i = close + 1;
  } else {
    const end = ends()[i];
    destination = text.slice(i, end);
    i = end;
  }
  // An optional title, then the closing parenthesis.
  while (isSpaceOrTab(masked.charCodeAt(i))) i++;
  if (masked.charCodeAt(i) === 10) {
    i++;
    while (isSpaceOrTab(masked.charCodeAt(i))) i++;
  }
  const q = masked.charCodeAt(i);
  if (q === 34 /* " */ || q === 39 /* ' */ || q === 40 /* ( */) {
    const close = next.of(q === 40 ? 41 : q, i + 1);
    if (close < 0) return null;
    i = close + 1;
    while (isSpaceOrTab(masked.charCodeAt(i))) i++;
  }
  return masked.charCodeAt(i) === 41 /* ) */ ? { destination, end: i + 1 } : null;
}

/**
 * Inline links `[text](destination)` outside code, in document order. Reference-style links and
 * images are not slide links and are skipped; so is anything inside code spans or fences.
 */
export function findMarkdownLinks(text: string): MarkdownLink[] {
  const out: MarkdownLink[] = [];
  if (!text.includes('](')) return out;
  const masked = maskCode(text);
  const match = matchBrackets(masked);
  const next = new NextIndex(masked);
  let endsTable: Int32Array | null = null;
  const ends = () => (endsTable ??= destinationEnds(masked));
  for (let start = masked.indexOf('['); start >= 0; start = masked.indexOf('[', start + 1)) {
    const image = start > 0 && masked.charCodeAt(start - 1) === 33; /* ! */
    // An escaped `[` is text, and so is an image whose `!` is escaped.
    if (masked.charCodeAt(start - (image ? 2 : 1)) === 92 /* \ */) continue;
    const close = match[start];
    if (close < 0 || masked.charCodeAt(close + 1) !== 40 /* ( */) continue;
    const dest = readDestination(masked, text, close + 2, ends, next);
    if (!dest) continue;
    if (!image) out.push({ start, end: dest.end, textEnd: close, destination: dest.destination });
    // Brackets inside a link (or an image) are its text, not links of their own.
    start = dest.end - 1;
  }
  return out;
}
