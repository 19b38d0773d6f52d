// The one text normalisation of search: notes, slide pages and queries all go through `fold`, so a
// query matches whatever the text says however it is written.
//
// - Case- and width-insensitive: every character is NFKC-normalised and lower-cased on its own
//   (full-width `ＲｏｃｋｓＤＢ` and `RocksDB` fold alike, `①` to `1`); Latin, Greek and Cyrillic
//   lose their diacritics (`café` = `cafe`). Kana keep theirs (`が` ≠ `か`).
// - Words are runs of letters and digits; CJK characters (Han, kana, Hangul) are words of their own
//   class. Punctuation and symbols become one space, as does whitespace — except whitespace between
//   two CJK characters, which disappears: Chinese has no spaces between words, so a space (or a
//   line break in a PDF) inside a Chinese phrase is layout, not a word boundary.
// - A space is inserted where a Latin word meets CJK text (`Flink状态` → `flink 状态`), so both are
//   words a query can start at.
// The folded text therefore holds only word characters and single spaces. Each folded character
// can be traced back to the original (`foldWithMap`) to mark matches in snippets.

/** Character classes of folded text. */
export const enum CharClass {
  /** Punctuation, symbols, controls: a word boundary. */
  Break = 0,
  Space = 1,
  /** Letters and digits outside CJK (Latin, Greek, Cyrillic, Arabic...). */
  Word = 2,
  /** Han, Hiragana, Katakana, Hangul, Bopomofo: matched as substrings. */
  Cjk = 3,
  /** Combining marks: belong to the character before them. */
  Mark = 4,
}

const UNKNOWN = 255;
/** Set in `classes` for a character that folds to itself (most CJK text): no string needed. */
const SAME = 0x10;
/** Classes of BMP code units (| SAME), computed on first sight (most texts use a few hundred). */
const classes = new Uint8Array(0x10000).fill(UNKNOWN);
/** Folded forms of non-ASCII BMP characters, computed on first sight. */
const folds = new Map<number, string>();

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3005\u3006\u30fc\uff70]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const SPACE = /\s/u;
const COMBINING = /\p{Mn}/gu;

function classifyCodePoint(cp: number): CharClass {
  const ch = String.fromCodePoint(cp);
  if (CJK.test(ch)) return CharClass.Cjk;
  if (LETTER_OR_DIGIT.test(ch)) return CharClass.Word;
  if (MARK.test(ch)) return CharClass.Mark;
  if (SPACE.test(ch)) return CharClass.Space;
  return CharClass.Break;
}

/** The class of a code point (astral code points are classified each time; they are rare). */
export function charClass(cp: number): CharClass {
  if (cp < 0x80) {
    if ((cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90)) return CharClass.Word;
    return cp === 32 || (cp >= 9 && cp <= 13) ? CharClass.Space : CharClass.Break;
  }
  if (cp > 0xffff) return classifyCodePoint(cp);
  let c = classes[cp];
  if (c === UNKNOWN) c = learn(cp);
  return c & 0x0f;
}

/** Classifies a BMP character and notes whether it folds to itself. */
function learn(cp: number): number {
  const c = classifyCodePoint(cp) | (foldCodePointUncached(cp) === String.fromCharCode(cp) ? SAME : 0);
  classes[cp] = c;
  return c;
}

/** Whether a non-ASCII BMP character folds to itself. */
function foldsToItself(cp: number): boolean {
  let c = classes[cp];
  if (c === UNKNOWN) c = learn(cp);
  return (c & SAME) !== 0;
}

function foldCodePointUncached(cp: number): string {
  let s = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
  // Diacritics go for alphabets that write them as combining marks; kana and Hangul keep theirs.
  if (cp < 0x0590 || (cp >= 0x1e00 && cp <= 0x1fff)) s = s.normalize('NFD').replace(COMBINING, '').normalize('NFC');
  return s;
}

/** A code point folded on its own (may be several characters, or none). */
function foldCodePoint(cp: number): string {
  if (cp > 0xffff) return foldCodePointUncached(cp);
  let s = folds.get(cp);
  if (s === undefined) {
    s = foldCodePointUncached(cp);
    folds.set(cp, s);
  }
  return s;
}

/** Where each folded character came from: `[start[i], end[i])` in the original text. */
export interface FoldMap {
  start: Int32Array;
  end: Int32Array;
}

// Never strips a leading U+FEFF (it cannot be in the output anyway: it is whitespace).
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

