// The notes view: one webview panel per talk, reused, restored after a reload, re-rendered
// (debounced) while the note is edited and whenever the notes on disk change. It and an editor
// showing the same note follow each other's scrolling.
//
// Rendering happens in a worker thread (noteRenderer.ts), one render at a time per view, so a
// huge or hostile note never blocks the extension host. A new view does not wait for its page to
// start: the note is read and rendered while the webview loads, and posted when the page is ready.
//
// About 450 lines: one panel's life (create, restore, render, follow the editor, messages) shares
// its state; the HTML shell, the renderer and the link rules are modules of their own.
import * as vscode from 'vscode';
import path from 'node:path';
import type { Talk } from '../core/model';
import { splitFrontMatter } from '../core/frontMatter';
import { assertNever } from '../shared/guards';
import {
  isNotesViewState,
  isNotesViewToHost,
  type HostToNotesView,
  type NotesHeader,
  type NotesViewLabels,
  type NotesViewToHost,
} from '../shared/notesViewProtocol';
import { Disposable } from './disposable';
import { reportError } from './errors';
import { statusLabel } from './labels';
import { log } from './log';
import { noteToShow } from './noteAccess';
import type { NoteLinkOpener } from './noteLinkOpener';
import { renderBeginning } from '../core/boundedRender';
import { NoteRenderer, RenderTimeoutError } from './noteRenderer';
import type { NotesService } from './notesService';
import { escapeHtml, notesViewHtml } from './webviewHtml';
import { walkthroughStepDone } from './walkthrough';

export const NOTES_VIEW_TYPE = 'talkNotes.notes';

/** Local images turned into webview URIs per turn of the event loop; a note may hold thousands. */
const TURN_MS = 8;

/** Typing pauses shorter than this do not re-render; long enough to skip keystrokes, short enough to feel live. */
const LIVE_UPDATE_DELAY_MS = 150;

/**
 * After the editor is scrolled to follow the view, its own scroll events are not sent back to the
 * view for this long: they would pull the view to the block start while the reader scrolls.
 */
const FOLLOW_ECHO_MS = 400;

/** What a notes view shows right now; tests and the API read it. */
export interface NotesViewStatus {
  talkId: string;
  state: 'loading' | 'shown' | 'unavailable';
  title: string;
  /** The banner above the notes (e.g. the note is not UTF-8), or null. */
  banner: string | null;
  /** Why the talk is not shown, when `state` is 'unavailable'. */
  message: string | null;
  editable: boolean;
  /** The rendered body last posted. */
  html: string;
}

/** Every text the view draws itself, localized; the webview's English fallback is the same table in English. */
export function notesViewLabels(): NotesViewLabels {
  return {
    slides: vscode.l10n.t('Slides'),
    video: vscode.l10n.t('Video'),
    article: vscode.l10n.t('Article'),
    addNote: vscode.l10n.t('Add Personal Note'),
    setStatus: vscode.l10n.t('Set Status'),
    noSlides: vscode.l10n.t('This talk has no slides yet'),
    noVideo: vscode.l10n.t('This talk has no video link'),
    noArticle: vscode.l10n.t('This talk has no article link'),
    readOnly: vscode.l10n.t('Talk Notes does not change this note; the message above says why'),
    'status.todo': statusLabel('todo'),
    'status.watching': statusLabel('watching'),
    'status.done': statusLabel('done'),
    imageFailed: vscode.l10n.t('Image could not be loaded'),
    imageUnavailable: vscode.l10n.t('Image not shown: only images inside the notes folder or on https are displayed'),
    empty: vscode.l10n.t('No notes yet. Use “Add Personal Note” to start writing.'),
  };
}

