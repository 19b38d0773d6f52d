// Reads the single Markdown outline people keep while watching a conference (tracks as `#`,
// talks as `## N，Title｜Speakers`, labelled lines for slides, video and article) into plain data.
// Outlines are hand-written and messy, so parsing never throws: anything doubtful is kept as notes
// text and reported as a problem rather than dropped.
import { httpUrl, normalizeSlidesPath } from './links';
import { splitFrontMatter } from './frontMatter/read';
import type { Problem, Severity } from './model';

export interface OutlineConference {
  title: string | null;
  slidesDownload: string | null;
  replay: string | null;
  /** Text before the first track that is not a labelled line. */
  overview: string;
}

export interface OutlineTalk {
  title: string;
  /** 1-based line of the `##` heading. */
  line: number;
  /** The number written before the title; null when the heading has none. */
  order: number | null;
  speakers: string[];
  /** Normalised slides path (relative to the outline's folder, forward slashes). */
  slides: string | null;
  video: string | null;
  article: string | null;
  /** Markdown under the heading without the labelled lines, links still relative to the outline. */
  body: string;
}

export interface OutlineTrack {
  title: string;
  /** 1-based line of the `#` heading (of the first talk for talks before any track). */
  line: number;
  /** Text between the track heading and its first talk. */
  intro: string;
  talks: OutlineTalk[];
}

export interface Outline {
  conference: OutlineConference;
  tracks: OutlineTrack[];
  problems: Problem[];
}

type TalkField = 'slides' | 'video' | 'article';
type ConferenceField = 'title' | 'slidesDownload' | 'replay';

const FIELD_NAMES: Record<TalkField | ConferenceField, string> = {
  slides: 'slides',
  video: 'video',
  article: 'article',
  title: 'title',
  slidesDownload: 'slides download',
  replay: 'replay',
};

// Fences are recognised at any indentation (CommonMark allows 3 spaces) because outlines nest
// code under list items; missing one would let `# ...` inside the code start a track.
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/s;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/s;
const TALK_LABEL = /^[ \t]{0,3}(文档|slides|pdf|视频|video|文章|article)[ \t]*[:：](.*)$/is;
const CONFERENCE_LABEL = /^[ \t]{0,3}(pdf[ \t]*下载|slides[ \t]+download|直播回放|replay|标题|title)[ \t]*[:：](.*)$/is;
// `.` and `:` only end a number when no digit follows, so `3.0 新特性` and `10:30 Keynote` keep theirs.
const TALK_NUMBER = /^(\d{1,6})[ \t]*(?:[，,、)）]|[.．:：](?!\d))/;
const SEPARATOR = /^[=\-*_~\s]+$/;

/**
 * Which lines belong to fenced code blocks (the fences included). A fence that is never closed
 * would swallow every later talk, so it is treated as plain text instead and reported.
 */
export function fencedLines(lines: readonly string[]): { fenced: boolean[]; unclosed: number[] } {
  const fenced = new Array<boolean>(lines.length).fill(false);
  const unclosed: number[] = [];
  const closers: Record<string, { index: number; length: number }[]> = { '`': [], '~': [] };
  lines.forEach((line, index) => {
    const m = FENCE_CLOSE.exec(line);
    if (m) closers[m[1][0]].push({ index, length: m[1].length });
  });
  // One forward-only cursor per fence kind and length keeps this linear-ish even for inputs full
  // of fences that never close.
  const cursors = new Map<string, number>();
  let i = 0;
  while (i < lines.length) {
    const m = FENCE_OPEN.exec(lines[i]);
    if (!m || (m[1][0] === '`' && m[2].includes('`'))) {
      i++;
      continue;
    }
    const char = m[1][0];
    const length = m[1].length;
    const key = char + length;
    const list = closers[char];
    let c = cursors.get(key) ?? 0;
    while (c < list.length && (list[c].index <= i || list[c].length < length)) c++;
    cursors.set(key, c);
    if (c < list.length) {
      const end = list[c].index;
      for (let k = i; k <= end; k++) fenced[k] = true;
      i = end + 1;
    } else {
      unclosed.push(i);
      i++;
    }
  }
  return { fenced, unclosed };
}

