// Turns a parsed outline into a notes workspace: one folder per track (named after the track, like
// the folders of the conference's slide download, so PDFs land next to the notes) and one Markdown
// file per talk. Planning is pure; writing never overwrites a note someone may have edited.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { sanitizeFileName, UniqueNames } from './fileNames';
import { normalizeSlidesPath } from './links';
import type { Problem } from './model';
import { readImportSource } from './schedules/importSource';
import { scheduleFields } from './schedules/scheduleModel';
import { fencedLines, linkDestinationEnd, linkTables, splitLinkTitle, talkOrders, type LinkTables, type Outline } from './outline';

export interface PlannedFile {
  /** Relative to the workspace root, forward slashes. */
  path: string;
  content: string;
}

export interface ImportPlan {
  files: PlannedFile[];
}

export interface ImportOptions {
  /** Overwrite files that already exist. */
  force?: boolean;
  /** Conference title; wins over the outline's own. */
  title?: string;
}

export interface ImportReport {
  /** Files written, relative to the output folder, forward slashes. */
  written: string[];
  /** Files left alone because they already existed. */
  skipped: string[];
  problems: Problem[];
}

/** Outlines are text typed by people; anything bigger is almost certainly not one. */
const MAX_OUTLINE_BYTES = 20 * 1024 * 1024;

/** `---`-delimited YAML front matter followed by the body. */
export function noteText(data: Record<string, unknown>, body: string): string {
  const fields = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined));
  // lineWidth -1: a folded URL would still load, but would be unreadable and break naive tools.
  const yaml = Object.keys(fields).length ? dump(fields, { lineWidth: -1, noRefs: true }) : '{}\n';
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
  const def = /^( {0,3}\[[^\]]+\]:[ \t]*)(<[^>]*>|\S+)(.*)$/s.exec(line);
  if (def) {
    const moved = relocate(def[2], fromDir);
    return moved === null ? line : def[1] + moved + def[3];
  }
  // Code spans are literal text: split them out and rewrite only what lies between.
  let out = '';
  let pos = 0;
  let from = 0;
  while (from < line.length) {
    const open = line.indexOf('`', from);
    if (open < 0) break;
    let k = open;
    while (line[k] === '`') k++;
    const run = line.slice(open, k);
    let close = -1;
    for (let s = k; (close = line.indexOf(run, s)) >= 0;) {
      let e = close + run.length;
      if (line[e] !== '`') break;
      while (line[e] === '`') e++;
      s = e;
      close = -1;
    }
    if (close < 0) {
      from = k;
      continue;
    }
    out += rewriteInline(line.slice(pos, open), fromDir) + line.slice(open, close + run.length);
    pos = from = close + run.length;
  }
  return out + rewriteInline(line.slice(pos), fromDir);
}

/**
 * The files of a notes workspace for an outline, in a stable order with stable names, so a second
 * import of the same outline targets the same files. Pure.
 */
export function planImport(outline: Outline, opts: { title?: string } = {}): ImportPlan {
  const files: PlannedFile[] = [];
  const title = opts.title?.trim() || outline.conference.title || null;
  const { slidesDownload, replay, overview } = outline.conference;
  files.push({ path: 'index.md', content: noteText({ title, slidesDownload, replay }, rewriteRelativeLinks(overview, '')) });

  const rootNames = new UniqueNames(['index.md']);
  outline.tracks.forEach((track, t) => {
    const folder = rootNames.take(sanitizeFileName(track.title, { fallback: `Track ${t + 1}` }));
    files.push({
      path: `${folder}/index.md`,
      content: noteText({ title: track.title, order: t + 1 }, rewriteRelativeLinks(track.intro, folder)),
    });
    const names = new UniqueNames(['index.md']);
    const orders = talkOrders(track.talks);
    const width = Math.max(2, ...orders.map(o => String(o).length));
    track.talks.forEach((talk, k) => {
      const order = orders[k];
      const stem = `${String(order).padStart(width, '0')}-${sanitizeFileName(talk.title, { fallback: 'talk' })}`;
      const name = names.take(stem, '.md');
      files.push({
        path: `${folder}/${name}`,
        content: noteText(
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
        ),
      });
    });
  });
  return { files };
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

function errorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  return typeof e?.code === 'string' ? e.code : String(e?.message ?? err);
}

/**
 * Imports an outline into `outDir`, creating folders as needed. Existing files are never
 * overwritten unless `force`: they are listed in `skipped`, so importing again keeps edited notes.
 * Never throws; every failure is a problem in the report.
 */
export async function importOutline(outlinePath: string, outDir: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { written: [], skipped: [], problems: [] };
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
      return fail(`Cannot read the outline "${outlinePath}" (${errorText(err)}); check its permissions.`);
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
    const outlineAbs = path.resolve(outlinePath);
    for (const file of plan.files) {
      const abs = path.join(outDir, ...file.path.split('/'));
      if (path.resolve(abs) === outlineAbs) {
        report.skipped.push(file.path);
        report.problems.push({
          file: file.path,
          line: null,
          severity: 'warning',
          message: 'This is the outline being imported, so it was not overwritten. Import into another folder.',
        });
        continue;
      }
      try {
        await fsp.mkdir(path.dirname(abs), { recursive: true });
      } catch (err) {
        report.problems.push({
          file: file.path,
          line: null,
          severity: 'error',
          message: `Could not create the folder for this file (${errorText(err)}); move away whatever is in the way or check permissions.`,
        });
        continue;
      }
      try {
        await fsp.writeFile(abs, file.content, { encoding: 'utf8', flag: opts.force ? 'w' : 'wx' });
        report.written.push(file.path);
      } catch (err) {
        if (!opts.force && errorText(err) === 'EEXIST') {
          report.skipped.push(file.path);
          report.problems.push({
            file: file.path,
            line: null,
            severity: 'info',
            message: 'Already exists, kept as it is (your notes are safe). Import with --force to overwrite it.',
          });
        } else {
          report.problems.push({
            file: file.path,
            line: null,
            severity: 'error',
            message: `Could not write this file (${errorText(err)}); check that the folder is writable.`,
          });
        }
      }
    }
    return report;
  } catch (err) {
    return fail(`Internal error while importing (${errorText(err)}); please report it with the outline attached.`);
  }
}
