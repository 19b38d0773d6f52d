// The commands, each a few lines adapting a tree item, a URI, a talk id or a palette pick to the
// module that does the work. Every failure becomes one sentence for the user (errors.ts).
import * as vscode from 'vscode';
import { TALK_STATUSES, type Talk, type TalkStatus } from '../core/model';
import { httpUrl } from '../core/links';
import { Disposable } from './disposable';
import { guardCommand, UserError } from './errors';
import { statusLabel } from './labels';
import { noteToShow } from './noteAccess';
import { addPersonalNote, setFrontMatterField } from './noteEdits';
import type { NotesService } from './notesService';
import type { NotesViews } from './notesView';
import type { OfflineImages } from './offlineImages';
import type { SlidesOpener } from './slidesOpener';
import { pickConference, pickTalk, talkGone } from './talkPicker';
import type { TalkNode } from './talkTree';
import { walkthroughStepDone } from './walkthrough';
import type { WorkspaceSetup } from './workspaceSetup';

export interface CommandDeps {
  notes: NotesService;
  notesViews: NotesViews;
  slides: SlidesOpener;
  setup: WorkspaceSetup;
  tree: vscode.TreeView<TalkNode>;
  /** Told when a talk's video was opened (the study loop marks the talk as being watched). */
  videoOpened?(talk: Talk): void;
  offline: OfflineImages;
}

/** What a command was invoked with: a talk id, a tree node, a note's URI, or nothing (palette). */
type TalkArg = string | TalkNode | vscode.Uri | undefined;

export class TalkNotesCommands extends Disposable {
  constructor(deps: CommandDeps) {
    super();
    for (const [id, handler] of Object.entries(commandHandlers(deps))) {
      this._register(vscode.commands.registerCommand(id, guardCommand(id, handler as (...args: unknown[]) => unknown)));
    }
  }
}

function commandHandlers(deps: CommandDeps): Record<string, (...args: never[]) => unknown> {
  const { notes, notesViews, slides, setup, tree, offline } = deps;

  /** The talk named by `arg`; a talk asked for by id or file that is gone is an error, not silence. */
  const talkFrom = async (arg: TalkArg, placeHolder?: string): Promise<Talk | undefined> => {
    await notes.ready();
    if (typeof arg === 'string') return notes.talk(arg) ?? talkGone(arg);
    if (arg instanceof vscode.Uri) return notes.talkForUri(arg) ?? talkGone(vscode.workspace.asRelativePath(arg));
    if (arg && typeof arg === 'object' && 'kind' in arg && arg.kind === 'talk') return notes.talk(arg.talkId) ?? talkGone(arg.talkId);
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

  const openSlides = async (arg: TalkArg, page?: number) => {
    const talk = await talkFrom(arg, vscode.l10n.t('Open the slides of…'));
    return talk ? slides.open(talk.id, typeof page === 'number' ? page : undefined) : undefined;
  };

  return {
    'talkNotes.showNotes': showNotes,
    'talkNotes.openSlides': openSlides,
    // The tree's action for slides not downloaded yet: the same command, which offers to get them.
    'talkNotes.getSlides': openSlides,
    'talkNotes.openVideo': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Open the video of…'));
      if (!talk) return undefined;
      const opened = await openUrl(talk, talk.video, 'video');
      if (opened) deps.videoOpened?.(talk);
      return opened;
    },
    'talkNotes.openArticle': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Open the article of…'));
      return talk ? openUrl(talk, talk.article, 'article') : undefined;
    },
    'talkNotes.openNoteFile': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Edit the note of…'));
      if (!talk) return undefined;
      // A note that is not UTF-8 still opens: the editor is where the user converts it.
      const note = await noteToShow(notes, talk);
      if (note.kind === 'refused') throw new UserError(note.message);
      await vscode.window.showTextDocument(note.uri, { preview: false });
      if (note.readOnly) void vscode.window.showWarningMessage(note.readOnly);
      return note.uri;
    },
    'talkNotes.addPersonalNote': async (arg: TalkArg) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Add a personal note to…'));
      if (!talk) return undefined;
      if (!notesViews.viewFor(talk.id)) notesViews.show(talk.id, vscode.ViewColumn.Active, true);
      const editor = await addPersonalNote(notes, talk);
      walkthroughStepDone('writeNote');
      return editor.document.uri;
    },
    'talkNotes.setStatus': async (arg: TalkArg, status?: TalkStatus) => {
      const talk = await talkFrom(arg, vscode.l10n.t('Set the status of…'));
      if (!talk) return undefined;
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
      if (!next) return undefined;
      // Written even when the index says it is already so: the file may say otherwise by now.
      await setFrontMatterField(notes, talk, 'status', next);
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
      const conf = (await pickConference(notes, which))?.workspace.conference;
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
    'talkNotes.importOutline': (outline?: vscode.Uri, outDir?: vscode.Uri) =>
      setup.importOutline(outline instanceof vscode.Uri ? outline : undefined, outDir instanceof vscode.Uri ? outDir : undefined),
    'talkNotes.createBundledCopy': (target?: vscode.Uri) => setup.createBundledCopy(target instanceof vscode.Uri ? target : undefined),
    'talkNotes.chooseNotesFolder': (folder?: vscode.Uri) => setup.chooseNotesFolder(folder instanceof vscode.Uri ? folder : undefined),
    'talkNotes.keepImagesOffline': async (arg: TalkArg) => {
      // From the notes view's title bar (VS Code passes the panel's `webview-panel:` URI) or the
      // palette: the talk on screen, if there is one.
      const given = arg instanceof vscode.Uri && arg.scheme === 'webview-panel' ? undefined : arg;
      const editor = vscode.window.activeTextEditor?.document.uri;
      const active = notesViews.activeTalkId ?? (editor && notes.talkForUri(editor)?.id);
      const talk = await talkFrom(given ?? active, vscode.l10n.t('Keep the images of… offline'));
      return talk ? offline.keep([talk], 'note') : undefined;
    },
    'talkNotes.keepAllImagesOffline': async () => {
      await notes.ready();
      return offline.keep(notes.allTalks(), 'folder');
    },
    'talkNotes.locateSlides': async (arg: TalkArg, pdf?: vscode.Uri) => {
      const talk = await talkFrom(arg);
      if (!talk) return undefined;
      if (pdf instanceof vscode.Uri) return slides.locate(talk.id, pdf, true);
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { PDF: ['pdf'] } });
      return picked?.[0] ? slides.locate(talk.id, picked[0]) : undefined;
    },
  };
}
