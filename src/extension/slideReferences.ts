// Notes ↔ slides ↔ video: "Insert Slide Reference" and "Insert Video Timestamp" decide which talk,
// which page or moment and which text; noteEdits.ts writes it into the note (at the cursor when
// the note is open beside the slides, else at the end of the personal-notes section).
import * as vscode from 'vscode';
import path from 'node:path';
import type { Talk } from '../core/model';
import { httpUrl, parseTimestamp } from '../core/links';
import { relativeLinkPath, slideReference, videoTimestampLink } from '../core/references';
import { isPage } from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { guardCommand } from './errors';
import { insertIntoNote, type InsertedReference } from './noteEdits';
import type { NotesService } from './notesService';
import type { SlidesViewerProvider } from './slidesViewer';
import { pickTalk, talkGone } from './talkPicker';

export type { InsertedReference };

const INSERT_SLIDE_REFERENCE = 'talkNotes.insertSlideReference';
const INSERT_VIDEO_TIMESTAMP = 'talkNotes.insertVideoTimestamp';

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

/** Insert Slide Reference and Insert Video Timestamp: which talk, which page or moment, what text. */
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
        guardCommand(INSERT_VIDEO_TIMESTAMP, (arg?: unknown, time?: unknown) => this.insertVideoTimestamp(arg, time)),
      ),
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
    const talk = talkForSlides(notes, pdf);
    const note = talk && notes.noteUri(talk);
    if (!talk || !note) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          '{0} is not the slides of any talk in the notes folder. Use “Locate Slides PDF…” on the talk to connect them.',
          path.basename(pdf.fsPath),
        ),
      );
      return undefined;
    }
    const at = isPage(page) ? page : (viewer.viewerFor(pdf)?.status.page ?? 1);
    const text = slideReference({
      title: talk.title,
      page: at,
      noteFile: talk.file,
      pdfFromNote: relativeLinkPath(note.fsPath, pdf.fsPath),
    });
    return insertIntoNote(notes, talk, text);
  }

  private async insertVideoTimestamp(arg?: unknown, time?: unknown): Promise<InsertedReference | undefined> {
    const { notes } = this;
    await notes.ready();
    const talk = await this.talkOf(arg);
    if (!talk) return undefined;
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
    return insertIntoNote(notes, talk, videoTimestampLink(video, seconds));
  }

  /** The talk a command is about: given (note or PDF URI, talk id), the active note, the active viewer, or picked. */
  private async talkOf(arg: unknown): Promise<Talk | undefined> {
    const { notes, viewer } = this;
    if (typeof arg === 'string') return notes.talk(arg) ?? talkGone(arg);
    if (arg instanceof vscode.Uri)
      return notes.talkForUri(arg) ?? talkForSlides(notes, arg) ?? talkGone(vscode.workspace.asRelativePath(arg));
    const editor = vscode.window.activeTextEditor;
    const fromEditor = editor && notes.talkForUri(editor.document.uri);
    if (fromEditor) return fromEditor;
    const active = viewer.activeViewer;
    const fromViewer = active && talkForSlides(notes, active.file);
    return fromViewer ?? pickTalk(notes, vscode.l10n.t('Insert a video timestamp into the notes of…'));
  }
}
