// Whether Talk Notes may show or change a note, decided at the moment it does so: from the bytes on
// disk and the note's real path (the index can be older than the file), and from `Talk.lock`, the
// loader's verdict. The sentences say which file, why, and what the user can do about it.
import * as vscode from 'vscode';
import type { Talk } from '../core/model';
import { readNoteOnDisk, type NoteOnDisk } from '../core/noteOnDisk';
import type { NotesService } from './notesService';
import { UserError } from './errors';

export type NoteToShow =
  | {
      kind: 'shown';
      uri: vscode.Uri;
      text: string;
      /** Why the note is shown but never changed (the banner above it), or null. */
      readOnly: string | null;
    }
  | { kind: 'refused'; message: string };

/** The open document of `uri`, if VS Code has one (it holds the user's unsaved text). */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find(d => d.uri.toString() === key);
}

/** The note as the notes view should show it: the open document's text when there is one. */
export async function noteToShow(notes: NotesService, talk: Talk): Promise<NoteToShow> {
  const located = locate(notes, talk);
  if ('message' in located) return { kind: 'refused', message: located.message };
  const { uri, disk } = located;
  const doc = openDocument(uri);
  switch (disk.kind) {
    case 'outsideRoot':
    case 'missing':
    case 'unreadable':
      return { kind: 'refused', message: refusal(talk, disk, 'show') };
    case 'notUtf8':
      return { kind: 'shown', uri, text: doc?.getText() ?? disk.text, readOnly: notUtf8Message(talk, disk.binary, 'show') };
    case 'text':
      return {
        kind: 'shown',
        uri,
        text: doc?.getText() ?? disk.text,
        readOnly: talk.lock?.kind === 'notUtf8' ? notUtf8Message(talk, false, 'show') : null,
      };
  }
}

/**
 * The note's URI and current text on disk when Talk Notes may write to it; otherwise a UserError
 * saying why nothing was changed. Every edit command asks here first.
 */
export async function noteToEdit(notes: NotesService, talk: Talk): Promise<{ uri: vscode.Uri; text: string }> {
  const located = locate(notes, talk);
  if ('message' in located) throw new UserError(located.message);
  const { uri, disk } = located;
  if (disk.kind === 'text') {
    if (talk.lock?.kind === 'notUtf8') throw new UserError(notUtf8Message(talk, false, 'edit'));
    return { uri, text: disk.text };
  }
  if (disk.kind === 'notUtf8') throw new UserError(notUtf8Message(talk, disk.binary, 'edit'));
  throw new UserError(refusal(talk, disk, 'edit'));
}

type Located = { uri: vscode.Uri; disk: NoteOnDisk } | { message: string };

function locate(notes: NotesService, talk: Talk): Located {
  const root = notes.rootOf(talk);
  const uri = notes.noteUri(talk);
  if (!root || !uri) return { message: vscode.l10n.t('{0} is not in the notes folder.', talk.file) };
  // The loader found the note behind a link out of the notes folder: nothing is read through it,
  // even if the link has changed since (a new index entry will say so).
  if (talk.lock?.kind === 'outsideRoot') return { uri, disk: { kind: 'outsideRoot', realPath: '' } };
  return { uri, disk: readNoteOnDisk(root.fsPath, uri.fsPath) };
}

function refusal(talk: Talk, disk: Exclude<NoteOnDisk, { kind: 'text' } | { kind: 'notUtf8' }>, intent: 'show' | 'edit'): string {
  switch (disk.kind) {
    case 'outsideRoot':
      return intent === 'show'
        ? vscode.l10n.t(
            '{0} is a symbolic link to a file outside the notes folder, so Talk Notes does not show it. Move the file into the notes folder instead of linking to it.',
            talk.file,
          )
        : vscode.l10n.t(
            '{0} is a symbolic link to a file outside the notes folder, so Talk Notes did not change it. Move the file into the notes folder instead of linking to it.',
            talk.file,
          );
    case 'missing':
      return intent === 'show'
        ? vscode.l10n.t('{0} no longer exists (it was deleted or renamed).', talk.file)
        : vscode.l10n.t('{0} no longer exists (it was deleted or renamed); nothing was written.', talk.file);
    case 'unreadable':
      return intent === 'show'
        ? vscode.l10n.t('Cannot read {0}: {1}.', talk.file, disk.reason)
        : vscode.l10n.t('Cannot read {0} ({1}); nothing was written.', talk.file, disk.reason);
  }
}

function notUtf8Message(talk: Talk, binary: boolean, intent: 'show' | 'edit'): string {
  if (binary) {
    return intent === 'show'
      ? vscode.l10n.t('{0} is not a text file (it contains NUL bytes). It is shown read-only; Talk Notes does not change it.', talk.file)
      : vscode.l10n.t('{0} is not a text file (it contains NUL bytes), so Talk Notes did not change it.', talk.file);
  }
  return intent === 'show'
    ? vscode.l10n.t(
        '{0} is not saved as UTF-8 (it may be GBK), so some characters show as �. It is shown read-only: Talk Notes does not change it. To convert it, open the file, run “Reopen with Encoding” → GBK, then “Save with Encoding” → UTF-8.',
        talk.file,
      )
    : vscode.l10n.t(
        '{0} is not saved as UTF-8 (it may be GBK), so Talk Notes did not change it: saving would replace its characters with �. Convert it first: open the file, run “Reopen with Encoding” → GBK, then “Save with Encoding” → UTF-8.',
        talk.file,
      );
}
