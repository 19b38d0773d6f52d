// Reading a note's front matter from its text: the data, where the body starts, and problems
// phrased for the user. The block is found by the locator; the usual YAML is read by the byte
// reader, anything else by js-yaml, and broken YAML is salvaged key by key so one bad line does
// not hide the title, slides and video of a talk.
import type { Severity } from '../model';
import { scanEntries, yamlLines, type Entry, type YamlLine } from './entries';
import { fastFrontMatter } from './fastReader';
import { isYamlLanguage, locateFrontMatter, type FrontMatterBlock } from './locate';
import { loadYaml, yamlErrorLine, yamlReason } from './yaml';
import { plainYamlReason } from './yamlProblems';

/** A problem found while splitting, before the caller knows which file it belongs to. */
export interface FrontMatterIssue {
  /** 1-based line in the file, or null for the whole file. */
  line: number | null;
  severity: Severity;
  message: string;
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

export interface SplitOptions {
  /**
   * false: never use the byte reader, always js-yaml. The tests compare the two; everything
   * else wants the default.
   */
  fastPath?: boolean;
}

export const UNCLOSED_MESSAGE =
  'front matter opened with "---" on line 1 is never closed; add a line "---" after the last key (or remove line 1 if it is not front matter)';

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the text ${JSON.stringify(String(value))}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasSurrogates(text: string): boolean {
  for (let i = 0; i < text.length; i++) if ((text.charCodeAt(i) & 0xf800) === 0xd800) return true;
  return false;
}

/**
 * The byte reader on the block alone, re-opened with a plain `---` so a `---yaml` block and a BOM
 * read alike; line numbers stay those of the file (the opening is one line either way). Text with
 * surrogates is left to js-yaml: encoding would turn a lone one into U+FFFD, and the byte reader
 * refuses characters beyond the BMP anyway.
 */
function readFast(text: string, block: FrontMatterBlock) {
  const yaml = text.slice(block.yamlStart, block.end);
  return hasSurrogates(yaml) ? undefined : fastFrontMatter(Buffer.from('---\n' + yaml, 'utf8'));
}

/**
 * Splits a note into front matter data and Markdown body. Never throws: unreadable front matter
 * yields issues and, for broken YAML, whatever top-level keys still parse on their own.
 */
export function splitFrontMatter(text: string, options: SplitOptions = {}): SplitFrontMatter {
  const located = locateFrontMatter(text);
  if (located.kind !== 'block') {
    const issues: FrontMatterIssue[] = [];
    if (located.kind === 'unclosed') issues.push({ line: 1, severity: 'error', message: UNCLOSED_MESSAGE });
    return { data: {}, present: false, body: text.slice(located.start), bodyLine: 1, issues, block: null, lineOf: () => null };
  }
  const { block } = located;
  const issues: FrontMatterIssue[] = [];
  const yaml = isYamlLanguage(block.language);
  const fast = yaml && options.fastPath !== false ? readFast(text, block) : undefined;
  // Key lines are only needed when a problem points at a key, so they are scanned on demand.
  let scanned: { lines: YamlLine[]; entries: Entry[] } | null = null;
  const scan = () => {
    if (!scanned) {
      const lines = yamlLines(text, block.yamlStart, block.yamlEnd);
      scanned = { lines, entries: scanEntries(text, lines) };
    }
    return scanned;
  };
  const lineOf = (key: string): number | null => {
    if (fast) return fast.lineOf(key);
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

  if (!yaml) {
    issues.push({
      line: 1,
      severity: 'error',
      message: `front matter is marked "---${block.language}", but Talk Notes reads only YAML front matter and never runs code from notes; make line 1 a plain "---" and write the keys as YAML (key: value)`,
    });
    return done({});
  }
  if (fast) return done(fast.data);
  const yamlText = text.slice(block.yamlStart, block.yamlEnd);
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
    const line = culprit ? culprit.line : yamlErrorLine(err, 2);
    issues.push({ line, severity: 'error', message: yamlProblemMessage(culprit ? culprit.reason : yamlReason(err), text, line) });
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

/**
 * The problem for broken YAML: what the slip means and what to do when it is a common one, with
 * the parser's words as detail; otherwise the parser's words and the usual remedies.
 */
function yamlProblemMessage(reason: string, text: string, line: number | null): string {
  const plain = plainYamlReason(reason, line === null ? '' : lineAt(text, line));
  return plain
    ? `front matter is not valid YAML: ${line === null ? '' : `line ${line}: `}${plain} (the YAML parser says: ${reason})`
    : `front matter is not valid YAML (${reason}); fix that line — values containing ": " or " #", or starting with a quote, [, {, *, &, ! or %, need quotes around them`;
}

/** The text of 1-based line `line`, without its line break. */
function lineAt(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  const found = text.slice(start, end < 0 ? text.length : end);
  return found.endsWith('\r') ? found.slice(0, -1) : found;
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

/** 1-based line of a top-level front matter key in a note, or null. */
export function frontMatterKeyLine(text: string, key: string): number | null {
  return splitFrontMatter(text).lineOf(key);
}
