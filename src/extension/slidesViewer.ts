// The slides viewer: a read-only custom editor for PDFs (`talkNotes.pdf`). The extension reads
// the file and posts its bytes; pdf.js runs only inside the webview, so nothing here loads it.
// Where each PDF was left (page, zoom) is remembered per workspace and restored on reopen.
import * as vscode from 'vscode';
import path from 'node:path';
import { pageFromFragment } from '../core/links';
import { assertNever } from '../shared/guards';
import {
  isPage,
  MAX_QUERY,
  isSlidesViewerToHost,
  isPdfViewState,
  looksLikePdf,
  type HostToSlidesViewer,
  type PdfLabels,
  type PdfMarksMessage,
  type QuotePart,
  type SlidesViewerToHost,
  type PdfViewState,
  type ZoomSetting,
} from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { log } from './log';
import { slidesViewerHtml } from './slidesViewerHtml';

export const SLIDES_VIEWER_TYPE = 'talkNotes.pdf';

/** workspaceState key: `{ [file URI]: RememberedState }`. */
export const PDF_STATE_KEY = 'talkNotes.pdf.viewStates';
/** globalState key: whether pages are inverted in dark themes (a taste, not a per-file setting). */
const DARK_PAGES_KEY = 'talkNotes.pdf.darkPages';
/** Older entries are dropped beyond this many PDFs, so the workspace state cannot grow forever. */
const MAX_REMEMBERED = 200;
const DEFAULT_ZOOM: ZoomSetting = 'fitPage';
/** Saving a PDF (a new download over the old one) fires several events; reload once. */
const RELOAD_DELAY_MS = 300;
/** Searches every talk of the conference; its only argument is the query. */
export const SEARCH_TALKS_COMMAND = 'talkNotes.searchTalks';
/** Status lists stop growing here (a test reads them; a long session must not grow them forever). */
const MAX_STATUS_LIST = 1000;

interface RememberedState extends PdfViewState {
  /** Date.now() of the last change, for dropping the oldest entries. */
  at: number;
}

/** What tests (through the extension's API) and commands can learn about an open viewer. */
export interface SlidesViewerStatus {
  state: 'loading' | 'loaded' | 'failed';
  page: number;
  pageCount: number;
  zoom: ZoomSetting;
  /** Pages drawn since the PDF was (re)loaded, in drawing order. */
  renderedPages: number[];
  /** Drawings stopped before they finished (the reader moved on), page by page, since the (re)load. */
  cancelledPages: number[];
  /** The last find: its query, how many matches, and the page of the selected match. */
  find?: { query: string; total: number; page: number | null };
  /** Milliseconds from the bytes arriving in the webview to the first page drawn. */
  firstRenderMs?: number;
  /**
   * What the viewer shows of the talk's note: each quote (by its line in the note) and whether its
   * text was found on its page, and each ▶ moment; absent until the viewer has shown any.
   */
  marks?: { quotes: { line: number; page: number; found: boolean }[]; moments: { line: number; page: number }[] };
  /** Why the PDF is not shown: 'notPdf' | 'unreadable' (found by the extension) or pdf.js's reason. */
  failure?: string;
  error?: string;
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

/** What a viewer asks of the notes: quote this, show the note at that quote, open that moment. */
export type ViewerNoteRequest =
  { kind: 'quote'; parts: QuotePart[] } | { kind: 'showQuote'; line: number } | { kind: 'openMoment'; url: string };

/** How long Quote in Notes from a menu or a key waits for the viewer to say what is selected. */
const QUOTE_REPLY_MS = 5000;

/** The file a viewer shows: the URI without the `#page=` it may have been opened with. */
export function fileKey(uri: vscode.Uri): string {
  return uri.with({ fragment: '', query: '' }).toString();
}

class PdfDocument implements vscode.CustomDocument {
  readonly file: vscode.Uri;
  constructor(readonly uri: vscode.Uri) {
    this.file = uri.with({ fragment: '', query: '' });
  }
  dispose(): void {}
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

/** One viewer panel: feeds the webview the file and keeps what it reports. */
export class SlidesViewerPanel extends Disposable {
  readonly file: vscode.Uri;
  readonly status: SlidesViewerStatus;
  /** The `#page=` the viewer was opened with; honoured by the first load only. */
  private requestedPage: number | null;
  private everReady = false;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** Quote requests waiting for the webview's answer, by id. */
  private readonly quoteReplies = new Map<number, (parts: QuotePart[]) => void>();
  private nextQuoteId = 1;

