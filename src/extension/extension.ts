// Wires the VS Code layer together. Activation only creates objects and starts loading the notes
// in the background; markdown-it and the webview load when notes are first shown.
import * as vscode from 'vscode';
import type { NotesLibrarySnapshot, NotesWorkspace } from '../core/model';
import type { SearchHit } from '../core/search/searchIndex';
import { TalkNotesCommands } from './commands';
import { NotesDiagnostics } from './diagnostics';
import { Disposable } from './disposable';
import { ImagePasteSetup } from './imagePaste';
import { log } from './log';
import { NoteLinkOpener } from './noteLinkOpener';
import { NotesViews, notesViewLabels, type NotesViewStatus } from './notesView';
import type { NotesViewLabels } from '../shared/notesViewProtocol';
import { NotesService } from './notesService';
import { OfflineImages } from './offlineImages';
import { SearchIndexer } from './searchIndexer';
import { SearchCommands } from './searchPicker';
import { SlidesViewerProvider, type SlidesViewerApi } from './slidesViewer';
import { SlideLinks } from './slideLinks';
import { SlideNotes } from './slideNotes';
import { ReferenceCommands } from './slideReferences';
import { SlidesOpener } from './slidesOpener';
import { StudySession, type StudyStatus } from './study';
import { walkthroughStepDone, walkthroughStepsDone, type WalkthroughStep } from './walkthrough';
import { TalkTreeProvider, type TalkNode } from './talkTree';
import { TalkFileDecorations } from './fileDecorations';
import { TreeFilter } from './treeFilter';
import { TalksViewHeader } from './talksViewHeader';
import { SlidesPresence } from './slidesPresence';
import { TalkDragController, TalkDropIntoNotes, URI_LIST } from './talkDrag';
import { WorkspaceSetup } from './workspaceSetup';

/** What the extension returns from `activate`: enough for other extensions and tests to wait and look. */
export interface TalkNotesApi {
  /** Resolves when the notes folder has been (re)loaded. */
  ready(): Promise<void>;
  /** The notes when they are one conference (undefined with several: see `library`). */
  workspace(): NotesWorkspace | undefined;
  notesRoot(): vscode.Uri | undefined;
  /** Every conference of every notes folder. */
  library(): NotesLibrarySnapshot | undefined;
  /** Resolves when the notes view of the talk has posted its latest render. */
  notesViewRendered(talkId: string): Promise<boolean>;
  /** What the notes view of the talk shows, when one is open. */
  notesView(talkId: string): NotesViewStatus | undefined;
  /** The notes view's texts in the UI language, as the extension hands them to the webview. */
  notesViewLabels(): NotesViewLabels;
  /** Restores a notes view from the state its webview saved (what VS Code does after a reload). */
  restoreNotesView(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** Resolves when the Problems panel shows the latest check. */
  diagnosticsSettled(): Promise<void>;
  /** The sidebar tree as shown: conference, tracks and talks with their labels and descriptions. */
  treeSnapshot(): TreeSnapshotItem[];
  /** The slides viewer: open PDFs at a page, read remembered and live viewer state. */
  slidesViewer: SlidesViewerApi;
  /** The status-bar item of the study loop and the talk it names. */
  studyStatus(): StudyStatus;
  /** The walkthrough steps the user has done in this window (see walkthrough.ts). */
  walkthroughSteps(): readonly WalkthroughStep[];
  /** The talks view's description (the filter) and badge (talks being watched). */
  treeView(): { description?: string; badge?: number; message?: string };
  /** The decoration of a file in the Explorer. */
  fileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined;
  /** What dragging these talks out of the tree carries as text/uri-list. */
  dragTalks(talkIds: string[]): Promise<string>;
  /** Drops a URI list at the end of `line` of a note as VS Code would (edit applied); false when declined. */
  dropIntoNote(note: vscode.Uri, line: number, uriList: string): Promise<boolean>;
  /** The conference search: wait for indexing, query the index. */
  search: { settled(): Promise<void>; query(text: string): SearchHit[] };
}

export interface TreeSnapshotItem {
  label: string;
  description?: string;
  icon?: string;
  contextValue?: string;
  /** Whether the item starts expanded (undefined for leaves). */
  expanded?: boolean;
  tooltip?: string;
  children: TreeSnapshotItem[];
}

export function activate(context: vscode.ExtensionContext): TalkNotesApi {
  const talkNotes = new TalkNotes(context);
  context.subscriptions.push(talkNotes, log);
  return talkNotes.api();
}

export function deactivate(): void {}

/** Everything the extension creates for a window, owned (and disposed) in one place. */
class TalkNotes extends Disposable {
  private readonly notes = this._register(new NotesService());
  // The slides viewer: only the provider is created here; pdf.js loads inside its webview.
  private readonly slidesViewer: SlidesViewerProvider;
  private readonly notesViews: NotesViews;
  private readonly treeProvider: TalkTreeProvider;
  private readonly diagnostics: NotesDiagnostics;
  private readonly study: StudySession;
  private readonly tree: vscode.TreeView<TalkNode>;
  private readonly decorations: TalkFileDecorations;
  private readonly drag: TalkDragController;
  private readonly drop: TalkDropIntoNotes;
  private readonly search: SearchIndexer;

