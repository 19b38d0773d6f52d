// Keeps a SearchIndex in step with a notes workspace: the CLI fills it once, the extension after
// every snapshot. Notes are re-read only for talks whose data changed (the loader shares unchanged
// Talk objects between snapshots) or that the caller names; a slide PDF is read only when it is
// new or its size or modification time changed, and then only if the cache does not have it.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { containment } from '../containment';
import { readNoteOnDisk } from '../noteOnDisk';
import type { NotesWorkspace, Talk } from '../model';
import { SearchIndex, type SearchOptions, type SearchResult } from './searchIndex';
import { CACHE_FORMAT, type SlideTextCache } from './slideCache';
import { AbortError, type PdfFailure, type SlideTextExtractor } from './slideText';
import { headerUnits, noteLines } from './talkText';

export interface ConferenceSearchOptions {
  notesRoot: string;
  /** Folder the talks' `slides` paths are relative to. */
  slidesRoot: string;
  /** Reads slide PDFs; null leaves slides out. */
  extractor: SlideTextExtractor | null;
  cache?: SlideTextCache | null;
  /**
   * The text of a talk's note, or null when it cannot be read. The default reads the file; the
   * extension prefers an editor's unsaved text.
   */
  readNote?: (talk: Talk, file: string) => Promise<string | null>;
}

export interface SlideFailure {
  talkId: string;
  /** The talk's `slides` path. */
  file: string;
  reason: PdfFailure;
  message: string;
  /** First time this version of the PDF failed (false when known from the cache or an earlier run). */
  fresh: boolean;
}

export interface SlidesReport {
  /** Decks whose text is in the index. */
  decks: number;
  pages: number;
  /** Pages without any text (scans, photos): counted, never found. */
  pagesWithoutText: number;
  /** PDFs read this time, and taken from the cache. */
  extracted: number;
  fromCache: number;
  /** `slides` paths where no file is (not downloaded yet). */
  missing: string[];
  /** `slides` paths whose real path is outside the slides folder: never read. */
  outside: string[];
  failed: SlideFailure[];
  cancelled: boolean;
}

export interface SyncSlidesOptions {
  signal?: AbortSignal;
  onProgress?: (p: SlidesProgress) => void;
  /**
   * After a complete run, delete cached text of PDFs this workspace no longer has. Only for a
   * cache that belongs to this notes folder alone (the extension's workspace storage).
   */
  prune?: boolean;
}

export interface SlidesProgress {
  /** PDFs read so far this run, and how many need reading. */
  done: number;
  total: number;
  /** The talk's `slides` path being read. */
  file: string;
  page?: number;
  pageCount?: number;
}

interface DeckState {
  /** The talk's `slides` path. */
  file: string;
  realPath: string;
  size: number;
  mtimeMs: number;
  pages: number;
  pagesWithoutText: number;
  failure: { reason: PdfFailure; message: string } | null;
}

/** Reading yields to the event loop after this long, so the extension host keeps serving. */
const TURN_MS = 8;
const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

function pagesOf(texts: string[]): { page: number; withText: number; units: { text: string; at: number }[] } {
  const units = texts.map((text, i) => ({ text, at: i + 1 })).filter(u => u.text.trim());
  return { page: texts.length, withText: units.length, units };
}

