// `talk-notes list|check|import|search`: the core on the command line. User mistakes end in a one-line
// message and exit code 2, never a stack trace. Subcommands live in one table (COMMANDS), so a new
// one is a function, a help text and a line there. Everything printed for people passes through
// terminalSafe (say/tell); only `--json` output is written as it is.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkWorkspace } from '../core/check';
import { studySummary } from '../core/studySummary';
import { importOutline } from '../core/importer';
import { loadWorkspace } from '../core/workspace';
import type { NotesWorkspace } from '../core/model';
import { formatImportReport, formatProblem, formatStudySummary, formatTree, toListJson } from './format';
import { SEARCH_HELP, searchCommand } from './search';
import { terminalSafe } from './terminalText';

declare const TALK_NOTES_VERSION: string | undefined;

class UsageError extends Error {}

const MAIN_HELP = `Usage: talk-notes <command> [options]

Study notes for conference talks, one Markdown file per talk.

Commands:
  list [DIR] [--json]          Show the tracks and talks of a notes folder
  check [DIR] [--summary]      Report problems in a notes folder (exit 1 on errors), and what is studied
  import FILE --out DIR        Turn an outline document or a published schedule into a notes folder
  search QUERY [DIR] [--json]  Find text in the talks' notes and slide PDFs

DIR defaults to ./notes when it exists, else the current folder.
Run \`talk-notes <command> --help\` for a command's options.
`;

const LIST_HELP = `Usage: talk-notes list [DIR] [--json]

Prints the conference, its tracks (with progress) and talks (with status and links).
  --json    Print {conference, tracks, problems} as JSON instead (absent values are null)
Exit status: 0 when the folder could be read (even with problems), 2 otherwise.
`;

const CHECK_HELP = `Usage: talk-notes check [DIR] [--slides-root DIR] [--summary]

Prints each problem as file:line: severity: message, with what to do about it.
  --slides-root DIR   Folder the talks' \`slides\` paths are relative to (default: DIR)
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

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (values.help) return help('list');
  if (positionals.length > 1) throw new UsageError('list takes at most one folder');
  const dir = defaultDir(positionals[0]);
  requireDir(dir);
  const ws = await loadWorkspace(path.resolve(dir));
  if (cannotRead(ws)) return 2;
  if (values.json) process.stdout.write(JSON.stringify(toListJson(ws), null, 2) + '\n');
  else say(formatTree(ws));
  return 0;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'slides-root': { type: 'string' }, summary: { type: 'boolean' } });
  if (values.help) return help('check');
  if (positionals.length > 1) throw new UsageError('check takes at most one folder');
  const dir = defaultDir(positionals[0]);
  requireDir(dir);
  const slidesRoot = values['slides-root'] as string | undefined;
  if (slidesRoot) requireDir(slidesRoot);
  const ws = await loadWorkspace(path.resolve(dir));
  if (cannotRead(ws)) return 2;
  const problems = await checkWorkspace(ws, { slidesRoot: slidesRoot ? path.resolve(slidesRoot) : undefined });
  const base = displayPath(dir);
  say(problems.map(p => formatProblem(p, base)));
  const count = (s: string) => problems.filter(p => p.severity === s).length;
  const talks = ws.tracks.reduce((n, t) => n + t.talks.length, 0);
  const summary = problems.length
    ? `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s) in ${talks} talks`
    : `no problems in ${talks} talks`;
  tell([summary]);
  if (values.summary)
    say(formatStudySummary(studySummary(ws, { slidesRoot: slidesRoot ? path.resolve(slidesRoot) : undefined }), talks, base));
  return count('error') ? 1 : 0;
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

/** Says so when the notes folder could not be listed at all (permissions…): there is nothing to show. */
function cannotRead(ws: NotesWorkspace): boolean {
  const failure = ws.problems.find(p => p.file === '.' && p.severity === 'error');
  if (failure) tell([`talk-notes: ${failure.message}`]);
  return Boolean(failure);
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