/** Lookup tables that keep scanning many `](` on one line linear instead of quadratic. */
export interface LinkTables {
  /** For each index, the first `)` at nesting depth 0 from there (balanced groups skipped), or -1. */
  close: Int32Array;
  /** For each index, the next `>` at or after it, or -1. */
  nextGt: Int32Array;
  /** For each index, the next `)` at or after it, or -1. */
  nextParen: Int32Array;
}

export function linkTables(text: string): LinkTables {
  const n = text.length;
  const close = new Int32Array(n + 1).fill(-1);
  const nextGt = new Int32Array(n + 1).fill(-1);
  const nextParen = new Int32Array(n + 1).fill(-1);
  for (let s = n - 1; s >= 0; s--) {
    const c = text.charCodeAt(s);
    nextGt[s] = c === 0x3e ? s : nextGt[s + 1];
    nextParen[s] = c === 0x29 ? s : nextParen[s + 1];
    if (c === 0x29) close[s] = s;
    else if (c === 0x28) close[s] = close[s + 1] < 0 ? -1 : close[close[s + 1] + 1];
    else close[s] = close[s + 1];
  }
  return { close, nextGt, nextParen };
}

/**
 * Index of the `)` closing a link destination that starts at `start` (just after `(`), or null.
 * Parentheses must balance (`file (1).pdf`), except that a `)` reachable without whitespace also
 * counts, because people write unbalanced names like `a 1).pdf`. Backslashes are not escapes:
 * outlines written on Windows use them as path separators.
 */
export function linkDestinationEnd(text: string, start: number, tables: LinkTables = linkTables(text)): number | null {
  if (text[start] === '<') {
    const gt = tables.nextGt[start + 1] ?? -1;
    if (gt < 0) return null;
    const end = tables.nextParen[gt];
    return end < 0 ? null : end;
  }
  let end = tables.close[start] ?? -1;
  if (end < 0) return null;
  for (;;) {
    let k = end + 1;
    while (k < text.length && text[k] !== ')' && text[k] !== '(' && !/\s/.test(text[k])) k++;
    if (k < text.length && text[k] === ')' && k > end + 1) end = k;
    else return end;
  }
}

/** Splits `target "title"` into its parts; targets may contain spaces, so only a final quoted part counts. */
export function splitLinkTitle(destination: string): { target: string; title: string } {
  const text = destination.trim();
  const q = text[text.length - 1];
  if (text.length > 2 && (q === '"' || q === "'")) {
    const open = text.lastIndexOf(q, text.length - 2);
    if (open > 0 && /\s/.test(text[open - 1]) && !text.startsWith('<')) {
      return { target: text.slice(0, open).trimEnd(), title: text.slice(open) };
    }
  }
  return { target: text, title: '' };
}

/**
 * The target of a labelled value: a Markdown link `[text](target)`, `<target>` or a bare value.
 * `rest` is text after the link that does not belong to it (kept in the notes by the caller).
 */
function labelTarget(value: string, bareStopsAtSpace: boolean): { target: string; rest: string } {
  const text = value.trim();
  const bang = text.startsWith('![') ? 1 : 0;
  if (text[bang] === '[') {
    const mid = text.indexOf('](', bang);
    if (mid > 0) {
      const start = mid + 2;
      let end = linkDestinationEnd(text, start);
      if (end === null && text.endsWith(')')) end = text.length - 1;
      if (end !== null) {
        let target = splitLinkTitle(text.slice(start, end)).target;
        if (/^<.*>$/s.test(target)) target = target.slice(1, -1).trim();
        return { target, rest: text.slice(end + 1).trim() };
      }
    }
  }
  if (text.startsWith('<')) {
    const close = text.indexOf('>');
    if (close > 0) return { target: text.slice(1, close).trim(), rest: text.slice(close + 1).trim() };
  }
  if (bareStopsAtSpace) {
    // URLs never contain spaces: `https://b23.tv/x （P2）` is a URL followed by a remark.
    const space = text.search(/\s/);
    if (space > 0) return { target: text.slice(0, space), rest: text.slice(space).trim() };
  }
  return { target: text, rest: '' };
}

function talkField(label: string): TalkField {
  const l = label.toLowerCase();
  if (l === '视频' || l === 'video') return 'video';
  if (l === '文章' || l === 'article') return 'article';
  return 'slides';
}

function conferenceField(label: string): ConferenceField {
  const l = label.toLowerCase();
  if (l === '标题' || l === 'title') return 'title';
  if (l === '直播回放' || l === 'replay') return 'replay';
  return 'slidesDownload';
}

