// `talk-notes search QUERY [DIR…]`: the conference search on the command line, over every
// conference of the folders given (each one conference or a shelf of them). Prints hits like grep
// (`file:line: snippet`, `slides.pdf#page=N: snippet`) or, with --json, the documented
// `{results: [...]}`. Exit 0 with results, 1 without, 2 on usage errors.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadLibrary } from '../core/library';
import type { LibraryConference } from '../core/model';
import { ConferenceSearch, type SlidesReport } from '../core/search/conferenceSearch';
import type { SearchHit } from '../core/search/searchIndex';
import { SlideTextCache } from '../core/search/slideCache';
import { extractorPaths, SlideTextExtractor } from '../core/search/slideText';
import { markedText, type Snippet } from '../core/search/snippet';
import { terminalSafe } from './terminalText';

export const SEARCH_HELP = `Usage: talk-notes search QUERY [DIR…] [--json] [--slides-root DIR] [--no-slides] [--limit N]

Finds QUERY in the talks' titles, speakers, tags, notes (line by line) and slide PDFs (page by
page). Every word must match on the same line or page; "quoted words" match as a phrase.
Chinese matches anywhere in the text, English words by their beginning; case and full-width
forms do not matter. A query of several words goes in quotes: talk-notes search 'rocksdb 压缩'.

Prints one hit per line, titles first, then notes, then slides:
  track/talk.md:12: …the matching line…
  track/slides.pdf#page=7: …the matching text of the page…
With several folders, or a shelf of conferences, every conference is searched, one after the
other in library order, and each path is given from here.
  --json              Print {results: [{talk, file, kind, line, page, snippet}]} instead; with
                      several conferences each result also has conference (its title), root
                      (the notes folder, absolute) and folder (the conference folder in it),
                      and its file is relative to root/folder
  --slides-root DIR   Folder the talks' \`slides\` paths are relative to (default: the
                      conference folder); only when the folders hold one conference
  --no-slides         Search the notes only; no PDF is read
  --no-cache          Read every PDF again instead of using the cache of slide text
  --limit N           Print at most N hits (default 50)
Slide text is cached in ${displayCacheDir()} so a PDF is read once until it changes.
Exit status: 0 when something matched, 1 when nothing did, 2 on usage errors.
`;

export interface SearchJson {
  results: ({ conference?: string; root?: string; folder?: string } & {
    /** The talk's title. */
    talk: string;
    /** The note (title and notes hits), relative to DIR, or the PDF (slides hits), relative to the slides folder. */
    file: string;
    kind: 'title' | 'notes' | 'slides';
    line: number | null;
    page: number | null;
    snippet: string;
  })[];
}

class SearchUsageError extends Error {}

function cacheDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'talk-notes', 'slide-text');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'talk-notes', 'slide-text');
  return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'talk-notes', 'slide-text');
}

function displayCacheDir(): string {
  const dir = cacheDir();
  const home = os.homedir();
  return dir.startsWith(home + path.sep) ? `~${dir.slice(home.length)}` : dir;
}

function folder(dir: string, what: string): string {
  if (!existsSync(dir)) throw new SearchUsageError(`no such folder: ${dir}${what}`);
  if (!statSync(dir).isDirectory()) throw new SearchUsageError(`not a folder: ${dir}${what}`);
  return path.resolve(dir);
}

/** What `kind` a hit has in the JSON: header fields (title, speakers, tags) are all "title". */
function kindOf(hit: SearchHit): SearchJson['results'][number]['kind'] {
  return hit.field === 'notes' || hit.field === 'slides' ? hit.field : 'title';
}

function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

/** Lines for people on stderr, made safe for the terminal (they quote notes and file names). */
function tell(lines: readonly string[]): void {
  if (lines.length) process.stderr.write(lines.map(terminalSafe).join('\n') + '\n');
}

