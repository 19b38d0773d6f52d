// Opening a talk's slide PDF, and what to do when it is not there (the usual case right after
// cloning: PDFs are downloaded from the conference separately).
import * as vscode from 'vscode';
import path from 'node:path';
import type { Talk } from '../core/model';
import type { NotesService } from './notesService';
import { reportError } from './errors';
import { noteToEdit } from './noteAccess';
import { setFrontMatterField } from './noteEdits';
import { NOTES_VIEW_TYPE } from './notesView';
import { fileKey, SLIDES_VIEWER_TYPE } from './slidesViewer';

export type OpenSlidesResult = 'opened' | 'missing' | 'noSlides' | 'noTalk';

/** Opens a PDF at a page: the slides viewer (reusing an open viewer of the same file). */
export interface PdfOpener {
  open(uri: vscode.Uri, page?: number): Promise<void>;
}

/** Without a viewer (tests, other hosts): our custom editor by id, `#page=` as the URI fragment. */
const openWithViewer: PdfOpener = {
  open: async (uri, page) => {
    await vscode.commands.executeCommand('vscode.openWith', page ? uri.with({ fragment: `page=${page}` }) : uri, 'talkNotes.pdf');
  },
};

export class SlidesOpener {
  private readonly opened = new vscode.EventEmitter<Talk>();
  /** Fires after a talk's slides opened in the viewer. */
  readonly onDidOpen = this.opened.event;

  constructor(
    private readonly notes: NotesService,
    private readonly pdf: PdfOpener = openWithViewer,
  ) {}

  /**
   * Opens the slides at `page` when the PDF exists. Otherwise says so and offers to locate the
   * file or open the download page; the answer is handled without blocking the command.
   */
  async open(talkId: string, page?: number): Promise<OpenSlidesResult> {
    const talk = this.notes.talk(talkId);
    if (!talk) return 'noTalk';
    const uri = this.notes.slidesUri(talk);
    if (!uri) {
      this.offerInBackground(talk, vscode.l10n.t('“{0}” has no slides yet.', talk.title));
      return 'noSlides';
    }
    if (!(await isFile(uri))) {
      this.offerInBackground(
        talk,
        vscode.l10n.t('The slides of “{0}” are not downloaded yet: {1} was not found.', talk.title, talk.slides ?? ''),
      );
      return 'missing';
    }
    if (notesViewInFront() && !viewerTab(uri)) {
      // Read the notes and the slides side by side: the viewer goes next to the notes view.
      const target = page ? uri.with({ fragment: `page=${page}` }) : uri;
      await vscode.commands.executeCommand('vscode.openWith', target, SLIDES_VIEWER_TYPE, vscode.ViewColumn.Beside);
    } else {
      await this.pdf.open(uri, page);
    }
    this.opened.fire(talk);
    return 'opened';
  }

  /** The command is done once the offer is up; what the user picks later is reported on its own. */
  private offerInBackground(talk: Talk, message: string): void {
    this.offer(talk, message).catch(err => reportError(err, `locating the slides of ${talk.id}`));
  }

  private async offer(talk: Talk, message: string): Promise<void> {
    const locate = vscode.l10n.t('Locate Slides PDF…');
    const download = vscode.l10n.t('Open Download Page');
    const downloadPage = this.notes.conferenceOf(talk)?.workspace.conference.slidesDownload;
    const items = downloadPage ? [locate, download] : [locate];
    const choice = await vscode.window.showWarningMessage(message, ...items);
    if (choice === locate) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Use These Slides'),
        title: vscode.l10n.t('Locate the slides of “{0}”', talk.title),
        filters: { PDF: ['pdf'] },
        defaultUri: this.suggestedFolder(talk),
      });
      if (picked?.[0]) await this.locate(talk.id, picked[0]);
    } else if (choice === download && downloadPage) {
      await vscode.env.openExternal(vscode.Uri.parse(downloadPage, true));
    }
  }

  /**
   * Records `pdf` as the talk's slides, relative to the slides folder. A PDF outside that folder
   * is copied into it (asked first) because notes only hold paths inside the slides folder.
   */
  async locate(talkId: string, pdf: vscode.Uri, copyOutside?: boolean): Promise<string | undefined> {
    const talk = this.notes.talk(talkId);
    const root = talk && this.notes.slidesRootOf(talk);
    if (!talk || !root) return undefined;
    // Refused notes are refused before a PDF is copied for them.
    await noteToEdit(this.notes, talk);
    let target = pdf;
    let rel = relativeInside(root, pdf);
    if (rel === undefined) {
      const name = talk.slides ?? [talk.trackId, path.basename(pdf.fsPath)].filter(Boolean).join('/');
      const copy = vscode.l10n.t('Copy into Slides Folder');
      const ok =
        copyOutside ??
        (await vscode.window.showInformationMessage(
          vscode.l10n.t('{0} is outside the slides folder. Copy it to {1} so the notes can refer to it?', pdf.fsPath, name),
          { modal: true },
          copy,
        )) === copy;
      if (!ok) return undefined;
      target = vscode.Uri.joinPath(root, ...name.split('/'));
      if (await isFile(target)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists; nothing was copied.', name));
        return undefined;
      }
      await vscode.workspace.fs.copy(pdf, target, { overwrite: false });
      rel = name;
    }
    await setFrontMatterField(this.notes, talk, 'slides', rel);
    await this.open(talkId);
    return rel;
  }

  private suggestedFolder(talk: Talk): vscode.Uri | undefined {
    const root = this.notes.slidesRootOf(talk);
    if (!root) return undefined;
    const dir = talk.slides?.includes('/') ? talk.slides.slice(0, talk.slides.lastIndexOf('/')) : talk.trackId;
    return dir ? vscode.Uri.joinPath(root, ...dir.split('/')) : root;
  }
}

function notesViewInFront(): boolean {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputWebview && input.viewType.endsWith(NOTES_VIEW_TYPE);
}

/** A tab of the slides viewer showing `pdf` (whatever page it was opened at). */
function viewerTab(pdf: vscode.Uri): vscode.Tab | undefined {
  const file = fileKey(pdf);
  return vscode.window.tabGroups.all
    .flatMap(g => g.tabs)
    .find(t => t.input instanceof vscode.TabInputCustom && t.input.viewType === SLIDES_VIEWER_TYPE && fileKey(t.input.uri) === file);
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.File;
  } catch {
    return false;
  }
}

function relativeInside(root: vscode.Uri, file: vscode.Uri): string | undefined {
  const rel = path.relative(root.fsPath, file.fsPath);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