/** Content of an ATX heading without the optional closing `#` run, or null when not a heading. */
function heading(line: string): { level: number; text: string } | null {
  const m = HEADING.exec(line);
  if (!m) return null;
  let text = (m[2] ?? '').trim();
  // A closing run of `#` only counts after whitespace (so `C#` keeps its `#`); done by hand
  // because a regex for it backtracks quadratically on long runs of spaces.
  let k = text.length;
  while (k > 0 && text[k - 1] === '#') k--;
  if (k < text.length && (k === 0 || text[k - 1] === ' ' || text[k - 1] === '\t')) text = text.slice(0, k).trim();
  return { level: m[1].length, text };
}

function splitSpeakers(text: string): string[] {
  return text
    .split(/[&＆、,，]|\sand\s/i)
    .map(s => s.trim())
    .filter(Boolean);
}

function parseTalkHeading(text: string): { order: number | null; title: string; speakers: string[] } {
  let rest = text.trim();
  let order: number | null = null;
  const m = TALK_NUMBER.exec(rest);
  if (m) {
    order = Number(m[1]);
    rest = rest.slice(m[0].length).trim();
  }
  const bar = Math.max(rest.lastIndexOf('｜'), rest.lastIndexOf('|'));
  if (bar < 0) return { order, title: rest, speakers: [] };
  return { order, title: rest.slice(0, bar).trim(), speakers: splitSpeakers(rest.slice(bar + 1)) };
}

/**
 * The order each talk gets in the notes: its number, or for a talk without one the number after
 * the previous talk's (its position when no talk is numbered), so `1, (none), 3` reads 1, 2, 3.
 */
export function talkOrders(talks: readonly { order: number | null }[]): number[] {
  const orders: number[] = [];
  for (const talk of talks) orders.push(talk.order ?? (orders.length ? orders[orders.length - 1] + 1 : 1));
  return orders;
}

/** Joins lines, dropping blank lines at both ends. */
function joinTrimmed(lines: readonly string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && !lines[a].trim()) a++;
  while (b > a && !lines[b - 1].trim()) b--;
  return lines.slice(a, b).join('\n');
}

/** Replaces lone surrogates so every later step (and every file written) sees valid Unicode. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function outlineName(source: string): string {
  const base = source
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .trim();
  return base || 'Talks';
}

interface TalkDraft extends OutlineTalk {
  lines: string[];
  /** Where each field's kept value came from, to say which one won on a repeat. */
  from: Partial<Record<TalkField, number>>;
  /** `lines.length` when the last labelled line was taken out. */
  removedAt: number;
}

interface TrackDraft {
  title: string;
  line: number;
  introLines: string[];
  talks: TalkDraft[];
}

function emptyOutline(): Outline {
  return { conference: { title: null, slidesDownload: null, replay: null, overview: '' }, tracks: [], problems: [] };
}

/**
 * Parses an outline. Pure and total: any string gives an Outline; everything questionable is in
 * `problems` (with `file: source`, 1-based lines). `source` names the outline in problems and
 * names the track for talks written before any `#` track heading.
 */
export function parseOutline(text: string, source: string): Outline {
  const file = typeof source === 'string' ? source : '';
  try {
    return parse(typeof text === 'string' ? text : '', file);
  } catch (err) {
    // Last-resort guard so one odd outline cannot take down the CLI or the extension host; the
    // fuzz tests check this never happens.
    const outline = emptyOutline();
    outline.problems.push({
      file,
      line: null,
      severity: 'error',
      message: `Internal error while reading the outline (${String(err)}); please report it with the outline attached.`,
    });
    return outline;
  }
}

