// The piece of a line or page shown with a search hit: a window of the original text around the
// first match, whitespace collapsed, with the ranges of the matches to mark.

import { foldWithMap } from './fold';
import { findClause } from './matcher';

export interface Snippet {
  text: string;
  /** `[start, end)` ranges of `text` that matched a clause, in order, not overlapping. */
  marks: [number, number][];
}

export interface SnippetOptions {
  /** Characters shown (about; a surrogate pair is never cut). */
  width?: number;
  /** Characters kept before the first match. */
  before?: number;
}

const ELLIPSIS = '…';

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029;
}

/** Original ranges of the first occurrence of each pattern, sorted and merged. */
export function matchRanges(original: string, patterns: string[]): [number, number][] {
  const { folded, map } = foldWithMap(original);
  const ranges: [number, number][] = [];
  for (const p of patterns) {
    const at = findClause(folded, p, 0);
    if (at < 0) continue;
    // A prefix match covers the rest of the word in the original (`check` in `Checkpoint` marks
    // `check` only): the folded end maps back exactly.
    ranges.push([map.start[at], map.end[at + p.length - 1]]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The snippet of `original` around `ranges` (from `matchRanges`); no range gives its start. */
export function makeSnippet(original: string, ranges: [number, number][], opts: SnippetOptions = {}): Snippet {
  const width = opts.width ?? 120;
  const before = opts.before ?? 36;
  let from = ranges.length ? Math.max(0, ranges[0][0] - before) : 0;
  // Start after whitespace, and never inside a surrogate pair.
  while (from > 0 && !isSpaceCode(original.charCodeAt(from - 1)) && ranges.length && ranges[0][0] - from < before + 12) {
    const c = original.charCodeAt(from - 1);
    // CJK text has no spaces: any character is a fine place to start.
    if (c >= 0x2e80) break;
    from--;
  }
  if (from > 0 && (original.charCodeAt(from) & 0xfc00) === 0xdc00) from--;
  let text = from > 0 ? ELLIPSIS : '';
  const marks: [number, number][] = [];
  let r = 0;
  let open = -1;
  let i = from;
  let lastSpace = text.length > 0;
  // Skip leading whitespace.
  while (i < original.length && isSpaceCode(original.charCodeAt(i))) i++;
  for (; i < original.length && text.length < width; i++) {
    while (r < ranges.length && ranges[r][1] <= i && open < 0) r++;
    if (r < ranges.length && open < 0 && i >= ranges[r][0] && i < ranges[r][1]) open = text.length;
    const c = original.charCodeAt(i);
    if (isSpaceCode(c)) {
      if (!lastSpace) text += ' ';
      lastSpace = true;
    } else {
      text += original[i];
      lastSpace = false;
    }
    if (open >= 0 && i + 1 >= ranges[r][1]) {
      marks.push([open, text.length]);
      open = -1;
      r++;
    }
  }
  // A surrogate pair cut at the end loses its first half too.
  if ((text.charCodeAt(text.length - 1) & 0xfc00) === 0xd800) {
    text = text.slice(0, -1);
    i--;
  }
  if (open >= 0) marks.push([open, text.length]);
  if (i < original.length) text = text.replace(/ $/, '') + ELLIPSIS;
  return { text, marks: marks.filter(([s, e]) => e > s && s < text.length).map(([s, e]) => [s, Math.min(e, text.length)]) };
}

/** Marks written into the text, for places that cannot style ranges (quick pick details, plain CLI output). */
export function markedText(snippet: Snippet, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (const [s, e] of snippet.marks) {
    out += snippet.text.slice(at, s) + open + snippet.text.slice(s, e) + close;
    at = e;
  }
  return out + snippet.text.slice(at);
}