function grow16(a: Uint16Array<ArrayBuffer>): Uint16Array<ArrayBuffer> {
  const bigger = new Uint16Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

function grow32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** Short strings are cheaper to build directly than through the decoder. */
function toText(codes: Uint16Array, len: number): string {
  if (!len) return '';
  if (len <= 512) return String.fromCharCode.apply(null, codes.subarray(0, len) as unknown as number[]);
  return utf16.decode(codes.subarray(0, len));
}

/**
 * The folding loop. One pass, plain local state, output written into a typed array (decoded to a
 * string at the end): notes of a large workspace are megabytes, folded on every cold start.
 */
// Output buffers reused by every fold (grown as needed): a search folds hundreds of lines for its
// snippets, and fresh buffers for each were most of its garbage.
let sharedOut = new Uint16Array(4096);
let sharedStarts = new Int32Array(4096);
let sharedEnds = new Int32Array(4096);

/** Folds `text` into the shared buffers; returns the folded length. Stops once `stopAt` characters are out. */
function foldText(text: string, withMap: boolean, stopAt = Infinity): number {
  const n = text.length;
  // Locals, not the module's variables and no closure over them: variables a closure shares live
  // in a heap context, and every access to them in the loop would cost a load or a store.
  let out = sharedOut;
  let starts = withMap ? sharedStarts : null;
  let ends = withMap ? sharedEnds : null;
  while (out.length < n + 16) out = grow16(out);
  while (starts && ends && starts.length < out.length) {
    starts = grow32(starts);
    ends = grow32(ends);
  }
  let len = 0;
  // `last`: class of the last character written (Space before the first, so leading separators
  // vanish); `pending`: the strongest separator seen since (-1: none), and where it began.
  let last: CharClass = CharClass.Space;
  let pending = -1;
  let pendingAt = 0;
  for (let i = 0; i < n && len <= stopAt;) {
    const from = i;
    let cp = text.charCodeAt(i++);
    if (cp >= 0xd800 && cp <= 0xdbff && i < n) {
      const lo = text.charCodeAt(i);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    // ASCII is most of English text: no table lookup, no string.
    let folded: string | null = null;
    let count = 1;
    if (cp >= 0x80 && (cp > 0xffff || !foldsToItself(cp))) {
      folded = foldCodePoint(cp);
      count = folded.length;
    }
    for (let k = 0; k < count; k++) {
      let c = folded === null ? cp : folded.charCodeAt(k);
      let width = 1;
      if (c >= 0xd800 && c <= 0xdbff && k + 1 < count) {
        c = 0x10000 + ((c - 0xd800) << 10) + ((folded as string).charCodeAt(k + 1) - 0xdc00);
        width = 2;
      }
      const cls = charClass(c);
      if (cls === CharClass.Word || cls === CharClass.Cjk) {
        if (last !== CharClass.Space) {
          // Whitespace inside CJK text is layout; any other separator is one space, and so is
          // the meeting of a Latin word and CJK text.
          const join = pending === -1 ? last === cls : pending === CharClass.Space && last === CharClass.Cjk && cls === CharClass.Cjk;
          if (!join) {
            if (len + 1 >= out.length) {
              out = grow16(out);
              if (starts && ends) {
                starts = grow32(starts);
                ends = grow32(ends);
              }
            }
            if (starts && ends) {
              starts[len] = pending === -1 ? from : pendingAt;
              ends[len] = from;
            }
            out[len++] = 32;
          }
        }
        pending = -1;
        last = cls;
      } else if (cls === CharClass.Mark) {
        // A mark after a word stays with it; anywhere else it is dropped.
        if (pending !== -1 || last === CharClass.Space) {
          k += width - 1;
          continue;
        }
      } else {
        if (pending === -1) {
          pendingAt = from;
          pending = cls;
        } else if (cls === CharClass.Break) pending = CharClass.Break;
        k += width - 1;
        continue;
      }
      if (len + 2 >= out.length) {
        out = grow16(out);
        if (starts && ends) {
          starts = grow32(starts);
          ends = grow32(ends);
        }
      }
      if (folded === null) {
        out[len] = c >= 65 && c <= 90 ? c + 32 : c;
      } else {
        out[len] = folded.charCodeAt(k);
      }
      if (starts && ends) {
        starts[len] = from;
        ends[len] = i;
      }
      len++;
      if (width === 2) {
        out[len] = (folded as string).charCodeAt(k + 1);
        if (starts && ends) {
          starts[len] = from;
          ends[len] = i;
        }
        len++;
        k++;
      }
    }
  }
  sharedOut = out;
  if (starts && ends) {
    sharedStarts = starts;
    sharedEnds = ends;
  }
  return len;
}

/** The folded form of `text` (see the top of this file). */
export function fold(text: string): string {
  return toText(sharedOut, foldText(text, false));
}

/** The folded form with, for each folded character, the original range it came from. */
export function foldWithMap(text: string): { folded: string; map: FoldMap } {
  const len = foldText(text, true);
  return { folded: toText(sharedOut, len), map: { start: sharedStarts.slice(0, len), end: sharedEnds.slice(0, len) } };
}

/**
 * Only the map of `text`'s folded form (whose text the caller has already), at least up to folded
 * index `upTo`: views of shared buffers, valid until the next fold.
 */
export function foldMapOnly(text: string, upTo = Infinity): FoldMap {
  const len = foldText(text, true, upTo);
  return { start: sharedStarts.subarray(0, len), end: sharedEnds.subarray(0, len) };
}