function parse(input: string, file: string): Outline {
  const outline = emptyOutline();
  const { conference, problems } = outline;
  const problem = (line: number | null, severity: Severity, message: string) => problems.push({ file, line, severity, message });

  const text = wellFormed(input.replace(/^\uFEFF/, ''));
  const lines = text.split(/\r\n|\r|\n/);
  const { fenced, unclosed } = fencedLines(lines);
  for (const i of unclosed) {
    problem(
      i + 1,
      'warning',
      'This code block is never closed, so its fence line was read as text. Add a closing fence line (``` or ~~~) where the code ends.',
    );
  }

  const overview: string[] = [];
  const conferenceFrom: Partial<Record<ConferenceField, number>> = {};
  const first = readFrontMatter(text, lines, fenced, conference, conferenceFrom, problem);
  const tracks: TrackDraft[] = [];
  const trackByTitle = new Map<string, TrackDraft>();
  let track: TrackDraft | null = null;
  let talk: TalkDraft | null = null;

  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    const h = fenced[i] ? null : heading(line);
    if (h && h.level <= 2) {
      if (!h.text || SEPARATOR.test(h.text)) continue;
      if (h.level === 1) {
        talk = null;
        const existing = trackByTitle.get(h.text);
        if (existing) {
          problem(
            n,
            'info',
            `Track "${h.text}" already started on line ${existing.line}; the talks below were added to it. Rename one of the headings if they are different tracks.`,
          );
          existing.introLines.push('');
          track = existing;
        } else {
          track = { title: h.text, line: n, introLines: [], talks: [] };
          tracks.push(track);
          trackByTitle.set(h.text, track);
        }
        continue;
      }
      if (!track) {
        const title = outlineName(file);
        problem(
          n,
          'info',
          `This talk comes before any "# Track" heading, so it was put in a track named "${title}". Add a "# Track" heading above it to choose the name.`,
        );
        track = { title, line: n, introLines: [], talks: [] };
        tracks.push(track);
        trackByTitle.set(title, track);
      }
      const parsed = parseTalkHeading(h.text);
      const position = track.talks.length + 1;
      if (!parsed.title) {
        parsed.title = `Talk ${parsed.order ?? position}`;
        problem(
          n,
          'warning',
          `This talk heading has no title, so it was called "${parsed.title}". Write the title after the number, e.g. "## 1，Title｜Speaker".`,
        );
      }
      talk = { ...parsed, line: n, slides: null, video: null, article: null, body: '', lines: [], from: {}, removedAt: -1 };
      track.talks.push(talk);
      continue;
    }

    if (talk) {
      const m = fenced[i] ? null : TALK_LABEL.exec(line);
      if (!m || takeTalkLabel(talk, talkField(m[1]), m[2], n, problem)) {
        // A labelled line between blank lines leaves a double gap; close it up.
        const gap = talk.removedAt === talk.lines.length && !line.trim() && !talk.lines[talk.lines.length - 1]?.trim();
        if (!gap) talk.lines.push(line);
      } else {
        talk.removedAt = talk.lines.length;
      }
    } else if (track) {
      track.introLines.push(line);
    } else {
      const m = fenced[i] ? null : CONFERENCE_LABEL.exec(line);
      if (!m || takeConferenceLabel(conference, conferenceFrom, conferenceField(m[1]), m[2], n, problem)) overview.push(line);
    }
  }

  for (const t of tracks) {
    const orders = talkOrders(t.talks);
    const seen = new Map<number, TalkDraft>();
    t.talks.forEach((entry, k) => {
      const other = seen.get(orders[k]);
      if (other) {
        problem(
          entry.line,
          'warning',
          `"${entry.title}" gets number ${orders[k]} in track "${t.title}", like "${other.title}" on line ${other.line}; notes with the same number are listed by file name. Renumber one of them.`,
        );
      } else {
        seen.set(orders[k], entry);
      }
    });
  }
  // Reported in reading order, whatever step found them.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  conference.overview = joinTrimmed(overview);
  outline.tracks = tracks.map(t => ({
    title: t.title,
    line: t.line,
    intro: joinTrimmed(t.introLines),
    talks: t.talks.map(({ lines: body, from: _from, removedAt: _removedAt, ...rest }) => ({ ...rest, body: joinTrimmed(body) })),
  }));
  return outline;
}

type Report = (line: number | null, severity: Severity, message: string) => void;

/** Applies a labelled line to a talk; returns true when the line must stay in the notes body. */
function takeTalkLabel(talk: TalkDraft, field: TalkField, raw: string, line: number, problem: Report): boolean {
  if (!raw.trim()) return false;
  const name = FIELD_NAMES[field];
  const { target, rest } = labelTarget(raw, field !== 'slides');
  let value: string | null;
  if (field === 'slides') {
    const result = normalizeSlidesPath(target);
    if ('error' in result) {
      problem(
        line,
        'warning',
        `Slides of "${talk.title}" not imported: ${result.error}. Write the PDF path relative to the outline's folder (e.g. Track/talk.pdf); the line was kept in the notes.`,
      );
      return true;
    }
    value = result.path;
  } else {
    value = httpUrl(target);
    if (value === null) {
      problem(
        line,
        'warning',
        `The ${name} of "${talk.title}" is not an http(s) URL ("${clip(target)}"), so it was not imported; the line was kept in the notes. Write the full https:// address.`,
      );
      return true;
    }
  }
  const kept = talk[field];
  if (kept !== null) {
    problem(
      line,
      'warning',
      `"${talk.title}" has a second ${name} line; kept the first one (${clip(kept)}, line ${talk.from[field]}) and left this line in the notes. Delete whichever line is wrong.`,
    );
    return true;
  }
  talk[field] = value;
  talk.from[field] = line;
  return rest !== '';
}

