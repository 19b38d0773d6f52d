// How the CLI prints its results: the `--json` contracts, and the lines people read (which
// main.ts passes through terminalSafe, one by one, before they reach the terminal).
import { describeFieldValue } from '../core/importUpdate';
import type { ImportReport } from '../core/importer';
import { formatTimestamp } from '../core/links';
import type { LibraryConference, NotesLibrarySnapshot, NotesWorkspace, Problem, Talk, TalkStatus } from '../core/model';
import type { TalkStudy } from '../core/studySummary';

export interface ListJson {
  conference: { title: string | null; slidesDownload: string | null; replay: string | null };
  tracks: {
    title: string;
    talks: {
      title: string;
      speakers: string[];
      slides: string | null;
      video: string | null;
      article: string | null;
      status: TalkStatus;
      tags: string[];
      file: string;
    }[];
  }[];
  problems: { file: string; line: number | null; severity: Problem['severity']; message: string }[];
}

/**
 * The documented `talk-notes list --json` shape of one conference; nothing more, so scripts can
 * rely on it. `more`: problems about the folder itself (same base), listed after the notes' own.
 */
export function toListJson(ws: NotesWorkspace, more: readonly Problem[] = []): ListJson {
  return {
    conference: {
      title: ws.conference.title,
      slidesDownload: ws.conference.slidesDownload,
      replay: ws.conference.replay,
    },
    tracks: ws.tracks.map(track => ({
      title: track.title,
      talks: track.talks.map(t => ({
        title: t.title,
        speakers: [...t.speakers],
        slides: t.slides,
        video: t.video,
        article: t.article,
        status: t.status,
        tags: [...t.tags],
        file: t.file,
      })),
    })),
    problems: [...ws.problems, ...more].map(problemJson),
  };
}

function problemJson(p: Problem): ListJson['problems'][number] {
  return { file: p.file, line: p.line, severity: p.severity, message: p.message };
}

/**
 * The documented shape of a library (several folders, or a shelf): each conference as one
 * conference's shape (files relative to its folder) with where that folder is — `root`, the notes
 * folder given (absolute), and `folder`, the conference folder in it ('' when it is the root) —
 * and the problems about the notes folders themselves, each with its `root`.
 */
export interface LibraryListJson {
  conferences: ({ root: string; folder: string } & ListJson)[];
  problems: ({ root: string } & ListJson['problems'][number])[];
}

export function toLibraryListJson(library: NotesLibrarySnapshot): LibraryListJson {
  return {
    conferences: library.conferences.map(c => ({ root: c.notesRoot, folder: c.folder, ...toListJson(c.workspace) })),
    problems: library.roots.flatMap(r => r.problems.map(p => ({ root: r.root, ...problemJson(p) }))),
  };
}

const STATUS_MARK: Record<TalkStatus, string> = { todo: '[ ]', watching: '[~]', done: '[x]' };

function links(t: Talk): string {
  const has = [t.slides && 'slides', t.video && 'video', t.article && 'article'].filter(Boolean);
  return has.length ? `  (${has.join(', ')})` : '';
}

const talkCount = (ws: NotesWorkspace) => ws.tracks.reduce((n, t) => n + t.talks.length, 0);

/** A conference's links, then each track with its progress and talks, every line after `indent`. */
function conferenceBody(ws: NotesWorkspace, indent: string): string[] {
  const out: string[] = [];
  if (ws.conference.slidesDownload) out.push(`${indent}  Slides download: ${ws.conference.slidesDownload}`);
  if (ws.conference.replay) out.push(`${indent}  Replay: ${ws.conference.replay}`);
  for (const track of ws.tracks) {
    const done = track.talks.filter(t => t.status === 'done').length;
    out.push('', `${indent}${track.title}  ${done}/${track.talks.length}`);
    track.talks.forEach((t, i) => {
      const who = t.speakers.length ? ` — ${t.speakers.join(', ')}` : '';
      out.push(`${indent}  ${STATUS_MARK[t.status]} ${String(i + 1).padStart(2)}. ${t.title}${who}${links(t)}`);
    });
  }
  return out;
}

function problemsLine(count: number): string[] {
  return count ? [`${count} problem(s); run \`talk-notes check\` for details`] : [];
}

/** The tree people read in a terminal: conference, tracks with progress, talks with status marks. */
export function formatTree(ws: NotesWorkspace, moreProblems = 0): string[] {
  const out = [ws.conference.title ?? '(untitled conference)', ...conferenceBody(ws, '')];
  out.push('', `${ws.tracks.length} tracks, ${talkCount(ws)} talks`);
  out.push(...problemsLine(ws.problems.length + moreProblems));
  return out;
}

/** The same for a library: each conference (with its progress and folder), its tree indented below. */
export function formatLibraryTree(library: NotesLibrarySnapshot, where: (c: LibraryConference) => string): string[] {
  const out: string[] = [];
  let tracks = 0;
  let problems = library.roots.reduce((n, r) => n + r.problems.length, 0);
  for (const c of library.conferences) {
    const ws = c.workspace;
    tracks += ws.tracks.length;
    problems += ws.problems.length;
    if (out.length) out.push('');
    out.push(`${c.title}  ${c.progress.done}/${c.progress.talks}  (${where(c)})`, ...conferenceBody(ws, '  '));
  }
  const talks = library.conferences.reduce((n, c) => n + c.progress.talks, 0);
  if (out.length) out.push('');
  out.push(`${library.conferences.length} conference(s), ${tracks} tracks, ${talks} talks`, ...problemsLine(problems));
  return out;
}

