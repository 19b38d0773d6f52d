// `talk-notes list|check|import`: the core on the command line. User mistakes end in a one-line
// message and exit code 2, never a stack trace.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkWorkspace } from '../core/check';
import { importOutline } from '../core/importer';
import { loadWorkspace } from '../core/workspace';
import { formatProblem, formatTree, toListJson } from './format';

declare const TALK_NOTES_VERSION: string | undefined;

class UsageError extends Error {}

const HELP: Record<string, string> = {
  main: `Usage: talk-notes <command> [options]

Study notes for conference talks, one Markdown file per talk.

Commands:
  list [DIR] [--json]          Show the tracks and talks of a notes folder
  check [DIR]                  Report problems in a notes folder (exit 1 on errors)
  import FILE --out DIR        Turn an outline document or a published schedule into a notes folder

DIR defaults to ./notes when it exists, else the current folder.
Run \`talk-notes <command> --help\` for a command's options.
`,
  list: `Usage: talk-notes list [DIR] [--json]

Prints the conference, its tracks (with progress) and talks (with status and links).
  --json    Print {conference, tracks, problems} as JSON instead (absent values are null)
Exit status: 0 when the folder could be read (even with problems), 2 otherwise.
`,
  check: `Usage: talk-notes check [DIR] [--slides-root DIR]

Prints each problem as file:line: severity: message, with what to do about it.
  --slides-root DIR   Folder the talks' \`slides\` paths are relative to (default: DIR)
Exit status: 0 when there is no error, 1 when there is at least one error, 2 on usage errors.
`,
  import: `Usage: talk-notes import FILE --out DIR [--force] [--title TITLE]

Creates one folder per track and one Markdown file per talk from an outline document
(# Track / ## N，Title｜Speakers headings with 文档/视频/文章 or Slides/Video/Article lines)
or a conference's published schedule, recognised by its content: pretalx or frab
schedule.json, frab/Pentabarf schedule.xml (FOSDEM, CCC), Sessionize "All Data" JSON.
Existing files are never overwritten: they are reported as skipped, so a second import
keeps your notes.
  --out DIR       Folder to create the notes in (required)
  --force         Overwrite files that already exist
  --title TITLE   Conference title for index.md (default: taken from the file)
`,
};

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
  if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}`);
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (values.help) return help('list');
  if (positionals.length > 1) throw new UsageError('list takes at most one folder');
  const dir = defaultDir(positionals[0]);
  requireDir(dir);
  const ws = await loadWorkspace(path.resolve(dir));
  write(values.json ? JSON.stringify(toListJson(ws), null, 2) + '\n' : formatTree(ws));
  return 0;
}

async function check(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'slides-root': { type: 'string' } });
  if (values.help) return help('check');
  if (positionals.length > 1) throw new UsageError('check takes at most one folder');
  const dir = defaultDir(positionals[0]);
  requireDir(dir);
  const slidesRoot = values['slides-root'] as string | undefined;
  if (slidesRoot) requireDir(slidesRoot);
  const ws = await loadWorkspace(path.resolve(dir));
  const problems = await checkWorkspace(ws, { slidesRoot: slidesRoot ? path.resolve(slidesRoot) : undefined });
  const base = path.relative(process.cwd(), path.resolve(dir)).split(path.sep).join('/');
  for (const p of problems) write(formatProblem(p, base) + '\n');
  const count = (s: string) => problems.filter(p => p.severity === s).length;
  const talks = ws.tracks.reduce((n, t) => n + t.talks.length, 0);
  const summary = problems.length
    ? `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s) in ${talks} talks`
    : `no problems in ${talks} talks`;
  process.stderr.write(`${summary}\n`);
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
  if (!existsSync(outline)) throw new UsageError(`no such file: ${outline}`);
  if (!statSync(outline).isFile()) throw new UsageError(`not a file: ${outline}`);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out is not a folder: ${out}`);
  const report = await importOutline(path.resolve(outline), path.resolve(out), {
    force: Boolean(values.force),
    title: values.title as string | undefined,
  });
  const base = path.relative(process.cwd(), path.resolve(out)).split(path.sep).join('/');
  for (const p of report.problems) write(formatProblem(p, p.file === path.basename(outline) ? '' : base) + '\n');
  write(`wrote ${report.written.length} file(s) to ${out}`);
  if (report.skipped.length) write(`, kept ${report.skipped.length} existing file(s) (use --force to overwrite)`);
  write('\n');
  return report.problems.some(p => p.severity === 'error') ? 1 : 0;
}

function help(topic: string): number {
  write(HELP[topic] ?? HELP.main);
  return 0;
}

function write(text: string): void {
  process.stdout.write(text);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'list':
        return await list(rest);
      case 'check':
        return await check(rest);
      case 'import':
        return await runImport(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        return help(rest[0] ?? 'main');
      case '-v':
      case '--version':
        write(`${typeof TALK_NOTES_VERSION === 'string' ? TALK_NOTES_VERSION : 'dev'}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; expected list, check or import`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`talk-notes: ${err.message}\nRun \`talk-notes --help\` for usage.\n`);
      return 2;
    }
    // File-system errors (permissions, a folder vanishing) are the user's environment, not a bug:
    // say what failed without a stack trace.
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`talk-notes: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
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
