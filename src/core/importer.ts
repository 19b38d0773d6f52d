// Turns a parsed outline into a notes workspace: one folder per track (named after the track, like
// the folders of the conference's slide download, so PDFs land next to the notes) and one Markdown
// file per talk. Planning is pure. Importing is safe at any time: new files are created, existing
// notes only get the fields the outline owns (importUpdate.ts), `force` replaces files but keeps a
// copy of each, and every write is staged and atomic (importWriter.ts).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { errorReason } from './errors';
import { sanitizeFileName, UniqueNames } from './fileNames';
import { dumpYaml } from './frontMatter/yaml';
import { fileProblem, inspect, type Decision, type Inspection } from './importTargets';
import { ownedFields, type FieldChange, type OwnedFields, type PlannedKind } from './importUpdate';
import { cancelledProblem, nodeImportFileSystem, writeAll, type Backup, type ImportFileSystem, type WriteResult } from './importWriter';
import { normalizeSlidesPath } from './links';
import type { Problem } from './model';
import { codeSpans } from './markdown/codeSpans';
import { fencedLines } from './markdown/fences';
import { linkDestinationEnd, linkTables, splitLinkTitle, type LinkTables } from './markdown/linkDestinations';
import { isIgnoredName, isIndexName, isReadmeName } from './noteNames';
import { talkOrders, type Outline } from './outline';
import { readImportSource } from './schedules/importSource';
import { scheduleFields } from './schedules/scheduleModel';

export interface PlannedFile {
  /** Relative to the workspace root, forward slashes. */
  path: string;
  content: string;
  kind: PlannedKind;
  /** What the outline says about the fields it owns in this file (see importUpdate.ts). */
  fields: OwnedFields;
}

/** A folder or note written under another name than its title gives, because the loader would skip it. */
export interface RenamedEntry {
  /** The track's or talk's title. */
  title: string;
  /** The path it is written to, relative to the workspace root. */
  path: string;
  /** Why the plain name would not do. */
  reason: string;
}

export interface ImportPlan {
  files: PlannedFile[];
  renamed: RenamedEntry[];
}

export interface ImportOptions {
  /** Replace files that already exist with the outline's version (a copy of each is kept). */
  force?: boolean;
  /** Conference title; wins over the outline's own. */
  title?: string;
  /** The file system to write through; tests inject failures here. */
  fs?: ImportFileSystem;
  /**
   * Whether an existing file (absolute path) has unsaved changes in an editor; such files are left
   * alone, since writing them on disk would pit the import against the user's unsaved text.
   */
  hasUnsavedChanges?: (absPath: string) => boolean;
  /** Cancels the import; a cancelled import changes nothing (it cannot be cancelled once files are being put in place). */
  signal?: AbortSignal;
}

export interface UpdatedNote {
  /** Relative to the output folder, forward slashes. */
  file: string;
  changes: FieldChange[];
}

export interface ImportReport {
  /** Files written whole (created, or replaced with `force`), relative to the output folder, forward slashes. */
  written: string[];
  /** Existing notes in which the outline's fields were updated, with each change. */
  updated: UpdatedNote[];
  /** Existing files left as they are (already up to date, or not safe to change: see the problems). */
  skipped: string[];
  /** A copy of every existing file this import changed or replaced. */
  backups: Backup[];
  /** Tracks and talks written under another name than their title gives. */
  renamed: RenamedEntry[];
  problems: Problem[];
}

/** Outlines are text typed by people; anything bigger is almost certainly not one. */
const MAX_OUTLINE_BYTES = 20 * 1024 * 1024;

/** `---`-delimited YAML front matter followed by the body. */
export function noteText(data: Record<string, unknown>, body: string): string {
  const fields = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined));
  // lineWidth -1: a folded URL would still load, but would be unreadable and break naive tools.
  const yaml = Object.keys(fields).length ? dumpYaml(fields, { lineWidth: -1, noRefs: true }) : '{}\n';
  return `---\n${yaml}---\n` + (body ? `\n${body}\n` : '');
}

/**
 * Rewrites relative link and image targets written relative to the outline (the workspace root)
 * so they resolve from a note in `fromDir` (root-relative folder, '' for the root). URLs, anchors,
 * absolute paths, targets escaping the root and anything in code are left as written.
 */
export function rewriteRelativeLinks(markdown: string, fromDir: string): string {
  if (!markdown.includes('](') && !markdown.includes(']:')) return markdown;
  const lines = markdown.split('\n');
  const { fenced } = fencedLines(lines);
  return lines.map((line, i) => (fenced[i] ? line : rewriteLine(line, fromDir))).join('\n');
}