  constructor(context: vscode.ExtensionContext) {
    super();
    const notes = this.notes;
    this.slidesViewer = this._register(new SlidesViewerProvider(context));
    const slides = new SlidesOpener(notes, this.slidesViewer);
    // The link opener and the notes views need each other; the closure breaks the cycle.
    const links = new NoteLinkOpener(notes, () => ({
      showNotes: (talkId: string) => this.notesViews.show(talkId),
      openSlides: (talkId: string, page?: number) => slides.open(talkId, page),
    }));
    this.notesViews = this._register(new NotesViews(context.extensionUri, notes, links));
    const filter = this._register(new TreeFilter(context.workspaceState, notes));
    this.treeProvider = this._register(new TalkTreeProvider(notes, filter, this._register(new SlidesPresence(notes))));
    this.drag = new TalkDragController(notes);
    const tree = (this.tree = this._register(
      vscode.window.createTreeView('talkNotes.talks', {
        treeDataProvider: this.treeProvider,
        showCollapseAll: true,
        dragAndDropController: this.drag,
      }),
    ));
    this.decorations = this._register(new TalkFileDecorations(notes));
    const setup = new WorkspaceSetup(context.extensionUri, notes);
    this.diagnostics = this._register(new NotesDiagnostics(notes));
    const study = (this.study = this._register(new StudySession(context.workspaceState, notes, this.notesViews, slides)));
    const offline = new OfflineImages(notes);
    this._register(slides.onDidOpen(() => walkthroughStepDone('getSlides')));
    this.drop = new TalkDropIntoNotes(notes);
    this._register(vscode.languages.registerDocumentDropEditProvider({ language: 'markdown', scheme: 'file' }, this.drop));
    // A view already open at start-up never reports becoming visible: the talks being there counts.
    const conferenceShown = () => {
      if (tree.visible && notes.conferences.some(c => c.progress.talks > 0)) walkthroughStepDone('openConference');
    };
    this._register(tree.onDidChangeVisibility(conferenceShown));
    this._register(notes.onDidChange(conferenceShown));
    conferenceShown();
    this._register(
      new TalkNotesCommands({ notes, notesViews: this.notesViews, slides, setup, tree, offline, videoOpened: talk => study.opened(talk) }),
    );
    this._register(new ReferenceCommands(notes, this.slidesViewer));
    this._register(new SlideLinks(notes, this.slidesViewer));
    this._register(new SlideNotes(notes, this.slidesViewer));
    this._register(new ActiveNoteContext(notes));
    this._register(new ImagePasteSetup(notes, context.workspaceState));
    // Indexes notes and slides in the background; pdf.js runs in a worker thread of its own.
    this.search = this._register(new SearchIndexer(context, notes));
    this._register(
      new SearchCommands({
        notes,
        indexer: this.search,
        viewer: this.slidesViewer,
        showNotes: (talkId, column, keepFocus) => this.notesViews.show(talkId, column, keepFocus),
      }),
    );
    this._register(new TalksViewHeader(tree, notes, filter));
    void notes.reload();
  }

  api(): TalkNotesApi {
    const { notes, notesViews, diagnostics, treeProvider, search } = this;
    return {
      ready: () => notes.ready(),
      workspace: () => notes.workspace,
      notesRoot: () => notes.root,
      library: () => notes.library,
      notesViewRendered: async talkId => {
        const view = notesViews.viewFor(talkId);
        if (!view) return false;
        await view.rendering();
        return true;
      },
      notesView: talkId => notesViews.viewFor(talkId)?.status,
      notesViewLabels,
      restoreNotesView: (panel, state) => notesViews.deserializeWebviewPanel(panel, state),
      diagnosticsSettled: () => diagnostics.settled(),
      treeSnapshot: () => snapshotTree(treeProvider),
      slidesViewer: this.slidesViewer,
      studyStatus: () => this.study.status,
      walkthroughSteps: walkthroughStepsDone,
      treeView: () => ({
        description: this.tree.description,
        badge: this.tree.badge?.value,
        message: this.tree.message,
      }),
      fileDecoration: uri => this.decorations.provideFileDecoration(uri),
      dragTalks: async talkIds => {
        const data = new vscode.DataTransfer();
        this.drag.handleDrag(
          talkIds.map(talkId => ({ kind: 'talk', talkId })),
          data,
        );
        return (await data.get(URI_LIST)?.asString()) ?? '';
      },
      dropIntoNote: async (note, line, uriList) => {
        const document = await vscode.workspace.openTextDocument(note);
        const data = new vscode.DataTransfer();
        data.set(URI_LIST, new vscode.DataTransferItem(uriList));
        const at = document.lineAt(line).range.end;
        const drop = await this.drop.provideDocumentDropEdits(document, at, data, new vscode.CancellationTokenSource().token);
        if (!drop) return false;
        const edit = drop.additionalEdit ?? new vscode.WorkspaceEdit();
        const text = typeof drop.insertText === 'string' ? drop.insertText : drop.insertText.value;
        if (text) edit.insert(note, at, text);
        return vscode.workspace.applyEdit(edit);
      },
      search: { settled: () => search.settled(), query: text => search.query(text)?.hits ?? [] },
    };
  }
}

/** Keeps `talkNotes.activeEditorIsTalk` current so the editor title shows "Show Notes" on notes only. */
class ActiveNoteContext extends Disposable {
  constructor(private readonly notes: NotesService) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(notes.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    void vscode.commands.executeCommand('setContext', 'talkNotes.activeEditorIsTalk', Boolean(uri && this.notes.talkForUri(uri)));
  }
}

function snapshotTree(provider: TalkTreeProvider, node?: TalkNode): TreeSnapshotItem[] {
  return provider.getChildren(node).map(child => {
    const item = provider.getTreeItem(child);
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : undefined,
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
      contextValue: item.contextValue,
      expanded: item.collapsibleState ? item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded : undefined,
      tooltip: item.tooltip instanceof vscode.MarkdownString ? plainText(item.tooltip) : item.tooltip,
      children: snapshotTree(provider, child),
    };
  });
}

/** A tooltip's text as the user reads it: appendText's escapes and non-breaking spaces undone. */
function plainText(md: vscode.MarkdownString): string {
  return md.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}
