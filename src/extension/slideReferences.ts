// Notes ↔ slides ↔ video: "Insert Slide Reference", "Insert Video Timestamp" and "Quote in Notes"
// decide which talk, which page, moment or passage and which text; noteEdits.ts writes it into the
// note (at the cursor when the note is open beside the slides, else at the end of the
// personal-notes section).
import * as vscode from 'vscode';
import path from 'node:path';
import type { Talk } from '../core/model';
import { httpUrl, parseTimestamp } from '../core/links';
import { foldQuoteText, MAX_QUOTE_CHARS, momentSnippet, quoteSnippet } from '../core/quotesAndMoments';
import { relativeLinkPath, slideReference, videoTimestampLink } from '../core/references';
import { isPage, type QuotePart } from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { guardCommand } from './errors';
import { insertIntoNote, type InsertedReference } from './noteEdits';
import type { NotesService } from './notesService';
import type { SlidesViewerProvider } from './slidesViewer';
import { pickTalk, talkGone } from './talkPicker';

export type { InsertedReference };

const INSERT_SLIDE_REFERENCE = 'talkNotes.insertSlideReference';
const INSERT_VIDEO_TIMESTAMP = 'talkNotes.insertVideoTimestamp';
export const QUOTE_IN_NOTES = 'talkNotes.quoteInNotes';

/** The talk whose `slides` is this PDF. */
export function talkForSlides(notes: NotesService, pdf: vscode.Uri): Talk | undefined {
  const key = comparablePath(pdf);
  return notes.allTalks().find(t => {
    const uri = notes.slidesUri(t);
    return uri !== undefined && comparablePath(uri) === key;
  });
}

function comparablePath(uri: vscode.Uri): string {
  const p = path.normalize(uri.fsPath);
  // Windows and macOS file systems ignore case by default.
  return process.platform === 'linux' ? p : p.toLowerCase();
}

/** Insert Slide Reference, Insert Video Timestamp and Quote in Notes: which talk, which page, moment or passage, what text. */
export class ReferenceCommands extends Disposable {
  constructor(
    private readonly notes: NotesService,
    private readonly viewer: SlidesViewerProvider,
  ) {
    super();
    this._register(
      vscode.commands.registerCommand(
        INSERT_SLIDE_REFERENCE,
        guardCommand(INSERT_SLIDE_REFERENCE, (arg?: unknown, page?: unknown) => this.insertSlideReference(arg, page)),
      ),
    );
    this._register(
      vscode.commands.registerCommand(
        INSERT_VIDEO_TIMESTAMP,
        guardCommand(INSERT_VIDEO_TIMESTAMP, (arg?: unknown, time?: unknown, page?: unknown) => this.insertVideoTimestamp(arg, time, page)),
      ),
    );
    this._register(
      vscode.commands.registerCommand(
        QUOTE_IN_NOTES,
        guardCommand(QUOTE_IN_NOTES, (arg?: unknown, parts?: unknown) => this.quoteInNotes(arg, parts)),
      ),
    );
  }

