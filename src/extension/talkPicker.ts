// Which talk (or conference) a command is about: a quick pick matching title, speakers, track and
// tags, and the one message for a talk that was asked for by name but is gone.
import * as vscode from 'vscode';
import type { LibraryConference, Talk } from '../core/model';
import type { NotesService } from './notesService';
import { UserError } from './errors';
import { statusLabel } from './labels';

interface TalkPick extends vscode.QuickPickItem {
  talkId: string;
}

export async function pickTalk(notes: NotesService, placeHolder?: string): Promise<Talk | undefined> {
  await notes.ready();
  const talks = notes.allTalks();
  if (!talks.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No talks found. Open a notes folder or import an outline first.'));
    return undefined;
  }
  // In a library the conference tells apart talks of the same name (a talk given at two of them).
  const several = notes.conferences.length > 1;
  const items: TalkPick[] = talks.map(t => ({
    talkId: t.id,
    label: t.title,
    description: t.speakers.join(', '),
    detail: [
      several ? notes.conferenceOf(t)?.title : undefined,
      notes.trackOf(t)?.title,
      statusLabel(t.status),
      ...t.tags.map(tag => `#${tag}`),
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: placeHolder ?? vscode.l10n.t('Search talks by title, speaker, track or tag'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked ? notes.talk(picked.talkId) : undefined;
}

/**
 * The conference a command is about: the tree row it was run on, else the one of the note in the
 * active editor, else the only one, else the one the user picks.
 */
export async function pickConference(notes: NotesService, arg?: unknown): Promise<LibraryConference | undefined> {
  await notes.ready();
  const conferences = notes.conferences;
  if (arg && typeof arg === 'object' && 'conferenceId' in arg) {
    const row = conferences.find(c => c.id === (arg as { conferenceId: unknown }).conferenceId);
    if (row) return row;
  }
  const editor = vscode.window.activeTextEditor;
  const talk = editor && notes.talkForUri(editor.document.uri);
  const active = talk && notes.conferenceOf(talk);
  if (active) return active;
  if (conferences.length <= 1) return conferences[0];
  const picked = await vscode.window.showQuickPick(
    conferences.map(c => ({ label: c.title, description: c.workspace.root, conference: c })),
    { placeHolder: vscode.l10n.t('Which conference?') },
  );
  return picked?.conference;
}

/** A command named a talk (by id or file) that the notes folder no longer has. */
export function talkGone(file: string): never {
  throw new UserError(vscode.l10n.t('{0} is no longer a talk in the notes folder (it may have been renamed or deleted).', file));
}
