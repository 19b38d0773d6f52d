// A talk's status on its note file wherever VS Code lists files (Explorer, tabs, Open Editors):
// a mark for watching and done, a tooltip naming the status. Only files whose status changed are
// announced again, so a save in a conference of thousands of talks costs one decoration.
import * as vscode from 'vscode';
import type { TalkStatus } from '../core/model';
import { Disposable } from './disposable';
import { statusLabel } from './labels';
import type { NotesService } from './notesService';

const MARKS: Record<TalkStatus, { badge?: string; color?: string }> = {
  todo: {},
  watching: { badge: '▶', color: 'charts.yellow' },
  done: { badge: '✓', color: 'charts.green' },
};

export class TalkFileDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri[] | undefined>());
  readonly onDidChangeFileDecorations = this.changed.event;
  /** The status each note file was last decorated with, by talk id (the note's path). */
  private shown = new Map<string, TalkStatus>();

  constructor(private readonly notes: NotesService) {
    super();
    this._register(vscode.window.registerFileDecorationProvider(this));
    this._register(notes.onDidChange(() => this.announce()));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const talk = this.notes.talkForUri(uri);
    if (!talk) return undefined;
    const mark = MARKS[talk.status];
    const decoration = new vscode.FileDecoration(
      mark.badge,
      vscode.l10n.t('Talk Notes: {0}', statusLabel(talk.status)),
      mark.color ? new vscode.ThemeColor(mark.color) : undefined,
    );
    // A folder is not "done" because one of its notes is.
    decoration.propagate = false;
    return decoration;
  }

  /** Announces the files whose status changed (or appeared, or went away) since the last look. */
  private announce(): void {
    const now = new Map<string, TalkStatus>();
    const files: string[] = [];
    for (const talk of this.notes.allTalks()) {
      now.set(talk.id, talk.status);
      if (this.shown.get(talk.id) !== talk.status) files.push(talk.id);
    }
    for (const id of this.shown.keys()) if (!now.has(id)) files.push(id);
    this.shown = now;
    const uris = files.map(f => this.notes.noteUri(f)).filter((u): u is vscode.Uri => Boolean(u));
    if (uris.length) this.changed.fire(uris);
  }
}