  constructor(
    private readonly provider: SlidesViewerProvider,
    document: PdfDocument,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    /** A find to run once the document shows (until the viewer reports it done). */
    private pendingFind?: string,
  ) {
    super();
    this.file = document.file;
    this.requestedPage = pageFromFragment(document.uri.fragment);
    const remembered = provider.remembered(this.file);
    this.status = {
      state: 'loading',
      page: this.requestedPage ?? remembered?.page ?? 1,
      pageCount: 0,
      zoom: remembered?.zoom ?? DEFAULT_ZOOM,
      renderedPages: [],
      cancelledPages: [],
    };
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
    };
    panel.webview.html = slidesViewerHtml(panel.webview, extensionUri, {
      title: path.basename(this.file.path),
      lang: vscode.env.language,
      labels: viewerLabels(),
    });
    this._register(panel.webview.onDidReceiveMessage(m => this.receive(m)));
    this._register({ dispose: () => clearTimeout(this.reloadTimer) });
    // A re-downloaded deck replaces the old one in place: show the new bytes, keep the page.
    if (this.file.scheme === 'file') {
      // The folder with `*`, filtered here: a file name is not a glob (`deck [final].pdf`).
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(this.file, '..'), '*'));
      const key = fileKey(this.file);
      const reload = (uri: vscode.Uri) => {
        if (fileKey(uri) !== key) return;
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.sendFile(), RELOAD_DELAY_MS);
      };
      this._register(watcher);
      this._register(watcher.onDidChange(reload));
      this._register(watcher.onDidCreate(reload));
      this._register(watcher.onDidDelete(reload));
    }
  }

  reveal(page?: number, find?: string): void {
    // A hidden viewer's webview is rebuilt on reveal and starts from status.page (and the pending
    // find); a live one moves, then searches.
    if (page && isPage(page)) {
      this.status.page = page;
      void this.post({ type: 'goTo', page });
    }
    if (find) {
      this.pendingFind = find;
      void this.post({ type: 'find', query: find });
    }
    this.panel.reveal(this.panel.viewColumn, false);
  }

  /** A message from the webview, as the webview posts it (public so tests can play the webview). */
  async receive(raw: unknown): Promise<void> {
    // pdf.js parses files from the internet: what the webview says is untrusted input.
    if (!isSlidesViewerToHost(raw)) {
      log.warn(`slides viewer of ${this.file.fsPath}: ignored a malformed message`);
      return;
    }
    try {
      await this.onMessage(raw);
    } catch (err) {
      log.error(`slides viewer of ${this.file.fsPath}: handling "${raw.type}" failed`, err);
    }
  }

  private async onMessage(message: SlidesViewerToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.onReady(message.restored);
        await this.sendFile();
        return;
      case 'loaded':
        Object.assign(this.status, { state: 'loaded', pageCount: message.pageCount, page: message.page });
        break;
      case 'error':
        Object.assign(this.status, { state: 'failed', failure: message.reason, error: message.message });
        break;
      case 'rendered':
        if (this.status.renderedPages.length < MAX_STATUS_LIST) this.status.renderedPages.push(message.page);
        this.status.firstRenderMs ??= message.ms;
        break;
      case 'renderCancelled':
        if (this.status.cancelledPages.length < MAX_STATUS_LIST) this.status.cancelledPages.push(message.page);
        break;
      case 'found':
        this.status.find = { query: message.query, total: message.total, page: message.page };
        if (message.query === this.pendingFind) this.pendingFind = undefined;
        break;
      case 'searchAllTalks':
        await this.provider.searchAllTalks(message.query);
        return;
      case 'viewState':
        this.status.page = message.page;
        this.status.zoom = message.zoom;
        this.provider.remember(this.file, { page: message.page, zoom: message.zoom });
        break;
      case 'command':
        // Both are about the page the reader is on: a reference to it, or its pair with a moment.
        if (message.command === 'insertSlideReference')
          await vscode.commands.executeCommand('talkNotes.insertSlideReference', this.file, message.page);
        else await vscode.commands.executeCommand('talkNotes.insertVideoTimestamp', this.file, undefined, message.page);
        return;
      case 'quote': {
        const reply = message.id === null ? undefined : this.quoteReplies.get(message.id);
        if (message.id === null) await this.provider.request(this, { kind: 'quote', parts: message.parts });
        else reply?.(message.parts);
        return;
      }
      case 'showQuote':
        await this.provider.request(this, { kind: 'showQuote', line: message.line });
        return;
      case 'openMoment':
        await this.provider.request(this, { kind: 'openMoment', url: message.url });
        return;
      case 'marksShown':
        this.status.marks = { quotes: message.quotes, moments: message.moments };
        break;
      case 'darkPages':
        this.provider.setDarkPages(message.value);
        return;
      default:
        assertNever(message, 'message from the slides viewer');
    }
    this.provider.notify(this);
  }

  /**
   * Where to start. A `#page=` from the link that opened the viewer wins over the remembered
   * page, but only for a fresh viewer: after a window reload VS Code reopens the editor with the
   * same URI (fragment included) and the webview says `restored`; the remembered page wins then.
   * A viewer shown again after being hidden continues from where it was.
   */
  private onReady(restored: boolean): void {
    if (!this.everReady) {
      const remembered = this.provider.remembered(this.file);
      const requested = restored ? null : this.requestedPage;
      this.status.page = requested ?? remembered?.page ?? 1;
      this.status.zoom = remembered?.zoom ?? this.status.zoom;
    }
    this.everReady = true;
    this.requestedPage = null;
  }

  private async sendFile(): Promise<void> {
    if (this.isDisposed) return;
    const fileName = path.basename(this.file.path);
    Object.assign(this.status, {
      state: 'loading',
      renderedPages: [],
      cancelledPages: [],
      firstRenderMs: undefined,
      failure: undefined,
      error: undefined,
    });
    let data: Uint8Array;
    try {
      data = await vscode.workspace.fs.readFile(this.file);
    } catch (err) {
      await this.fail({ type: 'fail', fileName, reason: 'unreadable', detail: errorText(err) });
      return;
    }
    if (!looksLikePdf(data)) {
      const detail = vscode.l10n.t('{0} does not start with a PDF header ({1} bytes).', fileName, data.byteLength);
      await this.fail({ type: 'fail', fileName, reason: 'notPdf', detail });
      return;
    }
    // Node hands out Buffers; VS Code only transfers plain typed arrays as binary (a Buffer would
    // arrive as JSON numbers). Same memory, plain view.
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    await this.post({
      type: 'load',
      fileName,
      data: bytes,
      page: this.status.page,
      zoom: this.status.zoom,
      darkPages: this.provider.darkPages,
    });
    // The viewer keeps the query until its document shows, then searches it.
    if (this.pendingFind) await this.post({ type: 'find', query: this.pendingFind });
    this.provider.fileSent(this);
  }

  /** Shows what the talk's note says about the pages (quotes, moments); replaces what was shown. */
  async showMarks(message: PdfMarksMessage): Promise<void> {
    await this.post(message);
  }

  /** What is selected on the pages, page by page; empty when nothing is or the viewer does not answer. */
  async selectedText(): Promise<QuotePart[]> {
    const id = this.nextQuoteId++;
    const answer = new Promise<QuotePart[]>(resolve => {
      const timer = setTimeout(() => finish([]), QUOTE_REPLY_MS);
      const finish = (parts: QuotePart[]) => {
        clearTimeout(timer);
        this.quoteReplies.delete(id);
        resolve(parts);
      };
      this.quoteReplies.set(id, finish);
    });
    await this.post({ type: 'requestQuote', id });
    return answer;
  }

  private async fail(message: HostToSlidesViewer & { type: 'fail' }): Promise<void> {
    Object.assign(this.status, { state: 'failed', failure: message.reason, error: message.detail });
    this.provider.notify(this);
    await this.post(message);
  }

  private async post(message: HostToSlidesViewer): Promise<void> {
    if (this.isDisposed) return;
    try {
      await this.panel.webview.postMessage(message);
    } catch (err) {
      // Closing the panel meanwhile is normal; anything else is worth a line.
      if (!this.isDisposed) log.warn(`slides viewer of ${this.file.fsPath}: could not send "${message.type}": ${errorText(err)}`);
    }
  }
}

