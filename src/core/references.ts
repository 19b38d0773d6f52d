// Links between notes, slides and videos: the text Talk Notes writes into a note for "this slide"
// and "this moment of the video", where it goes, and how such links are read back from a note.
import path from 'node:path';
import type { TextEdit } from './model';
import { frontMatterLineCount } from './frontMatter/locate';
import { fencedLines } from './markdown/fences';
import { appendPoint, findSection, splitLines } from './textLines';
import { classifyNoteLink, formatTimestamp, pageFromFragment, parseShortSlideLink, shortSlideLink, videoUrlAt } from './links';

export { parseShortSlideLink, shortSlideLink };
export { findMarkdownLinks, type MarkdownLink } from './markdown/inlineLinks';

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

/**
 * `[Talk title](<../track/02 talk.md>)`: a link from one note (absolute path) to another talk's
 * note, as dropping that talk into the note writes it; null when there is no relative path.
 */
export function talkLink(title: string, fromNote: string, toNote: string): string | null {
  const rel = relativeLinkPath(fromNote, toNote);
  return rel === null ? null : `[${escapeLinkText(title)}](${linkDestination(rel)})`;
}

/**
 * Where a link dropped at `line` (0-based) of a note goes: there, unless that is inside the front
 * matter, where text would break the YAML; then the first line of the body.
 */
export function dropLine(text: string, line: number): number {
  const body = frontMatterLineCount(text);
  return line < body ? body : line;
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
  return appendToSection(text, opts, eol => `- ${snippet}${eol}`, 'joinList');
}

/**
 * Adds a block (lines such as a blockquote) at the end of the personal-notes section, with a blank
 * line before it, so it never joins the list or paragraph above; the section is created when missing.
 */
export function appendBlockToPersonalNotes(text: string, block: readonly string[], opts: SectionOptions): ReferenceInsertion {
  return appendToSection(text, opts, eol => block.join(eol) + eol, 'own');
}

function appendToSection(
  text: string,
  opts: SectionOptions,
  content: (eol: string) => string,
  shape: 'joinList' | 'own',
): ReferenceInsertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { lines, start, end } = findSection(text, opts.knownHeadings);
  const item = content(eol);
  if (start >= 0) {
    let last = end - 1;
    while (last > start && !lines[last].text.trim()) last--;
    const after = lines[last];
    const offset = after.start + after.text.length + after.eol.length;
    const needsEol = after.eol === '' ? eol : '';
    // A list item right above joins the list; anything else (text, the heading) wants a blank line.
    const gap = shape === 'joinList' && last > start && /^\s{0,3}[-*+]\s/.test(after.text) ? '' : eol;
    // A heading right after the section keeps a blank line between it and the block.
    const trail = shape === 'own' && end < lines.length && last === end - 1 ? eol : '';
    const insert = `${needsEol}${gap}${item}${trail}`;
    return { edit: { offset, length: 0, text: insert }, cursor: offset + insert.length - eol.length - trail.length };
  }
  const { offset, separator } = appendPoint(text, eol);
  const insert = `${separator}## ${opts.heading}${eol}${eol}${item}`;
  return {
    edit: { offset, length: text.length - offset, text: insert },
    cursor: offset + insert.length - eol.length,
  };
}

/**
 * Inserts a block (lines such as a blockquote) at the cursor: on the cursor's line when it is
 * blank, else after that line, never inside the front matter or a code block, with one blank line
 * between the block and the text around it.
 */
export function insertBlockAtCursor(text: string, offset: number, block: readonly string[]): ReferenceInsertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  const first = frontMatterLineCount(text);
  const { fenced } = fencedLines(lines.slice(first).map(l => l.text));
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  while (line + 1 < lines.length && lines[line + 1].start <= at) line++;
  // In the front matter or in code the block would not be Markdown: it goes just after them.
  if (line < first) line = first - 1;
  if (line >= first && fenced[line - first]) while (line + 1 < lines.length && fenced[line + 1 - first]) line++;
  const target = lines[Math.min(line, lines.length - 1)];
  const blank = line >= first && line < lines.length && !target.text.trim();
  const body = block.join(eol);
  if (blank) {
    const prev = lines[line - 1];
    const next = lines[line + 1];
    const lead = prev && prev.text.trim() && line > first ? eol : '';
    const trail = next && next.text.trim() ? eol : '';
    const insert = `${lead}${body}${trail}`;
    return { edit: { offset: target.start, length: target.text.length, text: insert }, cursor: target.start + lead.length + body.length };
  }
  const anchor = line >= lines.length ? lines[lines.length - 1] : target;
  const lineEnd = anchor.start + anchor.text.length;
  const next = lines[lines.indexOf(anchor) + 1];
  const trail = next && next.text.trim() ? eol : '';
  const lead = `${eol}${eol}`;
  const insert = `${lead}${body}${trail}`;
  return { edit: { offset: lineEnd, length: 0, text: insert }, cursor: lineEnd + lead.length + body.length };
}

// ---- reading slide links back ----------------------------------------------------------------

export type SlideLinkTarget =
  | { kind: 'short'; page: number }
  /** A relative path to a PDF (decoded, as written relative to the note), and its `#page=`. */
  | { kind: 'pdf'; path: string; page: number | null };

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
