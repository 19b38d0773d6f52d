// Where a note's front matter is: the one definition every reader, checker and editor uses (the
// loader, the byte reader's decisions, field edits, personal notes, slide references, the outline
// reader). Only this module decides where the block starts and ends.
//
// The block starts on the very first line (after an optional BOM) with `---` alone, or `---`
// followed by a language name (`---yaml`, `---js`), and ends at the next line that is `---` alone;
// spaces and tabs may follow either. Lines end at `\n` (a `\r` before it belongs to the break).
// `----`, `--- some words` or an indented `---` are Markdown, and so is `...` (YAML's own end of
// document marker): a note is Markdown first, and other tools close front matter only at `---`.
import { isSpaceOrTab } from '../chars';

/** Where the front matter block sits in a text, by UTF-16 offsets. */
export interface FrontMatterBlock {
  /** Offset of the opening `---` (1 when the text starts with a BOM, else 0). */
  start: number;
  /** Offset of the first YAML line, just after the opening line's line break. */
  yamlStart: number;
  /** Offset where the closing `---` line starts (end of the YAML text). */
  yamlEnd: number;
  /** Offset just after the closing line and its line break: where the body starts. */
  end: number;
  /** Text after `---` on the opening line, lower-cased ('' for a plain `---`). */
  language: string;
  /** 1-based line of the closing `---`; the body starts on the next line. */
  closingLine: number;
}

export type LocatedFrontMatter =
  | { kind: 'none'; start: number }
  /** The first line opens a block that no line closes: the whole text is Markdown. */
  | { kind: 'unclosed'; start: number }
  | { kind: 'block'; block: FrontMatterBlock };

/** Languages read as YAML; every other tag is refused (and never run). */
export function isYamlLanguage(language: string): boolean {
  return language === '' || language === 'yaml' || language === 'yml';
}

/** Ends of the line starting at `pos`: content end (before \r\n or \n) and next line start. */
function lineEnds(text: string, pos: number): { end: number; next: number } {
  const nl = text.indexOf('\n', pos);
  if (nl < 0) return { end: text.length, next: text.length };
  return { end: nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
}

/** `---` followed by spaces and tabs only, in text[pos, end). */
function isClosingLine(text: string, pos: number, end: number): boolean {
  if (!text.startsWith('---', pos)) return false;
  for (let i = pos + 3; i < end; i++) if (!isSpaceOrTab(text.charCodeAt(i))) return false;
  return true;
}

/** The language of an opening line text[start, end) that begins with `---`, or null when it opens nothing. */
function openingLanguage(text: string, start: number, end: number): string | null {
  let i = start + 3;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  if (i === end) return '';
  // `[A-Za-z][\w+.-]*`, then only spaces and tabs.
  const first = text.charCodeAt(i) | 0x20;
  if (first < 97 || first > 122) return null;
  const from = i;
  for (i++; i < end; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95 || c === 43 || c === 46 || c === 45;
    if (!word) break;
  }
  const to = i;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  return i === end ? text.slice(from, to).toLowerCase() : null;
}

/** Finds the front matter block of a note. Linear in the length of the text, never throws. */
export function locateFrontMatter(text: string): LocatedFrontMatter {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return { kind: 'none', start };
  const first = lineEnds(text, start);
  const language = openingLanguage(text, start, first.end);
  if (language === null) return { kind: 'none', start };
  if (first.next >= text.length && first.end === text.length) return { kind: 'unclosed', start };
  let pos = first.next;
  let line = 2;
  while (pos <= text.length) {
    const { end, next } = lineEnds(text, pos);
    if (isClosingLine(text, pos, end)) {
      return { kind: 'block', block: { start, yamlStart: first.next, yamlEnd: pos, end: next, language, closingLine: line } };
    }
    if (next >= text.length && end === text.length) break;
    pos = next;
    line++;
  }
  return { kind: 'unclosed', start };
}

/**
 * How many lines of the note the front matter takes (its closing line included), so the Markdown
 * starts at this 0-based line index; 0 without a complete block. A `---js` block counts too: it
 * is not Markdown either.
 */
export function frontMatterLineCount(text: string): number {
  const located = locateFrontMatter(text);
  return located.kind === 'block' ? located.block.closingLine : 0;
}
