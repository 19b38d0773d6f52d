// Changing one front matter key without touching anything else: the edit Set Status, Locate PDF
// and the importer's callers apply to a note's text.
import { isDeepStrictEqual } from 'node:util';
import type { TextEdit } from '../model';
import { scanEntries, writtenKey, yamlLines } from './entries';
import { fastFrontMatter } from './fastReader';
import { isYamlLanguage, locateFrontMatter } from './locate';
import { splitFrontMatter } from './read';
import { loadYaml } from './yaml';

export type FrontMatterValue = string | string[] | number | null;

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_SAFE = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\r\n]*$/;

/**
 * Whether `value` written plain reads back as the same string: asked of the byte reader first,
 * which answers for ordinary words without loading js-yaml, then of js-yaml.
 */
function readsBackPlain(value: string): boolean {
  const fast = fastFrontMatter(Buffer.from(`---\nk: ${value}\n---\n`, 'utf8'));
  if (fast) return fast.data.k === value;
  try {
    return loadYaml(value) === value;
  } catch {
    return false;
  }
}

/** A YAML scalar for `value`: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  if (value !== '' && PLAIN_SAFE.test(value) && !/[ \t]$/.test(value) && !/: |:$| #|\t/.test(value)) {
    if (readsBackPlain(value)) return value;
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
  if (!isYamlLanguage(block.language)) {
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
  const lines = yamlLines(text, block.yamlStart, block.yamlEnd);
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
      const written = writtenKey(firstKeyLine) ?? key;
      let itemPrefix = '  - ';
      if (entry.to - entry.from > 1) {
        const m = /^([ \t]*-[ \t]+)/.exec(text.slice(lines[entry.from + 1].start, lines[entry.from + 1].end));
        if (m) itemPrefix = m[1];
      }
      edit = { offset: first.start, length: last.end - first.start, text: formatEntry(written, value, eol, itemPrefix) };
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
