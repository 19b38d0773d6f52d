// One file's bytes to model data: a talk, a track's `index.md`, or the conference `index.md`.
// Pure functions (no I/O) so the loader, the incremental updater and the tests share them, and
// so a bad file can only ever produce problems for itself.
//
// Notes format, per file (the README's reference is written from this):
//  - Encoding: UTF-8, with or without BOM; LF or CRLF. Anything else (a NUL byte, invalid
//    UTF-8 such as GBK) is an error and the note is listed under its file-name title.
//  - Front matter: a YAML block that starts on the very first line with `---` and ends at the
//    next line that is `---` alone. `---yaml` is accepted; any other language tag (`---js`,
//    `---coffee`, ...) is refused with an error, never run. Values are YAML 1.2 core types only
//    (dates stay text). Broken YAML is an error at the line of the broken key; the keys that
//    still parse on their own are used.
//  - Talk keys:
//      title     text. Fallbacks: the first `# ` heading of the body (outside code fences), then
//                the file name without its `NN-` prefix and extension (info problem).
//      speakers  list of names; one text is split on `&`, `＆`, `、`, `,` and `，`.
//      order     number; fallback: the file name's numeric prefix (`03-x.md` → 3). Talks sort by
//                order (none = last), then file name with numbers compared as numbers. Two
//                talks of a track with the same order get a warning.
//      slides    PDF path relative to the slides folder (see links.normalizeSlidesPath).
//      video, article   absolute http(s) URLs; anything else is dropped with an error.
//      status    todo | watching | done (any case); default todo; anything else → warning, todo.
//      tags      list of words (one text is split on commas).
//    Other keys are kept untouched in `Talk.extra`. Wrongly typed values are dropped with a
//    problem at their line naming the key and the value.
//  - Problems about the file as a whole: empty note → warning; no front matter at all → info
//    (the note works, but has no speakers, slides or video); larger than 2 MB → info.
//  - Track `index.md`: `title` (fallback: first heading, then the folder name) and `order`.
//  - Conference `index.md`: `title`, `slidesDownload`, `replay` (http(s) URLs); body = overview.
import { isUtf8 } from 'node:buffer';
import { fastFrontMatter } from './frontMatter/fastReader';
import { splitFrontMatter } from './frontMatter/read';
import { httpUrl, normalizeSlidesPath } from './links';
import { TALK_STATUSES, type Conference, type Problem, type Severity, type Talk, type TalkStatus } from './model';

/** Notes larger than this still load, with an info problem: notesViews of them get slow. */
export const LARGE_NOTE_BYTES = 2 * 1024 * 1024;

/** Title of the track made of Markdown files lying directly in the workspace root. */
export const ROOT_TRACK_TITLE = 'Other talks';

/** `.md` / `.markdown`, any case. */
export function isMarkdownName(name: string): boolean {
  // Called for every listed file; `.md` is checked without the regex.
  const n = name.length;
  if (
    n >= 3 &&
    name.charCodeAt(n - 3) === 46 /* . */ &&
    (name.charCodeAt(n - 2) | 0x20) === 109 /* m */ &&
    (name.charCodeAt(n - 1) | 0x20) === 100 /* d */
  )
    return true;
  return /\.markdown$/i.test(name);
}

/** `index.md` (any case, `.markdown` too): the conference file at the root, a track's file in a folder. */
export function isIndexName(name: string): boolean {
  // `index.md` or `index.markdown`: the length check spares most names the regex.
  return (name.length === 8 || name.length === 14) && /^index\.(md|markdown)$/i.test(name);
}

/** `README.md` is the repository's read-me at the root, not a talk. */
export function isReadmeName(name: string): boolean {
  return /^readme\.(md|markdown)$/i.test(name);
}

/** Hidden entries (`.git`, `.vscode`) and `node_modules` are never part of the notes. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

const NUMERIC_PREFIX = /^(\d{1,9})(?:[-_]|[ \t]+)(?=\S)/;

/**
 * Splits a leading order number off a file or folder name: `01-Intro`, `1_Intro`, `01 Intro`.
 * The rest must not be empty, so a file called `2022.md` keeps its name.
 */