/** Runs the subcommand; returns the exit code. Never throws. */
export async function searchCommand(args: string[]): Promise<number> {
  try {
    return await run(args);
  } catch (err) {
    if (err instanceof SearchUsageError) {
      tell([`talk-notes: ${err.message}`, 'Run `talk-notes search --help` for usage.']);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    tell([`talk-notes: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`]);
    return 2;
  }
}

async function run(args: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        'slides-root': { type: 'string' },
        'no-slides': { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new SearchUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(SEARCH_HELP);
    return 0;
  }
  if (!positionals.length) throw new SearchUsageError('search needs a QUERY');
  const query = positionals[0];
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new SearchUsageError(`--limit needs a whole number of at least 1, not "${values.limit}"`);
  const hint = ` (a query of several words goes in quotes: "${positionals.join(' ')}")`;
  const dirs = positionals.length > 1 ? positionals.slice(1).map(d => folder(d, hint)) : [folder(defaultFolder(), '')];
  const slidesOption = values['slides-root'] ? folder(values['slides-root'], '') : undefined;

  const library = await loadLibrary(dirs);
  const unread = library.roots.flatMap(r => (r.layout === 'unread' ? r.problems.filter(p => p.severity === 'error') : []));
  tell(unread.map(p => `talk-notes: ${p.message}`));
  if (unread.length && library.roots.length === 1) return 2;
  if (slidesOption && library.conferences.length > 1)
    throw new SearchUsageError(
      `--slides-root applies to one conference, and the folders hold ${library.conferences.length}; leave it out, so that each conference's slides paths are relative to its own folder`,
    );
  // One folder that is one conference: exactly the output of a single notes folder.
  const one = library.roots.length === 1 && library.roots[0].layout === 'conference';

  const extractor = values['no-slides'] ? null : new SlideTextExtractor(extractorPaths(__dirname));
  const cache = values['no-cache'] || !extractor ? null : new SlideTextCache(cacheDir());
  const found: { conference: LibraryConference; hit: SearchHit; slidesRoot: string }[] = [];
  const reports: SlidesReport[] = [];
  let more = false;
  let clauses = 0;
  try {
    for (const conference of library.conferences) {
      const ws = conference.workspace;
      const slidesRoot = slidesOption ?? ws.root;
      const search = new ConferenceSearch({ notesRoot: ws.root, slidesRoot, extractor, cache });
      await search.syncNotes(ws);
      if (extractor) reports.push(await search.syncSlides(ws, { onProgress: progressLine() }));
      const result = search.search(query, { limit: limit - found.length });
      clauses = result.query.clauses.length;
      if (!clauses) break;
      found.push(...result.hits.map(hit => ({ conference, hit, slidesRoot })));
      more ||= result.more;
      if (found.length >= limit) {
        more ||= conference !== library.conferences[library.conferences.length - 1];
        break;
      }
    }
  } finally {
    extractor?.dispose();
    clearProgress();
  }
  if (library.conferences.length && !clauses) throw new SearchUsageError(`nothing to search for in "${query}"`);
  const titles = new Map(library.conferences.flatMap(c => c.workspace.tracks.flatMap(t => t.talks)).map(t => [t.id, t.title]));

  if (values.json) {
    const json: SearchJson = {
      results: found.map(({ conference, hit: h }) => ({
        ...(one ? {} : { conference: conference.title, root: conference.notesRoot, folder: conference.folder }),
        talk: titles.get(h.talkId) ?? h.talkId,
        file: h.file,
        kind: kindOf(h),
        line: h.line,
        page: h.page,
        snippet: h.snippet.text,
      })),
    };
    out(JSON.stringify(json, null, 2) + '\n');
  } else {
    const color = useColor();
    for (const { conference, hit: h, slidesRoot } of found) {
      const where =
        h.field === 'slides'
          ? `${join(relativeBase(slidesRoot), h.file)}#page=${h.page}`
          : `${join(relativeBase(conference.workspace.root), h.file)}${h.line ? `:${h.line}` : ''}`;
      const label = h.field === 'title' || h.field === 'speakers' || h.field === 'tags' ? `${h.field}: ` : '';
      // Every piece taken from notes and PDFs is made inert first; only our own colour codes stay.
      const snippet = { text: terminalSafe(h.snippet.text), marks: safeMarks(h.snippet) };
      const text = color ? markedText(snippet, '\x1b[1;31m', '\x1b[0m') : snippet.text;
      out(`${terminalSafe(where)}: ${label}${text}\n`);
    }
  }
  const talks = library.conferences.reduce((n, c) => n + c.progress.talks, 0);
  summary(
    found.length,
    more,
    extractor ? mergeReports(reports) : null,
    one ? `${talks} talks` : `${talks} talks of ${library.conferences.length} conference(s)`,
  );
  return found.length ? 0 : 1;
}

function defaultFolder(): string {
  return existsSync('notes') && statSync('notes').isDirectory() ? 'notes' : '.';
}

/** The slides reports of several conferences as one. */
function mergeReports(reports: SlidesReport[]): SlidesReport | null {
  if (reports.length <= 1) return reports[0] ?? null;
  const [first, ...rest] = reports;
  const merged: SlidesReport = { ...first, missing: [...first.missing], failed: [...first.failed], outside: [...first.outside] };
  for (const r of rest) {
    merged.decks += r.decks;
    merged.pages += r.pages;
    merged.extracted += r.extracted;
    merged.fromCache += r.fromCache;
    merged.pagesWithoutText += r.pagesWithoutText;
    merged.missing.push(...r.missing);
    merged.failed.push(...r.failed);
    merged.outside.push(...r.outside);
  }
  return merged;
}

/** The marks of a snippet once its text has gone through terminalSafe (escapes lengthen it). */
function safeMarks(snippet: Snippet): [number, number][] {
  const at = (i: number) => terminalSafe(snippet.text.slice(0, i)).length;
  return snippet.marks.map(([s, e]) => [at(s), at(e)]);
}

function relativeBase(dir: string): string {
  return path.relative(process.cwd(), dir).split(path.sep).join('/');
}

function join(base: string, file: string): string {
  let end = base.length;
  while (end > 0 && base[end - 1] === '/') end--;
  return end ? `${base.slice(0, end)}/${file}` : file;
}

/** What was searched and what could not be, on stderr (stdout stays the hits alone). */
function summary(hits: number, more: boolean, report: SlidesReport | null, where: string): void {
  const lines: string[] = [];
  const found = hits ? `${hits}${more ? '+' : ''} hit(s)` : 'no hits';
  const slides = report
    ? `, ${report.pages} slide pages of ${report.decks} PDFs (${report.extracted} read now, ${report.fromCache} from the cache)`
    : '';
  lines.push(`${found} in ${where}${slides}${more ? ' (use --limit N to see more)' : ''}`);
  if (report) {
    if (report.pagesWithoutText) lines.push(`${report.pagesWithoutText} slide page(s) have no text (images only) and cannot be searched`);
    if (report.missing.length) lines.push(`${report.missing.length} talk(s) have slides that are not downloaded yet`);
    for (const f of report.failed) lines.push(`${f.file}: not searched: ${failureText(f.reason)} (${f.message})`);
    for (const f of report.outside) lines.push(`${f}: not searched: it lies outside the slides folder`);
  }
  tell(lines);
}

function failureText(reason: SlidesReport['failed'][number]['reason']): string {
  switch (reason) {
    case 'password':
      return 'the PDF is protected by a password';
    case 'damaged':
      return 'the file is damaged or not a PDF; download it again';
    case 'unreadable':
      return 'the file cannot be read; check its permissions';
    case 'tooLarge':
      return 'the PDF is too large to read';
    case 'timeout':
      return 'reading the PDF took too long';
    case 'engine':
      return 'the PDF reader failed on this file';
  }
}

let progressShown = false;

/** A one-line progress on stderr when it is a terminal (reading 25 PDFs takes a while once). */
function progressLine(): ((p: { done: number; total: number; file: string }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return p => {
    if (!p.file) return;
    const name = terminalSafe(p.file.length > 50 ? `…${p.file.slice(-49)}` : p.file);
    process.stderr.write(`\r\x1b[Kreading slides ${p.done + 1}/${p.total}: ${name}`);
    progressShown = true;
  };
}

function clearProgress(): void {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
}
