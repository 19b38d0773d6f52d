// Keeps the conference search index of the window current, in the background: notes after every
// snapshot of the notes folder (only changed talks are re-read) and while they are edited (an
// editor's unsaved text counts), slide PDFs after that (only new or changed ones, the others come
// from the cache in the extension's storage). pdf.js runs in a worker thread, so neither the tree
// nor an open viewer ever waits for it. Progress shows in the status bar; indexing can be stopped.
import * as vscode from 'vscode';
import path from 'node:path';
import type { NotesWorkspace, Talk } from '../core/model';
import { ConferenceSearch, noteTextOnDisk, type SlideFailure, type SlidesReport } from '../core/search/conferenceSearch';
import type { SearchOptions, SearchResult } from '../core/search/searchIndex';
import { SlideTextCache } from '../core/search/slideCache';
import { extractorPaths, SlideTextExtractor } from '../core/search/slideText';
import { Disposable } from './disposable';
import { log } from './log';
import type { NotesService } from './notesService';

/** Context key set while slide PDFs are being read (the stop command shows then). */
const INDEXING_CONTEXT = 'talkNotes.indexingSlides';
/** Typing in a note re-indexes it after this pause. */
const EDIT_DELAY_MS = 300;
/** The first slides sync waits this long after activation: the tree and notes come first. */
const FIRST_SLIDES_DELAY_MS = 400;

export interface IndexingState {
  /** PDFs read so far in this run, and how many need reading (0 when idle). */
  done: number;
  total: number;
}

/** Why a PDF cannot be searched, for people. */
export function failureText(f: Pick<SlideFailure, 'reason'>): string {
  switch (f.reason) {
    case 'password':
      return vscode.l10n.t('it is protected by a password');
    case 'damaged':
      return vscode.l10n.t('it is damaged or not a PDF; download it again');
    case 'unreadable':
      return vscode.l10n.t('it cannot be read; check its permissions');
    case 'tooLarge':
      return vscode.l10n.t('it is too large to read');
    case 'timeout':
      return vscode.l10n.t('reading it took too long');
    case 'engine':
      return vscode.l10n.t('the PDF reader failed on it');
  }
}