export function splitNumericPrefix(name: string): { order: number | null; rest: string } {
  const m = NUMERIC_PREFIX.exec(name);
  return m ? { order: Number(m[1]), rest: name.slice(m[0].length) } : { order: null, rest: name };
}

function stripExtension(name: string): string {
  return name.replace(/\.(md|markdown)$/i, '');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Numeric-aware, locale-independent comparison: digit runs compare as numbers (`2` < `10`),
 * everything else by lower-cased code units, ties broken by the exact text so the order is total.
 * Written by hand because Intl.Collator is ~20x slower and this runs on every re-sort.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let si = i;
      let sj = j;
      while (si < a.length && a.charCodeAt(si) === 48) si++;
      while (sj < b.length && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      let ej = sj;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) {
      const la = ca >= 65 && ca <= 90 ? ca + 32 : ca;
      const lb = cb >= 65 && cb <= 90 ? cb + 32 : cb;
      if (la !== lb) return la - lb;
    }
    i++;
    j++;
  }
  const rest = a.length - i - (b.length - j);
  if (rest) return rest;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Display order: explicit/prefix order first (ascending), unordered after, then natural name. */
export function compareByOrder(ao: number | null, an: string, bo: number | null, bn: string): number {
  if (ao !== bo) {
    if (ao === null) return 1;
    if (bo === null) return -1;
    return ao - bo;
  }
  return naturalCompare(an, bn);
}

export type DecodeResult = { text: string } | { error: string };

function notUtf8(bytes: Uint8Array, file: string): string | null {
  if (bytes.indexOf(0) >= 0) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    return `${name} is not UTF-8 text (it contains NUL bytes, so it looks like a binary file); save it as UTF-8 Markdown or move it out of the notes folder`;
  }
  // Same verdict as TextDecoder('utf-8', { fatal: true }), but validating without building the
  // string lets a talk decode only its front matter (UTF-16 conversion of CJK text dominates).
  if (!isUtf8(bytes)) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    return `${name} is not UTF-8 text; re-save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) — other encodings such as GBK cannot be read`;
  }
  return null;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function utf8(bytes: Uint8Array, end = bytes.byteLength): string {
  const text = asBuffer(bytes).toString('utf8', 0, end);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-8 text (a BOM is dropped), or an error for binary or otherwise-encoded files. */
export function decodeNote(bytes: Uint8Array, file: string): DecodeResult {
  const error = notUtf8(bytes, file);
  return error ? { error } : { text: utf8(bytes) };
}

/** Collects problems for one file. */
class Report {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}
  add(line: number | null, severity: Severity, message: string): void {
    this.problems.push({ file: this.file, line, severity, message });
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/** What the talk, track and conference parsers need of a note's front matter and body. */
interface Note {
  data: Record<string, unknown>;
  /** True when the note starts with a complete front matter block (even an unreadable one). */
  present: boolean;
  /** Whether reading the front matter reported problems, and whether any of them is an error. */
  hasIssues: boolean;
  hasErrors: boolean;
  bodyLine: number;
  lineOf(key: string): number | null;
  /** The Markdown body; decoded on first use because talks rarely need it. */
  body(): string;
}

/** Reads bytes into front matter, reporting decoding, size and front matter issues. */
function readNote(bytes: Uint8Array, report: Report): Note | null {
  const error = notUtf8(bytes, report.file);
  if (error) {
    report.add(null, 'error', error);
    return null;
  }
  if (bytes.byteLength > LARGE_NOTE_BYTES) {
    const mb = (bytes.byteLength / (1024 * 1024)).toFixed(1);
    report.add(
      null,
      'info',
      `note is ${mb} MB; it loads, but previewing notes this large is slow — consider moving pasted logs or data into a separate file`,
    );
  }
  // The usual note: read straight from the bytes (the loader's buffer is reused, so the body
  // must be decoded before parseTalk returns, as it is).
  const fast = fastFrontMatter(bytes);
  if (fast) return fast;
  const split = splitFrontMatter(utf8(bytes));
  for (const issue of split.issues) report.add(issue.line, issue.severity, issue.message);
  return {
    data: split.data,
    present: split.present,
    hasIssues: split.issues.length > 0,
    hasErrors: split.issues.some(i => i.severity === 'error'),
    bodyLine: split.bodyLine,
    lineOf: split.lineOf,
    body: () => split.body,
  };
}

/** Where problems about a key point. */
type KeyLines = Pick<Note, 'lineOf'>;

function optionalText(data: Record<string, unknown>, key: string, split: KeyLines, report: Report): string | null {
  const raw = data[key];
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw !== 'string') {
    report.add(split.lineOf(key), 'warning', `${key} must be text, got ${show(raw)}; write it as "${key}: ..." on one line`);
    return null;
  }
  return raw.trim() || null;
}

function optionalOrder(data: Record<string, unknown>, split: KeyLines, report: Report): number | null | undefined {
  const raw = data.order;
  if (raw === undefined || raw === null) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) {
    report.add(split.lineOf('order'), 'warning', `order must be a number, got ${show(raw)}; write e.g. "order: 3" or remove the line`);
    return undefined;
  }
  return n;
}

