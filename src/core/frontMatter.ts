// Front matter: where it is, what it says, and how to change one key without touching anything else.
//
// The block is found by our own line scanner and parsed with js-yaml 4 rather than through
// gray-matter. Reasons, in order of weight:
//  - Safety. gray-matter picks a parser from the opening line (`---js`, `---coffee`) and its
//    JavaScript engine calls eval. Notes come from other people; front matter must be data only.
//    Our scanner refuses every language but YAML before any parser sees the text.
//  - One definition of "the front matter" for reading and editing. `frontMatterFieldEdit` needs the
//    exact offsets of the block and of each key; gray-matter closes the block at the first
//    "\n---" anywhere (so a line `---x` inside a YAML string ends it) and does not expose
//    offsets. If reading and editing disagreed, an edit could land outside the block.
//  - Exact line numbers for YAML errors and for per-key problems.
//  - Memory and speed. gray-matter caches every parsed file keyed by its full content (10,000
//    notes stay in memory forever unless options are passed), and per file it costs about 4x our
//    split, which reads the usual `key: value` front matter without js-yaml (`fastYaml`) — see
//    the "front matter parse" rows of `npm run bench`.
// The YAML is loaded with CORE_SCHEMA: no custom types can be constructed, and dates such as
// `2022-12-18` stay strings instead of becoming Date objects that do not survive JSON.
import { isDeepStrictEqual } from 'node:util';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { Severity, TextEdit } from './model';

/** A problem found while splitting, before the caller knows which file it belongs to. */
export interface FrontMatterIssue {
  /** 1-based line in the file, or null for the whole file. */
  line: number | null;
  severity: Severity;
  message: string;
}

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
  /** 1-based line of the closing `---`. */
  closingLine: number;
}

export interface SplitFrontMatter {
  /** Front matter keys; {} when there is none or it could not be read. */
  data: Record<string, unknown>;
  /** True when the text starts with a complete front matter block (even an unreadable one). */
  present: boolean;
  /** The Markdown after the front matter (the whole text, minus a BOM, when there is none). */
  body: string;
  /** 1-based line where `body` starts in the file. */
  bodyLine: number;
  issues: FrontMatterIssue[];
  block: FrontMatterBlock | null;
  /** 1-based file line of a top-level key, or null when the key is not written in the block. */
  lineOf(key: string): number | null;
}

const OPEN_PLAIN = /^---[ \t]*$/;
const OPEN_TAGGED = /^---[ \t]*([A-Za-z][\w+.-]*)[ \t]*$/;
const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);

