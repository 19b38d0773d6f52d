// Links between notes, slides and videos: the text Talk Notes writes into a note for "this slide"
// and "this moment of the video", where it goes, and how such links are read back from a note.
import path from 'node:path';
import type { TextEdit } from './model';
import { frontMatterLineCount } from './frontMatter/locate';
import { appendPoint, FENCE, findSection, splitLines } from './textLines';
import { classifyNoteLink, formatTimestamp, pageFromFragment, parseShortSlideLink, shortSlideLink, videoUrlAt } from './links';

export { parseShortSlideLink, shortSlideLink };

/** Link text with the characters that would end it (or open a code span in it) escaped; one line. */
export function escapeLinkText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\[\]`])/g, '\\$1');
}

/**
 * A link destination as CommonMark reads it back unchanged: wrapped in `<…>` when it holds
 * spaces or parentheses, with the few characters that would still break it escaped.
 */
export function linkDestination(target: string): string {
  if (!/[\s()<>]/.test(target)) return target;
  return `<${target.replace(/[\\<>]/g, c => `\\${c}`).replace(/\n/g, ' ')}>`;
}

/**
 * The path from a note to a file, with forward slashes, for a relative link. Both are absolute
 * paths of this machine (either separator); null when there is no relative path between them
 * (another drive on Windows).
 */
export function relativeLinkPath(noteFile: string, target: string): string | null {
  const slash = (p: string) => p.replace(/\\/g, '/');
  const from = slash(noteFile);
  const to = slash(target);
  const drive = (p: string) => /^[a-z]:/i.exec(p)?.[0].toLowerCase() ?? '';
  if (drive(from) !== drive(to)) return null;
  const strip = (p: string) => p.replace(/^[a-z]:/i, '');
  const rel = path.posix.relative(path.posix.dirname(strip(from)), strip(to));
  return rel && !rel.startsWith('/') ? rel : null;
}

export interface SlideReferenceInput {
  title: string;
  page: number;
  /** The note, relative to the notes root with forward slashes (as `Talk.file`). */
  noteFile: string;
  /** The PDF relative to the note's folder (`relativeLinkPath`), or null when there is none. */
  pdfFromNote: string | null;
}

/**
 * `[<title> p.N](<path>#page=N)`. When the notes view could not follow that path (the slides
 * folder lies outside the notes folder), the short form `#slide=N` is written instead.
 */
export function slideReference(input: SlideReferenceInput): string {
  const text = escapeLinkText(`${input.title} p.${input.page}`);
  const full = input.pdfFromNote === null ? null : `${input.pdfFromNote}#page=${input.page}`;
  const followable = full !== null && classifyNoteLink(full, input.noteFile).kind === 'file';
  return `[${text}](${linkDestination(followable ? full : shortSlideLink(input.page))})`;
}

/** `[▶ 12:34](https://…?t=754)`: the video at that moment, its other parameters (Bilibili's `p`) kept. */
export function videoTimestampLink(video: string, seconds: number): string {
  return `[▶ ${formatTimestamp(seconds)}](${linkDestination(videoUrlAt(video, seconds))})`;
}

// ---- where a reference goes ------------------------------------------------------------------

export interface ReferenceInsertion {
  edit: TextEdit;
  /** Offset in the text after the edit, just after the inserted link. */
  cursor: number;
}

/**
 * Inserts `snippet` at `offset` (the cursor), with a space on either side where it would
 * otherwise run into a word.
 */
export function insertAtCursor(text: string, offset: number, snippet: string): ReferenceInsertion {
  const at = Math.max(0, Math.min(offset, text.length));
  const before = text.slice(0, at);
  const after = text.slice(at);
  const lead = before && !/[\s([{]$/.test(before) ? ' ' : '';
  const trail = after && !/^[\s)\]},.;:!?，。；：！？、]/.test(after) ? ' ' : '';
  const insert = `${lead}${snippet}${trail}`;
  return { edit: { offset: at, length: 0, text: insert }, cursor: at + lead.length + snippet.length };
}

export interface SectionOptions {
  /** Heading of the personal-notes section to create when none exists (UI language). */
  heading: string;
  /** Every heading text that counts as that section, whatever language wrote it. */
  knownHeadings: readonly string[];
}

/**
 * Adds `- <snippet>` at the end of the personal-notes section (the `## ` heading named in
 * `knownHeadings`, as `personalNoteInsertion` finds it), creating the section at the end of the
 * note when missing. Consecutive references form one list.
 */
