// `Talk Notes: Search Talks and Slides…`: a quick pick over the whole conference that updates as
// you type, and lands where the hit is — the slides viewer at the page, with its find running for
// the match, or the note at the line with the notes view beside it.
import * as vscode from 'vscode';
import { DEFAULT_LIMIT, type SearchHit, type SearchResult } from '../core/search/searchIndex';
import { markedText } from '../core/search/snippet';
import { Disposable } from './disposable';
import { guardCommand, reportError, UserError } from './errors';
import type { NotesService } from './notesService';
import type { SearchIndexer } from './searchIndexer';
import type { SlidesViewerApi } from './slidesViewer';
import { talkGone } from './talkPicker';

/** Hits shown at most; more means the query should be narrowed. */
const MAX_ITEMS = DEFAULT_LIMIT;

export interface SearchPickerDeps {
  notes: NotesService;
  indexer: SearchIndexer;
  /** Opens a PDF at a page and runs the viewer's find for the match there. */
  viewer: Pick<SlidesViewerApi, 'open'>;
  showNotes(talkId: string, column: vscode.ViewColumn, preserveFocus: boolean): void;
}

interface HitItem extends vscode.QuickPickItem {
  hit?: SearchHit;
}

const ICONS: Record<SearchHit['field'], string> = {
  title: '$(book)',
  speakers: '$(person)',
  tags: '$(tag)',
  notes: '$(note)',
  slides: '$(file-pdf)',
};

function where(hit: SearchHit): string {
  switch (hit.field) {
    case 'title':
      return vscode.l10n.t('Title');
    case 'speakers':
      return vscode.l10n.t('Speakers');
    case 'tags':
      return vscode.l10n.t('Tags');
    case 'notes':
      return vscode.l10n.t('Notes, line {0}', hit.line ?? 1);
    case 'slides':
      return vscode.l10n.t('Slide {0}', hit.page ?? 1);
  }
}

export class SearchCommands extends Disposable {
  constructor(deps: SearchPickerDeps) {
    super();
    const search = (initial?: unknown) => openSearch(deps, typeof initial === 'string' ? initial : '');
    this._register(vscode.commands.registerCommand('talkNotes.searchTalks', guardCommand('talkNotes.searchTalks', search)));
    this._register(vscode.commands.registerCommand('talkNotes.stopIndexingSlides', () => deps.indexer.stop()));
  }
}

/**
 * Shows the search and returns once it is shown, as VS Code's own quick-open commands do: the
 * caller (the viewer's Search All Talks, a keybinding) must not wait for the reader to choose.
 */
async function openSearch(deps: SearchPickerDeps, initial: string): Promise<void> {
  await deps.notes.ready();
  if (!deps.notes.workspace) {
    // The search index holds one conference; a library of several is not indexed yet.
    const message =
      deps.notes.conferences.length > 1
        ? vscode.l10n.t(
            'Search Talks and Slides works on one conference at a time for now, and the notes folders hold {0}. Use Go to Talk to find a talk in all of them, or `talk-notes search` on the command line.',
            deps.notes.conferences.length,
          )
        : vscode.l10n.t('No talks found. Open a notes folder or import an outline first.');
    void vscode.window.showInformationMessage(message);
    return;
  }
  const chosen = pick(deps, initial);
  void chosen.then(hit => hit && land(deps, hit)).catch(err => reportError(err, 'talkNotes.searchTalks'));
}

function pick(deps: SearchPickerDeps, initial: string): Promise<SearchHit | undefined> {
  const { indexer, notes } = deps;
  const qp = vscode.window.createQuickPick<HitItem>();
  // The index decides what matches and in which order; the quick pick must not filter again.
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  qp.placeholder = vscode.l10n.t('Search the notes and slides of every talk ("a phrase", several words: all must match)');
  qp.value = initial;
  const titles = new Map(notes.allTalks().map(t => [t.id, t.title]));

  const refresh = () => {
    const state = indexer.indexing;
    qp.busy = Boolean(state);
    qp.title = state?.total
      ? vscode.l10n.t('Search Talks and Slides — indexing slides {0}/{1}', state.done, state.total)
      : vscode.l10n.t('Search Talks and Slides');
    const result = qp.value.trim() ? indexer.query(qp.value, { limit: MAX_ITEMS }) : null;
    qp.items = result ? items(result, titles, indexer) : [];
  };
  refresh();
  return new Promise(resolve => {
    let chosen: SearchHit | undefined;
    const subs = [
      qp.onDidChangeValue(refresh),
      indexer.onDidChange(refresh),
      qp.onDidAccept(() => {
        const hit = qp.selectedItems[0]?.hit ?? qp.activeItems[0]?.hit;
        if (!hit) return;
        chosen = hit;
        qp.hide();
      }),
      qp.onDidHide(() => {
        for (const s of subs) s.dispose();
        qp.dispose();
        resolve(chosen);
      }),
    ];
    qp.show();
  });
}

function items(result: SearchResult, titles: Map<string, string>, indexer: SearchIndexer): HitItem[] {
  const list: HitItem[] = result.hits.map(hit => ({
    // Shown whatever the quick pick's own matching thinks of the input.
    alwaysShow: true,
    hit,
    label: `${ICONS[hit.field]} ${where(hit)}`,
    description: titles.get(hit.talkId) ?? hit.talkId,
    detail: markedText(hit.snippet, '«', '»'),
  }));
  if (result.more) {
    list.push({
      alwaysShow: true,
      label: `$(ellipsis) ${vscode.l10n.t('More than {0} results: add words to narrow the search', MAX_ITEMS)}`,
    });
  }
  if (!list.length && result.query.clauses.length) {
    const notes: string[] = [];
    const { pagesWithoutText } = indexer.slidesSummary();
    if (indexer.indexing) notes.push(vscode.l10n.t('Slides are still being indexed.'));
    if (pagesWithoutText) notes.push(vscode.l10n.t('{0} slide pages have no text (images only) and cannot be searched.', pagesWithoutText));
    list.push({ alwaysShow: true, label: `$(info) ${vscode.l10n.t('No results')}`, detail: notes.join(' ') || undefined });
  }
  return list;
}

/** Goes where the hit is: the slides viewer at the page, the note at the line, or the notes view. */
async function land(deps: SearchPickerDeps, hit: SearchHit): Promise<void> {
  const { notes } = deps;
  const talk = notes.talk(hit.talkId) ?? talkGone(hit.talkId);
  if (hit.field === 'slides') {
    const uri = notes.slidesUri(talk);
    if (!uri) throw new UserError(vscode.l10n.t('“{0}” has no slides yet.', talk.title));
    // The original text of the match, so the viewer's own (simpler) find highlights exactly it.
    await deps.viewer.open(uri, hit.page ?? undefined, hit.matched || undefined);
    return;
  }
  if (hit.field === 'notes' && hit.line) {
    const uri = notes.noteUri(talk);
    if (!uri) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = Math.min(hit.line - 1, doc.lineCount - 1);
    const text = doc.lineAt(line).text;
    const start = Math.min(hit.column, text.length);
    const range = new vscode.Range(line, start, line, Math.min(start + hit.matched.length, text.length));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, selection: range, preview: false });
    deps.showNotes(talk.id, vscode.ViewColumn.Beside, true);
    return;
  }
  deps.showNotes(talk.id, vscode.ViewColumn.Active, false);
}