/** Ends of the line starting at `pos`: content end (before \r\n or \n) and next line start. */
function lineEnds(text: string, pos: number): { end: number; next: number } {
  const nl = text.indexOf('\n', pos);
  if (nl < 0) return { end: text.length, next: text.length };
  return { end: nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
}

function isClosingLine(text: string, pos: number, end: number): boolean {
  if (!text.startsWith('---', pos)) return false;
  for (let i = pos + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

type Located = { kind: 'none'; start: number } | { kind: 'unclosed'; start: number } | { kind: 'block'; block: FrontMatterBlock };

/**
 * Finds the front matter block. It must start on the very first line (after an optional BOM)
 * with `---` alone, or `---` followed by a language name, and ends at the next line that is
 * `---` alone (trailing spaces allowed). `----` or `--- some text` is Markdown, not front matter.
 */
export function locateFrontMatter(text: string): Located {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return { kind: 'none', start };
  const first = lineEnds(text, start);
  const opening = text.slice(start, first.end);
  let language: string;
  if (OPEN_PLAIN.test(opening)) language = '';
  else {
    const tagged = OPEN_TAGGED.exec(opening);
    if (!tagged) return { kind: 'none', start };
    language = tagged[1].toLowerCase();
  }
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

/** One top-level entry of a YAML mapping: its key line plus the lines that continue its value. */
interface Entry {
  /** Key as written, unquoted; null for a column-0 line that does not look like `key:`. */
  key: string | null;
  /** 0-based index of the first and one past the last line of the entry (trailing blanks excluded). */
  from: number;
  to: number;
}

interface YamlLine {
  /** Offset of the line start within the scanned text. */
  start: number;
  /** Offset of the end of the line content (before the line break). */
  end: number;
  /** Offset after the line break. */
  next: number;
}

function splitLines(text: string, from: number, to: number): YamlLine[] {
  const lines: YamlLine[] = [];
  let pos = from;
  while (pos < to) {
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 || nl >= to ? to : nl + 1;
    let end = nl < 0 || nl >= to ? to : nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    lines.push({ start: pos, end, next });
    pos = next;
  }
  return lines;
}

const KEY_LINE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}&*!|>%@`][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]|$)/;

function unquoteKey(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  return raw;
}

/**
 * Groups the lines of a top-level YAML mapping into entries. A line at column 0 starts an entry
 * unless it is a sequence item (`- x`, which YAML allows at the key's own indentation), a comment
 * or blank; indented lines continue the current entry. Blank and comment lines belong to an entry
 * only when more of its lines follow, so trailing blank lines and the next key's leading comment
 * are never swallowed by an edit.
 */
function scanEntries(text: string, lines: YamlLine[]): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | null = null;
  for (let i = 0; i < lines.length; i++) {
    const { start, end } = lines[i];
    if (start === end) continue;
    const c = text.charCodeAt(start);
    const blankish = /^[ \t]*$/.test(text.slice(start, end));
    if (blankish) continue;
    if (c === 32 || c === 9 || (c === 45 /* - */ && (end === start + 1 || /[ \t]/.test(text[start + 1])))) {
      if (current) current.to = i + 1;
      continue;
    }
    if (c === 35 /* # */) continue;
    const m = KEY_LINE.exec(text.slice(start, end));
    current = { key: m ? unquoteKey(m[1]) : null, from: i, to: i + 1 };
    entries.push(current);
  }
  return entries;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the text ${JSON.stringify(String(value))}`;
}

function yamlErrorLine(err: unknown, firstLine: number): number | null {
  const mark = (err as YAMLException).mark as { line?: number } | undefined;
  return mark && typeof mark.line === 'number' ? firstLine + mark.line : null;
}

function yamlReason(err: unknown): string {
  const e = err as YAMLException;
  return (e.reason || e.message || String(err)).replace(/\s+/g, ' ').trim();
}

/** Characters that make the fast path step aside (js-yaml's non-printables, odd line breaks, tabs). */
function hasAwkwardChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) continue;
      return true;
    }
    if (c < 0x7f) continue;
    if (c <= 0x9f || (c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff)
      return true;
  }
  return false;
}

/** YAML strips spaces (not every Unicode space, as String.prototype.trim would). */
function trimSpaces(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && text.charCodeAt(a) === 32) a++;
  while (b > a && text.charCodeAt(b - 1) === 32) b--;
  return text.slice(a, b);
}

