// Localized words shared by the tree, the pickers and the notes view.
import * as vscode from 'vscode';
import type { TalkStatus } from '../core/model';

export function statusLabel(status: TalkStatus): string {
  switch (status) {
    case 'todo':
      return vscode.l10n.t('To watch');
    case 'watching':
      return vscode.l10n.t('Watching');
    case 'done':
      return vscode.l10n.t('Done');
  }
}

/** Heading of the personal-notes section in the UI language; both languages' headings are found. */
export function personalNotesHeading(): string {
  return vscode.l10n.t('My Notes');
}

/** Section headings written by any UI language, so switching language never duplicates the section. */
export const PERSONAL_NOTES_HEADINGS = ['我的笔记', 'My Notes', 'My notes'] as const;