  /** The talk whose slides these are, or a warning saying the PDF belongs to no talk. */
  private talkOfSlides(pdf: vscode.Uri): { talk: Talk; note: vscode.Uri } | undefined {
    const talk = talkForSlides(this.notes, pdf);
    const note = talk && this.notes.noteUri(talk);
    if (talk && note) return { talk, note };
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} is not the slides of any talk in the notes folder. Use “Locate Slides PDF…” on the talk to connect them.',
        path.basename(pdf.fsPath),
      ),
    );
    return undefined;
  }

  /**
   * Quote in Notes: the selected text of the slides, one `> text [p.N](#slide=N)` line per page it
   * covers (a selection across two pages quotes each page's part with its own page), as one
   * blockquote. `parts` come from the viewer's button; from a menu, a key or the palette the
   * viewer (given by URI, else the active one) is asked what is selected.
   */
  private async quoteInNotes(arg?: unknown, parts?: unknown): Promise<InsertedReference | undefined> {
    const { notes, viewer } = this;
    await notes.ready();
    const panel = arg instanceof vscode.Uri ? viewer.viewerFor(arg) : viewer.activeViewer;
    const pdf = arg instanceof vscode.Uri ? arg : panel?.file;
    if (!pdf) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open the slides of a talk first.'));
      return undefined;
    }
    const target = this.talkOfSlides(pdf);
    if (!target) return undefined;
    const selected = isQuoteParts(parts) ? parts : ((await panel?.selectedText()) ?? []);
    const quoted = selected.map(p => ({ page: p.page, text: foldQuoteText(p.text) })).filter(p => p.text);
    if (!quoted.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select text on a page of the slides first, then choose Quote in Notes.'));
      return undefined;
    }
    const longest = Math.max(...quoted.map(p => p.text.length));
    if (longest > MAX_QUOTE_CHARS) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'The selection is too long to quote ({0} characters; at most {1}). Select a passage of the slide instead.',
          longest,
          MAX_QUOTE_CHARS,
        ),
      );
      return undefined;
    }
    return insertIntoNote(
      notes,
      target.talk,
      quoted.map(p => quoteSnippet(p.text, p.page)),
    );
  }

  private async insertSlideReference(arg?: unknown, page?: unknown): Promise<InsertedReference | undefined> {
    const { notes, viewer } = this;
    await notes.ready();
    const pdf = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg, true) : viewer.activeViewer?.file;
    if (!pdf) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open the slides of a talk first.'));
      return undefined;
    }
    const target = this.talkOfSlides(pdf);
    if (!target) return undefined;
    const { talk, note } = target;
    const at = isPage(page) ? page : (viewer.viewerFor(pdf)?.status.page ?? 1);
    const text = slideReference({
      title: talk.title,
      page: at,
      noteFile: talk.file,
      pdfFromNote: relativeLinkPath(note.fsPath, pdf.fsPath),
    });
    return insertIntoNote(notes, talk, text);
  }

  /**
   * Asks for the time (unless given) and writes a link to the video at that moment. From the
   * slides viewer (a PDF given, or the active viewer) the current page comes with it, so the
   * slide and the moment are paired in one step: `[p.N](#slide=N) [▶ m:ss](…)`.
   */
  private async insertVideoTimestamp(arg?: unknown, time?: unknown, page?: unknown): Promise<InsertedReference | undefined> {
    const { notes } = this;
    await notes.ready();
    const found = await this.talkOf(arg);
    if (!found) return undefined;
    const { talk, pdf } = found;
    const video = httpUrl(talk.video);
    if (!video) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('“{0}” has no video link. Add `video: https://…` to its front matter.', talk.title),
      );
      return undefined;
    }
    let seconds =
      typeof time === 'number' && Number.isFinite(time) && time >= 0 ? time : typeof time === 'string' ? parseTimestamp(time) : null;
    if (seconds === null) {
      const answer = await vscode.window.showInputBox({
        title: vscode.l10n.t('Insert Video Timestamp'),
        prompt: vscode.l10n.t('Time in the video of “{0}” (m:ss or h:mm:ss)', talk.title),
        placeHolder: '12:34',
        ignoreFocusOut: true,
        validateInput: value => (parseTimestamp(value) === null ? vscode.l10n.t('Enter a time like 12:34 or 1:02:03.') : undefined),
      });
      if (answer === undefined) return undefined;
      seconds = parseTimestamp(answer);
      if (seconds === null) return undefined;
    }
    if (!pdf) return insertIntoNote(notes, talk, videoTimestampLink(video, seconds));
    const slide = isPage(page) ? page : (this.viewer.viewerFor(pdf)?.status.page ?? 1);
    return insertIntoNote(notes, talk, momentSnippet(slide, video, seconds));
  }

  /**
   * The talk a command is about: given (note or PDF URI, talk id), the active note, the active
   * viewer, or picked; with the PDF when it came from the slides.
   */
  private async talkOf(arg: unknown): Promise<{ talk: Talk; pdf?: vscode.Uri } | undefined> {
    const { notes, viewer } = this;
    const found = (talk: Talk | undefined, pdf?: vscode.Uri) => (talk ? { talk, pdf } : undefined);
    if (typeof arg === 'string') return found(notes.talk(arg) ?? talkGone(arg));
    if (arg instanceof vscode.Uri) {
      const ofNote = notes.talkForUri(arg);
      if (ofNote) return { talk: ofNote };
      return found(talkForSlides(notes, arg), arg) ?? found(talkGone(vscode.workspace.asRelativePath(arg)));
    }
    const editor = vscode.window.activeTextEditor;
    const fromEditor = editor && notes.talkForUri(editor.document.uri);
    if (fromEditor) return { talk: fromEditor };
    const active = viewer.activeViewer;
    const fromViewer = active && talkForSlides(notes, active.file);
    if (fromViewer && active) return { talk: fromViewer, pdf: active.file };
    return found(await pickTalk(notes, vscode.l10n.t('Insert a video timestamp into the notes of…')));
  }
}

function isQuoteParts(x: unknown): x is QuotePart[] {
  return Array.isArray(x) && x.every(p => p && typeof p === 'object' && isPage(p.page) && typeof p.text === 'string');
}