export function appendToPersonalNotes(text: string, snippet: string, opts: SectionOptions): ReferenceInsertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { lines, start, end } = findSection(text, opts.knownHeadings);
  const item = `- ${snippet}`;
  if (start >= 0) {
    let last = end - 1;
    while (last > start && !lines[last].text.trim()) last--;
    const after = lines[last];
    const offset = after.start + after.text.length + after.eol.length;
    const needsEol = after.eol === '' ? eol : '';
    // A list item right above joins the list; anything else (text, the heading) wants a blank line.
    const gap = last > start && /^\s{0,3}[-*+]\s/.test(after.text) ? '' : eol;
    const insert = `${needsEol}${gap}${item}${eol}`;
    return { edit: { offset, length: 0, text: insert }, cursor: offset + insert.length - eol.length };
  }
  const { offset, separator } = appendPoint(text, eol);
  const insert = `${separator}## ${opts.heading}${eol}${eol}${item}${eol}`;
  return {
    edit: { offset, length: text.length - offset, text: insert },
    cursor: offset + insert.length - eol.length,
  };
}

// ---- reading slide links back ----------------------------------------------------------------

export interface MarkdownLink {
  /** Offsets of the whole `[text](destination)`. */
  start: number;
  end: number;
  /** The destination as written, angle brackets removed, title dropped. */
  destination: string;
}

export type SlideLinkTarget =
  | { kind: 'short'; page: number }
  /** A relative path to a PDF (decoded, as written relative to the note), and its `#page=`. */
  | { kind: 'pdf'; path: string; page: number | null };

/**
 * Inline links `[text](destination)` outside code, in document order. Reference-style links and
 * images are not slide links and are skipped; so is anything inside code spans or fences.
 */
export function findMarkdownLinks(text: string): MarkdownLink[] {
  const out: MarkdownLink[] = [];
  const masked = maskCode(text);
  const open = /(!?)\[/g;
  let m: RegExpExecArray | null;
  while ((m = open.exec(masked))) {
    const start = m.index;
    if (start > 0 && masked[start - 1] === '\\') continue;
    const close = closingBracket(masked, start + m[0].length);
    if (close < 0 || masked[close + 1] !== '(') continue;
    const dest = readDestination(masked, text, close + 2);
    if (!dest) continue;
    if (m[1] !== '!') out.push({ start, end: dest.end, destination: dest.destination });
    open.lastIndex = dest.end;
  }
  return out;
}

/** What a link destination in a note means for the slides viewer, or null when it is not a slide link. */
export function slideLinkTarget(destination: string): SlideLinkTarget | null {
  const short = parseShortSlideLink(destination);
  if (short !== null) return { kind: 'short', page: short };
  const target = destination.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) return null;
  const hash = target.indexOf('#');
  const rawPath = (hash < 0 ? target : target.slice(0, hash)).split('?')[0];
  let file = rawPath;
  try {
    file = decodeURIComponent(rawPath);
  } catch {
    /* keep as written */
  }
  if (!/\.pdf$/i.test(file)) return null;
  return { kind: 'pdf', path: file.replace(/\\/g, '/'), page: hash < 0 ? null : pageFromFragment(target.slice(hash + 1)) };
}

/**
 * The text with the front matter, code spans and fenced blocks blanked out (same length, so
 * offsets still match).
 */
function maskCode(text: string): string {
  const lines = splitLines(text);
  const frontMatter = frontMatterLineCount(text);
  let fence: string | null = null;
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i < frontMatter) {
      out += ' '.repeat(line.text.length) + line.eol;
      continue;
    }
    const f = FENCE.exec(line.text);
    if (f && (!fence || f[1][0] === fence)) {
      fence = fence ? null : f[1][0];
      out += ' '.repeat(line.text.length) + line.eol;
      continue;
    }
    out += (fence ? ' '.repeat(line.text.length) : maskCodeSpans(line.text)) + line.eol;
  }
  return out;
}

function maskCodeSpans(line: string): string {
  return line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, s => ' '.repeat(s.length));
}

/** Index of the `]` closing the link text opened before `from`, allowing nested brackets. */
function closingBracket(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '\n' && text[i + 1] === '\n') return -1;
    if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Reads `destination "title")` starting after `(`; offsets are shared by `masked` and `text`. */
function readDestination(masked: string, text: string, from: number): { destination: string; end: number } | null {
  let i = from;
  while (masked[i] === ' ' || masked[i] === '\t') i++;
  let destination: string;
  if (masked[i] === '<') {
    const close = masked.indexOf('>', i + 1);
    if (close < 0 || masked.slice(i, close).includes('\n')) return null;
    destination = text.slice(i + 1, close).replace(/\\([<>\\])/g, '$1');
    i = close + 1;
  } else {
    const startDest = i;
    let depth = 0;
    for (; i < masked.length; i++) {
      const c = masked[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (/\s/.test(c)) break;
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
    }
    destination = text.slice(startDest, i);
  }
  // An optional title, then the closing parenthesis.
  const rest = /^[ \t]*(?:\n[ \t]*)?(?:"[^"]*"|'[^']*'|\([^)]*\))?[ \t]*\)/.exec(masked.slice(i, i + 1000));
  if (!rest) return null;
  return { destination, end: i + rest[0].length };
}
