// `talk-notes list|check|import|images|search`: the core on the command line. User mistakes end in a one-line
// message and exit code 2, never a stack trace. Subcommands live in one table (COMMANDS), so a new
// one is a function, a help text and a line there. Everything printed for people passes through
// terminalSafe (say/tell); only `--json` output is written as it is.
//
// Past 450 lines because the help texts live next to the subcommands they describe; each
// subcommand's work is in the core or in a module of its own (search.ts, format.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkWorkspace } from '../core/check';
import { decodeNote } from '../core/decodeNote';
import { describeFailure } from '../core/images/download';
import { keepImagesOffline, type OfflineNote } from '../core/images/keepOffline';
import { findRemoteImages, offlineEdits } from '../core/images/remoteImages';
import { studySummary } from '../core/studySummary';
import { importOutline } from '../core/importer';
import { loadLibrary } from '../core/library';
import type { LibraryConference, NotesLibrarySnapshot, NotesWorkspace, Problem } from '../core/model';
import { readNoteOnDisk } from '../core/noteOnDisk';
import { NoteRewriter } from '../core/noteRewrite';
import { applyTextEdits } from '../core/textEdits';
import { loadWorkspace } from '../core/workspace';
import {
  formatImportReport,
  formatLibraryTree,
  formatOfflineImages,
  formatProblem,
  formatRemoteImages,
  formatStudySummary,
  formatTree,
  joinBase,
  toLibraryListJson,
  toListJson,
  type ImagesNoteReport,
} from './format';
import { SEARCH_HELP, searchCommand } from './search';
import { terminalSafe } from './terminalText';

declare const TALK_NOTES_VERSION: string | undefined;

class UsageError extends Error {}

const MAIN_HELP = `Usage: talk-notes <command> [options]

Study notes for conference talks, one Markdown file per talk.

Commands:
  list [DIR…] [--json]         Show the conferences, tracks and talks of notes folders
  check [DIR…] [--summary]     Report problems in notes folders (exit 1 on errors), and what is studied
  import FILE --out DIR        Turn an outline document or a published schedule into a notes folder
  images [DIR] [--offline]     List the remote images of the notes; keep them offline
  search QUERY [DIR…] [--json] Find text in the talks' notes and slide PDFs

A notes folder is one conference (index.md and track folders) or a shelf of conferences (a
folder whose sub-folders are conferences). DIR defaults to ./notes when it exists, else the
current folder.
Run \`talk-notes <command> --help\` for a command's options.
`;

const LIST_HELP = `Usage: talk-notes list [DIR…] [--json]

Prints the conference, its tracks (with progress) and talks (with status and links). With
several folders, or a shelf of conferences, each conference comes with its progress and
folder, its tracks and talks below it.
  --json    Print JSON instead (absent values are null). One DIR that is one conference:
            {conference, tracks, problems}, files relative to DIR. Otherwise:
            {conferences: [{root, folder, conference, tracks, problems}], problems: [{root,
            file, line, severity, message}]}, where root is the notes folder (absolute),
            folder the conference folder in it ('' when it is root itself), a conference's
            files are relative to root/folder and the outer problems' files to root.
Exit status: 0 when every folder could be read (even with problems), 2 otherwise.
`;

const CHECK_HELP = `Usage: talk-notes check [DIR…] [--slides-root DIR] [--summary]

Prints each problem as file:line: severity: message, with what to do about it; with several
conferences, grouped under a line naming each conference.
  --slides-root DIR   Folder the talks' \`slides\` paths are relative to (default: the
                      conference folder); only when the folders hold one conference
  --summary           Then, per talk, the slides its note quotes (> text [p.N](#slide=N)) and
                      the moments of the video it pairs with a slide; talks with none are
                      not listed
Exit status: 0 when there is no error, 1 when there is at least one error, 2 on usage errors.
`;

