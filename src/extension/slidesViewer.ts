// The slides viewer: a read-only custom editor for PDFs (`talkNotes.pdf`). The extension reads
// the file and posts its bytes; pdf.js runs only inside the webview, so nothing here loads it.
// Where each PDF was left (page, zoom) is remembered per workspace and restored on reopen.
import * as vscode from 'vscode';
import { MAX_QUERY, isPdfViewState, type PdfViewState } from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { log } from './log';
import { fileKey, PdfDocument, SlidesViewerPanel, type SlidesViewerStatus, type ViewerNoteRequest } from './slidesViewerPanel';

export { fileKey, SlidesViewerPanel, type SlidesViewerStatus, type ViewerNoteRequest };

export const SLIDES_VIEWER_TYPE = 'talkNotes.pdf';

/** workspaceState key: `{ [file URI]: RememberedState }`. */
export const PDF_STATE_KEY = 'talkNotes.pdf.viewStates';
/** globalState key: whether pages are inverted in dark themes (a taste, not a per-file setting). */
const DARK_PAGES_KEY = 'talkNotes.pdf.darkPages';
/** Older entries are dropped beyond this many PDFs, so the workspace state cannot grow forever. */
const MAX_REMEMBERED = 200;
/** Searches every talk of the conference; its only argument is the query. */
export const SEARCH_TALKS_COMMAND = 'talkNotes.searchTalks';

interface RememberedState extends PdfViewState {
  /** Date.now() of the last change, for dropping the oldest entries. */
  at: number;
}

export interface SlidesViewerApi {
  /**
   * Opens the PDF in the slides viewer at `page`, reusing an open viewer of it; with `find`, runs
   * the viewer's own find for it, which selects and highlights the first match from that page on.
   */
  open(uri: vscode.Uri, page?: number, find?: string): Promise<void>;
  /** The page and zoom a reopen of `uri` starts with. */
  remembered(uri: vscode.Uri): PdfViewState | undefined;
  /** The most recently active open viewer of `uri`. */
  status(uri: vscode.Uri): SlidesViewerStatus | undefined;
  /** Resolves when a viewer of `uri` reports a status that satisfies `test`. */
  waitFor(uri: vscode.Uri, test: (s: SlidesViewerStatus) => boolean, timeoutMs?: number): Promise<SlidesViewerStatus>;
}