function link(data: Record<string, unknown>, key: string, split: KeyLines, report: Report): string | null {
  const raw = data[key];
  if (raw === undefined || raw === null || raw === '') return null;
  const url = httpUrl(raw);
  if (!url) report.add(split.lineOf(key), 'error', `${key} must be an http(s) URL, got ${show(raw)}; fix the link or remove the line`);
  return url;
}

const SPEAKER_SEPARATORS = /[&＆、,，]/;

function speakers(data: Record<string, unknown>, split: KeyLines, report: Report): string[] {
  const raw = data.speakers;
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string')
    return raw
      .split(SPEAKER_SEPARATORS)
      .map(s => s.trim())
      .filter(Boolean);
  if (!Array.isArray(raw)) {
    badSpeakers(raw, split, report);
    return [];
  }
  // Usually every name is already clean, and the list (fresh from the parser, not shared with
  // anything the talk exposes) can be used as it is.
  if (allCleanNames(raw)) return raw;
  const out: string[] = [];
  let dropped = false;
  for (const item of raw) {
    if (typeof item === 'string') {
      const name = item.trim();
      if (name) out.push(name);
    } else dropped = true;
  }
  if (dropped) badSpeakers(raw, split, report);
  return out;
}

function allCleanNames(list: unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'string' || item === '' || item.trim() !== item) return false;
  }
  return true;
}

function badSpeakers(raw: unknown, split: KeyLines, report: Report): void {
  report.add(
    split.lineOf('speakers'),
    'warning',
    `speakers must be a list of names, got ${show(raw)}; write "speakers: [Name One, Name Two]" or one "- Name" per line`,
  );
}

function tags(data: Record<string, unknown>, split: KeyLines, report: Report): string[] {
  const raw = data.tags;
  if (raw === undefined || raw === null) return [];
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list)) {
    report.add(split.lineOf('tags'), 'warning', `tags must be a list, got ${show(raw)}; write "tags: [sql, state]"`);
    return [];
  }
  const out: string[] = [];
  let dropped = false;
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      const t = String(item).trim();
      if (t && !out.includes(t)) out.push(t);
    } else dropped = true;
  }
  if (dropped) report.add(split.lineOf('tags'), 'warning', 'tags must be a list of words; nested lists and mappings were ignored');
  return out;
}

function status(data: Record<string, unknown>, split: KeyLines, report: Report): TalkStatus {
  const raw = data.status;
  if (raw === undefined || raw === null || raw === '') return 'todo';
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  // The constant, not the decoded text: thousands of talks then share three strings.
  const known = (TALK_STATUSES as readonly string[]).indexOf(s);
  if (known >= 0) return TALK_STATUSES[known];
  report.add(split.lineOf('status'), 'warning', `status must be one of ${TALK_STATUSES.join(', ')}, got ${show(raw)}; treated as todo`);
  return 'todo';
}

