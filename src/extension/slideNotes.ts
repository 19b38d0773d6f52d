// The note beside the slides: every slides viewer shows what its talk's note says about the pages
// (quoted passages, moments of the video paired with a page), kept current as the note changes,
// unsaved edits in the editor included; and what a viewer asks of the note is done here: Quote in
// Notes from its button, the note shown at a quote whose highlight was clicked, the video opened at
// a moment whose chip was clicked (http(s) only, and only a moment the note holds).
import * as vscode from 'vscode';
import { httpUrl } from '../core/links';
import { ownSlidesOf, readQuotesAndMoments, type QuotesAndMoments } from '../core/quotesAndMoments';
import { MAX_MARKS, type PdfMarksMessage } from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { reportError } from './errors';
import { log } from './log';
import { noteToShow } from './noteAccess';
import type { NotesService } from './notesService';
import { QUOTE_IN_NOTES, talkForSlides } from './slideReferences';
import type { SlidesViewerPanel, SlidesViewerProvider, ViewerNoteRequest } from './slidesViewer';

/** Typing pauses shorter than this do not update the viewers (the notes view waits as long). */
const UPDATE_DELAY_MS = 150;
/** Longer quote texts are not sent: no highlight for a quote of several pages. */
const MAX_SENT_TEXT = 4096;

export class SlideNotes extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What each viewer was last sent, read back when it asks to open a moment. */
  private readonly sent = new WeakMap<SlidesViewerPanel, QuotesAndMoments>();

  constructor(
    private readonly notes: NotesService,
    private readonly viewers: SlidesViewerProvider,
  ) {
    super();
    this._register(viewers.onDidSendFile(v => void this.update(v)));
    viewers.noteRequests = (viewer, request) => this.answer(viewer, request);
    this._register({ dispose: () => (viewers.noteRequests = undefined) });
    this._register(notes.onDidChange(() => this.schedule()));
    this._register(
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.contentChanges.length && notes.talkForUri(e.document.uri)) this.schedule();
      }),
    );
    // Closing a note with unsaved changes (discarded) leaves the text on disk as the note.
    this._register(vscode.workspace.onDidCloseTextDocument(doc => notes.talkForUri(doc.uri) && this.schedule()));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const v of this.viewers.allViewers()) void this.update(v);
    }, UPDATE_DELAY_MS);
  }

  /** The quotes and moments of the note of the talk whose slides `viewer` shows (none for a PDF of no talk). */
  private async marksOf(viewer: SlidesViewerPanel): Promise<QuotesAndMoments> {
    const talk = talkForSlides(this.notes, viewer.file);
    const slides = talk && this.notes.slidesUri(talk);
    if (!talk || !slides) return { quotes: [], moments: [] };
    const note = await noteToShow(this.notes, talk);
    if (note.kind === 'refused') return { quotes: [], moments: [] };
    return readQuotesAndMoments(note.text, { isOwnSlides: ownSlidesOf(note.uri.fsPath, slides.fsPath) });
  }

  private async update(viewer: SlidesViewerPanel): Promise<void> {
    try {
      const marks = await this.marksOf(viewer);
      this.sent.set(viewer, marks);
      const message: PdfMarksMessage = {
        type: 'marks',
        quotes: marks.quotes
          .filter(q => q.text.length <= MAX_SENT_TEXT)
          .slice(0, MAX_MARKS)
          .map(q => ({ page: q.page, text: q.text, line: q.line })),
        moments: marks.moments
          .filter(m => m.url.length <= MAX_SENT_TEXT)
          .slice(0, MAX_MARKS)
          .map(m => ({ page: m.page, seconds: m.seconds, url: m.url, line: m.line })),
      };
      await viewer.showMarks(message);
    } catch (err) {
      log.error(`showing the notes' quotes in the slides viewer of ${viewer.file.fsPath} failed`, err);
    }
  }

  private async answer(viewer: SlidesViewerPanel, request: ViewerNoteRequest): Promise<void> {
    try {
      switch (request.kind) {
        case 'quote':
          await vscode.commands.executeCommand(QUOTE_IN_NOTES, viewer.file, request.parts);
          return;
        case 'showQuote':
          await this.showQuote(viewer, request.line);
          return;
        case 'openMoment':
          await this.openMoment(viewer, request.url);
          return;
      }
    } catch (err) {
      reportError(err, `slides viewer of ${viewer.file.fsPath}`);
    }
  }

  /**
   * Opens the note beside the slides with the quote selected (in the editor already showing it, if
   * one does); a notes view of the talk follows the editor to it.
   */
  private async showQuote(viewer: SlidesViewerPanel, line: number): Promise<void> {
    const talk = talkForSlides(this.notes, viewer.file);
    const uri = talk && this.notes.noteUri(talk);
    if (!uri) return;
    const quote = (await this.marksOf(viewer)).quotes.find(q => q.line === line);
    if (!quote) return; // the note changed meanwhile: the next update removes the highlight
    const shown = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri.toString());
    const doc = shown?.document ?? (await vscode.workspace.openTextDocument(uri));
    const end = doc.lineAt(Math.min(quote.endLine, doc.lineCount - 1)).range.end;
    const selection = new vscode.Selection(new vscode.Position(Math.min(quote.line, doc.lineCount - 1), 0), end);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside,
      preview: false,
      selection,
    });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async openMoment(viewer: SlidesViewerPanel, url: string): Promise<void> {
    // The webview is untrusted: only a moment the note holds, and only http(s), leaves the editor.
    const known = (this.sent.get(viewer)?.moments ?? []).some(m => m.url === url);
    const safe = httpUrl(url);
    if (!known || !safe) {
      log.warn(`slides viewer of ${viewer.file.fsPath}: refused to open a moment the note does not hold: ${url.slice(0, 200)}`);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(safe, true));
  }
}
