// The byte reader: the usual front matter read straight from a note's UTF-8 bytes, without
// decoding the note or loading a YAML library. A cold load reads thousands of notes; decoding each
// front matter to a string and scanning that cost more than reading the files, and js-yaml costs
// several times more again (the "front matter parse" rows of `npm run bench`).
//
// It answers only for the common shape: a plain `---` block (BOM and CRLF allowed) of one
// `key: value` per line, values plain or simply quoted text, small integers, flow lists of plain
// words, or block lists of such scalars, comments on lines of their own. For anything else it
// returns undefined and the caller reads the note with the general reader (read.ts: the locator
// and js-yaml). Where it answers, it must say exactly what that reader says; the property tests in
// test/unit/fastPaths.test.ts pin both its block end to `locateFrontMatter` and its data to
// js-yaml. Their syntax is ASCII, and UTF-8 encodes every other character with bytes >= 0x80
// only, so byte and character decisions agree.
/**
 * Whether the character starting at `i` makes the reader step aside (js-yaml's non-printables, odd
 * line breaks, tabs and BOMs inside values), in UTF-8 terms: C0
 * controls and DEL, C1 controls (C2 80..9F), U+2028/2029 (E2 80 A8/A9), U+FEFF (EF BB BF),
 * U+FFFE/FFFF (EF BF BE/BF), and everything outside the BMP (four-byte sequences, surrogate pairs
 * in a string). Continuation bytes are never awkward on their own.
 */
function isAwkwardAt(bytes: Uint8Array, i: number): boolean {
  const c = bytes[i];
  if (c < 0x80) return c < 32 || c === 0x7f;
  if (c < 0xc2) return false;
  if (c === 0xc2) return bytes[i + 1] < 0xa0;
  if (c === 0xe2) return bytes[i + 1] === 0x80 && (bytes[i + 2] === 0xa8 || bytes[i + 2] === 0xa9);
  if (c === 0xed) return bytes[i + 1] >= 0xa0; // encoded surrogates: not UTF-8, refused anyway
  if (c === 0xef) return (bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) || (bytes[i + 1] === 0xbf && bytes[i + 2] >= 0xbe);
  return c >= 0xf0;
}

