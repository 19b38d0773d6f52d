// Inline links `[text](destination "title")` and images `![alt](…)`, `![alt][label]` in a note,
// outside its front matter and code, with their offsets: what the editor turns into clickable
// slide links, and where Keep Images Offline rewrites an image. Tables built in one pass each
// keep the scan linear: brackets are matched with a stack, and where a destination ends is known
// for every position (scanning forward from every `[` or `](` is quadratic on `[[[[…` or `](](…`).
import { isEscaped, isSpaceOrTab, isWhitespace } from '../chars';
import { maskCode } from './maskCode';

/** A part of the text, [start, end) in UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface MarkdownLink {
  /** Offsets of the whole `[text](destination)`. */
  start: number;
  end: number;
  /** Offset of the `]` closing the link text (the text is `start + 1 … textEnd`). */
  textEnd: number;
  /** The destination as written, angle brackets removed, title dropped. */
  destination: string;
}

/** Where a link or image points, as written: `destination "title"`. */
export interface LinkTarget {
  /** The destination, angle brackets included when it has them (empty for `()`). */
  destination: Span;
  /** The destination's text, angle brackets removed (and the `\<`, `\>`, `\\` inside them resolved). */
  text: string;
  /** The title with its delimiters (`"…"`, `'…'` or `(…)`), or null. */
  title: Span | null;
}

export type MarkdownImage =
  /** `![alt](destination "title")`. */
  | { kind: 'inline'; start: number; end: number; alt: Span; target: LinkTarget }
  /**
   * `![alt][label]`, `![alt][]` or `![alt]`: an image only where the label is defined (see
   * linkDefinitions.ts); `label` as written, the alt text for the last two forms.
   */
  | { kind: 'reference'; start: number; end: number; alt: Span; label: string };

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

/**
 * For each position, the next occurrence of `char` at or after it that no backslash escapes, or
 * -1 (one table per character, built on first use). Whether a character is escaped depends only
 * on the run of backslashes before it, so one left-to-right pass decides it for every position.
 */
class NextIndex {
  private readonly tables = new Map<number, Int32Array>();
  private escaped: Uint8Array | null = null;
  constructor(private readonly text: string) {}

  private escapes(): Uint8Array {
    if (this.escaped) return this.escaped;
    const out = new Uint8Array(this.text.length);
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 92 /* \ */ && !out[i]) out[i + 1] = 1;
    return (this.escaped = out);
  }

  of(char: number, from: number): number {
    let table = this.tables.get(char);
    if (!table) {
      const n = this.text.length;
      const escaped = this.escapes();
      table = new Int32Array(n + 1).fill(-1);
      for (let i = n - 1; i >= 0; i--) table[i] = this.text.charCodeAt(i) === char && !escaped[i] ? i : table[i + 1];
      this.tables.set(char, table);
    }
    return from >= table.length ? -1 : table[from];
  }
}

/**
 * One note read for links: the text with its code blanked out (`masked`, same offsets) and the
 * lookup tables, shared by the inline scan below and the definitions scan (linkDefinitions.ts).
 */
export class MarkdownScan {
  readonly masked: string;
  readonly brackets: Int32Array;
  private readonly next: NextIndex;
  private ends: Int32Array | null = null;

  constructor(readonly text: string) {
    this.masked = maskCode(text);
    this.brackets = matchBrackets(this.masked);
    this.next = new NextIndex(this.masked);
  }

  /** After spaces and tabs from `i`, at a line break (`\n`, `\r\n`) or the end: where that break starts; else -1. */
  lineEndAt(i: number): number {
    const m = this.masked;
    while (isSpaceOrTab(m.charCodeAt(i))) i++;
    if (i >= m.length || m.charCodeAt(i) === 10) return i;
    return m.charCodeAt(i) === 13 && m.charCodeAt(i + 1) === 10 ? i : -1;
  }

  /** Just after the line break at `i` (see lineEndAt). */
  private afterBreak(i: number): number {
    return this.masked.charCodeAt(i) === 13 ? i + 2 : i + 1;
  }

  /** The destination starting at `i`: its span (with `<…>`) and text, or null. */
  private destination(i: number): { span: Span; text: string } | null {
    if (this.masked.charCodeAt(i) === 60 /* < */) {
      const close = this.next.of(62 /* > */, i + 1);
      const nl = this.next.of(10, i + 1);
      if (close < 0 || (nl >= 0 && nl < close)) return null;
      return { span: { start: i, end: close + 1 }, text: this.text.slice(i + 1, close).replace(/\\([<>\\])/g, '$1') };
    }
    this.ends ??= destinationEnds(this.masked);
    const end = this.ends[i];
    return { span: { start: i, end }, text: this.text.slice(i, end) };
  }

  /** The title starting at `i` (`"…"`, `'…'`, `(…)`), or null. */
  private title(i: number): Span | null {
    const q = this.masked.charCodeAt(i);
    if (q !== 34 /* " */ && q !== 39 /* ' */ && q !== 40 /* ( */) return null;
    const close = this.next.of(q === 40 ? 41 : q, i + 1);
    return close < 0 ? null : { start: i, end: close + 1 };
  }