export class SearchIndexer extends Disposable {
  private search: ConferenceSearch | null = null;
  private roots = '';
  private readonly extractor: SlideTextExtractor;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires whenever the index has new content (a note, a PDF) or the indexing state changed. */
  readonly onDidChange = this.changed.event;
  private slidesRun: { abort: AbortController; done: Promise<void> } | null = null;
  private slidesAgain = false;
  private firstSlides: ReturnType<typeof setTimeout> | undefined;
  private progress: IndexingState = { done: 0, total: 0 };
  private lastReport: SlidesReport | null = null;
  private notesWork: Promise<unknown> = Promise.resolve();
  private readonly editTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly notes: NotesService,
  ) {
    super();
    this.extractor = new SlideTextExtractor(extractorPaths(path.join(context.extensionUri.fsPath, 'dist')), {
      onLog: message => log.info(`pdf.js (search): ${message}`),
    });
    this._register({ dispose: () => this.extractor.dispose() });
    // One conference's index: with several conferences in the library `workspace` is undefined.
    this._register(notes.onDidChange(() => this.onWorkspace(notes.workspace)));
    this._register(vscode.workspace.onDidChangeTextDocument(e => this.onEdit(e.document)));
    // Closing an editor with unsaved changes goes back to the text on disk.
    this._register(vscode.workspace.onDidCloseTextDocument(doc => this.onEdit(doc)));
    this._register({
      dispose: () => {
        clearTimeout(this.firstSlides);
        for (const t of this.editTimers.values()) clearTimeout(t);
        this.slidesAgain = false;
        this.slidesRun?.abort.abort();
        this.search = null;
      },
    });
    if (notes.workspace) this.onWorkspace(notes.workspace);
  }

  /** Searches what is indexed so far (slides may still be coming). */
  query(text: string, opts?: SearchOptions): SearchResult | null {
    return this.search?.search(text, opts) ?? null;
  }

  get indexing(): IndexingState | null {
    return this.slidesRun ? { ...this.progress } : null;
  }

  /** Facts about the slides indexed (pages without text are counted, never found). */
  slidesSummary(): { decks: number; pages: number; pagesWithoutText: number } {
    return this.search?.slidesSummary() ?? { decks: 0, pages: 0, pagesWithoutText: 0 };
  }

  get report(): SlidesReport | null {
    return this.lastReport;
  }

  /** Resolves when no note or PDF is waiting to be indexed. */
  async settled(): Promise<void> {
    for (;;) {
      await this.notesWork;
      const run = this.slidesRun;
      if (run) await run.done;
      else if (this.firstSlides === undefined && !this.editTimers.size) return;
      else await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  /** Stops reading PDFs until the notes folder changes again (or the next reload). */
  stop(): void {
    clearTimeout(this.firstSlides);
    this.firstSlides = undefined;
    this.slidesAgain = false;
    this.slidesRun?.abort.abort();
  }

  private onWorkspace(ws: NotesWorkspace | undefined): void {
    const root = this.notes.root;
    const slidesRoot = this.notes.slidesRoot;
    if (!ws || !root || !slidesRoot) {
      this.reset(null);
      return;
    }
    const roots = `${root.fsPath}\n${slidesRoot.fsPath}`;
    if (roots !== this.roots) this.reset(new ConferenceSearch(this.options(root.fsPath, slidesRoot.fsPath)), roots);
    const search = this.search as ConferenceSearch;
    this.notesWork = search
      .syncNotes(ws)
      .then(count => {
        if (count) this.changed.fire();
      })
      .catch(err => log.error('search: indexing the notes failed', err));
    this.scheduleSlides(ws);
  }

  private options(root: string, slidesRoot: string) {
    // Workspace storage when there is one: its cache can then be pruned to this notes folder.
    const storage = this.context.storageUri ?? this.context.globalStorageUri;
    return {
      notesRoot: root,
      slidesRoot,
      extractor: this.extractor,
      cache: new SlideTextCache(path.join(storage.fsPath, 'slide-text')),
      readNote: (_talk: Talk, file: string) => this.readNote(root, file),
    };
  }

  private reset(search: ConferenceSearch | null, roots = ''): void {
    this.slidesRun?.abort.abort();
    this.search = search;
    this.roots = roots;
    this.lastReport = null;
    this.changed.fire();
  }

  /** An open editor's text wins over the file: what the user sees is what is found. */
  private async readNote(root: string, file: string): Promise<string | null> {
    const open = vscode.workspace.textDocuments.find(d => d.uri.scheme === 'file' && d.uri.fsPath === file);
    if (open?.isDirty) return open.getText();
    // The notes are local files (NotesService only loads file: folders).
    return noteTextOnDisk(root, file);
  }

  private onEdit(doc: vscode.TextDocument): void {
    const talk = this.notes.talkForUri(doc.uri);
    if (!talk) return;
    clearTimeout(this.editTimers.get(talk.id));
    this.editTimers.set(
      talk.id,
      setTimeout(() => {
        this.editTimers.delete(talk.id);
        const ws = this.notes.workspace;
        const search = this.search;
        if (!ws || !search) return;
        this.notesWork = search
          .syncNotes(ws, [talk.id])
          .then(() => this.changed.fire())
          .catch(err => log.error('search: indexing an edited note failed', err));
      }, EDIT_DELAY_MS),
    );
  }

  private scheduleSlides(ws: NotesWorkspace): void {
    if (this.slidesRun) {
      // One run at a time; the next one starts from the newest snapshot.
      this.slidesAgain = true;
      return;
    }
    if (this.firstSlides !== undefined) return;
    const first = !this.lastReport;
    this.firstSlides = setTimeout(
      () => {
        this.firstSlides = undefined;
        void this.runSlides(this.notes.workspace ?? ws);
      },
      first ? FIRST_SLIDES_DELAY_MS : 0,
    );
  }

  private runSlides(ws: NotesWorkspace): Promise<void> {
    const search = this.search;
    if (!search) return Promise.resolve();
    const abort = new AbortController();
    const done = this.withSlidesProgress(search, ws, abort.signal).finally(() => {
      if (this.slidesRun?.abort === abort) this.slidesRun = null;
      this.progress = { done: 0, total: 0 };
      void vscode.commands.executeCommand('setContext', INDEXING_CONTEXT, false);
      this.changed.fire();
      // Also after an abort for a new notes folder: its run was asked for meanwhile. (Stop clears
      // the request.)
      if (this.slidesAgain && this.notes.workspace) {
        this.slidesAgain = false;
        this.scheduleSlides(this.notes.workspace);
      }
    });
    this.slidesRun = { abort, done };
    return done;
  }

  private async withSlidesProgress(search: ConferenceSearch, ws: NotesWorkspace, signal: AbortSignal): Promise<void> {
    const title = vscode.l10n.t('Talk Notes: indexing slides');
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async progress => {
        void vscode.commands.executeCommand('setContext', INDEXING_CONTEXT, true);
        let reported = 0;
        const report = await search.syncSlides(ws, {
          signal,
          // The workspace's own cache holds this notes folder's PDFs only: drop decks gone from it.
          prune: Boolean(this.context.storageUri),
          onProgress: p => {
            if (!p.total) return;
            const deckDone = p.done !== this.progress.done || p.total !== this.progress.total;
            this.progress = { done: p.done, total: p.total };
            const step = (100 * p.done) / p.total - reported;
            reported += step;
            progress.report({ message: `${p.done}/${p.total}`, increment: step });
            // A deck finished: what it holds is searchable now.
            if (deckDone) this.changed.fire();
          },
        });
        if (search !== this.search) return;
        this.lastReport = report;
        this.tell(report);
      });
    } catch (err) {
      log.error('search: indexing the slides failed', err);
    }
  }

  /** Logs the outcome; PDFs that fail for the first time are also said once, in one message. */
  private tell(report: SlidesReport): void {
    log.info(
      `search: ${report.decks} slide PDFs, ${report.pages} pages (${report.pagesWithoutText} without text); ` +
        `${report.extracted} read, ${report.fromCache} from the cache, ${report.missing.length} not downloaded` +
        (report.cancelled ? '; stopped' : ''),
    );
    for (const f of report.outside) log.warn(`search: ${f} lies outside the slides folder and is not read`);
    const fresh = report.failed.filter(f => f.fresh);
    for (const f of report.failed) log.warn(`search: ${f.file} cannot be searched (${f.reason}): ${f.message}`);
    if (!fresh.length) return;
    const list = fresh
      .slice(0, 3)
      .map(f => `${f.file} (${failureText(f)})`)
      .join('; ');
    const more = fresh.length > 3 ? ` ${vscode.l10n.t('and {0} more', fresh.length - 3)}` : '';
    void vscode.window.showWarningMessage(vscode.l10n.t('Search skips these slides: {0}', list + more));
  }
}