/** The open notes views (one per talk), their serializer, and the editor ↔ view scroll sync. */
export class NotesViews extends Disposable implements vscode.WebviewPanelSerializer {
  private readonly views = new Map<string, NotesView>();
  readonly renderer: NoteRenderer;
  /** Editors (by document URI) scrolled to follow a view, and until when their scroll is not echoed. */
  private readonly following = new Map<string, number>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly notes: NotesService,
    private readonly links: NoteLinkOpener,
  ) {
    super();
    this.renderer = this._register(new NoteRenderer(vscode.Uri.joinPath(extensionUri, 'dist', 'renderWorker.js').fsPath));
    this._register(vscode.window.registerWebviewPanelSerializer(NOTES_VIEW_TYPE, this));
    this._register(
      notes.onDidChange(ws => {
        // With notes to show, the renderer gets ready before the first click.
        if (ws) this.renderer.warm();
        for (const view of this.views.values()) view.notesChanged();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument(e => {
        const talk = this.notes.talkForUri(e.document.uri);
        if (talk) this.views.get(talk.id)?.scheduleRender(LIVE_UPDATE_DELAY_MS);
      }),
    );
    // While the note is written in an editor, the notes view shows the same part of it.
    this._register(
      vscode.window.onDidChangeTextEditorVisibleRanges(e => {
        const uri = e.textEditor.document.uri;
        if ((this.following.get(uri.toString()) ?? 0) > Date.now()) return;
        const talk = this.notes.talkForUri(uri);
        const top = e.visibleRanges[0]?.start.line;
        if (talk && top !== undefined) this.views.get(talk.id)?.followEditor(top);
      }),
    );
    this._register({ dispose: () => [...this.views.values()].forEach(v => v.panel.dispose()) });
  }

  /** Shows the talk's notes, reusing its view when one is open. */
  show(talkId: string, column: vscode.ViewColumn = vscode.ViewColumn.Active, preserveFocus = false): NotesView | undefined {
    const talk = this.notes.talk(talkId);
    if (!talk) return undefined;
    walkthroughStepDone('openTalk');
    const existing = this.views.get(talkId);
    if (existing) {
      existing.panel.reveal(column, preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      NOTES_VIEW_TYPE,
      talk.title,
      { viewColumn: column, preserveFocus },
      this.webviewOptions(),
    );
    return this.adopt(panel, talkId);
  }

  viewFor(talkId: string): NotesView | undefined {
    return this.views.get(talkId);
  }

  /** The talk of the notes view the user looked at last, for commands run from its title bar. */
  get activeTalkId(): string | undefined {
    for (const v of this.views.values()) if (v.panel.active) return v.talkId;
    return undefined;
  }

  /** After a window reload: the state is what the webview saved, checked like any message from it. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    await this.notes.ready();
    // Saved ids may be relative paths (before a library): the talk's own id is the one kept.
    const talkId = isNotesViewState(state) && state.talkId ? this.notes.talk(state.talkId)?.id : undefined;
    if (!talkId || this.views.has(talkId)) {
      // Unreadable state, a talk that is gone (renamed, other notes folder) or already shown:
      // nothing sensible to restore.
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt(panel, talkId);
  }

  /** The editors showing the note scroll to `fileLine`, because the reader scrolled the view. */
  editorsFollow(noteUri: vscode.Uri, fileLine: number): void {
    const key = noteUri.toString();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== key) continue;
      this.following.set(key, Date.now() + FOLLOW_ECHO_MS);
      const line = Math.min(fileLine, editor.document.lineCount - 1);
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    }
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'media')];
    roots.push(...this.notes.roots);
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: roots,
    };
  }

  private adopt(panel: vscode.WebviewPanel, talkId: string): NotesView {
    const view = new NotesView(panel, talkId, this.extensionUri, this.notes, this, this.links);
    this.views.set(talkId, view);
    panel.onDidDispose(() => {
      if (this.views.get(talkId) === view) this.views.delete(talkId);
      view.dispose();
    });
    return view;
  }
}