const IMPORT_HELP = `Usage: talk-notes import FILE --out DIR [--force] [--title TITLE]

Creates one folder per track and one Markdown file per talk from an outline document
(# Track / ## N，Title｜Speakers headings with 文档/视频/文章 or Slides/Video/Article lines)
or a conference's published schedule, recognised by its content: pretalx or frab
schedule.json, frab/Pentabarf schedule.xml (FOSDEM, CCC), Sessionize "All Data" JSON.

Importing again into the same folder is safe:
  without --force   New talks are created. In existing notes only the fields the outline
                    owns are updated (title, speakers, order, slides, video, article, and a
                    schedule's slidesUrl, day, start, room; for
                    index.md files title, order, slidesDownload, replay), each change listed
                    as file: field: old → new. The notes text, your personal notes, status,
                    tags and other keys stay exactly as they are, and a field the outline
                    leaves empty keeps the note's value. A note whose front matter cannot be
                    edited safely is left alone, with a warning saying why.
  --force           Existing files are replaced by the outline's version.
Before changing or replacing an existing file, the import keeps a copy of it under
DIR/.talk-notes/backup/<time>/ (same relative path) and lists it. Every file is written
atomically; an import that cannot write (disk full, read-only folder) changes nothing.

  --out DIR       Folder to create the notes in (required)
  --force         Replace existing files (a copy of each is kept, see above)
  --title TITLE   Conference title for index.md (default: taken from the file)
Exit status: 0 when the import is complete (warnings are printed), 1 when a file could
not be written or updated, 2 on usage errors.
`;

const IMAGES_HELP = `Usage: talk-notes images [DIR | NOTE.md] [--offline] [--timeout SECONDS]

Lists the remote (http and https) images of every note of a notes folder, or of one note,
as file:line: url. With --offline, keeps them offline: each image is downloaded into the
folder images/ beside its note, and the link is rewritten to the local copy, the original
URL kept in the image's title:
  ![diagram](images/diagram.png "original: https://example.com/diagram.png")
Each URL is downloaded once; an image already saved there is not saved again, so running it
again downloads nothing new. An image that cannot be kept (gone, a web page instead of an
image, larger than 20 MB, SVG, which can carry scripts) keeps its link and is listed with
the reason. Only PNG, JPEG, GIF and WebP are kept, named after the URL, with the extension
of what the file really is. Images in code and raw HTML <img> tags are left alone. A copy of
each rewritten note is kept under DIR/.talk-notes/backup/<time>/ first. Ctrl-C stops the
downloads; the images saved until then are kept and linked.

  --offline           Download the images and rewrite the links
  --timeout SECONDS   Give up on a server that sends nothing for this long (default 20)
Exit status: 0 when no remote image is left (or, without --offline, when the notes could be
read), 1 when an image or a note could not be kept offline, 2 on usage errors.
`;

type Values = Record<string, string | boolean | undefined>;

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function defaultDir(given: string | undefined): string {
  if (given) return given;
  return existsSync('notes') && statSync('notes').isDirectory() ? 'notes' : '.';
}

