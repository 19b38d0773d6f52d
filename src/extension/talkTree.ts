// The sidebar tree: conference → tracks (with progress) → talks (status icon, speakers, links);
// with several conferences in the library, each of them at the top with its progress.
import * as vscode from 'vscode';
import type { LibraryConference, NotesLibrarySnapshot, NotesWorkspace, Talk, TalkStatus, Track } from '../core/model';
import { Disposable } from './disposable';
import { statusLabel } from './labels';
import type { NotesService } from './notesService';
import type { TreeFilter } from './treeFilter';
import type { SlidesPresence, SlidesPresenceState } from './slidesPresence';

/** Up to this many talks, tracks open expanded: the whole conference fits on a screen or two. */
const SMALL_CONFERENCE_TALKS = 50;

/** Conferences and tracks are named by the conference's id (core/library.ts) and the track's id in it. */
export type TalkNode =
  | { kind: 'conference'; conferenceId: string }
  | { kind: 'track'; conferenceId: string; trackId: string }
  | { kind: 'talk'; talkId: string };

const STATUS_ICON: Record<TalkStatus, [string, string | undefined]> = {
  todo: ['circle-large-outline', undefined],
  watching: ['play-circle', 'charts.yellow'],
  done: ['pass-filled', 'charts.green'],
};

export class TalkTreeProvider extends Disposable implements vscode.TreeDataProvider<TalkNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TalkNode | TalkNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * One node object per tree item: VS Code finds the item to refresh by the identity of the node
   * it was given, so a saved note refreshes its own row instead of all ten thousand.
   */
  private readonly nodes = new Map<string, TalkNode>();
  private shown: NotesLibrarySnapshot | undefined;

  constructor(
    private readonly notes: NotesService,
    private readonly filter?: TreeFilter,
    private readonly slides?: SlidesPresence,
  ) {
    super();
    this.shown = notes.library;
    this._register(notes.onDidChange(library => this.refresh(library)));
    if (filter) this._register(filter.onDidChange(() => this.changed.fire(undefined)));
    if (slides) {
      this._register(
        slides.onDidChange(ids => {
          const nodes = ids.map(id => this.nodes.get(`talk:${id}`)).filter((n): n is TalkNode => Boolean(n));
          if (nodes.length) this.changed.fire(nodes);
        }),
      );
    }
  }

  getChildren(node?: TalkNode): TalkNode[] {
    if (!node) return this.notes.conferences.map(c => this.conferenceNode(c.id));
    if (node.kind === 'conference') {
      // A filtered tree hides the tracks with no matching talk: an empty track says nothing.
      return (this.conference(node.conferenceId)?.workspace.tracks ?? [])
        .filter(t => this.shownTalks(t).length)
        .map(t => this.trackNode(node.conferenceId, t.id));
    }
    if (node.kind === 'track') {
      const track = this.track(node);
      return (track ? this.shownTalks(track) : []).map(t => this.talkNode(t.id));
    }
    return [];
  }

  private shownTalks(track: Track): Talk[] {
    const filter = this.filter;
    return filter?.active ? track.talks.filter(t => filter.matches(t)) : track.talks;
  }

  getParent(node: TalkNode): TalkNode | undefined {
    if (node.kind === 'track') return this.conferenceNode(node.conferenceId);
    if (node.kind === 'talk') {
      const talk = this.notes.talk(node.talkId);
      const conference = talk && this.notes.conferenceOf(talk);
      return conference ? this.trackNode(conference.id, talk.trackId) : undefined;
    }
    return undefined;
  }

  private conference(id: string): LibraryConference | undefined {
    return this.notes.conferences.find(c => c.id === id);
  }

  private track(node: { conferenceId: string; trackId: string }): Track | undefined {
    return this.conference(node.conferenceId)?.workspace.tracks.find(t => t.id === node.trackId);
  }

  private conferenceNode(conferenceId: string): TalkNode {
    return this.node(`conference:${conferenceId}`, () => ({ kind: 'conference', conferenceId }));
  }

  private trackNode(conferenceId: string, trackId: string): TalkNode {
    return this.node(trackKey(conferenceId, trackId), () => ({ kind: 'track', conferenceId, trackId }));
  }

  private talkNode(talkId: string): TalkNode {
    return this.node(`talk:${talkId}`, () => ({ kind: 'talk', talkId }));
  }

  private node(key: string, create: () => TalkNode): TalkNode {
    let node = this.nodes.get(key);
    if (!node) {
      node = create();
      this.nodes.set(key, node);
    }
    return node;
  }

  /** Refreshes what differs between the snapshot shown and the new one; everything when in doubt. */
  private refresh(library: NotesLibrarySnapshot | undefined): void {
    const before = this.shown;
    this.shown = library;
    // Under a filter a changed talk may join or leave its track's list: refresh it all.
    const changed = before && library && !this.filter?.active ? changedInLibrary(before, library) : null;
    if (changed === null) {
      this.nodes.clear();
      this.changed.fire(undefined);
      return;
    }
    const nodes: TalkNode[] = [];
    for (const key of changed) {
      // Rows VS Code never asked for (collapsed tracks) have nothing to refresh.
      const node = this.nodes.get(key);
      if (node) nodes.push(node);
    }
    if (nodes.length) this.changed.fire(nodes);
  }

  getTreeItem(node: TalkNode): vscode.TreeItem {
    if (node.kind === 'conference') {
      const conference = this.conference(node.conferenceId);
      return conference ? conferenceItem(conference, this.notes.conferences.length > 1) : new vscode.TreeItem('');
    }
    if (node.kind === 'track') {
      const track = this.track(node);
      return track ? trackItem(node.conferenceId, track, this.tracksExpanded(node.conferenceId)) : new vscode.TreeItem('');
    }
    const talk = this.notes.talk(node.talkId);
    return talk ? talkItem(talk, this.slides?.state(talk) ?? (talk.slides ? 'present' : 'none')) : new vscode.TreeItem('');
  }

  /** A small conference, or a filtered tree, shows its talks at once. */
  private tracksExpanded(conferenceId: string): boolean {
    const talks = this.conference(conferenceId)?.progress.talks ?? 0;
    return talks <= SMALL_CONFERENCE_TALKS || Boolean(this.filter?.active);
  }
}

