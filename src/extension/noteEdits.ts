// Every change Talk Notes makes to a note goes through here: as a WorkspaceEdit on the document
// (so undo works and unsaved changes are kept), saved only when the document had nothing unsaved.
import * as vscode from 'vscode';
import { frontMatterFieldEdit } from '../core/frontMatter';
import type { TextEdit } from '../core/model';
import { personalNoteInsertion } from '../core/personalNote';
import { PERSONAL_NOTES_HEADINGS, personalNotesHeading } from './labels';

export class NoteEditError extends Error {}

/**
 * Applies a core TextEdit to the note. When the document had unsaved changes it stays unsaved
 * (the user decides when to save); otherwise the change is saved so the tree and files agree.
 */
export async function applyNoteEdit(doc: vscode.TextDocument, edit: TextEdit, save: 'ifClean' | 'never' = 'ifClean'): Promise<void> {
  const wasDirty = doc.isDirty;
  const range = new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length));
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, range, edit.text);
  if (!(await vscode.workspace.applyEdit(we))) {
    throw new NoteEditError(vscode.l10n.t('VS Code refused the edit to {0}.', vscode.workspace.asRelativePath(doc.uri)));
  }
  if (!wasDirty && save === 'ifClean') await doc.save();
}

/** Sets one front matter key, leaving every other byte of the note as it was. */
export async function setFrontMatterField(uri: vscode.Uri, key: string, value: string | string[] | number | null): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = frontMatterFieldEdit(doc.getText(), key, value);
  if ('error' in edit) {
    throw new NoteEditError(vscode.l10n.t('Cannot change “{0}” in {1}: {2}', key, vscode.workspace.asRelativePath(uri), edit.error));
  }
  await applyNoteEdit(doc, edit);
}

/**
 * Opens the note beside the notes view and adds a dated entry under the personal-notes section,
 * with the cursor on the empty line to type. The entry is left unsaved: the user is writing.
 */
export async function addPersonalNote(uri: vscode.Uri, now = new Date()): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  const insertion = personalNoteInsertion(doc.getText(), {
    heading: personalNotesHeading(),
    knownHeadings: PERSONAL_NOTES_HEADINGS,
    stamp: formatStamp(now),
  });
  await applyNoteEdit(doc, insertion.edit, 'never');
  const cursor = doc.positionAt(insertion.cursor);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(cursor, cursor), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

function formatStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