/** First `# ` heading outside fenced code, or null. */
export function firstHeading(body: string): string | null {
  let fence: string | null = null;
  let pos = 0;
  while (pos < body.length) {
    let nl = body.indexOf('\n', pos);
    if (nl < 0) nl = body.length;
    const line = body.slice(pos, nl);
    pos = nl + 1;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
      continue;
    }
    if (fence) continue;
    const h = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*\r?$/.exec(line);
    if (h && h[1].trim()) return h[1].trim();
  }
  return null;
}

/** Budget for copying unknown keys: YAML aliases can make a few lines expand enormously. */
const EXTRA_BUDGET = 10_000;

function plainCopy(value: unknown, budget: { left: number }): unknown {
  if (--budget.left < 0) throw new RangeError('too large');
  if (Array.isArray(value)) return value.map(v => plainCopy(v, budget));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: plainCopy(v, budget), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

const KNOWN_TALK_KEYS = new Set(['title', 'speakers', 'order', 'slides', 'video', 'article', 'status', 'tags']);

function extraKeys(data: Record<string, unknown>, split: KeyLines, report: Report): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  const budget = { left: EXTRA_BUDGET };
  // for-in walks the object's cached key list instead of copying it as Object.keys does.
  for (const key in data) {
    if (KNOWN_TALK_KEYS.has(key) || !Object.hasOwn(data, key)) continue;
    const value = data[key];
    // Scalars are the common case and need no copy.
    let copy: unknown = value;
    if (value !== null && typeof value === 'object') {
      try {
        copy = plainCopy(value, budget);
      } catch {
        report.add(
          split.lineOf(key),
          'warning',
          `front matter key "${key}" expands to more than ${EXTRA_BUDGET} values (YAML aliases?); it is ignored`,
        );
        continue;
      }
    }
    Object.defineProperty(extra, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return extra;
}

export interface ParsedTalk {
  talk: Talk;
  problems: Problem[];
  /** Line of `order:` when the order comes from the front matter (for duplicate-order problems). */
  orderLine: number | null;
}

/**
 * Parses a talk note. Always returns a talk — an unreadable or empty file is still listed under
 * its file-name title, so the user can see it and fix it.
 *
 * Title: `title:` from the front matter, else the first `# ` heading of the body, else the file
 * name without its numeric prefix and extension. Only the last case is reported (info), because
 * a heading is a perfectly good title while a file name usually is not.
 */
export function parseTalk(bytes: Uint8Array, file: string, trackId: string): ParsedTalk {
  const report = new Report(file);
  const note = readNote(bytes, report);
  // The file name gives the title and order only when the front matter does not: most notes
  // never need it parsed.
  let named: FileNameTitle | null = null;
  if (!note) {
    named = fileNameTitle(file);
    return { talk: newTalk(file, trackId, named.title, named.order, 1), problems: report.problems, orderLine: null };
  }
  const { data } = note;

  if (!note.present && !note.hasIssues) {
    if (!/\S/.test(note.body())) {
      named = fileNameTitle(file);
      report.add(
        null,
        'warning',
        `note is empty; it is listed as "${named.title}" (from the file name) — add front matter with a title, speakers, slides and video, or delete the file`,
      );
      return { talk: newTalk(file, trackId, named.title, named.order, note.bodyLine), problems: report.problems, orderLine: null };
    }
    report.add(
      1,
      'info',
      'note has no front matter, so it has no speakers, slides, video or status; add a block at the top: a "---" line, "title: ...", "speakers: [...]", "slides: ...", "video: ...", then "---"',
    );
  }

  let title = optionalText(data, 'title', note, report);
  if (!title) {
    title = firstHeading(note.body());
    if (!title) {
      named = fileNameTitle(file);
      title = named.title;
      if (note.present && !note.hasErrors) {
        report.add(
          note.lineOf('title') ?? 1,
          'info',
          `note has no title; showing "${title}" from the file name — add "title: ..." to the front matter`,
        );
      }
    }
  }
  const speakerNames = speakers(data, note, report);
  let order = optionalOrder(data, note, report);
  let orderLine: number | null = null;
  if (order !== undefined) orderLine = note.lineOf('order');
  else order = (named ?? fileNameTitle(file)).order;
  let slides: string | null = null;
  if (data.slides !== undefined && data.slides !== null && data.slides !== '') {
    const normal = normalizeSlidesPath(data.slides);
    if ('path' in normal) slides = normal.path;
    else
      report.add(
        note.lineOf('slides'),
        'error',
        `${normal.error}, got ${show(data.slides)}; write the PDF path relative to the slides folder, e.g. "slides: 平台建设/talk.pdf"`,
      );
  }
  const video = link(data, 'video', note, report);
  const article = link(data, 'article', note, report);
  const talkStatus = status(data, note, report);
  const talkTags = tags(data, note, report);
  const extra = extraKeys(data, note, report);
  // Built once, with the keys in the order of newTalk (the JSON's).
  const talk: Talk = {
    id: file,
    file,
    trackId,
    title,
    speakers: speakerNames,
    order,
    slides,
    video,
    article,
    status: talkStatus,
    tags: talkTags,
    bodyLine: note.bodyLine,
    extra,
    lock: null,
  };
  return { talk, problems: report.problems, orderLine };
}

interface FileNameTitle {
  title: string;
  order: number | null;
}

/** `03-Intro.md` → order 3, title "Intro"; `2022.md` keeps its whole name as title. */
function fileNameTitle(file: string): FileNameTitle {
  const name = stripExtension(file.slice(file.lastIndexOf('/') + 1));
  const prefix = splitNumericPrefix(name);
  return { title: prefix.rest.trim() || name, order: prefix.order };
}

/** A talk with nothing but its identity, title, order and body line (key order is the JSON's). */
function newTalk(file: string, trackId: string, title: string, order: number | null, bodyLine: number): Talk {
  return {
    id: file,
    file,
    trackId,
    title,
    speakers: [],
    order,
    slides: null,
    video: null,
    article: null,
    status: 'todo',
    tags: [],
    bodyLine,
    extra: {},
    lock: null,
  };
}

export interface ParsedTrackIndex {
  title: string | null;
  order: number | null;
  problems: Problem[];
}

/** A track folder's `index.md`: `title` and `order`; other keys and the body are free for the user. */
export function parseTrackIndex(bytes: Uint8Array, file: string): ParsedTrackIndex {
  const report = new Report(file);
  const note = readNote(bytes, report);
  if (!note) return { title: null, order: null, problems: report.problems };
  const title = optionalText(note.data, 'title', note, report) ?? firstHeading(note.body());
  const order = optionalOrder(note.data, note, report) ?? null;
  return { title, order, problems: report.problems };
}

export interface ParsedConference {
  conference: Conference;
  problems: Problem[];
}

/** The root `index.md`: `title`, `slidesDownload`, `replay`; the body is the overview. */
export function parseConference(bytes: Uint8Array, file: string): ParsedConference {
  const report = new Report(file);
  const conference: Conference = { title: null, slidesDownload: null, replay: null, overview: '', file };
  const note = readNote(bytes, report);
  if (!note) return { conference, problems: report.problems };
  conference.title = optionalText(note.data, 'title', note, report) ?? firstHeading(note.body());
  conference.slidesDownload = link(note.data, 'slidesDownload', note, report);
  conference.replay = link(note.data, 'replay', note, report);
  conference.overview = note.body();
  return { conference, problems: report.problems };
}

/** Title of a track folder without `index.md` (or whose `index.md` has no title). */
export function folderTitle(folder: string): { title: string; order: number | null } {
  const { order, rest } = splitNumericPrefix(folder);
  return { title: rest.trim() || folder, order };
}