function relocate(target: string, fromDir: string): string | null {
  let text = target.trim();
  if (/^<.*>$/s.test(text)) text = text.slice(1, -1).trim();
  if (!text || text.startsWith('#') || /^[\\/]/.test(text) || /^[a-z][a-z0-9+.-]*:/i.test(text)) return null;
  const resolved = normalizeSlidesPath(text);
  if ('error' in resolved) return null;
  const rel = path.posix.relative(fromDir, resolved.path);
  if (!rel || /[<>\r\n]/.test(rel)) return null;
  // CommonMark only allows spaces (and unbalanced parentheses) inside `<…>` destinations.
  return /[\s()]/.test(rel) ? `<${rel}>` : rel;
}

function rewriteDestination(raw: string, fromDir: string): string {
  const { target, title } = splitLinkTitle(raw);
  const moved = relocate(target, fromDir);
  if (moved === null || moved === target) return raw;
  return title ? `${moved} ${title}` : moved;
}

function rewriteInline(text: string, fromDir: string): string {
  let out = '';
  let pos = 0;
  let tables: LinkTables | undefined;
  for (;;) {
    const at = text.indexOf('](', pos);
    if (at < 0) break;
    const start = at + 2;
    const end = linkDestinationEnd(text, start, (tables ??= linkTables(text)));
    if (end === null) {
      out += text.slice(pos, start);
      pos = start;
      continue;
    }
    out += text.slice(pos, start) + rewriteDestination(text.slice(start, end), fromDir) + ')';
    pos = end + 1;
  }
  return out + text.slice(pos);
}

function rewriteLine(line: string, fromDir: string): string {
  const def = /^( {0,3}\[[^\]]+\]:[ \t]*)(<[^>]*>|\S+(?!\S))(.*)$/s.exec(line);
  if (def) {
    const moved = relocate(def[2], fromDir);
    return moved === null ? line : def[1] + moved + def[3];
  }
  // Code spans are literal text: split them out and rewrite only what lies between.
  let out = '';
  let pos = 0;
  for (const [start, end] of codeSpans(line)) {
    out += rewriteInline(line.slice(pos, start), fromDir) + line.slice(start, end);
    pos = end;
  }
  return out + rewriteInline(line.slice(pos), fromDir);
}

/** Why the loader would skip a folder or note named `name`, or null when it reads it. */
function skippedName(name: string, kind: 'folder' | 'note'): string | null {
  if (name === 'node_modules') return 'Talk Notes skips folders and files named node_modules';
  if (name.startsWith('.')) return 'Talk Notes skips hidden names (starting with ".")';
  if (kind === 'note' && isIndexName(name)) return "index.md is a track's own file, not a talk";
  if (kind === 'note' && isReadmeName(name)) return 'README.md is a read-me, not a talk';
  // Whatever else the loader comes to ignore: the rule above must follow it.
  if (isIgnoredName(name)) return 'Talk Notes skips this name';
  return null;
}

/**
 * The files of a notes workspace for an outline, in a stable order with stable names, so a second
 * import of the same outline targets the same files. Names the loader would skip get a `_` in
 * front (`node_modules` → `_node_modules`) and are listed in `renamed`. Pure.
 */
export function planImport(outline: Outline, opts: { title?: string } = {}): ImportPlan {
  const files: PlannedFile[] = [];
  const renamed: RenamedEntry[] = [];
  const add = (file: string, kind: PlannedKind, data: Record<string, unknown>, body: string) =>
    files.push({ path: file, content: noteText(data, body), kind, fields: ownedFields(kind, data) });
  const title = opts.title?.trim() || outline.conference.title || null;
  const { slidesDownload, replay, overview } = outline.conference;
  add('index.md', 'conference', { title, slidesDownload, replay }, rewriteRelativeLinks(overview, ''));

  const rootNames = new UniqueNames(['index.md']);
  outline.tracks.forEach((track, t) => {
    const wanted = sanitizeFileName(track.title, { fallback: `Track ${t + 1}` });
    const folderSkipped = skippedName(wanted, 'folder');
    const folder = rootNames.take(folderSkipped ? `_${wanted}` : wanted);
    if (folderSkipped) renamed.push({ title: track.title, path: folder, reason: folderSkipped });
    add(`${folder}/index.md`, 'track', { title: track.title, order: t + 1 }, rewriteRelativeLinks(track.intro, folder));
    const names = new UniqueNames(['index.md']);
    const orders = talkOrders(track.talks);
    const width = Math.max(2, ...orders.map(o => String(o).length));
    track.talks.forEach((talk, k) => {
      const order = orders[k];
      const stem = `${String(order).padStart(width, '0')}-${sanitizeFileName(talk.title, { fallback: 'talk' })}`;
      const noteSkipped = skippedName(`${stem}.md`, 'note');
      const name = names.take(noteSkipped ? `_${stem}` : stem, '.md');
      if (noteSkipped) renamed.push({ title: talk.title, path: `${folder}/${name}`, reason: noteSkipped });
      add(
        `${folder}/${name}`,
        'talk',
        {
          title: talk.title,
          speakers: talk.speakers.length ? talk.speakers : null,
          order,
          slides: talk.slides,
          video: talk.video,
          article: talk.article,
          ...scheduleFields(talk),
          status: 'todo',
          tags: [],
        },
        rewriteRelativeLinks(talk.body, folder),
      );
    });
  });
  return { files, renamed };
}