  /**
   * Reads `destination "title")` starting just after `(`: the target, and the offset after `)`.
   * One line break may come before the title.
   */
  inlineTarget(from: number): { target: LinkTarget; end: number } | null {
    const m = this.masked;
    let i = from;
    while (isSpaceOrTab(m.charCodeAt(i))) i++;
    const dest = this.destination(i);
    if (!dest) return null;
    i = dest.span.end;
    while (isSpaceOrTab(m.charCodeAt(i))) i++;
    const br = this.lineEndAt(i);
    if (br === i && br < m.length) {
      i = this.afterBreak(br);
      while (isSpaceOrTab(m.charCodeAt(i))) i++;
    }
    const title = this.title(i);
    if (title) {
      i = title.end;
      while (isSpaceOrTab(m.charCodeAt(i))) i++;
    }
    if (m.charCodeAt(i) !== 41 /* ) */) return null;
    return { target: { destination: dest.span, text: dest.text, title }, end: i + 1 };
  }

  /**
   * Reads `destination "title"` of a link reference definition, starting after `]:` and the
   * whitespace after it: the title may be on the same line (after a space) or on the next one,
   * and nothing but spaces may follow it. `end` is where the definition's last line break starts.
   */
  definitionTarget(from: number): { target: LinkTarget; end: number } | null {
    const m = this.masked;
    const dest = this.destination(from);
    if (!dest || dest.span.end === from) return null;
    let i = dest.span.end;
    const bare = { target: { destination: dest.span, text: dest.text, title: null }, end: this.lineEndAt(i) };
    const spaced = isSpaceOrTab(m.charCodeAt(i));
    while (isSpaceOrTab(m.charCodeAt(i))) i++;
    if (bare.end >= 0) {
      // The title may be on the next line; if what is there is no title, it is the next block.
      if (bare.end >= m.length) return bare;
      let k = this.afterBreak(bare.end);
      while (isSpaceOrTab(m.charCodeAt(k))) k++;
      const title = this.title(k);
      const end = title ? this.lineEndAt(title.end) : -1;
      return title && end >= 0 ? { target: { ...bare.target, title }, end } : bare;
    }
    const title = spaced ? this.title(i) : null;
    const end = title ? this.lineEndAt(title.end) : -1;
    return title && end >= 0 ? { target: { ...bare.target, title }, end } : null;
  }
}

/** The inline links and the images of a note, outside code, in document order. */
function scanInline(scan: MarkdownScan): { links: MarkdownLink[]; images: MarkdownImage[] } {
  const links: MarkdownLink[] = [];
  const images: MarkdownImage[] = [];
  const { text, masked, brackets } = scan;
  // Inside a link's text, images still count (a linked badge) but links do not.
  let linkTextEnd = -1;
  let resumeAt = -1;
  for (let start = masked.indexOf('['); start >= 0; start = masked.indexOf('[', start + 1)) {
    if (linkTextEnd >= 0 && start >= linkTextEnd) {
      linkTextEnd = -1;
      start = resumeAt - 1;
      continue;
    }
    // An escaped `[` is text; after an escaped `!` it opens a link, not an image.
    if (isEscaped(masked, start)) continue;
    const image = start > 0 && masked.charCodeAt(start - 1) === 33 /* ! */ && !isEscaped(masked, start - 1);
    const close = brackets[start];
    if (close < 0) continue;
    const alt = { start: start + 1, end: close };
    if (masked.charCodeAt(close + 1) === 40 /* ( */) {
      const inline = scan.inlineTarget(close + 2);
      if (inline && image) {
        images.push({ kind: 'inline', start: start - 1, end: inline.end, alt, target: inline.target });
        // What is inside an image is its alt text, not images of its own.
        start = inline.end - 1;
        continue;
      }
      if (inline) {
        if (linkTextEnd < 0) {
          links.push({ start, end: inline.end, textEnd: close, destination: inline.target.text });
          linkTextEnd = close;
          resumeAt = inline.end;
        }
        continue;
      }
    }
    if (!image) continue;
    const full = masked.charCodeAt(close + 1) === 91 /* [ */ ? brackets[close + 1] : -1;
    if (full >= 0) {
      const label = text.slice(close + 2, full);
      images.push({
        kind: 'reference',
        start: start - 1,
        end: full + 1,
        alt,
        label: label.trim() ? label : text.slice(alt.start, alt.end),
      });
      start = full;
    } else {
      images.push({ kind: 'reference', start: start - 1, end: close + 1, alt, label: text.slice(alt.start, alt.end) });
      start = close;
    }
  }
  return { links, images };
}

/**
 * Inline links `[text](destination)` outside code, in document order. Reference-style links and
 * images are not slide links and are skipped; so is anything inside code spans or fences.
 */
export function findMarkdownLinks(text: string): MarkdownLink[] {
  if (!text.includes('](')) return [];
  return scanInline(new MarkdownScan(text)).links;
}

/** The images of a note outside code, inline and reference-style, in document order. */
export function findMarkdownImages(text: string, scan?: MarkdownScan): MarkdownImage[] {
  if (!text.includes('![')) return [];
  return scanInline(scan ?? new MarkdownScan(text)).images;
}
