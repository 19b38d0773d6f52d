// Inline Markdown as the words a reader sees, for text that must be compared with other text (a
// quote with its slide's text layer): backslash escapes and character references decoded, code
// spans by their content, links by their text, emphasis and strikethrough markers dropped, line
// breaks and runs of whitespace as one space. One pass over the characters; links come from
// findMarkdownLinks, code spans from codeSpans, so the rules are those of the rest of the family.
import { isWhitespace } from '../chars';
import { codeSpans } from './codeSpans';

/** A link inside the text, in offsets of that text: `[` at start, `]` at textEnd, end after `)`. */
export interface InlineLinkSpan {
  start: number;
  textEnd: number;
  end: number;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const MAX_CODE_POINT = 0x10ffff;

/** ASCII punctuation: what a backslash may escape (CommonMark 2.4). */
export function isAsciiPunctuation(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isAlphanumeric(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function isPunctuationChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{P}\p{S}]/u.test(ch);
}

/**
 * The plain text of `source` (one paragraph or part of one). `links` are the inline links in it,
 * in order, as findMarkdownLinks found them in the note (offsets made relative to `source`).
 */
export function inlineText(source: string, links: readonly InlineLinkSpan[] = []): string {
  return collapseWhitespace(plain(source, 0, source.length, links));
}

/** Runs of whitespace as one space, none at either end. */
export function collapseWhitespace(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    if (isWhitespace(text.charCodeAt(i))) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += text[i];
  }
  return out;
}

function plain(source: string, from: number, to: number, links: readonly InlineLinkSpan[]): string {
  const spans = codeSpans(source.slice(from, to)).map(([a, b]) => [a + from, b + from] as const);
  let span = 0;
  let link = 0;
  let out = '';
  let i = from;
  while (i < to) {
    while (span < spans.length && spans[span][0] < i) span++;
    if (span < spans.length && spans[span][0] === i) {
      out += codeContent(source.slice(spans[span][0], spans[span][1]));
      i = spans[span][1];
      span++;
      continue;
    }
    while (link < links.length && links[link].end <= i) link++;
    if (link < links.length && links[link].start === i && links[link].end <= to) {
      const l = links[link];
      // Links do not nest: the text of one holds none.
      out += plain(source, l.start + 1, l.textEnd, []);
      i = l.end;
      link++;
      continue;
    }
    const c = source.charCodeAt(i);
    if (c === 92 /* \ */) {
      const next = source.charCodeAt(i + 1);
      if (i + 1 < to && isAsciiPunctuation(next)) {
        out += source[i + 1];
        i += 2;
        continue;
      }
      // A backslash before a line break is a hard break.
      if (next === 10 || next === 13) {
        out += ' ';
        i++;
        continue;
      }
    } else if (c === 38 /* & */) {
      const entity = characterReference(source, i, to);
      if (entity) {
        out += entity.text;
        i = entity.end;
        continue;
      }
    } else if (c === 42 /* * */ || c === 95 /* _ */ || c === 126 /* ~ */) {
      let k = i;
      while (k < to && source.charCodeAt(k) === c) k++;
      if (isDelimiterRun(source, i, k, c)) {
        i = k;
        continue;
      }
      out += source.slice(i, k);
      i = k;
      continue;
    } else if (c === 60 /* < */) {
      const auto = autolink(source, i, to);
      if (auto) {
        out += auto.text;
        i = auto.end;
        continue;
      }
    }
    out += source[i];
    i++;
  }
  return out;
}

/** A code span's text: backticks off, line breaks as spaces, one space of padding removed. */
function codeContent(span: string): string {
  let a = 0;
  while (span.charCodeAt(a) === 96) a++;
  let content = span.slice(a, span.length - a).replace(/\r?\n/g, ' ');
  if (content.length > 1 && content.startsWith(' ') && content.endsWith(' ') && content.trim()) content = content.slice(1, -1);
  return content;
}

/**
 * Whether the run of `*`, `_` or `~` at [start, end) can open or close emphasis (or, for `~~`,
 * strikethrough), so it is markup rather than text. `_` between letters is text (`snake_case`),
 * and a run with whitespace on both sides is text (`2 * 3`).
 */
function isDelimiterRun(source: string, start: number, end: number, c: number): boolean {
  if (c === 126 && end - start !== 2) return false;
  const before = start > 0 ? String.fromCodePoint(source.codePointAt(start - 1) ?? 32) : undefined;
  const after = end < source.length ? String.fromCodePoint(source.codePointAt(end) ?? 32) : undefined;
  const spaceBefore = before === undefined || /\s/u.test(before);
  const spaceAfter = after === undefined || /\s/u.test(after);
  const leftFlanking = !spaceAfter && (!isPunctuationChar(after) || spaceBefore || isPunctuationChar(before));
  const rightFlanking = !spaceBefore && (!isPunctuationChar(before) || spaceAfter || isPunctuationChar(after));
  if (c === 95 && isAlphanumeric(before) && isAlphanumeric(after)) return false;
  return leftFlanking || rightFlanking;
}

/** `&amp;`, `&#39;`, `&#x4E2D;` and the few named references people type; null for anything else. */
function characterReference(source: string, at: number, to: number): { text: string; end: number } | null {
  // Looked for within a few characters only, so a text of many `&` stays linear.
  let semi = at + 1;
  while (semi < to && semi - at <= 10 && source.charCodeAt(semi) !== 59 /* ; */) semi++;
  if (semi >= to || semi - at > 10) return null;
  const body = source.slice(at + 1, semi);
  let code: number | null = null;
  if (/^#[0-9]{1,7}$/.test(body)) code = Number(body.slice(1));
  else if (/^#[xX][0-9a-fA-F]{1,6}$/.test(body)) code = parseInt(body.slice(2), 16);
  if (code !== null) {
    // CommonMark turns invalid code points into U+FFFD.
    const text = code === 0 || code > MAX_CODE_POINT || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    return { text, end: semi + 1 };
  }
  const named = Object.hasOwn(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : undefined;
  return named === undefined ? null : { text: named, end: semi + 1 };
}

/** `<https://…>` or `<a@b.c>`: the address is the text. */
function autolink(source: string, at: number, to: number): { text: string; end: number } | null {
  // An autolink holds no whitespace and no `<`: the scan stops at either, so it stays linear.
  let close = at + 1;
  while (close < to) {
    const c = source.charCodeAt(close);
    if (c === 62 /* > */ || c === 60 /* < */ || isWhitespace(c)) break;
    close++;
  }
  if (close >= to || source.charCodeAt(close) !== 62) return null;
  const inner = source.slice(at + 1, close);
  if (/^[a-z][a-z0-9+.-]{1,31}:[^\s<>]*$/i.test(inner) || /^[^\s<>@]+@[^\s<>@.]+(?:\.[^\s<>@.]+)+$/.test(inner)) {
    return { text: inner, end: close + 1 };
  }
  return null;
}