const FAST_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Plain scalars that start like a number, null, bool, or with a YAML indicator: js-yaml decides. */
const FAST_PLAIN_REFUSED = /^[-?:,[\]{}#&*!|>'"%@`.+~0-9]|^(?:null|true|false)$|: |:$| #/i;

function fastPlain(value: string, inFlow: boolean): string | undefined {
  if (FAST_PLAIN_REFUSED.test(value)) return undefined;
  if (inFlow && /[[\]{}:#"']/.test(value)) return undefined;
  return value;
}

function fastValue(raw: string): unknown {
  const value = trimSpaces(raw);
  if (value === '') return null;
  const c = value.charCodeAt(0);
  if (c === 34 /* " */ || c === 39 /* ' */) {
    if (value.length < 2 || value.charCodeAt(value.length - 1) !== c) return undefined;
    const inner = value.slice(1, -1);
    if (inner.includes(value[0]) || inner.includes('\\')) return undefined;
    return inner;
  }
  if (c === 91 /* [ */) {
    if (value.charCodeAt(value.length - 1) !== 93) return undefined;
    const inner = value.slice(1, -1);
    if (!trimSpaces(inner)) return [];
    const items: string[] = [];
    for (const part of inner.split(',')) {
      const item = trimSpaces(part);
      const plain = item ? fastPlain(item, true) : undefined;
      if (plain === undefined) return undefined;
      items.push(plain);
    }
    return items;
  }
  if (FAST_INT.test(value)) return Number(value);
  return fastPlain(value, false);
}

export interface FastYaml {
  data: Record<string, unknown>;
  /** 0-based line index of each key within the YAML text. */
  keyLines: Map<string, number>;
}

/**
 * Reads the common shape of front matter without js-yaml: one `key: value` per line, values
 * plain or simply quoted text, small integers, flow lists of plain words, or block lists of such
 * scalars. Returns undefined for anything else — nesting, comments after values, anchors,
 * numbers beyond the trivial, escapes — and js-yaml decides. It only accepts input whose CORE_SCHEMA meaning is
 * unambiguous; test/unit/frontMatter.test.ts compares it with js-yaml on random input. Exists
 * because js-yaml is most of the per-file cost of a cold load (see `npm run bench`).
 */
export function fastYaml(text: string): FastYaml | undefined {
  if (hasAwkwardChars(text)) return undefined;
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  // The key whose value is empty so far and may turn out to be a block list (`key:` then `- x`).
  let listKey: string | null = null;
  let listIndent = -1;
  let pos = 0;
  let index = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const line = index++;
    const start = pos;
    pos = next;
    if (start === end) continue;
    const c = text.charCodeAt(start);
    if (c === 35 /* # */) continue;
    if (c === 32 || c === 45 /* - */) {
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      if (i === end) continue;
      // A block list item of the pending key: `- value` at one indentation for all items.
      if (listKey === null || text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 32) return undefined;
      if (listIndent < 0) listIndent = i - start;
      else if (listIndent !== i - start) return undefined;
      const raw = trimSpaces(text.slice(i + 2, end));
      if (raw === '' || raw.charCodeAt(0) === 91 /* [ */) return undefined;
      const item = fastValue(raw);
      if (item === undefined || item === null) return undefined;
      if (data[listKey] === null) data[listKey] = [];
      (data[listKey] as unknown[]).push(item);
      continue;
    }
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return undefined;
    let k = start + 1;
    for (; k < end; k++) {
      const d = text.charCodeAt(k);
      if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95 || d === 45)) break;
    }
    if (text.charCodeAt(k) !== 58 /* : */ || (k + 1 < end && text.charCodeAt(k + 1) !== 32)) return undefined;
    const key = text.slice(start, k);
    // `NULL:` or `True:` are keys "null" and "true" to js-yaml; leave such spellings to it.
    if (key === '__proto__' || keyLines.has(key) || /^(?:null|true|false)$/i.test(key)) return undefined;
    const value = fastValue(text.slice(k + 1, end));
    if (value === undefined) return undefined;
    data[key] = value;
    keyLines.set(key, line);
    listKey = value === null ? key : null;
    listIndent = -1;
  }
  return { data, keyLines };
}

// ---- the same, straight from a note's bytes ----------------------------------------------------
// A cold load reads thousands of notes. Decoding each front matter to a string and scanning that
// cost more than reading the files; scanning the UTF-8 bytes once and decoding only the values
// is several times cheaper. Every decision below is the one `locateFrontMatter` and `fastYaml`
// make on the decoded text: their syntax is ASCII, and UTF-8 encodes every other character with
// bytes >= 0x80 only, so the two agree byte for character (a property test checks this).

