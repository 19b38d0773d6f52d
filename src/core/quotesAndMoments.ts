// What a note says about its slides beyond plain links: quotes of a slide's text and moments of
// the video paired with a slide. One module holds both formats, for the writer (the slides
// viewer's "Quote in Notes" and "Insert Video Timestamp") and for the reader (highlights and ▶
// chips in the viewer, timestamp chips in the notes view, `talk-notes check --summary`), so what
// is written is what is read back. The note is the only storage: nothing is kept anywhere else.
//
//   > the quoted text [p.12](#slide=12)             a quote of page 12
//   - [p.12](#slide=12) [▶ 12:34](https://…?t=754)  page 12 paired with the moment 12:34
//
// A quote is blockquote text ending in a slide reference (several lines of one blockquote form
// one quote; each line ending in a reference ends a quote). A moment is a video link with a time
// in a paragraph or list item that also holds a slide reference: each video link pairs with the
// nearest slide reference before it in that block, or else the first one after it.
import path from 'node:path';
import { isWhitespace } from './chars';
import { frontMatterLineCount } from './frontMatter/locate';
import { pageFromFragment, parseShortSlideLink, shortSlideLink, videoMomentSeconds } from './links';
import { fencedLines } from './markdown/fences';
import { atxHeading } from './markdown/headings';
import { findMarkdownLinks, type MarkdownLink } from './markdown/inlineLinks';
import { collapseWhitespace, inlineText, type InlineLinkSpan } from './markdown/inlineText';
import { videoTimestampLink } from './references';
import { splitLines } from './textLines';

/** A quote longer than this is refused: a passage of a slide, not a page of text. */
export const MAX_QUOTE_CHARS = 2000;

// ---- writing -----------------------------------------------------------------------------------

/** `[p.12](#slide=12)`: page 12 of this talk's slides, wherever the PDF lies. */
export function shortSlideReference(page: number): string {
  return `[p.${page}](${shortSlideLink(page)})`;
}

