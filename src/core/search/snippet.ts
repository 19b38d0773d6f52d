// The piece of a line or page shown with a search hit: a window of the original text around the
// first match, whitespace collapsed, with the ranges of the matches to mark.

import { foldMapOnly, foldWithMap, type FoldMap } from './fold';
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

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029;
}

/**
 * Original ranges of the first occurrence of each pattern, sorted and merged. `folded` is
 * `fold(original)` when the caller has it (the index does), sparing a second string.
 */
export function matchRanges(original: string, patterns: string[], folded?: string): [number, number][] {
  let map: FoldMap | undefined;
  if (folded === undefined) ({ folded, map } = foldWithMap(original));
  const found: [number, number][] = [];
  let last = 0;
  for (const p of patterns) {
    const at = findClause(folded, p, 0);
    if (at < 0) continue;
    found.push([at, at + p.length - 1]);
    last = Math.max(last, at + p.length);
  }
  // Only as much of the map as the matches need: they are usually near the start.
  map ??= foldMapOnly(original, last);
  // A prefix match marks what was typed (`check` of `Checkpoint`): the folded end maps back exactly.
  const ranges: [number, number][] = found.map(([s, e]) => [map.start[s], map.end[e]]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const snippetBuffer = new Uint16Array(1024);

/** The snippet of `original` around `ranges` (from `matchRanges`); no range gives its start. */
export function makeSnippet(original: string, ranges: [number, number][], opts: SnippetOptions = {}): Snippet {
  const width = Math.min(opts.width ?? 120, snippetBuffer.length - 2);
  const before = opts.before ?? 36;
  const n = original.length;
  let from = ranges.length ? Math.max(0, ranges[0][0] - before) : 0;
  // Latin text starts at a word when one begins a little earlier; CJK text may start anywhere.
  while (from > 0 && ranges.length && ranges[0][0] - from < before + 12) {
    const c = original.charCodeAt(from - 1);
    if (isSpaceCode(c) || c >= 0x2e80) break;
    from--;
  }
  if (from > 0 && (original.charCodeAt(from) & 0xfc00) === 0xdc00) from--;
  // Written into a buffer, one code unit at a time: no string per character.
  const out = snippetBuffer;
  let len = 0;
  if (from > 0) out[len++] = 0x2026;
  const marks: [number, number][] = [];
  let r = 0;
  let open = -1;
  let lastSpace = len > 0;
  let i = from;
  while (i < n && isSpaceCode(original.charCodeAt(i))) i++;
  for (; i < n && len < width; i++) {
    while (r < ranges.length && open < 0 && ranges[r][1] <= i) r++;
    if (r < ranges.length && open < 0 && i >= ranges[r][0]) open = len;
    const c = original.charCodeAt(i);
    if (isSpaceCode(c)) {
      if (!lastSpace) out[len++] = 32;
      lastSpace = true;
    } else {
      out[len++] = c;
      lastSpace = false;
    }
    if (open >= 0 && i + 1 >= ranges[r][1]) {
      marks.push([open, len]);
      open = -1;
      r++;
    }
  }
  // A surrogate pair cut at the end loses its first half too.
  if (len && (out[len - 1] & 0xfc00) === 0xd800) {
    len--;
    i--;
  }
  if (open >= 0) marks.push([open, len]);
  if (i < n) {
    if (len && out[len - 1] === 32) len--;
    out[len++] = 0x2026;
  }
  const text = String.fromCharCode.apply(null, out.subarray(0, len) as unknown as number[]);
  return { text, marks: marks.filter(([s, e]) => e > s && s < len).map(([s, e]) => [s, Math.min(e, len)]) };
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
