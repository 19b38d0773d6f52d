// The notes view: one webview panel per talk, reused, restored after a reload, re-rendered
// (debounced) while the note is edited and whenever the notes on disk change.
import * as vscode from 'vscode';
import path from 'node:path';
import type { Talk } from '../core/model';
import { splitFrontMatter } from '../core/frontMatter';
import type { NotesRenderer } from '../core/render';
import { createRenderer } from '../core/render';
import { isNotesViewToHost, type HostToNotesView, type NotesHeader, type NotesViewToHost } from '../shared/notesViewProtocol';
import { notesViewHtml } from './webviewHtml';
import type { NotesService } from './notesService';
import { statusLabel } from './labels';
import type { NoteLinkOpener } from './noteLinkOpener';

export const NOTES_VIEW_TYPE = 'talkNotes.notes';

/** Rendering is linear but not free (~0.3 s per MB): beyond this the view shows the beginning only. */
const MAX_RENDERED_CHARS = 500_000;

/** Typing pauses shorter than this do not re-render; long enough to skip keystrokes, short enough to feel live. */
const LIVE_UPDATE_DELAY_MS = 150;

interface PanelState {
  talkId?: string;
}

export class NotesViewManager implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Map<string, NotesViewPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private renderer: Promise<NotesRenderer> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly notes: NotesService,
    private readonly links: NoteLinkOpener,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(NOTES_VIEW_TYPE, this),
      notes.onDidChange(() => {
        for (const panel of this.panels.values()) panel.scheduleRender(0);
      }),
      vscode.workspace.onDidChangeTextDocument(e => {
        const talk = this.notes.talkForUri(e.document.uri);
        if (talk) this.panels.get(talk.id)?.scheduleRender(LIVE_UPDATE_DELAY_MS);
      }),
      // While the note is written in an editor, the notes view shows the same part of it.
      vscode.window.onDidChangeTextEditorVisibleRanges(e => {
        const talk = this.notes.talkForUri(e.textEditor.document.uri);
        const top = e.visibleRanges[0]?.start.line;
        if (talk && top !== undefined) this.panels.get(talk.id)?.followEditor(top);
      }),
    );
  }

  /** markdown-it is loaded the first time a note is shown, not at activation. */
  getRenderer(): Promise<NotesRenderer> {
    this.renderer ??= createRenderer();
    return this.renderer;
  }

  /** Shows the talk's notes, reusing its panel when one is open. */
  show(talkId: string, column: vscode.ViewColumn = vscode.ViewColumn.Active, preserveFocus = false): NotesViewPanel | undefined {
    const talk = this.notes.talk(talkId);
    if (!talk) return undefined;
    const existing = this.panels.get(talkId);
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

  panelFor(talkId: string): NotesViewPanel | undefined {
    return this.panels.get(talkId);
  }

  /** The talk of the notes view the user looked at last, for commands run from its title bar. */
  get activeTalkId(): string | undefined {
    for (const p of this.panels.values()) if (p.panel.active) return p.talkId;
    return undefined;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    await this.notes.ready();
    const talkId = state?.talkId;
    if (!talkId || !this.notes.talk(talkId) || this.panels.has(talkId)) {
      // The talk is gone (renamed, other notes folder) or already shown: nothing sensible to restore.
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt(panel, talkId);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'media')];
    if (this.notes.root) roots.push(this.notes.root);
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: roots,
    };
  }

  private adopt(panel: vscode.WebviewPanel, talkId: string): NotesViewPanel {
    const notesPanel = new NotesViewPanel(panel, talkId, this.extensionUri, this.notes, this, this.links);
    this.panels.set(talkId, notesPanel);
    panel.onDidDispose(() => {
      if (this.panels.get(talkId) === notesPanel) this.panels.delete(talkId);
      notesPanel.dispose();
    });
    return notesPanel;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export class NotesViewPanel implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private rendered = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** 0-based file line where the rendered body starts, from the last render. */
  private bodyStart = 0;
  /** Resolves after each render has been posted; tests and commands wait on it. */
  private lastRender: Promise<void> = Promise.resolve();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly talkId: string,
    extensionUri: vscode.Uri,
    private readonly notes: NotesService,
    private readonly manager: NotesViewManager,
    private readonly links: NoteLinkOpener,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'talk-notes.svg');
    panel.webview.html = notesViewHtml(panel.webview, extensionUri, { title: panel.title, lang: vscode.env.language });
    this.subscriptions.push(panel.webview.onDidReceiveMessage(m => this.onMessage(m)));
  }

  scheduleRender(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.lastRender = this.render(this.rendered);
    }, delay);
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
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.lastRender = this.render(false);
        return;
      case 'openLink':
        await this.links.open(message.href, this.talkId);
        return;
      case 'command':
        await vscode.commands.executeCommand(`talkNotes.${message.command}`, this.talkId);
        return;
      default:
        return;
    }
  }

  private async render(keepScroll: boolean): Promise<void> {
    if (!this.ready) return;
    const talk = this.notes.talk(this.talkId);
    if (!talk) {
      await this.post({
        type: 'missing',
        message: vscode.l10n.t('This talk is no longer in the notes folder. It may have been renamed or deleted.'),
      });
      return;
    }
    const noteUri = this.notes.noteUri(talk);
    if (!noteUri) return;
    let text: string;
    try {
      text = await readNote(noteUri);
    } catch (err) {
      await this.post({ type: 'missing', message: vscode.l10n.t('Could not read {0}: {1}', talk.file, (err as Error).message) });
      return;
    }
    const split = splitFrontMatter(text);
    let body = split.body;
    this.bodyStart = split.bodyLine - 1;
    if (body.length > MAX_RENDERED_CHARS) {
      const size = (text.length / 1e6).toFixed(1);
      this.bodyStart -= 2; // the notice below adds two lines before the body
      body = `> ${vscode.l10n.t('{0} is very large ({1} million characters); only its beginning is shown here. Split it into smaller notes, or open the file to read all of it.', talk.file, size)}\n\n${body.slice(0, MAX_RENDERED_CHARS)}`;
    }
    const renderer = await this.manager.getRenderer();
    const webview = this.panel.webview;
    const noteDir = path.dirname(noteUri.fsPath);
    const root = this.notes.root?.fsPath ?? noteDir;
    const { html } = renderer.render(body, {
      resolveImage: src => resolveImage(src, noteDir, root, webview),
    });
    this.panel.title = talk.title;
    this.rendered = true;
    await this.post({ type: 'render', talkId: talk.id, title: talk.title, html, header: this.header(talk), keepScroll });
    // With the note open in an editor, the view shows the part the editor shows.
    const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === noteUri.toString());
    const top = editor?.visibleRanges[0]?.start.line;
    if (top !== undefined && top > 0) this.followEditor(top);
  }

  private header(talk: Talk): NotesHeader {
    return {
      title: talk.title,
      speakers: talk.speakers,
      track: this.notes.track(talk.trackId)?.title ?? '',
      status: talk.status,
      has: { slides: Boolean(talk.slides), video: Boolean(talk.video), article: Boolean(talk.article) },
      labels: {
        slides: vscode.l10n.t('Slides'),
        video: vscode.l10n.t('Video'),
        article: vscode.l10n.t('Article'),
        addNote: vscode.l10n.t('Add Personal Note'),
        setStatus: vscode.l10n.t('Set Status'),
        status: statusLabel(talk.status),
        noSlides: vscode.l10n.t('This talk has no slides yet'),
        noVideo: vscode.l10n.t('This talk has no video link'),
        noArticle: vscode.l10n.t('This talk has no article link'),
        imageFailed: vscode.l10n.t('Image could not be loaded'),
        imageUnavailable: vscode.l10n.t('Image not shown: only images inside the notes folder or on https are displayed'),
        empty: vscode.l10n.t('No notes yet. Use “Add Personal Note” to start writing.'),
      },
    };
  }

  private async post(message: HostToNotesView): Promise<void> {
    await this.panel.webview.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The open document's text when the note is open (unsaved edits included), else the file. */
async function readNote(uri: vscode.Uri): Promise<string> {
  const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  if (doc) return doc.getText();
  const bytes = await vscode.workspace.fs.readFile(uri);
  return new TextDecoder('utf-8').decode(bytes);
}

const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

/**
 * Local images become webview URIs when they stay inside the notes folder (the only local root
 * the webview may read); remote https images stay as they are; anything else is a placeholder.
 */
function resolveImage(src: string, noteDir: string, root: string, webview: vscode.Webview): string | null {
  const s = src.trim().replace(/^<(.*)>$/, '$1');
  if (/^https:\/\//i.test(s)) return s;
  if (DATA_IMAGE.test(s)) return s;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) return null;
  // The renderer hands over targets already percent-decoded.
  const file = path.resolve(noteDir, s.split(/[?#]/)[0].replace(/\\/g, '/'));
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return webview.asWebviewUri(vscode.Uri.file(file)).toString();
}