function requireDir(dir: string): void {
  if (!existsSync(dir))
    throw new UsageError(`no such folder: ${dir}; give the notes folder (the one holding index.md and the track folders)`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}; give the notes folder, not a file in it`);
}

/** The folders given (each checked to be one), or the default one. */
function notesDirs(positionals: string[]): string[] {
  const dirs = positionals.length ? positionals : [defaultDir(undefined)];
  dirs.forEach(requireDir);
  return dirs;
}

/** One folder given, and it is one conference: the output is today's, for that conference alone. */
function single(library: NotesLibrarySnapshot): LibraryConference | null {
  const [root] = library.roots;
  return library.roots.length === 1 && root.layout === 'conference' ? library.conferences[0] : null;
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (values.help) return help('list');
  const library = await loadLibrary(notesDirs(positionals).map(d => path.resolve(d)));
  const unread = cannotRead(library);
  if (unread && library.roots.length === 1) return 2;
  const one = single(library);
  const rootProblems = library.roots[0].problems;
  if (values.json) {
    const json = one ? toListJson(one.workspace, rootProblems) : toLibraryListJson(library);
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else if (one) say(formatTree(one.workspace, rootProblems.length));
  else say(formatLibraryTree(library, c => displayPath(c.workspace.root)));
  return unread ? 2 : 0;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'slides-root': { type: 'string' }, summary: { type: 'boolean' } });
  if (values.help) return help('check');
  const dirs = notesDirs(positionals);
  const slidesRoot = values['slides-root'] as string | undefined;
  if (slidesRoot) requireDir(slidesRoot);
  const library = await loadLibrary(dirs.map(d => path.resolve(d)));
  const unread = cannotRead(library);
  if (unread && library.roots.length === 1) return 2;
  if (slidesRoot && library.conferences.length > 1)
    throw new UsageError(
      `--slides-root applies to one conference, and the folders hold ${library.conferences.length}; leave it out, so that each conference's slides paths are relative to its own folder`,
    );
  const one = single(library);
  const all: Problem[] = [];
  let talks = 0;
  // Problems about the notes folders themselves first (a conference's own are listed with it).
  for (const root of library.roots) {
    if (one) continue;
    say(root.problems.map(p => formatProblem(p, displayPath(root.root))));
    all.push(...root.problems);
  }
  for (const c of library.conferences) {
    const found = await checkWorkspace(c.workspace, { slidesRoot: slidesRoot ? path.resolve(slidesRoot) : undefined });
    const problems = one ? [...library.roots[0].problems, ...found] : found;
    talks += c.progress.talks;
    all.push(...problems);
    if (!one && problems.length) say([`${c.title} (${displayPath(c.workspace.root)}): ${problems.length} problem(s)`]);
    say(problems.map(p => formatProblem(p, displayPath(c.workspace.root))));
  }
  const count = (s: string) => all.filter(p => p.severity === s).length;
  const where = one ? `${talks} talks` : `${talks} talks of ${library.conferences.length} conference(s)`;
  const summary = all.length
    ? `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s) in ${where}`
    : `no problems in ${where}`;
  tell([summary]);
  if (values.summary) {
    for (const c of library.conferences) {
      if (!one) say(['', `${c.title} (${displayPath(c.workspace.root)})`]);
      const study = studySummary(c.workspace, { slidesRoot: slidesRoot ? path.resolve(slidesRoot) : undefined });
      say(formatStudySummary(study, c.progress.talks, displayPath(c.workspace.root)));
    }
  }
  return unread ? 2 : count('error') ? 1 : 0;
}

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    title: { type: 'string' },
  });
  if (values.help) return help('import');
  if (positionals.length !== 1) throw new UsageError('import takes exactly one outline or schedule file');
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('import needs --out DIR, the folder to write the notes into');
  const outline = positionals[0];
  if (!existsSync(outline)) throw new UsageError(`no such file: ${outline}; give the path of the outline document`);
  if (!statSync(outline).isFile()) throw new UsageError(`not a file: ${outline}; give the path of the outline document`);
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`--out is not a folder: ${out}; give the folder to write the notes into`);
  const report = await importOutline(path.resolve(outline), path.resolve(out), {
    force: Boolean(values.force),
    title: values.title as string | undefined,
  });
  const base = displayPath(out);
  say(report.problems.map(p => formatProblem(p, p.file === path.basename(outline) ? '' : base)));
  say(formatImportReport(report, out, base));
  return report.problems.some(p => p.severity === 'error') ? 1 : 0;
}

/** The notes `talk-notes images` works on: every talk of a notes folder, or one note file (its folder is the root). */
async function imageNotes(target: string): Promise<{ root: string; notes: { file: string; skipped: string | null }[] } | null> {
  if (statSync(target).isFile()) {
    if (!/\.(md|markdown)$/i.test(target)) throw new UsageError(`not a Markdown note: ${target}; give a note (.md) or the notes folder`);
    const abs = path.resolve(target);
    return { root: path.dirname(abs), notes: [{ file: path.basename(abs), skipped: null }] };
  }
  const ws = await loadWorkspace(path.resolve(target));
  if (folderUnreadable(ws)) return null;
  const talks = ws.tracks.flatMap(t => t.talks);
  return { root: ws.root, notes: talks.map(t => ({ file: t.file, skipped: t.lock?.message ?? null })) };
}