export class ConferenceSearch {
  readonly index = new SearchIndex();
  /** The Talk object each talk's notes were indexed from. */
  private readonly indexedTalks = new Map<string, Talk>();
  private readonly decks = new Map<string, DeckState>();
  /** `realPath|size|mtime` of PDFs whose failure was reported already. */
  private readonly reported = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ConferenceSearchOptions) {}

  search(query: string, opts?: SearchOptions): SearchResult {
    return this.index.search(query, opts);
  }

  /**
   * Indexes the talks of `ws` whose data changed since the last call, those in `reread` (notes
   * edited without their front matter changing, e.g. in an editor), and forgets removed talks.
   */
  syncNotes(ws: NotesWorkspace, reread: Iterable<string> = []): Promise<number> {
    const force = new Set(reread);
    return this.enqueue(async () => {
      const talks = ws.tracks.flatMap(t => t.talks);
      const current = new Set<string>();
      let count = 0;
      let turn = performance.now();
      for (const talk of talks) {
        current.add(talk.id);
        if (this.indexedTalks.get(talk.id) === talk && !force.has(talk.id)) continue;
        await this.indexNote(talk);
        count++;
        if (performance.now() - turn > TURN_MS) {
          await nextTurn();
          turn = performance.now();
        }
      }
      for (const id of [...this.indexedTalks.keys()]) {
        if (current.has(id)) continue;
        this.indexedTalks.delete(id);
        this.decks.delete(id);
        this.index.removeTalk(id);
      }
      this.index.setOrder(talks.map(t => t.id));
      return count;
    });
  }

  /**
   * Brings the slides of every talk of `ws` into the index: unchanged PDFs are skipped, changed
   * ones come from the cache or are read. Never throws for a PDF; a cancelled run keeps what it
   * read and says so.
   */
  syncSlides(ws: NotesWorkspace, opts: SyncSlidesOptions = {}): Promise<SlidesReport> {
    return this.enqueue(() => this.syncSlidesNow(ws, opts));
  }

  /** Facts about the slides in the index (after `syncSlides`). */
  slidesSummary(): { decks: number; pages: number; pagesWithoutText: number } {
    let decks = 0;
    let pages = 0;
    let pagesWithoutText = 0;
    for (const d of this.decks.values()) {
      if (d.failure) continue;
      decks++;
      pages += d.pages;
      pagesWithoutText += d.pagesWithoutText;
    }
    return { decks, pages, pagesWithoutText };
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async indexNote(talk: Talk): Promise<void> {
    const file = path.join(this.opts.notesRoot, ...talk.file.split('/'));
    // A note linking out of the notes folder is listed, never read.
    const text =
      talk.lock?.kind === 'outsideRoot'
        ? null
        : this.opts.readNote
          ? await this.opts.readNote(talk, file)
          : noteTextOnDisk(this.opts.notesRoot, file);
    this.index.setHeader(talk.id, talk.file, headerUnits(talk, text));
    this.index.setNotes(talk.id, talk.file, text === null ? [] : noteLines(talk, text));
    this.indexedTalks.set(talk.id, talk);
  }

  private async syncSlidesNow(ws: NotesWorkspace, opts: SyncSlidesOptions): Promise<SlidesReport> {
    const report: SlidesReport = {
      decks: 0,
      pages: 0,
      pagesWithoutText: 0,
      extracted: 0,
      fromCache: 0,
      missing: [],
      outside: [],
      failed: [],
      cancelled: false,
    };
    const extractor = this.opts.extractor;
    const talks = ws.tracks.flatMap(t => t.talks).filter(t => t.slides);
    const withSlides = new Set(talks.map(t => t.id));
    for (const id of [...this.decks.keys()]) {
      if (withSlides.has(id)) continue;
      this.decks.delete(id);
      this.index.removeSlides(id);
    }
    if (!extractor) return this.finish(report);
    const toRead: { talk: Talk; realPath: string; size: number; mtimeMs: number }[] = [];
    for (const talk of talks) {
      if (opts.signal?.aborted) return this.finish({ ...report, cancelled: true });
      const slides = talk.slides as string;
      const where = await containment(this.opts.slidesRoot, path.join(this.opts.slidesRoot, ...slides.split('/')));
      if (where.kind !== 'inside') {
        this.forgetDeck(talk.id);
        if (where.kind === 'missing') report.missing.push(slides);
        else if (where.kind === 'outside') report.outside.push(slides);
        else report.failed.push({ talkId: talk.id, file: slides, reason: 'unreadable', message: where.reason, fresh: true });
        continue;
      }
      const stamp = await statOf(where.realPath);
      if (!stamp) {
        this.forgetDeck(talk.id);
        report.missing.push(slides);
        continue;
      }
      const known = this.decks.get(talk.id);
      if (known && known.realPath === where.realPath && known.size === stamp.size && known.mtimeMs === stamp.mtimeMs) continue;
      const cached = this.opts.cache?.get(where.realPath, stamp);
      if (cached) {
        this.store(talk, slides, { realPath: where.realPath, ...stamp }, cached.failure ?? { pages: cached.pages }, report, false);
        report.fromCache++;
        continue;
      }
      toRead.push({ talk, realPath: where.realPath, ...stamp });
    }
    for (let i = 0; i < toRead.length; i++) {
      const { talk, realPath, size, mtimeMs } = toRead[i];
      const slides = talk.slides as string;
      opts.onProgress?.({ done: i, total: toRead.length, file: slides });
      let result;
      try {
        result = await extractor.extract(realPath, {
          signal: opts.signal,
          onPage: (page, pageCount) => opts.onProgress?.({ done: i, total: toRead.length, file: slides, page, pageCount }),
        });
      } catch (err) {
        if (err instanceof AbortError) return this.finish({ ...report, cancelled: true });
        result = { ok: false as const, reason: 'engine' as const, message: err instanceof Error ? err.message : String(err) };
      }
      // The PDF may have changed while it was read: then its stamp is stale and the next sync reads it again.
      const outcome = result.ok ? { pages: result.pages } : { reason: result.reason, message: result.message };
      this.store(talk, slides, { realPath, size, mtimeMs }, outcome, report, true);
      report.extracted++;
      await this.opts.cache?.put({
        format: CACHE_FORMAT,
        path: realPath,
        size,
        mtimeMs,
        pages: result.ok ? result.pages : [],
        failure: result.ok ? null : { reason: result.reason, message: result.message },
      });
    }
    opts.onProgress?.({ done: toRead.length, total: toRead.length, file: '' });
    if (opts.prune) await this.opts.cache?.prune([...this.decks.values()].map(d => d.realPath));
    return this.finish(report);
  }

  private store(
    talk: Talk,
    slides: string,
    stamp: { realPath: string; size: number; mtimeMs: number },
    outcome: { pages: string[] } | { reason: PdfFailure; message: string },
    report: SlidesReport,
    fresh: boolean,
  ): void {
    if ('pages' in outcome) {
      const { page, withText, units } = pagesOf(outcome.pages);
      this.index.setSlides(talk.id, slides, units);
      this.decks.set(talk.id, { file: slides, ...stamp, pages: page, pagesWithoutText: page - withText, failure: null });
      return;
    }
    this.index.removeSlides(talk.id);
    const failure = { reason: outcome.reason, message: outcome.message };
    this.decks.set(talk.id, { file: slides, ...stamp, pages: 0, pagesWithoutText: 0, failure });
    const key = `${stamp.realPath}|${stamp.size}|${stamp.mtimeMs}`;
    report.failed.push({ talkId: talk.id, file: slides, ...failure, fresh: fresh && !this.reported.has(key) });
    this.reported.add(key);
  }

  private forgetDeck(talkId: string): void {
    if (!this.decks.delete(talkId)) return;
    this.index.removeSlides(talkId);
  }

  private finish(report: SlidesReport): SlidesReport {
    const summary = this.slidesSummary();
    // Failures known from earlier syncs are still failures: list them (not fresh).
    const listed = new Set(report.failed.map(f => f.talkId));
    for (const [talkId, deck] of this.decks) {
      if (deck.failure && !listed.has(talkId)) {
        report.failed.push({ talkId, file: deck.file, ...deck.failure, fresh: false });
      }
    }
    return { ...report, ...summary };
  }
}

/**
 * The text of a note as the search indexes it: read through its real path inside the notes folder
 * (noteOnDisk.ts), a note that is not UTF-8 in its lossy decoding (findable, never written back),
 * nothing for a binary file or one that cannot be read.
 */
export function noteTextOnDisk(notesRoot: string, file: string): string | null {
  const note = readNoteOnDisk(notesRoot, file);
  if (note.kind === 'text') return note.text;
  return note.kind === 'notUtf8' && !note.binary ? note.text : null;
}

async function statOf(file: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}
