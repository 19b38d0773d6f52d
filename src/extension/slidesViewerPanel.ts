// One slides viewer panel: feeds its webview the PDF's bytes (again when the file changes on
// disk), keeps what the viewer reports (its status, for tests and commands), and passes on what it
// asks of the notes. The provider (slidesViewer.ts) creates one per open editor.
import * as vscode from 'vscode';
import path from 'node:path';
import { errorDetail } from '../core/errors';
import { pageFromFragment } from '../core/links';
import { assertNever } from '../shared/guards';
import {
  isPage,
  isSlidesViewerToHost,
  looksLikePdf,
  type HostToSlidesViewer,
  type PdfLabels,
  type PdfMarksMessage,
  type QuotePart,
  type SlidesViewerToHost,
  type ZoomSetting,
} from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { log } from './log';
import type { SlidesViewerProvider } from './slidesViewer';
import { slidesViewerHtml } from './slidesViewerHtml';

const DEFAULT_ZOOM: ZoomSetting = 'fitPage';
/** Saving a PDF (a new download over the old one) fires several events; reload once. */
const RELOAD_DELAY_MS = 300;
/** Status lists stop growing here (a test reads them; a long session must not grow them forever). */
const MAX_STATUS_LIST = 1000;

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

/** What a viewer asks of the notes: quote this, show the note at that quote, open that moment. */
export type ViewerNoteRequest =
  { kind: 'quote'; parts: QuotePart[] } | { kind: 'showQuote'; line: number } | { kind: 'openMoment'; url: string };

/** How long Quote in Notes from a menu or a key waits for the viewer to say what is selected. */
const QUOTE_REPLY_MS = 5000;

/** The file a viewer shows: the URI without the `#page=` it may have been opened with. */
export function fileKey(uri: vscode.Uri): string {
  return uri.with({ fragment: '', query: '' }).toString();
}

export class PdfDocument implements vscode.CustomDocument {
  readonly file: vscode.Uri;
  constructor(readonly uri: vscode.Uri) {
    this.file = uri.with({ fragment: '', query: '' });
  }
  dispose(): void {}
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
      await this.fail({ type: 'fail', fileName, reason: 'unreadable', detail: errorDetail(err) });
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
      if (!this.isDisposed) log.warn(`slides viewer of ${this.file.fsPath}: could not send "${message.type}": ${errorDetail(err)}`);
    }
  }
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
