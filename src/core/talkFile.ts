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
//  - Conference `index.md`: `title`, `slidesDownload`, `replay` (http(s) URLs), `order` (its place
//    in a library); body = overview.
import { notUtf8, utf8, wholeCharacters } from './decodeNote';
import { fastFrontMatter } from './frontMatter/fastReader';
import { splitFrontMatter } from './frontMatter/read';
import { normalizeSlidesPath } from './links';
import { firstHeading } from './markdown/headings';
import type { Conference, Problem, Talk } from './model';
import { fileNameTitle, type FileNameTitle } from './noteNames';
import { extraKeys, link, optionalOrder, optionalText, Report, show, speakers, status, tags } from './noteFields';

/** Notes larger than this still load, with an info problem: notesViews of them get slow. */
export const LARGE_NOTE_BYTES = 2 * 1024 * 1024;

/**
 * How much of a note listing it reads: the front matter and enough of the body for a title from
 * its first heading. Bodies are read when shown (the notes view reads the file itself), so a
 * 300 MB note costs a listing no more than a 256 KB one.
 */
export const NOTE_PREFIX_BYTES = 256 * 1024;

const KB = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const MB = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

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

/** A note whose bytes are not UTF-8: why, for the problem and the talk's lock. */
interface NotUtf8 {
  notUtf8: string;
}

/**
 * Reads the bytes of a note — all of it, or its first bytes when `size` says the file is longer
 * — into front matter, reporting decoding, size and front matter issues.
 */
function readNote(prefix: Uint8Array, size: number, report: Report): Note | NotUtf8 {
  const truncated = size > prefix.byteLength;
  const bytes = truncated ? wholeCharacters(prefix) : prefix;
  const error = notUtf8(bytes, report.file);
  if (error) {
    report.add(null, 'error', error);
    return { notUtf8: error };
  }
  if (size > LARGE_NOTE_BYTES) {
    report.add(
      null,
      'info',
      `note is ${MB(size)}; it is listed from its first ${KB(bytes.byteLength)}, but previewing notes this large is slow — consider moving pasted logs or data into a separate file`,
    );
  }
  // The usual note: read straight from the bytes (the loader's buffer is reused, so the body
  // must be decoded before parseTalk returns, as it is).
  const fast = fastFrontMatter(bytes);
  if (fast) return fast;
  const split = splitFrontMatter(utf8(bytes));
  for (const issue of split.issues) {
    // Unclosed within what was read: the block may close later, but listing reads no further.
    const message =
      truncated && !split.present
        ? `front matter opened with "---" on line 1 is not closed within the first ${KB(bytes.byteLength)} of this ${MB(size)} note, and Talk Notes reads no further to list it; end the front matter with a "---" line near the top`
        : issue.message;
    report.add(issue.line, issue.severity, message);
  }
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

export interface ParsedTalk {
  talk: Talk;
  problems: Problem[];
  /** Line of `order:` when the order comes from the front matter (for duplicate-order problems). */
  orderLine: number | null;
}

/**
 * Parses a talk note from its bytes (or, when `size` is larger, its first bytes). Always returns a talk — an unreadable or empty file is still listed under
 * its file-name title, so the user can see it and fix it.
 *
 * Title: `title:` from the front matter, else the first `# ` heading of the body, else the file
 * name without its numeric prefix and extension. Only the last case is reported (info), because
 * a heading is a perfectly good title while a file name usually is not.
 */
export function parseTalk(bytes: Uint8Array, file: string, trackId: string, size = bytes.byteLength): ParsedTalk {
  const report = new Report(file);
  const note = readNote(bytes, size, report);
  // The file name gives the title and order only when the front matter does not: most notes
  // never need it parsed.
  let named: FileNameTitle | null = null;
  if ('notUtf8' in note) {
    named = fileNameTitle(file);
    const talk = newTalk(file, trackId, named.title, named.order, 1);
    talk.lock = { kind: 'notUtf8', message: note.notUtf8 };
    return { talk, problems: report.problems, orderLine: null };
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
export function parseTrackIndex(bytes: Uint8Array, file: string, size = bytes.byteLength): ParsedTrackIndex {
  const report = new Report(file);
  const note = readNote(bytes, size, report);
  if ('notUtf8' in note) return { title: null, order: null, problems: report.problems };
  const title = optionalText(note.data, 'title', note, report) ?? firstHeading(note.body());
  const order = optionalOrder(note.data, note, report) ?? null;
  return { title, order, problems: report.problems };
}

export interface ParsedConference {
  conference: Conference;
  problems: Problem[];
}

/** The root `index.md`: `title`, `slidesDownload`, `replay`, `order`; the body is the overview (its first NOTE_PREFIX_BYTES). */
export function parseConference(bytes: Uint8Array, file: string, size = bytes.byteLength): ParsedConference {
  const report = new Report(file);
  const conference: Conference = { title: null, slidesDownload: null, replay: null, order: null, overview: '', file };
  const note = readNote(bytes, size, report);
  if ('notUtf8' in note) return { conference, problems: report.problems };
  conference.title = optionalText(note.data, 'title', note, report) ?? firstHeading(note.body());
  conference.slidesDownload = link(note.data, 'slidesDownload', note, report);
  conference.replay = link(note.data, 'replay', note, report);
  conference.order = optionalOrder(note.data, note, report) ?? null;
  conference.overview = note.body();
  return { conference, problems: report.problems };
}
