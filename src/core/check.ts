// `talk-notes check` and the editor's diagnostics: the load problems plus the checks that look
// across talks or need the disk (are the slide PDFs there?).
import path from 'node:path';
import { nodeFileSystem, type NotesFileSystem } from './fileSystem';
import { decodeNote } from './decodeNote';
import { splitFrontMatter } from './frontMatter/read';
import { mapLimited } from './limited';
import type { NotesWorkspace, Problem, Talk } from './model';
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
 * Line lookups read notes synchronously; the check yields to the event loop after this long so
 * the extension host keeps serving clicks while thousands of notes are looked at.
 */
const TURN_MS = 8;
/** The front matter keys problems point at; found together when a note is read for them. */
const LINE_KEYS = ['title', 'slides', 'slidesDownload'] as const;
type LineKey = (typeof LINE_KEYS)[number];

const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

/** A problem whose line is only known once its note has been read again. */
interface Pending {
  problem: Problem;
  owner: object;
  key: LineKey;
}

/**
 * Checks a workspace again and again (the editor does after every change) at the cost of what
 * changed: it remembers which slide PDFs exist and the key lines of the notes it read, by the
 * parsed object. A snapshot of the workspace shares the objects of unchanged notes with the one
 * before, so a changed note (a new object) is read again and the other thousands are not.
 * PDFs are remembered until `forgetSlides` names them (the caller watches the disk).
 */
export class WorkspaceChecker {
  private readonly present = new Map<string, boolean>();
  private readonly lines = new WeakMap<object, Map<LineKey, number | null>>();
  /** Each talk's PDF as an absolute path: 10,000 path joins per run would cost more than the run. */
  private readonly pdfPaths = new WeakMap<Talk, { root: string; pdf: string }>();

  constructor(private readonly fs: NotesFileSystem = nodeFileSystem) {}

  /**
   * Forgets whether these PDFs (absolute paths) exist, and everything below any of them that is
   * a folder; without paths, forgets every PDF.
   */
  forgetSlides(paths?: readonly string[]): void {
    if (!paths) {
      this.present.clear();
      return;
    }
    const gone = new Set(paths.map(p => path.resolve(p)));
    for (const file of this.present.keys()) {
      for (let dir = file; ;) {
        if (gone.has(dir)) {
          this.present.delete(file);
          break;
        }
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
      }
    }
  }

  /** See `checkWorkspace`. */
  async check(ws: NotesWorkspace, options: Pick<CheckOptions, 'slidesRoot'> = {}): Promise<Problem[]> {
    const slidesRoot = path.resolve(options.slidesRoot ?? ws.root);
    const problems: Problem[] = [...ws.problems];
    const pending: Pending[] = [];
    const talks = ws.tracks.flatMap(t => t.talks);
    const withLine = (problem: Problem, owner: object, key: LineKey) => {
      problems.push(problem);
      pending.push({ problem, owner, key });
    };

    // Slides on disk.
    const withSlides = talks.filter((t): t is Talk & { slides: string } => t.slides !== null);
    const pdfs = withSlides.map(t => this.pdfPath(t, slidesRoot));
    const unknown = [...new Set(pdfs.filter(p => !this.present.has(p)))];
    const found = await mapLimited(unknown, STAT_CONCURRENCY, async p => {
      try {
        return (await this.fs.stat(p))?.kind === 'file';
      } catch {
        return false;
      }
    });
    unknown.forEach((p, i) => this.present.set(p, found[i]));
    // Renamed and deleted talks leave entries behind; drop them once they outnumber the live ones.
    if (this.present.size > 2 * pdfs.length + 64) {
      const live = new Set(pdfs);
      for (const p of this.present.keys()) if (!live.has(p)) this.present.delete(p);
    }
    const missing = withSlides.filter((_, i) => !this.present.get(pdfs[i]));
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
      const problem: Problem = {
        file: indexFile,
        line: null,
        severity: 'info',
        message:
          `${count[0].toUpperCase()}${count.slice(1)} (e.g. ${examples}); ${download} and put them in ${where}, ` +
          'at the paths given by each talk\'s "slides:" line (or set the slides folder in the settings)',
      };
      if (ws.conference.file) withLine(problem, ws.conference, 'slidesDownload');
      else problems.push(problem);
    } else {
      for (const t of missing) {
        withLine(
          {
            file: t.file,
            line: null,
            severity: 'warning',
            message: `slides "${t.slides}" not found in ${where}; fix the path or put the PDF there`,
          },
          t,
          'slides',
        );
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
        withLine(
          {
            file: t.file,
            line: null,
            severity: 'warning',
            message: `title "${t.title}" is also used by ${first.file} in this track; give each talk a distinct title (or merge the notes)`,
          },
          t,
          'title',
        );
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
      withLine(
        {
          file: t.file,
          line: null,
          severity: 'info',
          message: `slides "${t.slides}" are also used by ${first.file}; if that is a copy-paste slip, point this talk at its own PDF`,
        },
        t,
        'slides',
      );
    }

    await this.fillLines(ws.root, pending);
    return problems.sort(compareProblems);
  }

  private pdfPath(talk: Talk & { slides: string }, slidesRoot: string): string {
    const known = this.pdfPaths.get(talk);
    if (known?.root === slidesRoot) return known.pdf;
    const pdf = path.join(slidesRoot, ...talk.slides.split('/'));
    this.pdfPaths.set(talk, { root: slidesRoot, pdf });
    return pdf;
  }

  /** Looks up the lines of pending problems, reading each note at most once and yielding now and then. */
  private async fillLines(root: string, pending: Pending[]): Promise<void> {
    let turnStart = performance.now();
    for (const { problem, owner, key } of pending) {
      let lines = this.lines.get(owner);
      if (!lines) {
        if (performance.now() - turnStart >= TURN_MS) {
          await nextTurn();
          turnStart = performance.now();
        }
        lines = await this.readLines(root, problem.file);
        this.lines.set(owner, lines);
      }
      problem.line = lines.get(key) ?? null;
    }
  }

  private async readLines(root: string, file: string): Promise<Map<LineKey, number | null>> {
    const lines = new Map<LineKey, number | null>();
    try {
      // Front matter lies within the prefix the loader reads; a 300 MB note is not read whole.
      const { bytes, size } = await this.fs.readPrefix(path.join(root, ...file.split('/')), NOTE_PREFIX_BYTES);
      const decoded = decodeNote(bytes, file, size);
      if ('text' in decoded) {
        const split = splitFrontMatter(decoded.text);
        for (const key of LINE_KEYS) lines.set(key, split.lineOf(key));
      }
    } catch {
      // Unreadable now: the problem stays on the whole file.
    }
    return lines;
  }
}

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
export function checkWorkspace(ws: NotesWorkspace, options: CheckOptions = {}): Promise<Problem[]> {
  return new WorkspaceChecker(options.fs).check(ws, options);
}

/** By file (numbers compared as numbers), then line, whole-file problems first. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return naturalCompare(a.file, b.file);
  return (a.line ?? 0) - (b.line ?? 0);
}