/** Decodes an outline file, or says why it cannot be one. */
function decodeOutline(bytes: Uint8Array): { text: string } | { error: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: 'is UTF-16 text; save it as UTF-8 and import again' };
  }
  if (bytes.includes(0)) return { error: 'looks like a binary file, not a Markdown outline; choose the .md/.txt outline' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'is not valid UTF-8; save it as UTF-8 and import again' };
  }
}

async function realPathOf(p: string): Promise<string> {
  return fsp.realpath(p).catch(() => path.resolve(p));
}

/**
 * Imports an outline into `outDir`, creating folders as needed. Safe to run again at any time:
 * new talks are created; in existing notes only the fields the outline owns are updated (listed
 * in `updated`), unless `force`, which replaces existing files. Every existing file that changes
 * is first copied under `.talk-notes/backup/<time>/`. Writes are staged, so an import that cannot
 * write (disk full, read-only folder) changes nothing and reports one error. Never throws.
 */
export async function importOutline(outlinePath: string, outDir: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { written: [], updated: [], skipped: [], backups: [], renamed: [], problems: [] };
  const source = path.basename(String(outlinePath));
  const fail = (message: string, file = source) => {
    report.problems.push({ file, line: null, severity: 'error', message });
    return report;
  };
  try {
    const stat = await fsp.stat(outlinePath).catch(() => null);
    if (!stat) return fail(`Cannot find the outline "${outlinePath}"; check the path.`);
    if (!stat.isFile()) return fail(`"${outlinePath}" is not a file; give the path of the outline's Markdown file.`);
    if (stat.size > MAX_OUTLINE_BYTES)
      return fail(`"${outlinePath}" is ${stat.size} bytes, too big for an outline; give the outline's Markdown file.`);
    let bytes: Uint8Array;
    try {
      bytes = await fsp.readFile(outlinePath);
    } catch (err) {
      return fail(`Cannot read the outline "${outlinePath}" (${errorReason(err)}); check its permissions.`);
    }
    const decoded = decodeOutline(bytes);
    if ('error' in decoded) return fail(`The outline "${outlinePath}" ${decoded.error}.`);

    const outStat = await fsp.stat(outDir).catch(() => null);
    if (outStat && !outStat.isDirectory()) return fail(`The output "${outDir}" exists and is not a folder; choose a folder.`, '');

    const outline = await readImportSource(decoded.text, source);
    report.problems.push(...outline.problems);
    // A file that could not be read as a schedule or outline writes nothing, not even index.md.
    if (outline.problems.some(p => p.severity === 'error')) return report;
    const plan = planImport(outline, { title: opts.title });
    report.renamed = plan.renamed;
    for (const r of plan.renamed) {
      report.problems.push(
        fileProblem(r.path, 'info', `Written as "${r.path.slice(r.path.lastIndexOf('/') + 1)}" for "${r.title}": ${r.reason}.`),
      );
    }

    const ins: Inspection = {
      root: path.resolve(outDir),
      force: Boolean(opts.force),
      fs: opts.fs ?? nodeImportFileSystem,
      hasUnsavedChanges: opts.hasUnsavedChanges ?? (() => false),
      outlineReal: await realPathOf(outlinePath),
      folders: new Map(),
      problems: report.problems,
    };
    const decisions: { file: PlannedFile; decision: Decision }[] = [];
    for (const file of plan.files) {
      if (opts.signal?.aborted) {
        report.problems.push(cancelledProblem());
        return report;
      }
      decisions.push({ file, decision: await inspect(ins, file) });
    }

    const actions = decisions.flatMap(({ decision }) => (decision.kind === 'write' ? [decision.action] : []));
    const result: WriteResult = actions.length
      ? await writeAll(ins.root, actions, ins.fs, opts.signal)
      : { ok: true, committed: new Set(), backups: [], problems: [] };
    if (!result.ok) report.problems.push(result.problem);
    else report.problems.push(...result.problems);
    for (const { file, decision } of decisions) {
      if (decision.kind === 'keep') report.skipped.push(file.path);
      if (decision.kind !== 'write') continue;
      if (!result.ok || !result.committed.has(file.path)) {
        if (decision.action.kind === 'replace') report.skipped.push(file.path);
      } else if (decision.changes) report.updated.push({ file: file.path, changes: decision.changes });
      else report.written.push(file.path);
    }
    if (result.ok) report.backups = result.backups;
    return report;
  } catch (err) {
    return fail(`Internal error while importing (${errorReason(err)}); please report it with the outline attached.`);
  }
}
