// Wires the VS Code layer together. Activation only creates objects and starts loading the notes
// in the background; markdown-it and the webview load when notes are first shown.
import * as vscode from 'vscode';
import type { NotesWorkspace } from '../core/model';
import { registerCommands } from './commands';
import { NotesDiagnostics } from './diagnostics';
import { NoteLinkOpener } from './noteLinkOpener';
import { NotesViewManager } from './notesView';
import { NotesService } from './notesService';
import { SlidesViewerProvider, type SlidesViewerApi } from './slidesViewer';
import { registerSlideLinks } from './slideLinks';
import { registerReferenceCommands } from './slideReferences';
import { SlidesOpener } from './slidesOpener';
import { TalkTreeProvider, type TalkNode } from './talkTree';
import { WorkspaceSetup } from './workspaceSetup';

/** What the extension returns from `activate`: enough for other extensions and tests to wait and look. */
export interface TalkNotesApi {
  /** Resolves when the notes folder has been (re)loaded. */
  ready(): Promise<void>;
  workspace(): NotesWorkspace | undefined;
  notesRoot(): vscode.Uri | undefined;
  /** Resolves when the notes view of the talk has posted its latest render. */
  notesViewRendered(talkId: string): Promise<boolean>;
  /** Resolves when the Problems panel shows the latest check. */
  diagnosticsSettled(): Promise<void>;
  /** The sidebar tree as shown: conference, tracks and talks with their labels and descriptions. */
  treeSnapshot(): TreeSnapshotItem[];
  /** The slides viewer: open PDFs at a page, read remembered and live viewer state. */
  slidesViewer: SlidesViewerApi;
}

export interface TreeSnapshotItem {
  label: string;
  description?: string;
  icon?: string;
  contextValue?: string;
  children: TreeSnapshotItem[];
}

export function activate(context: vscode.ExtensionContext): TalkNotesApi {
  const notes = new NotesService();
  // The slides viewer: only the provider is created here; pdf.js loads inside its webview.
  const slidesViewer = new SlidesViewerProvider(context);
  const slides = new SlidesOpener(notes, slidesViewer);
  // The link opener and the notes view need each other; the closure breaks the cycle.
  const links = new NoteLinkOpener(notes, () => ({
    showNotes: (talkId: string) => notesViews.show(talkId),
    openSlides: (talkId: string, page?: number) => slides.open(talkId, page),
  }));
  const notesViews: NotesViewManager = new NotesViewManager(context.extensionUri, notes, links);
  const treeProvider = new TalkTreeProvider(notes);
  const tree = vscode.window.createTreeView('talkNotes.talks', { treeDataProvider: treeProvider, showCollapseAll: true });
  const setup = new WorkspaceSetup(context.extensionUri, notes);
  const diagnostics = new NotesDiagnostics(notes);

  context.subscriptions.push(
    notes,
    notesViews,
    treeProvider,
    tree,
    setup,
    diagnostics,
    ...registerCommands({ notes, notesViews, slides, setup, tree }),
    slidesViewer,
    ...registerReferenceCommands(notes, slidesViewer),
    ...registerSlideLinks(notes, slidesViewer),
    trackActiveNote(notes),
    notes.onDidChange(ws => {
      const talks = ws?.tracks.reduce((n, t) => n + t.talks.length, 0) ?? 0;
      tree.message = ws && !talks ? vscode.l10n.t('This notes folder has no talks yet.') : undefined;
    }),
  );

  void notes.reload();

  return {
    ready: () => notes.ready(),
    workspace: () => notes.workspace,
    notesRoot: () => notes.root,
    notesViewRendered: async talkId => {
      const panel = notesViews.panelFor(talkId);
      if (!panel) return false;
      await panel.rendering();
      return true;
    },
    diagnosticsSettled: () => diagnostics.settled(),
    treeSnapshot: () => snapshotTree(treeProvider),
    slidesViewer,
  };
}

/** Keeps `talkNotes.activeEditorIsTalk` current so the editor title shows "Show Notes" on notes only. */
function trackActiveNote(notes: NotesService): vscode.Disposable {
  const update = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    void vscode.commands.executeCommand('setContext', 'talkNotes.activeEditorIsTalk', Boolean(uri && notes.talkForUri(uri)));
  };
  const subs = [vscode.window.onDidChangeActiveTextEditor(update), notes.onDidChange(update)];
  update();
  return vscode.Disposable.from(...subs);
}

function snapshotTree(provider: TalkTreeProvider, node?: TalkNode): TreeSnapshotItem[] {
  return provider.getChildren(node).map(child => {
    const item = provider.getTreeItem(child);
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : undefined,
      icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
      contextValue: item.contextValue,
      children: snapshotTree(provider, child),
    };
  });
}

export function deactivate(): void {}
