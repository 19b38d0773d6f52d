// Images pasted or dropped into a note are saved beside it by VS Code's own Markdown paste and
// drop, in the same `images/` folder Keep Images Offline uses, so new notes never depend on a
// remote host. Where the built-in Markdown extension puts such files is its setting
// `markdown.copyFiles.destination`, a map from globs of documents to destinations. An extension
// cannot contribute a default for it that names the notes folder (the folder is only known at run
// time), so Talk Notes writes one entry into the workspace settings: on the user's word, offered
// once per workspace when a note is first opened in an editor, and by a command at any time.
import * as vscode from 'vscode';
import path from 'node:path';
import { IMAGES_FOLDER } from '../core/images/imageFiles';
import { Disposable } from './disposable';
import { guardCommand } from './errors';
import type { NotesService } from './notesService';

export const SAVE_IMAGES_BESIDE_NOTES = 'talkNotes.saveImagesBesideNotes';
const SETTING = 'copyFiles.destination';
/** The built-in extension's variables: the note's folder, the pasted file's name. */
export const PASTE_DESTINATION = `\${documentDirName}/${IMAGES_FOLDER}/\${fileName}`;
/** workspaceState key: the offer was made in this workspace. */
const OFFERED = 'talkNotes.imagePasteOffered';

/** Glob characters a folder name may contain, escaped for the built-in extension's matcher. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]{}()!+@]/g, '\\$&');
}

/**
 * The glob of the notes of `root`. The built-in extension joins a glob starting with `/` to each
 * workspace folder and matches it against the note's path; any other glob starting with `**` is
 * used as it is.
 */
export function notesGlob(root: vscode.Uri, folder: vscode.Uri | undefined): string {
  if (folder) {
    const rel = path.posix.relative(folder.path, root.path);
    if (!rel.startsWith('..') && !path.posix.isAbsolute(rel)) return `/${rel ? `${escapeGlob(rel)}/` : ''}**/*.md`;
  }
  let folderPath = root.path;
  while (folderPath.endsWith('/')) folderPath = folderPath.slice(0, -1);
  return `**${escapeGlob(folderPath)}/**/*.md`;
}

export class ImagePasteSetup extends Disposable {
  constructor(
    private readonly notes: NotesService,
    private readonly state: vscode.Memento,
  ) {
    super();
    this._register(
      vscode.commands.registerCommand(
        SAVE_IMAGES_BESIDE_NOTES,
        guardCommand(SAVE_IMAGES_BESIDE_NOTES, () => this.configure()),
      ),
    );
    this._register(vscode.window.onDidChangeActiveTextEditor(editor => this.maybeOffer(editor)));
  }

  private glob(): { root: vscode.Uri; glob: string } | undefined {
    const root = this.notes.root;
    if (!root) return undefined;
    return { root, glob: notesGlob(root, vscode.workspace.getWorkspaceFolder(root)?.uri) };
  }

  /** Whether the workspace (or the user) already says where pasted images of the notes go. */
  isConfigured(): boolean {
    const target = this.glob();
    if (!target) return false;
    const value = vscode.workspace.getConfiguration('markdown').get<Record<string, string>>(SETTING) ?? {};
    return Object.hasOwn(value, target.glob);
  }

  /** Writes the notes folder's entry into the workspace settings, keeping every other entry. */
  async configure(): Promise<string | undefined> {
    const target = this.glob();
    if (!target || !vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Open a notes folder first: pasted images are set up for the notes of a workspace.'),
      );
      return undefined;
    }
    await this.state.update(OFFERED, true);
    const config = vscode.workspace.getConfiguration('markdown');
    const current = config.inspect<Record<string, string>>(SETTING)?.workspaceValue ?? {};
    await config.update(SETTING, { ...current, [target.glob]: PASTE_DESTINATION }, vscode.ConfigurationTarget.Workspace);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Images pasted or dropped into a note are now saved in an {0} folder beside it.', IMAGES_FOLDER),
    );
    return target.glob;
  }

  private maybeOffer(editor: vscode.TextEditor | undefined): void {
    if (!editor || this.state.get(OFFERED) || !this.notes.talkForUri(editor.document.uri) || this.isConfigured()) return;
    void this.state.update(OFFERED, true);
    const setUp = vscode.l10n.t('Set Up');
    const notNow = vscode.l10n.t('Not Now');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Save images pasted or dropped into a note in an {0} folder beside it, so new notes never depend on a remote host? (You can also do this later with “Save Pasted Images Beside Notes”.)',
          IMAGES_FOLDER,
        ),
        setUp,
        notNow,
      )
      .then(async choice => {
        if (choice === setUp) await vscode.commands.executeCommand(SAVE_IMAGES_BESIDE_NOTES);
      });
  }
}
