// Every change Talk Notes makes to a note goes through here: checked first (noteAccess.ts), computed
// on the text the user really has, applied as a WorkspaceEdit on the document (undo works, unsaved
// changes are kept), and saved only when the document had nothing unsaved.
import * as vscode from 'vscode';
import { frontMatterFieldEdit, type FrontMatterValue } from '../core/frontMatter';
import type { Talk, TextEdit } from '../core/model';
import { readNoteOnDisk, sameNoteText } from '../core/noteOnDisk';
import { personalNoteInsertion } from '../core/personalNote';
import { appendBlockToPersonalNotes, appendToPersonalNotes, insertAtCursor, insertBlockAtCursor } from '../core/references';
import { reportError, UserError } from './errors';
import { PERSONAL_NOTES_HEADINGS, personalNotesHeading } from './labels';
import { noteToEdit, openDocument } from './noteAccess';
import type { NotesService } from './notesService';

/**
 * How long an edit waits for VS Code to reload a note that changed on disk before giving up. Its
 * file watcher usually reports within a fraction of a second; a busy machine can take longer.
 */
const RELOAD_WAIT_MS = 5000;

export interface InsertedReference {
  note: vscode.Uri;
  text: string;
  /** 'cursor' when typed into the open note, 'section' when appended to the personal notes. */
  where: 'cursor' | 'section';
}

/**
 * The note's document, ready for an edit computed on its text. A document with unsaved changes is
 * what the user is working on, so it is used as it is. A document without them must hold what the
 * disk holds: when another program changed the file and VS Code has not reloaded it yet, an edit
 * on the old text would either fail to save ("the file is newer") or overwrite that change.
 */
async function documentToEdit(notes: NotesService, talk: Talk): Promise<vscode.TextDocument> {
  const { uri, text } = await noteToEdit(notes, talk);
  const doc = openDocument(uri) ?? (await vscode.workspace.openTextDocument(uri));
  if (doc.isDirty || sameNoteText(doc.getText(), text)) return doc;
  const caughtUp = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Waiting for VS Code to reload {0}…', talk.file) },
    () => reloaded(notes, doc),
  );
  if (caughtUp) return doc;
  throw new UserError(
    vscode.l10n.t('{0} changed on disk and VS Code has not reloaded it yet, so nothing was changed. Try again in a moment.', talk.file),
  );
}

/** Waits until VS Code has caught up with the file (or the user started typing in it). */
async function reloaded(notes: NotesService, doc: vscode.TextDocument): Promise<boolean> {
  const root = notes.rootFor(doc.uri);
  if (!root) return false;
  const deadline = Date.now() + RELOAD_WAIT_MS;
  while (Date.now() < deadline) {
    await changeOf(doc, 100);
    if (doc.isDirty) return true;
    const disk = readNoteOnDisk(root.fsPath, doc.uri.fsPath);
    if (disk.kind !== 'text') return false;
    if (sameNoteText(doc.getText(), disk.text)) return true;
  }
  return false;
}

function changeOf(doc: vscode.TextDocument, timeoutMs: number): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const sub = vscode.workspace.onDidChangeTextDocument(e => {
      if (e.document === doc) done();
    });
  });
}

/**
 * Applies a core TextEdit to the note's document. A document with unsaved changes stays unsaved
 * (the user decides when to save); otherwise the change is saved when `save` says so, so the
 * tree and the file agree.
 */
async function applyNoteEdit(doc: vscode.TextDocument, edit: TextEdit, save: 'ifClean' | 'never'): Promise<void> {
  await applyNoteEdits(doc, [edit], save);
}

/** The same for several edits of one text (none overlapping), as one change: one undo step. */
async function applyNoteEdits(doc: vscode.TextDocument, edits: readonly TextEdit[], save: 'ifClean' | 'never'): Promise<void> {
  const wasDirty = doc.isDirty;
  const we = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    const range = new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length));
    if (doc.getText(range) !== edit.text) we.replace(doc.uri, range, edit.text);
  }
  if (we.size === 0) return;
  if (!(await vscode.workspace.applyEdit(we))) {
    throw new UserError(vscode.l10n.t('VS Code refused the edit to {0}.', vscode.workspace.asRelativePath(doc.uri)));
  }
  if (!wasDirty && save === 'ifClean' && !(await doc.save())) {
    throw new UserError(
      vscode.l10n.t('{0} could not be saved; the change is in its editor, not saved yet.', vscode.workspace.asRelativePath(doc.uri)),
    );
  }
}

/**
 * The note's text as the user has it now (its unsaved changes, else the file), after the checks
 * every edit makes: for work that takes a while before its edit (editNoteText). Opens no
 * document, so scanning a whole folder does not load every note into VS Code.
 */