async function images(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { offline: { type: 'boolean' }, timeout: { type: 'string' } });
  if (values.help) return help('images');
  if (positionals.length > 1) throw new UsageError('images takes at most one notes folder or note');
  const target = defaultDir(positionals[0]);
  if (!existsSync(target)) throw new UsageError(`no such folder or file: ${target}; give the notes folder or one note`);
  const timeout = values.timeout === undefined ? 20 : Number(values.timeout);
  if (!(timeout > 0 && timeout <= 3600))
    throw new UsageError(`--timeout takes a number of seconds (1 to 3600), not "${String(values.timeout)}"`);
  const found = await imageNotes(target);
  if (!found) return 2;
  const { root } = found;
  const base = displayPath(root);

  // Each note as it is on disk now: read only inside the notes folder, only when it is UTF-8.
  const reports: ImagesNoteReport[] = [];
  const texts = new Map<string, { bytes: Uint8Array; text: string }>();
  for (const note of found.notes) {
    const report: ImagesNoteReport = { file: note.file, remote: [], saved: [], failures: [], skipped: note.skipped };
    reports.push(report);
    if (report.skipped) continue;
    const abs = path.join(root, ...note.file.split('/'));
    const disk = readNoteOnDisk(root, abs);
    const bytes = disk.kind === 'text' ? readFileSync(abs) : null;
    const decoded = bytes ? decodeNote(bytes, note.file) : null;
    if (!bytes || !decoded || !('text' in decoded)) {
      report.skipped = disk.kind === 'text' ? 'it changed while it was read; run the command again' : skipReason(disk);
      continue;
    }
    texts.set(note.file, { bytes, text: decoded.text });
    const { remote, unplaced } = findRemoteImages(decoded.text);
    report.remote = remote.map(r => ({ url: r.url, line: r.line }));
    report.failures = unplaced.map(u => ({ url: u.url, line: u.line, reason: describeFailure({ kind: 'unplaced' }) }));
  }

  if (!values.offline) {
    say(formatRemoteImages(reports, base));
    const remote = reports.reduce((n, r) => n + r.remote.length, 0);
    const withImages = reports.filter(r => r.remote.length).length;
    tell([
      remote
        ? `${remote} remote image(s) in ${withImages} of ${reports.length} note(s); \`talk-notes images --offline\` keeps them offline`
        : `no remote images in ${reports.length} note(s)`,
    ]);
    return 0;
  }

  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  const progress = process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\rdownloading ${done}/${total}…`)
    : undefined;
  const notes: OfflineNote[] = [...texts].map(([file, { text }]) => ({ file, text }));
  const report = await keepImagesOffline(root, notes, {
    limits: { idleTimeoutMs: timeout * 1000 },
    signal: abort.signal,
    onProgress: progress,
  });
  process.off('SIGINT', onInterrupt);
  if (progress) process.stderr.write('\r\x1b[K');

  const rewriter = new NoteRewriter(root);
  const byFile = new Map(reports.map(r => [r.file, r]));
  for (const result of report.notes) {
    const out = byFile.get(result.file)!;
    out.remote = [];
    out.failures = result.failures.map(f => ({ url: f.url, line: f.line, reason: describeFailure(f.failure) }));
    if (!result.saved.size) continue;
    const { bytes, text } = texts.get(result.file)!;
    const rewritten = await rewriter.rewrite(result.file, bytes, applyTextEdits(text, offlineEdits(text, result.saved)));
    if (!rewritten.ok) {
      out.skipped = `its links were not rewritten: ${rewritten.reason}`;
      continue;
    }
    const folder = path.posix.dirname(result.file);
    out.saved = [...result.saved].map(([url, local]) => ({ url, path: path.posix.join(folder, local) }));
  }
  say(formatOfflineImages(reports, base));
  const kept = reports.reduce((n, r) => n + r.saved.length, 0);
  const failed = reports.reduce((n, r) => n + r.failures.length, 0);
  const skipped = reports.filter(r => r.skipped).length;
  const summary = [
    report.cancelled ? 'cancelled; ' : '',
    `${kept} image(s) kept offline, ${report.written.length} file(s) written`,
    failed ? `, ${failed} image(s) not kept` : '',
    skipped ? `, ${skipped} note(s) skipped` : '',
    rewriter.backupFolder ? `; a copy of each rewritten note is in ${joinBase(base, rewriter.backupFolder)}` : '',
  ].join('');
  tell([kept || failed || skipped || report.cancelled ? summary : `no remote images in ${reports.length} note(s); nothing to do`]);
  return failed || skipped || report.cancelled ? 1 : 0;
}

function skipReason(disk: ReturnType<typeof readNoteOnDisk>): string {
  switch (disk.kind) {
    case 'missing':
      return 'it no longer exists';
    case 'outsideRoot':
      return 'it is a symbolic link to a file outside the notes folder; move the file into the notes folder instead';
    case 'notUtf8':
      return 'it is not saved as UTF-8; convert it first (in VS Code: "Reopen with Encoding", then "Save with Encoding" → UTF-8)';
    case 'unreadable':
      return `it cannot be read (${disk.reason})`;
    case 'text':
      return '';
  }
}

/** Says so when the notes folder could not be listed at all (permissions…): there is nothing to show. */
function folderUnreadable(ws: NotesWorkspace): boolean {
  const failure = ws.problems.find(p => p.file === '.' && p.severity === 'error');
  if (failure) tell([`talk-notes: ${failure.message}`]);
  return Boolean(failure);
}

/**
 * Says so for each notes folder that could not be listed at all (permissions…): there is nothing
 * to show of it. True when there was one.
 */
function cannotRead(library: NotesLibrarySnapshot): boolean {
  let failed = false;
  for (const root of library.roots) {
    const failure = root.layout === 'unread' && root.problems.find(p => p.file === '.' && p.severity === 'error');
    if (!failure) continue;
    tell([`talk-notes: ${failure.message}`]);
    failed = true;
  }
  return failed;
}

/** A path relative to here when it lies below here, else absolute; forward slashes. */
function displayPath(p: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(process.cwd(), abs);
  return (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? abs : rel).split(path.sep).join('/');
}

interface Command {
  run(args: string[]): Promise<number>;
  help: string;
}

/** Every subcommand; `talk-notes <name> …` runs `run`, `talk-notes help <name>` prints `help`. */
const COMMANDS: Record<string, Command> = {
  list: { run: list, help: LIST_HELP },
  check: { run: check, help: CHECK_HELP },
  import: { run: runImport, help: IMPORT_HELP },
  images: { run: images, help: IMAGES_HELP },
  search: { run: searchCommand, help: SEARCH_HELP },
};

function help(topic: string): number {
  process.stdout.write(Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic].help : MAIN_HELP);
  return 0;
}

/** Lines for people on stdout, each made safe for the terminal. */
function say(lines: readonly string[]): void {
  if (lines.length) process.stdout.write(lines.map(terminalSafe).join('\n') + '\n');
}

/** Lines for people on stderr (summaries, errors), each made safe for the terminal. */
function tell(lines: readonly string[]): void {
  process.stderr.write(lines.map(terminalSafe).join('\n') + '\n');
}

/** A file-system failure as one line naming the path and what to do, never a stack trace. */
function failureMessage(err: unknown): string {
  const e = (err ?? {}) as NodeJS.ErrnoException;
  const where = e.path ? ` ${e.path}` : '';
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied on${where}; check its permissions`;
    case 'ENOENT':
      return `no such file or folder:${where}; check the path`;
    case 'ENOTDIR':
      return `a file is in the way:${where} is not a folder; check the path`;
    case 'ELOOP':
      return `the symbolic links on${where} form a loop; fix the link`;
    default:
      return `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command !== undefined && Object.hasOwn(COMMANDS, command)) return await COMMANDS[command].run(rest);
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        return help(rest[0] ?? 'main');
      case '-v':
      case '--version':
        process.stdout.write(`${typeof TALK_NOTES_VERSION === 'string' ? TALK_NOTES_VERSION : 'dev'}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; expected ${Object.keys(COMMANDS).join(', ')}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      tell([`talk-notes: ${err.message}`, 'Run `talk-notes --help` for usage.']);
      return 2;
    }
    // File-system errors (permissions, a folder vanishing) are the user's environment, not a bug:
    // say what failed without a stack trace.
    tell([`talk-notes: ${failureMessage(err)}`]);
    return 2;
  }
}

// `talk-notes list | head` closes the pipe early; that is not an error worth a trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

if (require.main === module) {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
