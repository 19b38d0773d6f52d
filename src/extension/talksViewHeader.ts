// What the talks view says about itself: its description (the filter in force), its badge (how
// many talks are being watched) and its message when it has nothing to list.
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { NotesService } from './notesService';
import type { TalkNode } from './talkTree';
import type { TreeFilter } from './treeFilter';

export class TalksViewHeader extends Disposable {
  constructor(
    private readonly tree: vscode.TreeView<TalkNode>,
    private readonly notes: NotesService,
    private readonly filter: TreeFilter,
  ) {
    super();
    this._register(notes.onDidChange(() => this.update()));
    this._register(filter.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const { tree, notes, filter } = this;
    const talks = notes.allTalks();
    const shown = filter.active ? talks.filter(t => filter.matches(t)).length : talks.length;
    tree.message =
      notes.workspace && !talks.length
        ? vscode.l10n.t('This notes folder has no talks yet.')
        : talks.length && !shown
          ? vscode.l10n.t('No talk matches the filter “{0}”.', filter.describe() ?? '')
          : undefined;
    tree.description = filter.describe();
    const watching = talks.filter(t => t.status === 'watching').length;
    tree.badge = watching ? { value: watching, tooltip: vscode.l10n.t('{0} talks being watched', watching) } : undefined;
  }
}