/** One talk's notes view. */
export class NotesView extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private rendered = false;
  /** Renders run one after the other; of those asked for meanwhile only the last one runs. */
  private queue: Promise<void> = Promise.resolve();
  private requested = 0;
  /** The first render, made while the page loads and posted when it says it is ready. */
  private prepared: Promise<PreparedRender | undefined> | undefined;
  /** The note changed while the page loaded: the prepared render is out of date. */
  private preparedStale = false;
  private preparedPosted: () => void = () => {};
  /** 0-based file line where the rendered body starts, from the last render. */
  private bodyStart = 0;
  /** What the last render showed; an unchanged talk object means an unchanged note. */
  private shown: { talk: Talk; track: string } | undefined;
  /** Resolves after each render has been posted; tests and commands wait on it. */
  private lastRender: Promise<void> = Promise.resolve();
  private current: NotesViewStatus;
  /** Images already reported as failed, so a re-render does not log them again. */
  private readonly failedImages = new Set<string>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly talkId: string,
    extensionUri: vscode.Uri,
    private readonly notes: NotesService,
    private readonly views: NotesViews,
    private readonly links: NoteLinkOpener,
  ) {
    super();
    this.current = { talkId, state: 'loading', title: panel.title, banner: null, message: null, editable: false, html: '' };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'talk-notes.svg');
    panel.webview.html = notesViewHtml(panel.webview, extensionUri, {
      title: panel.title,
      lang: vscode.env.language,
      labels: notesViewLabels(),
    });
    this._register(panel.webview.onDidReceiveMessage(m => this.onMessage(m)));
    this._register({
      dispose: () => {
        clearTimeout(this.timer);
        this.preparedPosted();
      },
    });
    this.prepared = this.prepare(false).catch(err => {
      log.error(`preparing the notes of ${this.talkId} failed`, err);
      return undefined;
    });
    this.lastRender = new Promise(resolve => (this.preparedPosted = resolve));
  }

  get status(): NotesViewStatus {
    return this.current;
  }

  /** The notes changed on disk: only a change to this talk (or its track's title) shows here. */
  notesChanged(): void {
    const talk = this.notes.talk(this.talkId);
    if (this.rendered && talk && talk === this.shown?.talk && this.trackTitle(talk) === this.shown.track) return;
    this.scheduleRender(0);
  }

  private trackTitle(talk: Talk): string {
    return this.notes.trackOf(talk)?.title ?? '';
  }

  scheduleRender(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.requestRender(this.rendered), delay);
  }

  private requestRender(keepScroll: boolean): void {
    if (!this.ready) {
      // The page asks for its render once it has loaded.
      this.preparedStale = true;
      return;
    }
    const ticket = ++this.requested;
    this.lastRender = this.queue = this.queue.then(() => (ticket === this.requested ? this.renderSafely(keepScroll) : undefined));
  }

  /** Scrolls to the block rendered from the note's 0-based `fileLine` (the editor's top line). */
  followEditor(fileLine: number): void {
    if (!this.rendered) return;
    void this.post({ type: 'scrollTo', line: Math.max(0, fileLine - this.bodyStart) });
  }

  /** Waits for the pending render, if any; used by commands that must see the result. */
  rendering(): Promise<void> {
    return this.lastRender;
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isNotesViewToHost(raw)) return; // the webview is untrusted input like any other
    const message: NotesViewToHost = raw;
    try {
      switch (message.type) {
        case 'ready': {
          const prepared = this.prepared;
          this.prepared = undefined;
          this.ready = true;
          if (prepared && !this.preparedStale) {
            this.lastRender = this.queue = this.queue.then(() => this.showSafely(prepared));
          } else {
            // A later page (the view was hidden, or VS Code reloaded it) starts empty.
            this.requestRender(false);
          }
          void this.lastRender.then(this.preparedPosted);
          return;
        }
        case 'openLink':
          await this.links.open(message.href, this.talkId);
          return;
        case 'command':
          await vscode.commands.executeCommand(`talkNotes.${message.command}`, this.talkId);
          return;
        case 'imageFailed':
          if (this.failedImages.has(message.src)) return;
          this.failedImages.add(message.src);
          log.warn(`${this.talkId}: image could not be loaded: ${message.src}`);
          return;
        case 'scrolled': {
          const talk = this.notes.talk(this.talkId);
          const uri = talk && this.current.state === 'shown' ? this.notes.noteUri(talk) : undefined;
          // The very top of the view shows the header: the editor shows the front matter.
          if (uri) this.views.editorsFollow(uri, message.line === 0 ? 0 : message.line + this.bodyStart);
          return;
        }
        default:
          assertNever(message, 'message from the notes view');
      }
    } catch (err) {
      reportError(err, `notes view of ${this.talkId}`);
    }
  }

  /** Renders run in the background: a failure is logged and said in the view, never left unhandled. */
  private renderSafely(keepScroll: boolean): Promise<void> {
    return this.showSafely(this.prepare(keepScroll));
  }

  private async showSafely(prepared: Promise<PreparedRender | undefined>): Promise<void> {
    try {
      const render = await prepared;
      if (render && !this.isDisposed) await render.show();
    } catch (err) {
      log.error(`showing the notes of ${this.talkId} failed`, err);
      await this.unavailable(vscode.l10n.t('Talk Notes could not show {0}. The details are in the Talk Notes log.', this.talkId)).catch(
        () => {},
      );
    }
  }

  /** Reads and renders the note now; what `show()` then draws in the view. */
  private async prepare(keepScroll: boolean): Promise<PreparedRender | undefined> {
    const talk = this.notes.talk(this.talkId);
    if (!talk) {
      return {
        show: () => this.unavailable(vscode.l10n.t('This talk is no longer in the notes folder. It may have been renamed or deleted.')),
      };
    }
    const note = await noteToShow(this.notes, talk);
    if (note.kind === 'refused') return { show: () => this.unavailable(note.message) };
    const text = note.text;
    const split = splitFrontMatter(text);
    const notice = `> ${vscode.l10n.t('{0} is very large ({1} million characters); only its beginning is shown here. Split it into smaller notes, or open the file to read all of it.', talk.file, (text.length / 1e6).toFixed(1))}\n\n`;
    const noteDir = path.dirname(note.uri.fsPath);
    const root = this.notes.rootOf(talk)?.fsPath ?? noteDir;
    let html: string;
    let bodyStart: number;
    try {
      const shown = await renderBeginning(split.body, notice, markdown => this.views.renderer.render(markdown, noteDir, root));
      html = await withImageUris(shown.rendered.html, shown.rendered.token, shown.rendered.files, this.panel.webview);
      bodyStart = split.bodyLine - 1 - shown.shift;
    } catch (err) {
      if (!(err instanceof RenderTimeoutError)) throw err;
      const message = vscode.l10n.t(
        '{0} takes too long to show here. Open the file to read it, or split it into smaller notes.',
        talk.file,
      );
      return { show: () => this.unavailable(message) };
    }
    return {
      show: async () => {
        this.bodyStart = bodyStart;
        this.panel.title = talk.title;
        this.rendered = true;
        this.shown = { talk, track: this.trackTitle(talk) };
        const header = this.header(talk, note.readOnly === null);
        this.current = {
          talkId: talk.id,
          state: 'shown',
          title: talk.title,
          banner: note.readOnly,
          message: null,
          editable: header.editable,
          html,
        };
        await this.post({ type: 'render', talkId: talk.id, title: talk.title, html, header, banner: note.readOnly, keepScroll });
        // With the note open in an editor, the view shows the part the editor shows.
        const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === note.uri.toString());
        const top = editor?.visibleRanges[0]?.start.line;
        if (top !== undefined && top > 0) this.followEditor(top);
      },
    };
  }

  private async unavailable(message: string): Promise<void> {
    this.rendered = false;
    this.current = { ...this.current, state: 'unavailable', banner: null, message, editable: false, html: '' };
    await this.post({ type: 'unavailable', message });
  }

  private header(talk: Talk, editable: boolean): NotesHeader {
    return {
      title: talk.title,
      speakers: talk.speakers,
      track: this.trackTitle(talk),
      status: talk.status,
      has: { slides: Boolean(talk.slides), video: Boolean(talk.video), article: Boolean(talk.article) },
      editable,
    };
  }

  private async post(message: HostToNotesView): Promise<void> {
    await this.panel.webview.postMessage(message);
  }
}

/** A render ready to be drawn: reading and rendering are done, drawing waits for the page. */
interface PreparedRender {
  show(): Promise<void>;
}

/**
 * Puts the webview URIs of the note's local images (`files[n]`, marked `<token><n>` by the
 * renderer) into the HTML, a slice of images per turn of the event loop.
 */
async function withImageUris(html: string, token: string, files: string[], webview: vscode.Webview): Promise<string> {
  if (!files.length) return html;
  const uris: string[] = [];
  let turnStart = performance.now();
  for (const file of files) {
    if (performance.now() - turnStart >= TURN_MS) {
      await new Promise(resolve => setImmediate(resolve));
      turnStart = performance.now();
    }
    uris.push(escapeHtml(webview.asWebviewUri(vscode.Uri.file(file)).toString()));
  }
  return html.replace(new RegExp(`${token}(\\d+)`, 'g'), (_, n: string) => uris[Number(n)] ?? '');
}
