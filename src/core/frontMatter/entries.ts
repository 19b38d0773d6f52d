// The top-level entries of a YAML mapping, found by lines without parsing it: which lines belong to
// which key. Used to salvage the readable keys of broken YAML, to point problems at a key's line,
// and to replace exactly one key's lines in an edit.
import { isSpaceOrTab, isWhitespace } from '../chars';

/** One line of the scanned text, by offsets. */
export interface YamlLine {
  /** Offset of the line start within the scanned text. */
  start: number;
  /** Offset of the end of the line content (before the line break). */
  end: number;
  /** Offset after the line break. */
  next: number;
}

/** One top-level entry of a YAML mapping: its key line plus the lines that continue its value. */
export interface Entry {
  /** Key as written, unquoted; null for a column-0 line that does not look like `key:`. */
  key: string | null;
  /** 0-based index of the first and one past the last line of the entry (trailing blanks excluded). */
  from: number;
  to: number;
}

/** The lines of text[from, to), split at `\n` (a `\r` before it excluded from the content). */
export function yamlLines(text: string, from: number, to: number): YamlLine[] {
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

/** Characters `.` does not match in a regex: where a `\` escape cannot continue. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** YAML indicators a plain key may not start with. */
const NOT_PLAIN_START = new Set([...'#\'"-?:,[]{}&*!|>%@`'].map(c => c.charCodeAt(0)));

/**
 * Where a quoted key `"…"` (with `\` escapes) or `'…'` (with `''`) starting at `i` ends (just
 * after its closing quote), or -1.
 */
function quotedEnd(line: string, i: number): number {
  const quote = line.charCodeAt(i);
  for (let k = i + 1; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (quote === 34 /* " */ && c === 92 /* \ */) {
      if (k + 1 >= line.length || isLineTerminator(line.charCodeAt(k + 1))) return -1;
      k++;
    } else if (c === quote) {
      if (quote === 39 /* ' */ && line.charCodeAt(k + 1) === 39) k++;
      else return k + 1;
    }
  }
  return -1;
}

/** Whether line[i…] is spaces or tabs, then `:`, then a space, a tab or the end of the line. */
function colonAt(line: string, i: number): boolean {
  while (i < line.length && isSpaceOrTab(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) !== 58 /* : */) return false;
  return i + 1 === line.length || isSpaceOrTab(line.charCodeAt(i + 1));
}

/**
 * The key of a `key: value` line as written (quotes kept), or null: a quoted key, or a plain one
 * (not starting with a YAML indicator, or `-` followed by a non-space) that holds no `#` and ends
 * before the first `:` that a space, a tab or the line end follows; spaces before that `:` are
 * not part of the key. One pass, so a line of any length costs its length.
 */
export function writtenKey(line: string): string | null {
  if (!line) return null;
  const c = line.charCodeAt(0);
  if (c === 34 || c === 39) {
    const end = quotedEnd(line, 0);
    return end > 0 && colonAt(line, end) ? line.slice(0, end) : null;
  }
  // The key's first characters: one that is no indicator, or `-` and one that is no blank.
  let min = 1;
  if (c === 45 /* - */) {
    const d = line.charCodeAt(1);
    if (line.length < 2 || isWhitespace(d) || d === 35) return null;
    min = 2;
  } else if (isWhitespace(c) || NOT_PLAIN_START.has(c)) return null;
  // The key ends at the last non-blank before the first qualifying `:` after those.
  let lastWord = min;
  for (let i = min; i < line.length; i++) {
    const d = line.charCodeAt(i);
    if (d === 35 /* # */) return null;
    if (d === 58 /* : */ && (i + 1 === line.length || isSpaceOrTab(line.charCodeAt(i + 1)))) return line.slice(0, lastWord);
    if (!isSpaceOrTab(d)) lastWord = i + 1;
  }
  return null;
}

function unquoteKey(raw: string): string {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  return raw;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpaceOrTab(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Groups the lines of a top-level YAML mapping into entries. A line at column 0 starts an entry
 * unless it is a sequence item (`- x`, which YAML allows at the key's own indentation), a comment
 * or blank; indented lines continue the current entry. Blank and comment lines belong to an entry
 * only when more of its lines follow, so trailing blank lines and the next key's leading comment
 * are never swallowed by an edit.
 */
export function scanEntries(text: string, lines: readonly YamlLine[]): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | null = null;
  for (let i = 0; i < lines.length; i++) {
    const { start, end } = lines[i];
    if (isBlank(text, start, end)) continue;
    const c = text.charCodeAt(start);
    if (isSpaceOrTab(c) || (c === 45 /* - */ && (end === start + 1 || isSpaceOrTab(text.charCodeAt(start + 1))))) {
      if (current) current.to = i + 1;
      continue;
    }
    if (c === 35 /* # */) continue;
    const raw = writtenKey(text.slice(start, end));
    current = { key: raw === null ? null : unquoteKey(raw), from: i, to: i + 1 };
    entries.push(current);
  }
  return entries;
}