const trackKey = (conferenceId: string, trackId: string) => `track:${conferenceId}\u0000${trackId}`;

function conferenceItem(conference: LibraryConference, several: boolean): vscode.TreeItem {
  const ws = conference.workspace;
  const talks = ws.tracks.flatMap(t => t.talks);
  const label = ws.conference.title ?? (several ? conference.title : vscode.l10n.t('Conference'));
  // One conference opens at its tracks, as it always did; a shelf of them starts folded.
  const state = several ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
  const item = new vscode.TreeItem(label, state);
  item.id = `conference:${conference.id}`;
  item.contextValue = 'conference';
  item.iconPath = new vscode.ThemeIcon('mortar-board');
  item.description = progress(talks);
  const tip = new vscode.MarkdownString();
  tip.appendText(label);
  tip.appendMarkdown('\n\n');
  tip.appendText(vscode.l10n.t('{0} tracks, {1} talks, {2} done', ws.tracks.length, talks.length, done(talks)));
  if (several) {
    tip.appendMarkdown('\n\n');
    tip.appendText(ws.root);
  }
  item.tooltip = tip;
  return item;
}

/**
 * Keys of the nodes whose rows differ between two library snapshots, or null when the list of
 * conferences changed (then everything is refreshed). A conference whose row changed (its title
 * or progress) is refreshed with its children.
 */
function changedInLibrary(before: NotesLibrarySnapshot, after: NotesLibrarySnapshot): string[] | null {
  if (before.conferences.length !== after.conferences.length) return null;
  const keys: string[] = [];
  for (let i = 0; i < after.conferences.length; i++) {
    const a = before.conferences[i];
    const b = after.conferences[i];
    if (a.id !== b.id) return null;
    if (a === b) continue;
    const changed = changedNodes(b.id, a.workspace, b.workspace);
    if (changed === null) {
      if (after.conferences.length === 1) return null;
      keys.push(`conference:${b.id}`);
    } else keys.push(...changed);
  }
  return keys;
}

/**
 * Keys of the nodes whose rows differ between two snapshots, or null when the conference row or
 * the list of tracks changed (then everything is refreshed). Snapshots share unchanged track and
 * talk objects, so most comparisons are by identity.
 */