export class SlidesViewerProvider extends Disposable implements vscode.CustomReadonlyEditorProvider<PdfDocument>, SlidesViewerApi {
  private readonly viewers = new Map<string, SlidesViewerPanel[]>();
  private readonly statusChanged = this._register(new vscode.EventEmitter<SlidesViewerPanel>());
  private readonly loaded = this._register(new vscode.EventEmitter<SlidesViewerPanel>());
  /** A viewer was handed its file (first time, reload, file changed): it wants the note's marks. */
  readonly onDidSendFile = this.loaded.event;
  /** Does what a viewer asks of the notes (the viewer knows nothing of notes itself); set once. */
  noteRequests: ((viewer: SlidesViewerPanel, request: ViewerNoteRequest) => Promise<void>) | undefined;
  /** Finds asked for with `open` while the viewer they are for is being created. */
  private readonly pendingFinds = new Map<string, string>();

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this._register(
      vscode.window.registerCustomEditorProvider(SLIDES_VIEWER_TYPE, this, {
        // Hidden viewers are rebuilt from the bytes when shown again: a few hundred KB of pdf.js
        // state per tab is not worth keeping for decks nobody looks at.
        webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false },
        supportsMultipleEditorsPerDocument: true,
      }),
    );
  }

  openCustomDocument(uri: vscode.Uri): PdfDocument {
    return new PdfDocument(uri);
  }

  resolveCustomEditor(document: PdfDocument, panel: vscode.WebviewPanel): void {
    const key = fileKey(document.file);
    const find = this.pendingFinds.get(key);
    this.pendingFinds.delete(key);
    const viewer = new SlidesViewerPanel(this, document, panel, this.context.extensionUri, find);
    this.viewers.set(key, [...(this.viewers.get(key) ?? []), viewer]);
    panel.onDidDispose(() => {
      viewer.dispose();
      const rest = (this.viewers.get(key) ?? []).filter(v => v !== viewer);
      if (rest.length) this.viewers.set(key, rest);
      else this.viewers.delete(key);
    });
  }

  async open(uri: vscode.Uri, page?: number, find?: string): Promise<void> {
    const query = typeof find === 'string' && find.trim() ? find.trim().slice(0, MAX_QUERY) : undefined;
    const open = this.viewerFor(uri);
    if (open) {
      open.reveal(page, query);
      return;
    }
    const key = fileKey(uri);
    if (query) this.pendingFinds.set(key, query);
    const target = page ? uri.with({ fragment: `page=${page}` }) : uri.with({ fragment: '' });
    try {
      await vscode.commands.executeCommand('vscode.openWith', target, SLIDES_VIEWER_TYPE);
    } finally {
      // Taken by the new viewer while it opened; a failed open must not hand it to a later one.
      this.pendingFinds.delete(key);
    }
  }

  /** The viewer of `uri` the user saw last (active first, then visible, then any). */
  viewerFor(uri: vscode.Uri): SlidesViewerPanel | undefined {
    const list = this.viewers.get(fileKey(uri)) ?? [];
    return list.find(v => v.panel.active) ?? list.find(v => v.panel.visible) ?? list[list.length - 1];
  }

  /** Every open viewer. */
  allViewers(): SlidesViewerPanel[] {
    return [...this.viewers.values()].flat();
  }

  /** The viewer in the active editor, for commands run from the palette or the editor title. */
  get activeViewer(): SlidesViewerPanel | undefined {
    for (const list of this.viewers.values()) {
      const active = list.find(v => v.panel.active);
      if (active) return active;
    }
    return undefined;
  }

  remembered(uri: vscode.Uri): PdfViewState | undefined {
    const entry = this.rememberedAll()[fileKey(uri)];
    return isPdfViewState(entry) ? { page: entry.page, zoom: entry.zoom } : undefined;
  }

  status(uri: vscode.Uri): SlidesViewerStatus | undefined {
    const s = this.viewerFor(uri)?.status;
    return (
      s && {
        ...s,
        renderedPages: [...s.renderedPages],
        cancelledPages: [...s.cancelledPages],
        find: s.find && { ...s.find },
        marks: s.marks && { quotes: s.marks.quotes.map(q => ({ ...q })), moments: s.marks.moments.map(m => ({ ...m })) },
      }
    );
  }

  waitFor(uri: vscode.Uri, test: (s: SlidesViewerStatus) => boolean, timeoutMs = 20_000): Promise<SlidesViewerStatus> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const s = this.status(uri);
        if (s && test(s)) {
          done();
          resolve(s);
        }
      };
      const sub = this.statusChanged.event(v => {
        if (fileKey(v.file) === fileKey(uri)) check();
      });
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`PDF viewer of ${uri.fsPath}: no matching status within ${timeoutMs} ms; last: ${JSON.stringify(this.status(uri))}`),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
      };
      check();
    });
  }

  /** @internal for SlidesViewerPanel */
  remember(file: vscode.Uri, state: PdfViewState): void {
    const all = { ...this.rememberedAll(), [fileKey(file)]: { page: state.page, zoom: state.zoom, at: Date.now() } };
    const keys = Object.keys(all);
    if (keys.length > MAX_REMEMBERED) {
      keys.sort((a, b) => all[a].at - all[b].at);
      for (const k of keys.slice(0, keys.length - MAX_REMEMBERED)) delete all[k];
    }
    this.context.workspaceState.update(PDF_STATE_KEY, all).then(undefined, err => log.error('could not remember the slides page', err));
  }

  /** @internal for SlidesViewerPanel */
  get darkPages(): boolean {
    return this.context.globalState.get<boolean>(DARK_PAGES_KEY, true);
  }

  /** @internal for SlidesViewerPanel */
  setDarkPages(value: boolean): void {
    this.context.globalState
      .update(DARK_PAGES_KEY, value)
      .then(undefined, err => log.error('could not remember the dark pages choice', err));
  }

  /**
   * "Search All Talks" from a viewer's find bar. The conference-wide search is a command of its
   * own; an extension without it simply has nothing to search with (said in the log, not to the
   * reader, who did nothing wrong).
   */
  async searchAllTalks(query: string): Promise<void> {
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(SEARCH_TALKS_COMMAND)) {
      log.info(`Search All Talks: the ${SEARCH_TALKS_COMMAND} command is not available; "${query}" was not searched`);
      return;
    }
    await vscode.commands.executeCommand(SEARCH_TALKS_COMMAND, query);
  }

  /** @internal for SlidesViewerPanel */
  notify(viewer: SlidesViewerPanel): void {
    this.statusChanged.fire(viewer);
  }

  /** @internal for SlidesViewerPanel */
  fileSent(viewer: SlidesViewerPanel): void {
    this.loaded.fire(viewer);
  }

  /** @internal for SlidesViewerPanel */
  async request(viewer: SlidesViewerPanel, request: ViewerNoteRequest): Promise<void> {
    if (this.noteRequests) await this.noteRequests(viewer, request);
    else log.info(`slides viewer of ${viewer.file.fsPath}: "${request.kind}" needs the notes, which are not available`);
  }

  private rememberedAll(): Record<string, RememberedState> {
    const raw = this.context.workspaceState.get<unknown>(PDF_STATE_KEY);
    if (!raw || typeof raw !== 'object') return {};
    const out: Record<string, RememberedState> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (isPdfViewState(v)) out[k] = { page: v.page, zoom: v.zoom, at: Number((v as { at?: unknown }).at) || 0 };
    }
    return out;
  }

  override dispose(): void {
    for (const list of this.viewers.values()) for (const v of list) v.dispose();
    this.viewers.clear();
    super.dispose();
  }
}