/** Characters that could mean Markdown anywhere in a line of text; escaped with a backslash. */
const ALWAYS_ESCAPED = new Set(['\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '#', '|', '!']);

/**
 * The text of a selection as one line of Markdown that reads back (and renders) as the same text:
 * line breaks and runs of whitespace folded into one space, control characters dropped, every
 * character that Markdown could take for markup escaped, and what would start a list at the
 * beginning of the line too.
 */
export function escapeQuoteText(text: string): string {
  const folded = foldQuoteText(text);
  let out = '';
  for (let i = 0; i < folded.length; i++) {
    const ch = folded[i];
    const atStart = i === 0;
    if (ALWAYS_ESCAPED.has(ch) || (atStart && (ch === '-' || ch === '+' || ch === '='))) out += `\\${ch}`;
    else if ((ch === '.' || ch === ')') && /^\d{1,9}$/.test(folded.slice(0, i))) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** What a quote of `text` reads back as: whitespace folded, control characters dropped. */
export function foldQuoteText(text: string): string {
  let kept = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const control = (c < 32 || (c >= 0x7f && c < 0xa0)) && !isWhitespace(c);
    if (!control) kept += text[i];
  }
  return collapseWhitespace(kept);
}

/** `> the text [p.12](#slide=12)`: one quote, one line. */
export function quoteSnippet(text: string, page: number): string {
  return `> ${escapeQuoteText(text)} ${shortSlideReference(page)}`;
}

/** `[p.12](#slide=12) [▶ 12:34](https://…?t=754)`: the slide and the moment of the video, paired. */
export function momentSnippet(page: number, video: string, seconds: number): string {
  return `${shortSlideReference(page)} ${videoTimestampLink(video, seconds)}`;
}

// ---- reading -----------------------------------------------------------------------------------

export interface NoteQuote {
  page: number;
  /** The quoted text as a reader sees it (Markdown read, whitespace folded). */
  text: string;
  /** 0-based lines of the note (front matter included) where the quote starts and where it ends. */
  line: number;
  endLine: number;
}

export interface NoteMoment {
  page: number;
  /** The video link as written, and the moment it points at. */
  url: string;
  seconds: number;
  /** 0-based line of the note (front matter included) of the video link. */
  line: number;
}

export interface QuotesAndMoments {
  quotes: NoteQuote[];
  moments: NoteMoment[];
}

export interface ReadOptions {
  /**
   * Whether a link to a PDF (its path as written, relative to the note, percent-decoded, forward
   * slashes) names this talk's slides. Without it every `….pdf#page=N` counts; `#slide=N` always does.
   */
  isOwnSlides?(pdfPath: string): boolean;
}

/**
 * `ReadOptions.isOwnSlides` for the note at `noteFile` whose slides are `slidesFile` (both
 * absolute): a relative link from the note that resolves to that PDF. File systems of Windows and
 * macOS ignore case, so names are compared that way there.
 */
export function ownSlidesOf(noteFile: string, slidesFile: string, ignoreCase = process.platform !== 'linux'): (pdfPath: string) => boolean {
  const norm = (p: string) => (ignoreCase ? path.normalize(p).toLowerCase() : path.normalize(p));
  const slides = norm(slidesFile);
  const dir = path.dirname(noteFile);
  return pdfPath => !path.isAbsolute(pdfPath) && norm(path.resolve(dir, pdfPath)) === slides;
}

type LinkMeaning = { kind: 'slide'; page: number } | { kind: 'video'; seconds: number; url: string } | { kind: 'other' };

/** The page of a slide reference (`#slide=N`, `….pdf#page=N`), or null. */
export function slideReferencePage(destination: string, isOwnSlides: (pdfPath: string) => boolean = () => true): number | null {
  const short = parseShortSlideLink(destination);
  if (short !== null) return short;
  const target = destination.trim();
  const hash = target.indexOf('#');
  if (hash < 0 || /^[a-z][a-z0-9+.-]*:/i.test(target)) return null;
  let file = target.slice(0, hash).split('?')[0];
  try {
    file = decodeURIComponent(file);
  } catch {
    /* keep as written */
  }
  if (!/\.pdf$/i.test(file)) return null;
  const page = pageFromFragment(target.slice(hash + 1));
  return page !== null && isOwnSlides(file.replace(/\\/g, '/')) ? page : null;
}

function meaning(link: MarkdownLink, isOwnSlides: (pdfPath: string) => boolean): LinkMeaning {
  const page = slideReferencePage(link.destination, isOwnSlides);
  if (page !== null) return { kind: 'slide', page };
  const seconds = videoMomentSeconds(link.destination);
  return seconds === null ? { kind: 'other' } : { kind: 'video', seconds, url: link.destination.trim() };
}

/**
 * For each item, the page its video moment pairs with: the nearest slide before it, else the
 * first after it; null for slides and for a video with no slide in the block. Linear.
 */
export function pairMoments(
  items: readonly ({ kind: 'slide'; page: number } | { kind: 'video' } | { kind: 'other' })[],
): (number | null)[] {
  const out = new Array<number | null>(items.length).fill(null);
  let after: number | null = null;
  const next = new Array<number | null>(items.length);
  for (let i = items.length - 1; i >= 0; i--) {
    next[i] = after;
    const item = items[i];
    if (item.kind === 'slide') after = item.page;
  }
  let before: number | null = null;
  items.forEach((item, i) => {
    if (item.kind === 'slide') before = item.page;
    else if (item.kind === 'video') out[i] = before ?? next[i];
  });
  return out;
}

type LineKind = 'code' | 'blank' | 'heading' | 'rule' | 'quote' | 'item' | 'text';

/** Up to three spaces and `>`: where its content starts (after the markers of nested quotes), or -1. */
function quoteContentStart(line: string): number {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  if (line.charCodeAt(i) !== 62 /* > */) return -1;
  // Nested quotes (`> > text`) count as the quote they are in.
  while (line.charCodeAt(i) === 62) {
    i++;
    if (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  }
  return i;
}

/** `***`, `- - -`, `___`: a thematic break. */
function isRule(line: string): boolean {
  let char = 0;
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c !== 42 && c !== 45 && c !== 95) return false;
    if (char && c !== char) return false;
    char = c;
    count++;
  }
  return count >= 3;
}

/** A bullet (`-`, `*`, `+`) or an ordered marker (`1.`, `1)`) followed by a space or the end. */
function isListItem(line: string): boolean {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const c = line.charCodeAt(i);
  let k = i;
  if (c === 45 || c === 42 || c === 43) k = i + 1;
  else {
    while (k < line.length && k - i < 9 && line.charCodeAt(k) >= 48 && line.charCodeAt(k) <= 57) k++;
    if (k === i || (line.charCodeAt(k) !== 46 && line.charCodeAt(k) !== 41)) return false;
    k++;
  }
  return k === line.length || line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9;
}

function lineKind(line: string, fenced: boolean): LineKind {
  if (fenced) return 'code';
  if (!line.trim()) return 'blank';
  if (quoteContentStart(line) >= 0) return 'quote';
  if (atxHeading(line)) return 'heading';
  if (isRule(line)) return 'rule';
  if (isListItem(line)) return 'item';
  return 'text';
}

/** The quotes and video moments of a note, in the order they appear. Linear in the note's length. */
export function readQuotesAndMoments(text: string, options: ReadOptions = {}): QuotesAndMoments {
  const isOwnSlides = options.isOwnSlides ?? (() => true);
  const lines = splitLines(text);
  const first = frontMatterLineCount(text);
  const { fenced } = fencedLines(lines.slice(first).map(l => l.text));
  const kinds = lines.map((l, i) => (i < first ? 'code' : lineKind(l.text, fenced[i - first])));
  // Each line's links (links spanning lines belong to the line they start on).
  const links = findMarkdownLinks(text);
  const byLine: { link: MarkdownLink; meaning: LinkMeaning }[][] = lines.map(() => []);
  let at = 0;
  for (const link of links) {
    while (at + 1 < lines.length && lines[at + 1].start <= link.start) at++;
    byLine[at].push({ link, meaning: meaning(link, isOwnSlides) });
  }

  // Blocks: a paragraph, a list item (with its continuation lines), a heading, a blockquote's paragraph.
  const moments: NoteMoment[] = [];
  let block: { line: number; link: MarkdownLink; meaning: LinkMeaning }[] = [];
  const endBlock = () => {
    const pages = pairMoments(block.map(b => b.meaning));
    block.forEach((b, i) => {
      const page = pages[i];
      if (page !== null && b.meaning.kind === 'video') moments.push({ page, url: b.meaning.url, seconds: b.meaning.seconds, line: b.line });
    });
    block = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i];
    const previous = i > 0 ? kinds[i - 1] : 'blank';
    const quoteBreak = kind === 'quote' && !lines[i].text.slice(quoteContentStart(lines[i].text)).trim();
    const continues =
      (kind === 'text' && (previous === 'text' || previous === 'item' || previous === 'quote')) ||
      (kind === 'quote' && previous === 'quote' && !quoteBreak);
    if (!continues) endBlock();
    for (const entry of byLine[i]) block.push({ line: i, ...entry });
    if (kind === 'heading' || kind === 'rule' || kind === 'code' || kind === 'blank' || quoteBreak) endBlock();
  }
  endBlock();

  return { quotes: readQuotes(lines, kinds, byLine), moments };
}

/** Blockquotes: text accumulated line by line until a line ends in a slide reference. */
function readQuotes(
  lines: ReturnType<typeof splitLines>,
  kinds: LineKind[],
  byLine: { link: MarkdownLink; meaning: LinkMeaning }[][],
): NoteQuote[] {
  const quotes: NoteQuote[] = [];
  let parts: { source: string; links: InlineLinkSpan[] }[] = [];
  let startLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const kind = kinds[i];
    const inQuote = kind === 'quote' || (kind === 'text' && startLine >= 0 && parts.length > 0);
    if (!inQuote) {
      parts = [];
      startLine = -1;
      continue;
    }
    const line = lines[i];
    const contentStart = kind === 'quote' ? quoteContentStart(line.text) : 0;
    const content = line.text.slice(contentStart);
    const base = line.start + contentStart;
    const end = trimmedEnd(content);
    if (end === 0) {
      // `>` alone: a paragraph break inside the quote; the quote goes on.
      continue;
    }
    if (startLine < 0) startLine = i;
    const onLine = byLine[i].filter(({ link }) => link.start >= base && link.end <= base + content.length);
    const last = onLine[onLine.length - 1];
    const endsInSlide = last && last.meaning.kind === 'slide' && last.link.end - base === end;
    const cut = endsInSlide ? last.link.start - base : content.length;
    parts.push({
      source: content.slice(0, cut),
      links: onLine
        .filter(({ link }) => link.end - base <= cut)
        .map(({ link }) => ({ start: link.start - base, textEnd: link.textEnd - base, end: link.end - base })),
    });
    if (endsInSlide && last.meaning.kind === 'slide') {
      const quoted = parts
        .map(p => inlineText(p.source, p.links))
        .filter(Boolean)
        .join(' ');
      if (quoted) quotes.push({ page: last.meaning.page, text: quoted, line: startLine, endLine: i });
      parts = [];
      startLine = -1;
    }
  }
  return quotes;
}

/** Length of `s` without its trailing whitespace. */
function trimmedEnd(s: string): number {
  let end = s.length;
  while (end > 0 && isWhitespace(s.charCodeAt(end - 1))) end--;
  return end;
}
