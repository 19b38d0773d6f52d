// `talk-notes check` and the editor's diagnostics: the load problems plus the checks that look
// across talks or need the disk (are the slide PDFs there?).
import path from 'node:path';
import { nodeFileSystem, type NotesFileSystem } from './fileSystem';
import { frontMatterKeyLine } from './frontMatter/read';
import type { LibraryConference, NotesLibrarySnapshot, NotesWorkspace, Problem, Talk } from './model';
import { decodeNote } from './decodeNote';
import { mapLimited } from './limited';
import { naturalCompare } from './naturalOrder';
import { NOTE_PREFIX_BYTES } from './talkFile';

export interface CheckOptions {
  /** Folder the `slides:` paths are relative to; defaults to the workspace root. */
  slidesRoot?: string;
  fs?: NotesFileSystem;
}

/** PDFs checked at once. */
const STAT_CONCURRENCY = 64;
/** How many missing PDFs the aggregated message names as examples. */
const EXAMPLES = 3;

/**
 * Load problems plus:
 *  - slide PDFs missing under the slides root. When most of them are missing (the usual state
 *    right after cloning, since PDFs are downloaded separately) this is a single info on
 *    `index.md` saying how many, where to download them and where to put them; when only a
 *    minority is missing, each talk gets a warning at its `slides:` line (likely a typo).
 *  - two talks of a track with the same title (warning),
 *  - two talks pointing at the same slides (info),
 *  - a track with an index.md but no talks (info).
 * Sorted by file, then line (whole-file problems first). Never throws.
 */
export async function checkWorkspace(ws: NotesWorkspace, options: CheckOptions = {}): Promise<Problem[]> {
  const fs = options.fs ?? nodeFileSystem;
  const slidesRoot = path.resolve(options.slidesRoot ?? ws.root);
  const problems: Problem[] = [...ws.problems];
  const talks = ws.tracks.flatMap(t => t.talks);

  // Line lookups re-read (the beginning of) the few files that get a per-talk problem, so loading
  // stays lean.
  const lineCache = new Map<string, string | null>();
  const lineOf = async (file: string, key: string): Promise<number | null> => {
    if (!lineCache.has(file)) {
      let text: string | null = null;
      try {
        const { bytes, size } = await fs.readPrefix(path.join(ws.root, ...file.split('/')), NOTE_PREFIX_BYTES);
        const decoded = decodeNote(bytes, file, size);
        text = 'text' in decoded ? decoded.text : null;
      } catch {
        text = null;
      }
      lineCache.set(file, text);
    }
    const text = lineCache.get(file);
    return text ? frontMatterKeyLine(text, key) : null;
  };

  // Slides on disk.
  const withSlides = talks.filter((t): t is Talk & { slides: string } => t.slides !== null);
  const found = await mapLimited(withSlides, STAT_CONCURRENCY, async t => {
    try {
      const st = await fs.stat(path.join(slidesRoot, ...t.slides.split('/')));
      return st?.kind === 'file';
    } catch {
      return false;
    }
  });
  const missing = withSlides.filter((_, i) => !found[i]);
  const where = slidesRoot === path.resolve(ws.root) ? 'the notes folder' : slidesRoot;
  if (missing.length >= 2 && missing.length * 2 >= withSlides.length) {
    const indexFile = ws.conference.file ?? 'index.md';
    const download = ws.conference.slidesDownload
      ? `download them from ${ws.conference.slidesDownload}`
      : 'download them from the conference site (add "slidesDownload:" to index.md to link it here)';
    const examples = missing
      .slice(0, EXAMPLES)
      .map(t => `"${t.slides}"`)
      .join(', ');
    const count =
      missing.length === withSlides.length
        ? `none of the ${missing.length} slide PDFs is in ${where} yet`
        : `${missing.length} of ${withSlides.length} slide PDFs are not in ${where} yet`;
    problems.push({
      file: indexFile,
      line: ws.conference.file ? await lineOf(ws.conference.file, 'slidesDownload') : null,
      severity: 'info',
      message:
        `${count[0].toUpperCase()}${count.slice(1)} (e.g. ${examples}); ${download} and put them in ${where}, ` +
        'at the paths given by each talk\'s "slides:" line (or set the slides folder in the settings)',
    });
  } else {
    for (const t of missing) {
      problems.push({
        file: t.file,
        line: await lineOf(t.file, 'slides'),
        severity: 'warning',
        message: `slides "${t.slides}" not found in ${where}; fix the path or put the PDF there`,
      });
    }
  }

  // Duplicate titles within a track.
  for (const track of ws.tracks) {
    const seen = new Map<string, Talk>();
    for (const t of track.talks) {
      const key = t.title.trim().toLowerCase();
      const first = seen.get(key);
      if (!first) {
        seen.set(key, t);
        continue;
      }
      problems.push({
        file: t.file,
        line: await lineOf(t.file, 'title'),
        severity: 'warning',
        message: `title "${t.title}" is also used by ${first.file} in this track; give each talk a distinct title (or merge the notes)`,
      });
    }
    if (!track.talks.length && track.file) {
      problems.push({
        file: track.file,
        line: null,
        severity: 'info',
        message: `track "${track.title}" has no talks; add Markdown notes to ${track.id}/ or remove the folder`,
      });
    }
  }

  // Shared slides across the workspace.
  const bySlides = new Map<string, Talk>();
  for (const t of withSlides) {
    const first = bySlides.get(t.slides);
    if (!first) {
      bySlides.set(t.slides, t);
      continue;
    }
    problems.push({
      file: t.file,
      line: await lineOf(t.file, 'slides'),
      severity: 'info',
      message: `slides "${t.slides}" are also used by ${first.file}; if that is a copy-paste slip, point this talk at its own PDF`,
    });
  }

  return problems.sort(compareProblems);
}

export interface LibraryCheckOptions {
  /** Folder a conference's `slides:` paths are relative to; default (or undefined): the conference folder. */
  slidesRootOf?: (conference: LibraryConference) => string | undefined;
  fs?: NotesFileSystem;
}

/** checkWorkspace for every conference of a library, in library order (one conference at a time). */
export async function checkLibrary(
  library: NotesLibrarySnapshot,
  options: LibraryCheckOptions = {},
): Promise<{ conference: LibraryConference; problems: Problem[] }[]> {
  const out = [];
  for (const conference of library.conferences) {
    const slidesRoot = options.slidesRootOf?.(conference);
    out.push({ conference, problems: await checkWorkspace(conference.workspace, { slidesRoot, fs: options.fs }) });
  }
  return out;
}

/** By file (numbers compared as numbers), then line, whole-file problems first. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return naturalCompare(a.file, b.file);
  return (a.line ?? 0) - (b.line ?? 0);
}