/** `base/file`, or `file` alone when there is no base. */
export function joinBase(base: string, file: string): string {
  if (!base) return file;
  return file ? `${base.replace(/(?<!\/)\/+$/, '')}/${file}` : base;
}

/** `file:line: severity: message`, the shape editors and CI logs turn into links. */
export function formatProblem(p: Problem, base: string): string {
  return `${joinBase(base, p.file)}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
}

/** What an import did, after its problems: files created, notes updated (each change), copies kept. */
export function formatImportReport(report: ImportReport, out: string, base: string): string[] {
  const lines: string[] = [];
  const replaced = new Set(report.backups.map(b => b.file));
  const created = report.written.filter(f => !replaced.has(f)).length;
  lines.push(`created ${created} file(s) in ${out}`);
  const forced = report.written.length - created;
  if (forced) lines.push(`replaced ${forced} existing file(s) with the outline's version`);
  if (report.updated.length) {
    lines.push(`updated ${report.updated.length} existing note(s):`);
    for (const note of report.updated) {
      for (const c of note.changes) {
        lines.push(`  ${joinBase(base, note.file)}: ${c.field}: ${describeFieldValue(c.before)} → ${describeFieldValue(c.after)}`);
      }
    }
  }
  if (report.skipped.length) lines.push(`kept ${report.skipped.length} existing file(s) as they are`);
  if (report.backups.length) {
    lines.push(`kept a copy of each file changed or replaced (${report.backups.length}):`);
    for (const b of report.backups) lines.push(`  ${joinBase(base, b.file)} → ${joinBase(base, b.backup)}`);
  }
  return lines;
}

/** One note as `talk-notes images` reports it. */
export interface ImagesNoteReport {
  /** The note, relative to the notes folder. */
  file: string;
  /** Remote images (URL and line) still in the note. */
  remote: { url: string; line: number }[];
  /** Images now kept locally: the URL and the local file, relative to the notes folder. */
  saved: { url: string; path: string }[];
  /** Images that could not be kept offline, with the reason. */
  failures: { url: string; line: number; reason: string }[];
  /** Why the note was left alone (not UTF-8, a link out of the folder, changed meanwhile…), or null. */
  skipped: string | null;
}

/** `talk-notes images` without --offline: each remote image as file:line: url. */
export function formatRemoteImages(notes: readonly ImagesNoteReport[], base: string): string[] {
  const lines: string[] = [];
  for (const note of notes) {
    if (note.skipped) lines.push(`${joinBase(base, note.file)}: skipped: ${note.skipped}`);
    for (const r of note.remote) lines.push(`${joinBase(base, note.file)}:${r.line}: ${r.url}`);
    for (const f of note.failures) lines.push(`${joinBase(base, note.file)}:${f.line}: ${f.url}: ${f.reason}`);
  }
  return lines;
}

/** `talk-notes images --offline`: what was downloaded for each note, then what failed and why. */
export function formatOfflineImages(notes: readonly ImagesNoteReport[], base: string): string[] {
  const lines: string[] = [];
  for (const note of notes) {
    const where = joinBase(base, note.file);
    if (note.skipped) lines.push(`${where}: error: skipped: ${note.skipped}`);
    if (note.saved.length) {
      lines.push(`${where}: ${note.saved.length} image(s) kept offline:`);
      for (const s of note.saved) lines.push(`  ${joinBase(base, s.path)} ← ${s.url}`);
    }
    for (const f of note.failures) lines.push(`${where}:${f.line}: error: ${f.url} not kept offline: ${f.reason}`);
  }
  return lines;
}

/** Pages in order, each once: `p.2, 5, 12`. */
function pageList(pages: number[]): string {
  return `p.${[...new Set(pages)].sort((a, b) => a - b).join(', ')}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `check --summary`: per talk that has any, the slides quoted and the moments paired, then the totals. */
export function formatStudySummary(studies: TalkStudy[], talkCount: number, base: string): string[] {
  const lines = ['', 'Study summary: slides quoted and video moments paired with a slide'];
  for (const { talk, quotes, moments } of studies) {
    const parts: string[] = [];
    if (quotes.length) parts.push(`${plural(quotes.length, 'quote', 'quotes')} (${pageList(quotes.map(q => q.page))})`);
    if (moments.length) {
      const pairs = moments.map(m => `p.${m.page} ▶ ${formatTimestamp(m.seconds)}`).join(', ');
      parts.push(`${plural(moments.length, 'moment', 'moments')} (${pairs})`);
    }
    lines.push(`  ${joinBase(base, talk.file)}: ${talk.title}: ${parts.join('; ')}`);
  }
  const quotes = studies.reduce((n, s) => n + s.quotes.length, 0);
  const moments = studies.reduce((n, s) => n + s.moments.length, 0);
  lines.push(
    studies.length
      ? `  ${studies.length} of ${talkCount} talks: ${plural(quotes, 'quote', 'quotes')}, ${plural(moments, 'moment', 'moments')}`
      : `  no quotes or paired moments yet in ${talkCount} talks (Quote in Notes and Insert Video Timestamp in the slides viewer write them)`,
  );
  return lines;
}