function errorText(err: unknown): string {
  if (err instanceof vscode.FileSystemError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** The viewer's texts in the UI language (the webview has no `vscode.l10n` of its own). */
function viewerLabels(): PdfLabels {
  return {
    toolbar: vscode.l10n.t('PDF toolbar'),
    outline: vscode.l10n.t('Outline'),
    noOutline: vscode.l10n.t('This PDF has no outline'),
    previousPage: vscode.l10n.t('Previous Page'),
    nextPage: vscode.l10n.t('Next Page'),
    pageNumber: vscode.l10n.t('Page Number'),
    zoomOut: vscode.l10n.t('Zoom Out'),
    zoomIn: vscode.l10n.t('Zoom In'),
    zoom: vscode.l10n.t('Zoom'),
    fitWidth: vscode.l10n.t('Fit Width'),
    fitPage: vscode.l10n.t('Fit Page'),
    find: vscode.l10n.t('Find'),
    findPrevious: vscode.l10n.t('Previous Match'),
    findNext: vscode.l10n.t('Next Match'),
    noMatches: vscode.l10n.t('No results'),
    matchOf: vscode.l10n.t('{0} of {1}'),
    searchAllTalks: vscode.l10n.t('Search All Talks'),
    darkPages: vscode.l10n.t('Dark Pages in Dark Themes'),
    insertSlideReference: vscode.l10n.t('Insert Slide Reference'),
    insertVideoTimestamp: vscode.l10n.t('Insert Video Timestamp'),
    quoteInNotes: vscode.l10n.t('Quote in Notes'),
    showQuote: vscode.l10n.t('Quoted in the notes: click to show the quote'),
    openMoment: vscode.l10n.t('Open the video at {0}'),
    loading: vscode.l10n.t('Loading {0}…'),
    cannotShow: vscode.l10n.t('Cannot show {0}'),
    notPdf: vscode.l10n.t('The file is not a PDF, or it is damaged.'),
    password: vscode.l10n.t('The PDF is protected by a password, which the slides viewer does not support.'),
    unreadable: vscode.l10n.t('The file could not be read.'),
    engine: vscode.l10n.t('The PDF engine could not start.'),
    hint: vscode.l10n.t('Download the slides again from the conference page, or choose another file with “Locate Slides PDF…”.'),
  };
}