/** `null`, `true` or `false` in any ASCII case: js-yaml reads them (and keys spelled so) as null and booleans. */
function isReservedWordAt(bytes: Uint8Array, a: number, b: number): boolean {
  const word = b - a === 4 ? ((bytes[a] | 0x20) === 110 ? 'null' : 'true') : b - a === 5 ? 'false' : null;
  if (word === null) return false;
  // `| 0x20` lower-cases ASCII letters and maps no other byte onto one.
  for (let i = 0; i < word.length; i++) if ((bytes[a + i] | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * First characters after which a plain scalar may be a number, null, a bool or YAML syntax (an
 * indicator): js-yaml decides those.
 */
const PLAIN_REFUSED_FIRST = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`.+~0123456789') PLAIN_REFUSED_FIRST[c.charCodeAt(0)] = 1;

/** Whether bytes[a, b), trimmed and not empty, is a plain word this reader reads as an item of a flow list. */
function isFlowWordAt(bytes: Uint8Array, a: number, b: number): boolean {
  const first = bytes[a];
  if (first < 128 && PLAIN_REFUSED_FIRST[first]) return false;
  if (isReservedWordAt(bytes, a, b)) return false;
  for (let i = a; i < b; i++) {
    const c = bytes[i];
    if (c >= 0x7f) {
      if (isAwkwardAt(bytes, i)) return false;
    } else if (c < 32 || c === 58 || c === 35 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34 || c === 39) {
      // Controls, and : # [ ] { } " ' (which end or nest a flow item).
      return false;
    }
  }
  return true;
}

/** Decodes a value (statuses come as literals). */
function textAt(buffer: Buffer, a: number, b: number): string {
  return commonAt(COMMON_VALUES, buffer, a, b) ?? buffer.toString('utf8', a, b);
}

/**
 * Items of the list being read, copied out at their exact size when it is complete: a list
 * grown by push keeps room for 16 items, and speakers lists stay in memory with their talks.
 */
const flowItems: string[] = [];
const blockItems: unknown[] = [];

/** A flow list of plain words: buffer[a] is `[`, b the end of the line's content. */
function flowListAt(buffer: Buffer, a: number, b: number): string[] | undefined {
  while (b > a && buffer[b - 1] === 32) b--;
  if (b - a < 2 || buffer[b - 1] !== 93 /* ] */) return undefined;
  const close = b - 1;
  let i = a + 1;
  while (i < close && buffer[i] === 32) i++;
  if (i === close) return [];
  // Like inner.split(','): every part, the one after a final comma too, must be a plain word.
  let n = 0;
  for (let part = a + 1; part <= close;) {
    let comma = part;
    while (comma < close && buffer[comma] !== 44 /* , */) comma++;
    let p = part;
    let q = comma;
    while (p < q && buffer[p] === 32) p++;
    while (q > p && buffer[q - 1] === 32) q--;
    if (p === q || !isFlowWordAt(buffer, p, q)) return undefined;
    flowItems[n++] = textAt(buffer, p, q);
    part = comma + 1;
  }
  return flowItems.slice(0, n);
}

/** The statuses, as literals: thousands of talks then share three strings, and none is decoded. */
const COMMON_VALUES: string[][] = [];
for (const word of ['todo', 'watching', 'done']) (COMMON_VALUES[word.length] ??= []).push(word);

/** The word of `table` (words by length) that buffer[a, b) spells, if any. */
function commonAt(table: string[][], buffer: Buffer, a: number, b: number): string | undefined {
  const words = table[b - a];
  if (words) {
    next: for (const word of words) {
      for (let i = 0; i < word.length; i++) if (buffer[a + i] !== word.charCodeAt(i)) continue next;
      return word;
    }
  }
  return undefined;
}

/**
 * The keys of most front matter, as literals: a key decoded afresh is a new string that every
 * property store and lookup has to hash and intern again.
 */
const COMMON_KEYS = ['title', 'speakers', 'order', 'slides', 'video', 'article', 'status', 'tags', 'slidesDownload', 'replay'];
/** Each common key by its length and first two bytes, which tell them all apart. */
const COMMON_KEY_INDEX = new Map<number, number>();
COMMON_KEYS.forEach((key, i) => COMMON_KEY_INDEX.set(key.length * 65536 + key.charCodeAt(0) * 256 + key.charCodeAt(1), i));
const ORDER_KEY = COMMON_KEYS.indexOf('order');

/** Index in COMMON_KEYS of the key buffer[a, b) spells, or -1. */
function commonKeyAt(buffer: Buffer, a: number, b: number): number {
  const index = COMMON_KEY_INDEX.get((b - a) * 65536 + buffer[a] * 256 + buffer[a + 1]);
  if (index === undefined) return -1;
  const key = COMMON_KEYS[index];
  for (let i = 2; i < key.length; i++) if (buffer[a + i] !== key.charCodeAt(i)) return -1;
  return index;
}

/** Bytes the line scanner must look at; everything else (most text) it only skips over. */
const SCAN_STOP = new Uint8Array(256);
for (let c = 0; c < 32; c++) SCAN_STOP[c] = 1;
for (const c of [34 /* " */, 35 /* # */, 39 /* ' */, 58 /* : */, 92 /* \ */, 0x7f, 0xc2, 0xe2, 0xed, 0xef]) SCAN_STOP[c] = 1;
for (let c = 0xf0; c < 256; c++) SCAN_STOP[c] = 1;

/** Where the last line scanned by `lineValueAt` or `skipLineAt` ends: its `\n`. */
let lineEnd = 0;

/** Skips the rest of a line (a comment): false if it holds an awkward character or no `\n`. */
function skipLineAt(buffer: Buffer, i: number): boolean {
  const length = buffer.length;
  for (; i < length; i++) {
    const c = buffer[i];
    if (SCAN_STOP[c] === 0) continue;
    if (c === 10) {
      lineEnd = i;
      return true;
    }
    if (c === 13 ? buffer[i + 1] !== 10 : (c < 32 || c >= 0x7f) && isAwkwardAt(buffer, i)) return false;
  }
  return false;
}

/**
 * The value of the rest of a line, from `i` to its `\n` (a `\r` before it excluded), read in one
 * pass that also finds the line end (`lineEnd`): null for nothing, a small integer, plain or
 * simply quoted text, or a flow list. Undefined for anything else, or when an
 * awkward character or no `\n` follows.
 */
function lineValueAt(buffer: Buffer, i: number): unknown {
  const length = buffer.length;
  while (buffer[i] === 32) i++;
  const a = i;
  const c = buffer[a];
  if (c === 10 || (c === 13 && buffer[a + 1] === 10)) {
    lineEnd = c === 10 ? a : a + 1;
    return null;
  }
  if (c === 91 /* [ */) {
    // Flow lists are short and rarer: find the line end, then read the list.
    let end = a;
    while (end < length && buffer[end] !== 10) end++;
    if (end === length) return undefined;
    lineEnd = end;
    return flowListAt(buffer, a, buffer[end - 1] === 13 ? end - 1 : end);
  }
  if (c >= 48 && c <= 57) {
    // `0` or 1 to 15 digits without a leading zero, else nothing: a plain scalar starting with a
    // digit is js-yaml's to read.
    let n = 0;
    for (; i < length; i++) {
      const d = buffer[i];
      if (d < 48 || d > 57) break;
      n = n * 10 + (d - 48);
    }
    if (i - a > 15 || (c === 48 && i - a > 1)) return undefined;
    while (buffer[i] === 32) i++;
    if (buffer[i] === 13) i++;
    if (buffer[i] !== 10) return undefined;
    lineEnd = i;
    return n;
  }
  const quote = c === 34 || c === 39 ? c : 0;
  if (!quote && c < 128 && PLAIN_REFUSED_FIRST[c]) return undefined;
  // One pass to the line end, checking for `: `, ` #` and awkward characters (or, quoted, the quote rules).
  let firstQuote = -1;
  for (i = quote ? a + 1 : a; i < buffer.length; i++) {
    const d = buffer[i];
    if (SCAN_STOP[d] === 0) continue;
    if (d === 10) break;
    if (d === 13) {
      if (buffer[i + 1] !== 10) return undefined;
    } else if (quote) {
      if (d === quote || d === 92 /* \ */) {
        if (firstQuote < 0) firstQuote = i;
      } else if ((d < 32 || d >= 0x7f) && isAwkwardAt(buffer, i)) return undefined;
    } else if (d === 58 /* : */) {
      const e = buffer[i + 1];
      if (e === 32 || e === 10 || e === 13) return undefined;
    } else if (d === 35 /* # */) {
      if (buffer[i - 1] === 32) return undefined;
    } else if ((d < 32 || d >= 0x7f) && isAwkwardAt(buffer, i)) return undefined;
  }
  if (i === length) return undefined;
  lineEnd = i;
  let b = buffer[i - 1] === 13 ? i - 1 : i;
  while (b > a && buffer[b - 1] === 32) b--;
  if (quote) {
    // The closing quote must end the value and be the first quote or backslash after the opening one.
    if (b - a < 2 || buffer[b - 1] !== quote || firstQuote !== b - 1) return undefined;
    return textAt(buffer, a + 1, b - 1);
  }
  if (isReservedWordAt(buffer, a, b)) return undefined;
  return textAt(buffer, a, b);
}

/**
 * What the general reader says about a note with a plain `---` block this reader reads, with
 * the note's bytes: the body is decoded only when asked for. Holds on to `bytes`, so with a
 * reused buffer it must be done with before the buffer is refilled.
 */
export class FastFrontMatter {
  private text: string | null = null;
  constructor(
    private readonly bytes: Buffer,
    readonly data: Record<string, unknown>,
    /** Byte offset of the first YAML line. */
    private readonly yamlStart: number,
    /** Byte offset where the body starts, just after the closing line. */
    readonly bodyStart: number,
    /** 1-based line where the body starts. */
    readonly bodyLine: number,
    /** Line of `order:`, which the loader asks every talk for, or null. */
    private readonly orderLine: number | null,
  ) {}

  /** A complete block, and no issues: what the fast path reads is never a problem. */
  get present(): boolean {
    return true;
  }
  get hasIssues(): boolean {
    return false;
  }
  get hasErrors(): boolean {
    return false;
  }

  /**
   * `lineOf(key)`. It is rarely asked for, so the lines are found again rather than recorded for
   * every key. In such a block every line that starts with a letter or `_` is `key:` with a plain
   * key, so the first such match is the key.
   */
  lineOf(key: string): number | null {
    if (key === 'order') return this.orderLine;
    const bytes = this.bytes;
    const first = key.charCodeAt(0);
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) return null;
    let line = 2;
    for (let pos = this.yamlStart; pos < this.bodyStart; line++) {
      let i = 0;
      while (i < key.length && bytes[pos + i] === key.charCodeAt(i)) i++;
      if (i === key.length && bytes[pos + i] === 58 /* : */) return line;
      while (pos < this.bodyStart && bytes[pos] !== 10) pos++;
      pos++;
    }
    return null;
  }

  /** The Markdown body, decoded on first use (talks rarely need it). */
  body(): string {
    return (this.text ??= this.bytes.toString('utf8', this.bodyStart));
  }
}

/**
 * `splitFrontMatter` on the UTF-8 text in `bytes`, for the common case only: a plain `---` block
 * (BOM, CRLF allowed) of the shape described at the top. Then `data`, the key lines and where the
 * body starts are exactly what the general reader gives on the decoded text, and there are no
 * issues; otherwise undefined, and the caller decodes and calls `splitFrontMatter`. `bytes` must be valid
 * UTF-8 (see `isUtf8`).
 */
export function fastFrontMatter(bytes: Uint8Array): FastFrontMatter | undefined {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = buffer.length;
  let pos = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  if (buffer[pos] !== 45 || buffer[pos + 1] !== 45 || buffer[pos + 2] !== 45) return undefined;
  pos += 3;
  while (buffer[pos] === 32 || buffer[pos] === 9) pos++;
  if (buffer[pos] === 13) pos++;
  if (buffer[pos] !== 10) return undefined; // a language tag, or no line break: the general reader decides
  pos++;
  const yamlStart = pos;
  const data: Record<string, unknown> = {};
  // The key whose value is empty so far and may turn out to be a block list (`key:` then `- x`).
  let listKey: string | null = null;
  let listIndent = -1;
  let listLength = 0;
  let orderLine: number | null = null;
  let seen = 0;
  // One pass over the lines: the first that is `---` alone (spaces and tabs after it allowed)
  // closes the block (as `locateFrontMatter` decides); every line before it must be one this reader reads.
  for (let line = 2; pos < length; line++) {
    const start = pos;
    const c = buffer[start];
    if (c === 45 && buffer[start + 1] === 45 && buffer[start + 2] === 45) {
      let i = start + 3;
      while (buffer[i] === 32 || buffer[i] === 9) i++;
      const bodyStart = i === length ? i : buffer[i] === 10 ? i + 1 : buffer[i] === 13 && buffer[i + 1] === 10 ? i + 2 : -1;
      if (bodyStart >= 0) {
        if (listLength) data[listKey!] = blockItems.slice(0, listLength);
        return new FastFrontMatter(buffer, data, yamlStart, bodyStart, line + 1, orderLine);
      }
    }
    if (c === 10 || (c === 13 && buffer[start + 1] === 10)) {
      pos = c === 10 ? start + 1 : start + 2;
      continue;
    }
    if (c === 35 /* # */) {
      if (!skipLineAt(buffer, start + 1)) return undefined;
      pos = lineEnd + 1;
      continue;
    }
    if (c === 32 || c === 45 /* - */) {
      let i = start;
      while (buffer[i] === 32) i++;
      const d = buffer[i];
      if (d === 10 || (d === 13 && buffer[i + 1] === 10)) {
        pos = d === 10 ? i + 1 : i + 2;
        continue;
      }
      // A block list item of the pending key: `- value` at one indentation for all items.
      if (listKey === null || d !== 45 || buffer[i + 1] !== 32) return undefined;
      if (listIndent < 0) listIndent = i - start;
      else if (listIndent !== i - start) return undefined;
      let v = i + 2;
      while (buffer[v] === 32) v++;
      if (buffer[v] === 91 /* [ */) return undefined;
      const item = lineValueAt(buffer, v);
      if (item === undefined || item === null) return undefined;
      blockItems[listLength++] = item;
      pos = lineEnd + 1;
      continue;
    }
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return undefined;
    // A key line ends the pending block list.
    if (listLength) {
      data[listKey!] = blockItems.slice(0, listLength);
      listLength = 0;
    }
    let k = start + 1;
    for (; k < length; k++) {
      const d = buffer[k];
      if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95 || d === 45)) break;
    }
    // `key:` then a space or the end of the line.
    const after = buffer[k + 1];
    if (buffer[k] !== 58 /* : */ || !(after === 32 || after === 10 || (after === 13 && buffer[k + 2] === 10))) return undefined;
    const common = commonKeyAt(buffer, start, k);
    let key: string;
    if (common >= 0) {
      // A key written twice is js-yaml's to report; common keys keep track in a bit each.
      if (seen & (1 << common)) return undefined;
      seen |= 1 << common;
      key = COMMON_KEYS[common];
    } else {
      key = buffer.toString('latin1', start, k);
      // `NULL:` or `True:` are keys "null" and "true" to js-yaml; leave such spellings to it.
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(data, key) || isReservedWordAt(buffer, start, k)) return undefined;
    }
    const value = lineValueAt(buffer, k + 1);
    if (value === undefined) return undefined;
    data[key] = value;
    if (common === ORDER_KEY) orderLine = line;
    listKey = value === null ? key : null;
    listIndent = -1;
    pos = lineEnd + 1;
  }
  return undefined;
}