function takeConferenceLabel(
  conference: OutlineConference,
  from: Partial<Record<ConferenceField, number>>,
  field: ConferenceField,
  raw: string,
  line: number,
  problem: Report,
): boolean {
  if (!raw.trim()) return false;
  const name = FIELD_NAMES[field];
  let value: string | null;
  let rest = '';
  if (field === 'title') {
    value = raw.trim();
  } else {
    const parsed = labelTarget(raw, true);
    rest = parsed.rest;
    value = httpUrl(parsed.target);
    if (value === null) {
      problem(
        line,
        'warning',
        `The conference's ${name} link is not an http(s) URL ("${clip(parsed.target)}"), so it was not imported; the line was kept in the overview. Write the full https:// address.`,
      );
      return true;
    }
  }
  const kept = conference[field];
  if (kept !== null) {
    problem(
      line,
      'warning',
      `The conference ${name} is given twice; kept the first one (${clip(kept)}, line ${from[field]}) and left this line in the overview. Delete whichever line is wrong.`,
    );
    return true;
  }
  conference[field] = value;
  from[field] = line;
  return rest !== '';
}

export interface OutlineFrontMatter {
  data: Record<string, unknown>;
  /** Index in the outline's lines of the first line after the block. */
  bodyLine: number;
}

/**
 * The YAML front matter block at the very top of an outline (Typora and Obsidian often write
 * one), or null. Where it ends is the notes' rule (`locateFrontMatter`), read as notes are read;
 * but an outline is Markdown whose `---` lines are often thematic breaks, so the block counts only
 * when it is a readable mapping with at least one key, and none of its lines is a Markdown heading
 * or in a code fence (`---`, `# Track`, `Video: https://…`, `---` is a track, not front matter).
 * `lines` and `fenced` are those of `text` as `parse` splits it (at `\r\n`, `\r` and `\n`).
 */
export function outlineFrontMatter(text: string, lines: readonly string[], fenced: readonly boolean[]): OutlineFrontMatter | null {
  const split = splitFrontMatter(text);
  if (!split.block || split.issues.length || !Object.keys(split.data).length) return null;
  // The block's lines in the outline's own split (a lone `\r` inside the block is a line break
  // there): the closing line's index, plus one.
  const bodyLine = lineBreaks(text, split.block.yamlEnd) + 1;
  for (let i = 1; i < bodyLine; i++) if (fenced[i] || /^#{1,6}[ \t]/.test(lines[i])) return null;
  return { data: split.data, bodyLine };
}

/** Line breaks (`\r\n`, `\r`, `\n`) in text[0, end). */
function lineBreaks(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Takes the conference title and links from the outline's front matter; returns the first line after it. */
function readFrontMatter(
  text: string,
  lines: readonly string[],
  fenced: readonly boolean[],
  conference: OutlineConference,
  from: Partial<Record<ConferenceField, number>>,
  problem: Report,
): number {
  const front = outlineFrontMatter(text, lines, fenced);
  if (!front) return 0;
  const record = front.data;
  if (typeof record.title === 'string' && record.title.trim()) {
    conference.title = record.title.trim();
    from.title = 1;
  }
  for (const field of ['slidesDownload', 'replay'] as const) {
    if (record[field] === undefined || record[field] === null) continue;
    const url = httpUrl(record[field]);
    if (url) {
      conference[field] = url;
      from[field] = 1;
    } else {
      problem(1, 'warning', `The front matter's ${field} is not an http(s) URL, so it was not imported. Write the full https:// address.`);
    }
  }
  return front.bodyLine;
}

function clip(text: string): string {
  return text.length > 120 ? text.slice(0, 117) + '…' : text;
}
