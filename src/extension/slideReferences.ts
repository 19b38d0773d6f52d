// Notes ↔ slides ↔ video: "Insert Slide Reference" and "Insert Video Timestamp" write a link into
// the talk's note, at the cursor when the note is open beside the slides, else at the end of the
// personal-notes section. Every change goes through applyNoteEdit (undo works, unsaved text kept).
import * as vscode from 'vscode';
import path from 'node:path';
import type { Talk } from '../core/model';
import { httpUrl, parseTimestamp } from '../core/links';
import { appendToPersonalNotes, insertAtCursor, relativeLinkPath, slideReference, videoTimestampLink } from '../core/references';
import { isPage } from '../shared/slidesViewerProtocol';
import { applyNoteEdit, NoteEditError } from './noteEdits';
import { PERSONAL_NOTES_HEADINGS, personalNotesHeading } from './labels';
import type { NotesService } from './notesService';
import type { SlidesViewerProvider } from './slidesViewer';
import { pickTalk } from './talkPicker';

export interface InsertedReference {
  note: vscode.Uri;
  text: string;
  /** 'cursor' when typed into the open note, 'section' when appended to the personal notes. */
  where: 'cursor' | 'section';
}

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

export function registerReferenceCommands(notes: NotesService, viewer: SlidesViewerProvider): vscode.Disposable[] {
  const insertSlideReference = async (arg?: unknown, page?: unknown): Promise<InsertedReference | undefined> => {
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
    return insertIntoNote(notes, talk, note, text);
  };

  const insertVideoTimestamp = async (arg?: unknown, time?: unknown): Promise<InsertedReference | undefined> => {
    await notes.ready();
    const talk = await talkOf(notes, viewer, arg);
    const note = talk && notes.noteUri(talk);
    if (!talk || !note) return undefined;
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
    return insertIntoNote(notes, talk, note, videoTimestampLink(video, seconds));
  };

  const guarded =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R | undefined> => {
      try {
        return await fn(...a);
      } catch (err) {
        if (err instanceof NoteEditError) void vscode.window.showErrorMessage(err.message);
        else {
          console.error('[talk-notes]', err);
          void vscode.window.showErrorMessage(vscode.l10n.t('Talk Notes: {0}', err instanceof Error ? err.message : String(err)));
        }
        return undefined;
      }
    };

  return [
    vscode.commands.registerCommand('talkNotes.insertSlideReference', guarded(insertSlideReference)),
    vscode.commands.registerCommand('talkNotes.insertVideoTimestamp', guarded(insertVideoTimestamp)),
  ];
}

/** The talk a command is about: given (note or PDF URI, talk id), the active note, the active viewer, or picked. */
async function talkOf(notes: NotesService, viewer: SlidesViewerProvider, arg: unknown): Promise<Talk | undefined> {
  if (typeof arg === 'string') return notes.talk(arg);
  if (arg instanceof vscode.Uri) return notes.talkForUri(arg) ?? talkForSlides(notes, arg);
  const editor = vscode.window.activeTextEditor;
  const fromEditor = editor && notes.talkForUri(editor.document.uri);
  if (fromEditor) return fromEditor;
  const active = viewer.activeViewer;
  const fromViewer = active && talkForSlides(notes, active.file);
  return fromViewer ?? pickTalk(notes, vscode.l10n.t('Insert a video timestamp into the notes of…'));
}

/**
 * At the cursor of a visible editor showing the note (the usual layout: slides on one side,
 * note on the other), left unsaved like any typing; otherwise appended to the personal notes,
 * saved when the note had no unsaved changes, and announced.
 */
async function insertIntoNote(notes: NotesService, talk: Talk, note: vscode.Uri, text: string): Promise<InsertedReference> {
  const same = (e: vscode.TextEditor) => e.document.uri.toString() === note.toString();
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(e => e && same(e));
  if (editor) {
    const doc = editor.document;
    const insertion = insertAtCursor(doc.getText(), doc.offsetAt(editor.selection.active), text);
    await applyNoteEdit(doc, insertion.edit, 'never');
    const cursor = doc.positionAt(insertion.cursor);
    editor.selection = new vscode.Selection(cursor, cursor);
    editor.revealRange(new vscode.Range(cursor, cursor), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { note, text, where: 'cursor' };
  }
  const doc = await vscode.workspace.openTextDocument(note);
  const insertion = appendToPersonalNotes(doc.getText(), text, { heading: personalNotesHeading(), knownHeadings: PERSONAL_NOTES_HEADINGS });
  await applyNoteEdit(doc, insertion.edit);
  await notes.refreshFile(note);
  const open = vscode.l10n.t('Open Note');
  void vscode.window.showInformationMessage(vscode.l10n.t('Added a link to the notes of “{0}”.', talk.title), open).then(async choice => {
    if (choice !== open) return;
    const shown = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const cursor = doc.positionAt(insertion.cursor);
    shown.selection = new vscode.Selection(cursor, cursor);
    shown.revealRange(new vscode.Range(cursor, cursor), vscode.TextEditorRevealType.InCenter);
  });
  return { note, text, where: 'section' };
}