export async function noteTextToEdit(notes: NotesService, talk: Talk): Promise<string> {
  const { uri, text } = await noteToEdit(notes, talk);
  const doc = openDocument(uri);
  return doc?.isDirty ? doc.getText() : text;
}

/**
 * Edits computed on the note's text as it is at this moment (it may have changed since it was
 * last read), applied as one change and saved like Set Status when the note had no unsaved
 * changes. Resolves with the number of edits made.
 */
export async function editNoteText(notes: NotesService, talk: Talk, compute: (text: string) => readonly TextEdit[]): Promise<number> {
  const doc = await documentToEdit(notes, talk);
  const edits = compute(doc.getText());
  if (!edits.length) return 0;
  await applyNoteEdits(doc, edits, 'ifClean');
  await notes.refreshFile(doc.uri);
  return edits.length;
}

/** Sets one front matter key, leaving every other byte of the note as it was. */
export async function setFrontMatterField(notes: NotesService, talk: Talk, key: string, value: FrontMatterValue): Promise<void> {
  const doc = await documentToEdit(notes, talk);
  const edit = frontMatterFieldEdit(doc.getText(), key, value);
  if ('error' in edit) {
    throw new UserError(vscode.l10n.t('Cannot change “{0}” in {1}: {2}', key, talk.file, edit.error));
  }
  await applyNoteEdit(doc, edit, 'ifClean');
  await notes.refreshFile(doc.uri);
}

/**
 * Opens the note beside the notes view and adds a dated entry under the personal-notes section,
 * with the cursor on the empty line to type. The entry is left unsaved: the user is writing.
 */
export async function addPersonalNote(notes: NotesService, talk: Talk, now = new Date()): Promise<vscode.TextEditor> {
  const doc = await documentToEdit(notes, talk);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  const insertion = personalNoteInsertion(doc.getText(), {
    heading: personalNotesHeading(),
    knownHeadings: PERSONAL_NOTES_HEADINGS,
    stamp: formatStamp(now),
  });
  await applyNoteEdit(doc, insertion.edit, 'never');
  placeCursor(editor, insertion.cursor);
  return editor;
}

/**
 * Writes a reference (slide link, video moment: a string, written inline) or a quote (lines of a
 * blockquote, written as a block of their own) into the note: at the cursor of a visible editor
 * showing it (the usual layout: slides on one side, note on the other), left unsaved like any
 * typing; otherwise appended to the personal notes, saved when the note had no unsaved changes,
 * and announced.
 */
export async function insertIntoNote(notes: NotesService, talk: Talk, snippet: string | readonly string[]): Promise<InsertedReference> {
  const doc = await documentToEdit(notes, talk);
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(e => e?.document === doc);
  const text = typeof snippet === 'string' ? snippet : snippet.join('\n');
  if (editor) {
    const offset = doc.offsetAt(editor.selection.active);
    const insertion =
      typeof snippet === 'string' ? insertAtCursor(doc.getText(), offset, snippet) : insertBlockAtCursor(doc.getText(), offset, snippet);
    await applyNoteEdit(doc, insertion.edit, 'never');
    placeCursor(editor, insertion.cursor);
    return { note: doc.uri, text, where: 'cursor' };
  }
  const section = { heading: personalNotesHeading(), knownHeadings: PERSONAL_NOTES_HEADINGS };
  const insertion =
    typeof snippet === 'string'
      ? appendToPersonalNotes(doc.getText(), snippet, section)
      : appendBlockToPersonalNotes(doc.getText(), snippet, section);
  await applyNoteEdit(doc, insertion.edit, 'ifClean');
  await notes.refreshFile(doc.uri);
  const open = vscode.l10n.t('Open Note');
  const added =
    typeof snippet === 'string'
      ? vscode.l10n.t('Added a link to the notes of “{0}”.', talk.title)
      : vscode.l10n.t('Added a quote to the notes of “{0}”.', talk.title);
  void vscode.window.showInformationMessage(added, open).then(async choice => {
    if (choice !== open) return;
    try {
      const shown = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      placeCursor(shown, insertion.cursor, vscode.TextEditorRevealType.InCenter);
    } catch (err) {
      reportError(err, `opening ${talk.file}`);
    }
  });
  return { note: doc.uri, text, where: 'section' };
}

function placeCursor(
  editor: vscode.TextEditor,
  offset: number,
  reveal: vscode.TextEditorRevealType = vscode.TextEditorRevealType.InCenterIfOutsideViewport,
): void {
  const cursor = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(cursor, cursor), reveal);
}

function formatStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