function changedNodes(conferenceId: string, before: NotesWorkspace, after: NotesWorkspace): string[] | null {
  if (before.tracks.length !== after.tracks.length || before.conference.title !== after.conference.title) return null;
  const keys: string[] = [];
  let doneBefore = 0;
  let doneAfter = 0;
  let talksBefore = 0;
  let talksAfter = 0;
  for (let i = 0; i < after.tracks.length; i++) {
    const a = before.tracks[i];
    const b = after.tracks[i];
    const da = done(a.talks);
    const db = done(b.talks);
    doneBefore += da;
    doneAfter += db;
    talksBefore += a.talks.length;
    talksAfter += b.talks.length;
    if (a === b) continue;
    if (a.id !== b.id) return null;
    if (a.title !== b.title || da !== db || a.talks.length !== b.talks.length || a.talks.some((t, k) => t.id !== b.talks[k].id)) {
      // The track's row, and its children since their list or order changed.
      keys.push(trackKey(conferenceId, b.id));
      continue;
    }
    for (let k = 0; k < b.talks.length; k++) if (a.talks[k] !== b.talks[k]) keys.push(`talk:${b.talks[k].id}`);
  }
  if (doneBefore !== doneAfter || talksBefore !== talksAfter) return null;
  return keys;
}

function done(talks: readonly Talk[]): number {
  return talks.filter(t => t.status === 'done').length;
}

function progress(talks: readonly Talk[]): string {
  return `${done(talks)}/${talks.length}`;
}

function trackItem(conferenceId: string, track: Track, expanded: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(
    track.title,
    expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = trackKey(conferenceId, track.id);
  item.contextValue = 'track';
  item.description = progress(track.talks);
  item.tooltip = vscode.l10n.t('{0}: {1} of {2} talks done', track.title, done(track.talks), track.talks.length);
  return item;
}

function talkItem(talk: Talk, slides: SlidesPresenceState): vscode.TreeItem {
  const item = new vscode.TreeItem(talk.title, vscode.TreeItemCollapsibleState.None);
  item.id = `talk:${talk.id}`;
  // Menus match on words in the context value (`talk slides video`), so inline actions only show
  // for links the talk really has; slides not downloaded yet get an action that says so.
  item.contextValue = [
    'talk',
    slides === 'present' && 'slides',
    slides === 'missing' && 'slidesMissing',
    talk.video && 'video',
    talk.article && 'article',
  ]
    .filter(Boolean)
    .join(' ');
  item.description = talk.speakers.join(', ');
  const [icon, color] = STATUS_ICON[talk.status];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.tooltip = talkTooltip(talk, slides);
  item.accessibilityInformation = {
    label: `${talk.title}, ${talk.speakers.join(', ')}, ${statusLabel(talk.status)}`,
  };
  item.command = { command: 'talkNotes.showNotes', title: vscode.l10n.t('Show Notes'), arguments: [talk.id] };
  return item;
}

function talkTooltip(talk: Talk, slides: SlidesPresenceState): vscode.MarkdownString {
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown('**');
  tip.appendText(talk.title);
  tip.appendMarkdown('**\n\n');
  if (talk.speakers.length) {
    tip.appendText(`${vscode.l10n.t('Speakers')}: ${talk.speakers.join(', ')}`);
    tip.appendMarkdown('\n\n');
  }
  tip.appendText(`${vscode.l10n.t('Status')}: ${statusLabel(talk.status)}`);
  tip.appendMarkdown('\n\n');
  const links = [
    slides === 'present' ? vscode.l10n.t('slides') : slides === 'missing' ? vscode.l10n.t('slides (not downloaded yet)') : undefined,
    talk.video ? vscode.l10n.t('video') : undefined,
    talk.article ? vscode.l10n.t('article') : undefined,
  ].filter((s): s is string => Boolean(s));
  tip.appendText(links.length ? `${vscode.l10n.t('Links')}: ${links.join(', ')}` : vscode.l10n.t('No links yet'));
  if (talk.tags.length) {
    tip.appendMarkdown('\n\n');
    tip.appendText(`${vscode.l10n.t('Tags')}: ${talk.tags.join(', ')}`);
  }
  return tip;
}
