// Where a note's quote stands in a page's text. PDF text layers are unreliable about spaces
// (words of one line split into items with or without a space between them, Chinese characters
// spaced out, line ends as breaks) and about hyphens (a word broken at a line end, `real-time`
// written `realtime`), so both texts are compared without whitespace and without hyphens, after
// compatibility normalisation (ligatures, full-width Latin). Letter case counts: a quote is text
// copied from the page, and a match that ignores case could mark words the note never quoted. No
// match means no highlight. Linear: Knuth–Morris–Pratt over the page's key.
import { isWhitespace } from './chars';

/** Text reduced for matching, with where in the original text every character of the key comes from. */
export interface MatchKey {
  key: string;
  /** Start and end (exclusive) in the original text of the character each key unit comes from. */
  start: Int32Array;
  end: Int32Array;
}

/** `-`, soft hyphen, hyphen, non-breaking hyphen: ignored like spaces. */
function isHyphen(c: number): boolean {
  return c === 0x2d || c === 0xad || c === 0x2010 || c === 0x2011;
}

export function matchKey(text: string): MatchKey {
  let key = '';
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    // Characters that normalise to nothing but ASCII stay as they are (the usual case, quickly).
    const normal = cp < 0x80 ? ch : ch.normalize('NFKC');
    for (let k = 0; k < normal.length; k++) {
      const c = normal.charCodeAt(k);
      if (isWhitespace(c) || isHyphen(c)) continue;
      key += normal[k];
      start.push(i);
      end.push(i + width);
    }
    i += width;
  }
  return { key, start: Int32Array.from(start), end: Int32Array.from(end) };
}

/** Most highlights one quote gets on one page (a one-word quote of a common word). */
export const MAX_MATCHES_PER_QUOTE = 20;

/**
 * The ranges [start, end) of `page`'s original text where `quote` stands, in order and not
 * overlapping; empty when it is not there or has nothing left to match once reduced.
 */
export function findQuote(page: MatchKey, quote: string): [number, number][] {
  const needle = matchKey(quote).key;
  const hay = page.key;
  if (!needle || needle.length > hay.length) return [];
  const fail = new Int32Array(needle.length);
  for (let i = 1, k = 0; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = fail[k - 1];
    if (needle[i] === needle[k]) k++;
    fail[i] = k;
  }
  const out: [number, number][] = [];
  for (let i = 0, k = 0; i < hay.length; i++) {
    while (k > 0 && hay[i] !== needle[k]) k = fail[k - 1];
    if (hay[i] === needle[k]) k++;
    if (k === needle.length) {
      out.push([page.start[i - needle.length + 1], page.end[i]]);
      if (out.length >= MAX_MATCHES_PER_QUOTE) break;
      k = 0; // no overlapping matches
    }
  }
  return out;
}
