// The commands, each a few lines adapting a tree item, a URI, a talk id or a palette pick to the
// module that does the work. Every failure becomes a message, never an unhandled rejection.
import * as vscode from 'vscode';
import { TALK_STATUSES, type Talk, type TalkStatus } from '../core/model';
import { httpUrl } from '../core/links';
import type { NotesService } from './notesService';
import type { NotesViewManager } from './notesView';
import type { SlidesOpener } from './slidesOpener';
import type { TalkNode } from './talkTree';
import { pickTalk } from './talkPicker';
import { addPersonalNote, NoteEditError, setFrontMatterField } from './noteEdits';
import { statusLabel } from './labels';
import type { WorkspaceSetup } from './workspaceSetup';

export interface CommandDeps {
  notes: NotesService;
  notesViews: NotesViewManager;
  slides: SlidesOpener;
  setup: WorkspaceSetup;
  tree: vscode.TreeView<TalkNode>;
}

/** What a command was invoked with: a talk id, a tree node, a note's URI, or nothing (palette). */
type TalkArg = string | TalkNode | vscode.Uri | undefined;

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { notes, notesViews, slides, setup, tree } = deps;

  const talkFrom = async (arg: TalkArg, placeHolder?: string): Promise<Talk | undefined> => {
    await notes.ready();
    if (typeof arg === 'string') return notes.talk(arg);
    if (arg instanceof vscode.Uri) return notes.talkForUri(arg);
    if (arg && typeof arg === 'object' && 'kind' in arg && arg.kind === 'talk') return notes.talk(arg.talkId);
    return pickTalk(notes, placeHolder);
  };

  const openUrl = async (talk: Talk, url: string | null, what: 'video' | 'article'): Promise<boolean> => {
    const safe = httpUrl(url);
    if (!safe) {
      void vscode.window.showInformationMessage(
        what === 'video'
          ? vscode.l10n.t('“{0}” has no video link. Add `video: https://…` to its front matter.', talk.title)
          : vscode.l10n.t('“{0}” has no article link. Add `article: https://…` to its front matter.', talk.title),
      );
      return false;
    }
    // Parse in strict mode and hand over as-is: Bilibili's `p` and `t` parameters must survive.
    return vscode.env.openExternal(vscode.Uri.parse(safe, true));
  };

  const showNotes = async (arg: TalkArg) => {
    const talk = await talkFrom(arg, vscode.l10n.t('Show the notes of…'));
    if (!talk) return undefined;
    // From an editor showing the note, the notes view opens beside it (edit left, read right).
    const column = arg instanceof vscode.Uri ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    notesViews.show(talk.id, column, arg instanceof vscode.Uri);
    return talk.id;
  };

  const handlers: Record<string, (...args: never[]) => unknown> = {
    'talkNotes.showNotes': showNotes,
    'talkNotes.openSlides': async (arg: TalkArg, page?: number) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Open the slides of…'));
      return talk ? slides.open(talk.id, typeof page === 'number' ? page : undefined) : undefined;
    },
    'talkNotes.openVideo': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Open the video of…'));
      return talk ? openUrl(talk, talk.video, 'video') : undefined;
    },
    'talkNotes.openArticle': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Open the article of…'));
      return talk ? openUrl(talk, talk.article, 'article') : undefined;
    },
    'talkNotes.openNoteFile': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Edit the note of…'));
      const uri = talk && notes.noteUri(talk);
      if (uri) await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    },
    'talkNotes.addPersonalNote': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Add a personal note to…'));
      const uri = talk && notes.noteUri(talk);
      if (!talk || !uri) return undefined;
      if (!notesViews.panelFor(talk.id)) notesViews.show(talk.id, vscode.ViewColumn.Active, true);
      const editor = await addPersonalNote(uri);
      return editor.document.uri;
    },
    'talkNotes.setStatus': async (arg: TalkArg, status?: TalkStatus) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Set the status of…'));
      const uri = talk && notes.noteUri(talk);
      if (!talk || !uri) return undefined;
      let next = TALK_STATUSES.includes(status as TalkStatus) ? status : undefined;
      if (!next) {
        const picked = await vscode.window.showQuickPick(
          TALK_STATUSES.map(s => ({
            label: statusLabel(s),
            description: s === talk.status ? vscode.l10n.t('current') : undefined,
            status: s,
          })),
          { placeHolder: vscode.l10n.t('Status of “{0}”', talk.title) },
        );
        next = picked?.status;
      }
      if (!next || next === talk.status) return next;
      await setFrontMatterField(uri, 'status', next);
      await notes.refreshFile(uri);
      return next;
    },
    'talkNotes.goToTalk': async () => {
      const talk = await pickTalk(notes);
      if (!talk) return undefined;
      notesViews.show(talk.id);
      if (tree.visible) await tree.reveal({ kind: 'talk', talkId: talk.id }, { select: true, focus: false, expand: true });
      return talk.id;
    },
    'talkNotes.openConferenceLinks': async (which?: 'slidesDownload' | 'replay') => {
      await notes.ready();
      const conf = notes.workspace?.conference;
      const links = [
        { label: vscode.l10n.t('Slides download page'), url: httpUrl(conf?.slidesDownload), key: 'slidesDownload' },
        { label: vscode.l10n.t('Replay page'), url: httpUrl(conf?.replay), key: 'replay' },
      ].filter((l): l is { label: string; url: string; key: string } => Boolean(l.url));
      if (!links.length) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('This conference has no links. Add `slidesDownload` and `replay` to the notes folder’s index.md.'),
        );
        return undefined;
      }
      const chosen =
        typeof which === 'string'
          ? links.find(l => l.key === which)
          : await vscode.window.showQuickPick(
              links.map(l => ({ ...l, description: l.url })),
              { placeHolder: conf?.title ?? undefined },
            );
      if (chosen) await vscode.env.openExternal(vscode.Uri.parse(chosen.url, true));
      return chosen?.url;
    },
    'talkNotes.refresh': () => notes.reload(),
    'talkNotes.importOutline': () => setup.importOutline(),
    'talkNotes.createBundledCopy': (target?: vscode.Uri) => setup.createBundledCopy(target instanceof vscode.Uri ? target : undefined),
    'talkNotes.chooseNotesFolder': (folder?: vscode.Uri) => setup.chooseNotesFolder(folder instanceof vscode.Uri ? folder : undefined),
    'talkNotes.locateSlides': async (arg: TalkArg, pdf?: vscode.Uri) => {
      const talk = await talkFrom(arg);
      if (!talk) return undefined;
      if (pdf instanceof vscode.Uri) return slides.locate(talk.id, pdf, true);
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { PDF: ['pdf'] } });
      return picked?.[0] ? slides.locate(talk.id, picked[0]) : undefined;
    },
  };

  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        reportError(err);
        return undefined;
      }
    }),
  );
}

/** Our own errors carry a message meant for people; anything else is logged and summarised. */
function reportError(err: unknown): void {
  if (err instanceof NoteEditError) {
    void vscode.window.showErrorMessage(err.message);
    return;
  }
  console.error('[talk-notes]', err);
  const message = err instanceof Error ? err.message : String(err);
  void vscode.window.showErrorMessage(vscode.l10n.t('Talk Notes: {0}', message));
}