/**
 * Whether the character starting at `i` is one `hasAwkwardChars` refuses, in UTF-8 terms: C0
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

/** `null`, `true` or `false` in any ASCII case (what FAST_PLAIN_REFUSED and the key check match). */
function isReservedWordAt(bytes: Uint8Array, a: number, b: number): boolean {
  const word = b - a === 4 ? ((bytes[a] | 0x20) === 110 ? 'null' : 'true') : b - a === 5 ? 'false' : null;
  if (word === null) return false;
  // `| 0x20` lower-cases ASCII letters and maps no other byte onto one.
  for (let i = 0; i < word.length; i++) if ((bytes[a + i] | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

/** FAST_PLAIN_REFUSED's first characters, as a table. */
const PLAIN_REFUSED_FIRST = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`.+~0123456789') PLAIN_REFUSED_FIRST[c.charCodeAt(0)] = 1;

/** `fastPlain(item, true)` (an item of a flow list) accepts bytes[a, b), trimmed and not empty. */
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

/** `fastValue` of a flow list: buffer[a] is `[`, b the end of the line's content. */
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
 * `fastValue` of the rest of a line, from `i` to its `\n` (a `\r` before it excluded), read in one
 * pass that also finds the line end (`lineEnd`). Undefined where fastValue refuses, or when an
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
    // FAST_INT, else nothing: a plain scalar starting with a digit is js-yaml's to read.
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
  // One pass to the line end, checking what fastPlain (or, quoted, the quote rules) refuses.
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
 * What `splitFrontMatter` says about a note with a plain `---` block that `fastYaml` reads, with
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
 * (BOM, CRLF allowed) that `fastYaml` reads. Then `data`, the key lines and where the body starts
 * are exactly what `splitFrontMatter` gives on the decoded text, and there are no issues;
 * otherwise undefined, and the caller decodes and calls `splitFrontMatter`. `bytes` must be valid
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
  if (buffer[pos] !== 10) return undefined; // a language tag, or no line break: splitFrontMatter decides
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
  // closes the block; every line before it must be one fastYaml reads.
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

function loadYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA, json: false });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Splits a note into front matter data and Markdown body. Never throws: unreadable front matter
 * yields issues and, for broken YAML, whatever top-level keys still parse on their own (so one bad
 * line does not hide the title, slides and video of a talk).
 */
export function splitFrontMatter(text: string): SplitFrontMatter {
  const located = locateFrontMatter(text);
  if (located.kind !== 'block') {
    const issues: FrontMatterIssue[] = [];
    if (located.kind === 'unclosed') {
      issues.push({
        line: 1,
        severity: 'error',
        message:
          'front matter opened with "---" on line 1 is never closed; add a line "---" after the last key (or remove line 1 if it is not front matter)',
      });
    }
    return { data: {}, present: false, body: text.slice(located.start), bodyLine: 1, issues, block: null, lineOf: () => null };
  }
  const { block } = located;
  const issues: FrontMatterIssue[] = [];
  const yamlText = YAML_LANGUAGES.has(block.language) ? text.slice(block.yamlStart, block.yamlEnd) : '';
  const fast = yamlText ? fastYaml(yamlText) : undefined;
  // Key lines are only needed when a problem points at a key, so they are scanned on demand
  // (the fast path records them for free).
  let scanned: { lines: YamlLine[]; entries: Entry[] } | null = null;
  const scan = () => {
    if (!scanned) {
      const lines = splitLines(text, block.yamlStart, block.yamlEnd);
      scanned = { lines, entries: scanEntries(text, lines) };
    }
    return scanned;
  };
  const lineOf = (key: string): number | null => {
    if (fast) {
      const index = fast.keyLines.get(key);
      return index === undefined ? null : index + 2;
    }
    const entry = scan().entries.find(e => e.key === key);
    return entry ? entry.from + 2 : null;
  };
  const done = (data: Record<string, unknown>): SplitFrontMatter => ({
    data,
    present: true,
    body: text.slice(block.end),
    bodyLine: block.closingLine + 1,
    issues,
    block,
    lineOf,
  });

  if (!YAML_LANGUAGES.has(block.language)) {
    issues.push({
      line: 1,
      severity: 'error',
      message: `front matter is marked "---${block.language}", but Talk Notes reads only YAML front matter and never runs code from notes; make line 1 a plain "---" and write the keys as YAML (key: value)`,
    });
    return done({});
  }
  if (fast) return done(fast.data);
  if (!/\S/.test(yamlText)) return done({});
  let parsed: unknown;
  try {
    parsed = loadYaml(yamlText);
  } catch (err) {
    const { lines, entries } = scan();
    const salvaged = salvage(text, entries, lines);
    // js-yaml often notices a mistake a line or two late (an unclosed `[` is reported at the next
    // key); the first entry that fails on its own is where the user has to look.
    const culprit = salvaged.firstFailure;
    issues.push({
      line: culprit ? culprit.line : yamlErrorLine(err, 2),
      severity: 'error',
      message: `front matter is not valid YAML (${culprit ? culprit.reason : yamlReason(err)}); fix that line — values containing ": " or " #", or starting with a quote, [, {, *, &, ! or %, need quotes around them`,
    });
    return done(salvaged.data);
  }
  if (parsed === null || parsed === undefined) return done({});
  if (!isMapping(parsed)) {
    issues.push({
      line: 2,
      severity: 'error',
      message: `front matter must be "key: value" lines, but it is ${describe(parsed)}; write one key per line, e.g. "title: My talk"`,
    });
    return done({});
  }
  return done(parsed);
}

/** Loads each top-level entry on its own, keeping those that parse to a single key. */
function salvage(
  text: string,
  entries: Entry[],
  lines: YamlLine[],
): { data: Record<string, unknown>; firstFailure: { line: number; reason: string } | null } {
  const data: Record<string, unknown> = {};
  let firstFailure: { line: number; reason: string } | null = null;
  for (const entry of entries) {
    const chunk = text.slice(lines[entry.from].start, lines[entry.to - 1].end);
    try {
      const value = loadYaml(chunk);
      if (entry.key === null || !isMapping(value)) continue;
      const keys = Object.keys(value);
      if (keys.length !== 1 || keys[0] !== entry.key || Object.prototype.hasOwnProperty.call(data, entry.key)) continue;
      Object.defineProperty(data, entry.key, { value: value[entry.key], enumerable: true, writable: true, configurable: true });
    } catch (err) {
      // This entry is the broken one (or depends on one); the error is reported once.
      // End-of-input errors point just past the chunk; keep the line inside the entry.
      const line = Math.min(yamlErrorLine(err, entry.from + 2) ?? entry.from + 2, entry.to - 1 + 2);
      firstFailure ??= { line, reason: yamlReason(err) };
    }
  }
  return { data, firstFailure };
}

// ---------------------------------------------------------------------------------------------
// Editing

export type FrontMatterValue = string | string[] | number | null;

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_SAFE = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\r\n]*$/;

/** A YAML scalar for `value`: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  if (value !== '' && PLAIN_SAFE.test(value) && !/[ \t]$/.test(value) && !/: |:$| #|\t/.test(value)) {
    try {
      if (loadYaml(value) === value) return value;
    } catch {
      /* fall through to quoting */
    }
  }
  // JSON string syntax is a subset of YAML's double-quoted style; escape the characters YAML
  // treats specially that JSON leaves raw.
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function formatEntry(key: string, value: string | string[] | number, eol: string, itemPrefix: string): string {
  if (Array.isArray(value)) {
    if (!value.length) return `${key}: []`;
    return `${key}:` + value.map(v => `${eol}${itemPrefix}${yamlScalar(v)}`).join('');
  }
  return `${key}: ${typeof value === 'number' ? String(value) : yamlScalar(value)}`;
}

function detectEol(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

function validValue(value: unknown): string | null {
  if (value === null || typeof value === 'string') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${value} is not a number that can be written to front matter`;
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return null;
  return 'value must be text, a list of texts, a number or null';
}

/**
 * The edit that sets one front matter key, changing only that key's line(s): a block list or
 * multi-line value is replaced as a whole, a missing key is added as the last front matter line,
 * and a note without front matter gets a block at the top. `null` removes the key. Everything
 * else stays byte for byte, line breaks follow the file's own style (CRLF or LF), and values are
 * quoted when YAML would otherwise read them differently. Returns `{ error }` instead of an edit
 * when the front matter cannot be edited safely (not YAML, broken YAML, not closed, or a layout
 * where the key's lines cannot be told apart); the result is checked by parsing it again.
 */
export function frontMatterFieldEdit(text: string, key: string, value: FrontMatterValue): TextEdit | { error: string } {
  if (!SIMPLE_KEY.test(key) || key === '__proto__')
    return { error: `cannot edit front matter key "${key}": only simple names (letters, digits, _ and -) are supported` };
  const invalid = validValue(value);
  if (invalid) return { error: `cannot set ${key}: ${invalid}` };
  if (Object.is(value, -0)) value = 0;
  const eol = detectEol(text);
  const located = locateFrontMatter(text);
  if (located.kind === 'unclosed') {
    return { error: 'the front matter opened on line 1 is never closed; add a "---" line after the last key first' };
  }
  if (located.kind === 'none') {
    if (value === null) return { offset: located.start, length: 0, text: '' };
    return { offset: located.start, length: 0, text: `---${eol}${formatEntry(key, value, eol, '  - ')}${eol}---${eol}` };
  }
  const { block } = located;
  if (!YAML_LANGUAGES.has(block.language)) {
    return { error: `the front matter is marked "---${block.language}"; Talk Notes only edits YAML front matter` };
  }
  const current = splitFrontMatter(text);
  const problem = current.issues[0];
  if (problem) {
    if (/is not valid YAML/.test(problem.message)) {
      return { error: `the front matter is not valid YAML (line ${problem.line}); fix it before editing` };
    }
    return { error: 'the front matter is not "key: value" lines; fix it before editing' };
  }
  const before = current.data;
  const lines = splitLines(text, block.yamlStart, block.yamlEnd);
  const matching = scanEntries(text, lines).filter(e => e.key === key);
  if (matching.length > 1) return { error: `the front matter sets "${key}" more than once; keep one line and try again` };

  let edit: TextEdit;
  if (matching.length === 1) {
    const entry = matching[0];
    const first = lines[entry.from];
    const last = lines[entry.to - 1];
    if (value === null) {
      edit = { offset: first.start, length: last.next - first.start, text: '' };
    } else {
      const firstKeyLine = text.slice(first.start, first.end);
      const writtenKey = KEY_LINE.exec(firstKeyLine)?.[1] ?? key;
      let itemPrefix = '  - ';
      if (entry.to - entry.from > 1) {
        const m = /^([ \t]*-[ \t]+)/.exec(text.slice(lines[entry.from + 1].start, lines[entry.from + 1].end));
        if (m) itemPrefix = m[1];
      }
      edit = { offset: first.start, length: last.end - first.start, text: formatEntry(writtenKey, value, eol, itemPrefix) };
    }
  } else {
    if (value === null) return { offset: block.yamlEnd, length: 0, text: '' };
    // The YAML text may end without a line break only when the closing line is the first line
    // of the block; the new key always goes right before the closing `---`.
    edit = { offset: block.yamlEnd, length: 0, text: formatEntry(key, value, eol, '  - ') + eol };
  }

  const after = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
  const check = splitFrontMatter(after);
  const expected: Record<string, unknown> = { ...before };
  delete expected[key];
  if (value !== null) expected[key] = value;
  if (check.issues.length || !isDeepStrictEqual(check.data, expected) || check.body !== text.slice(block.end)) {
    return { error: `cannot change "${key}" without touching other lines of this front matter (unusual YAML layout); edit it by hand` };
  }
  return edit;
}

/** 1-based line of a top-level front matter key in a note, or null. */
export function frontMatterKeyLine(text: string, key: string): number | null {
  return splitFrontMatter(text).lineOf(key);
}
