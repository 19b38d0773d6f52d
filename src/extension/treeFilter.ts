// The sidebar's filter: which talks the tree shows (all, by status, by tag, by speaker), picked
// from the view title, remembered per workspace (UI state, not notes), and named in the view's
// description so a filtered tree never looks like the whole conference.
import * as vscode from 'vscode';
import { ALL_TALKS, filterChoices, parseTalkFilter, talkMatches, type TalkFilter } from '../core/talkFilter';
import { TALK_STATUSES, type Talk } from '../core/model';
import { Disposable } from './disposable';
import { guardCommand } from './errors';
import { statusLabel } from './labels';
import { log } from './log';
import type { NotesService } from './notesService';

/** workspaceState key of the filter. */
const FILTER_KEY = 'talkNotes.treeFilter';

interface FilterPick extends vscode.QuickPickItem {
  filter?: TalkFilter;
  then?: 'tag' | 'speaker';
}

export class TreeFilter extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<TalkFilter>());
  readonly onDidChange = this.changed.event;
  private current: TalkFilter;

  constructor(
    private readonly state: vscode.Memento,
    private readonly notes: NotesService,
  ) {
    super();
    this.current = parseTalkFilter(state.get(FILTER_KEY));
    this._register(
      vscode.commands.registerCommand(
        'talkNotes.filterTalks',
        guardCommand('talkNotes.filterTalks', (f?: unknown) => this.choose(f)),
      ),
    );
    this._register(
      vscode.commands.registerCommand(
        'talkNotes.clearFilter',
        guardCommand('talkNotes.clearFilter', () => this.set(ALL_TALKS)),
      ),
    );
    this.updateContext();
  }

  get filter(): TalkFilter {
    return this.current;
  }

  get active(): boolean {
    return this.current.kind !== 'all';
  }

  matches(talk: Talk): boolean {
    return talkMatches(talk, this.current);
  }

  /** The filter in words, for the view's description; undefined when every talk shows. */
  describe(): string | undefined {
    const f = this.current;
    switch (f.kind) {
      case 'all':
        return undefined;
      case 'status':
        return statusLabel(f.status);
      case 'tag':
        return vscode.l10n.t('Tag: {0}', f.tag);
      case 'speaker':
        return vscode.l10n.t('Speaker: {0}', f.speaker);
    }
  }

  set(filter: TalkFilter): TalkFilter {
    this.current = filter;
    this.state
      .update(FILTER_KEY, filter.kind === 'all' ? undefined : filter)
      .then(undefined, err => log.error('could not remember the filter', err));
    this.updateContext();
    this.changed.fire(filter);
    return filter;
  }

  /** With a filter as argument (tests, keybindings) it is applied; otherwise the user picks one. */
  private async choose(arg?: unknown): Promise<TalkFilter | undefined> {
    if (arg !== undefined) return this.set(parseTalkFilter(arg));
    await this.notes.ready();
    const current = this.current;
    const mark = (f: TalkFilter) => (JSON.stringify(f) === JSON.stringify(current) ? vscode.l10n.t('current') : undefined);
    const talks = this.notes.allTalks();
    const count = (f: TalkFilter) => talks.filter(t => talkMatches(t, f)).length;
    const statuses: FilterPick[] = [ALL_TALKS, ...TALK_STATUSES.map(status => ({ kind: 'status', status }) as TalkFilter)].map(f => ({
      label: f.kind === 'status' ? statusLabel(f.status) : vscode.l10n.t('All talks'),
      description: [String(count(f)), mark(f)].filter(Boolean).join(' · '),
      filter: f,
    }));
    const picked = await vscode.window.showQuickPick<FilterPick>(
      [
        ...statuses,
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: vscode.l10n.t('By tag…'), then: 'tag', description: current.kind === 'tag' ? current.tag : undefined },
        { label: vscode.l10n.t('By speaker…'), then: 'speaker', description: current.kind === 'speaker' ? current.speaker : undefined },
      ],
      { placeHolder: vscode.l10n.t('Show which talks?') },
    );
    if (!picked) return undefined;
    if (picked.filter) return this.set(picked.filter);
    const choices = filterChoices(talks)[picked.then === 'tag' ? 'tags' : 'speakers'];
    if (!choices.length) {
      void vscode.window.showInformationMessage(
        picked.then === 'tag' ? vscode.l10n.t('No talk has tags yet.') : vscode.l10n.t('No talk names its speakers yet.'),
      );
      return undefined;
    }
    const value = await vscode.window.showQuickPick(
      choices.map(c => ({ label: c.value, description: String(c.count) })),
      { placeHolder: picked.then === 'tag' ? vscode.l10n.t('Show the talks with the tag…') : vscode.l10n.t('Show the talks of…') },
    );
    if (!value) return undefined;
    return this.set(picked.then === 'tag' ? { kind: 'tag', tag: value.label } : { kind: 'speaker', speaker: value.label });
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'talkNotes.filtered', this.active);
  }
}
