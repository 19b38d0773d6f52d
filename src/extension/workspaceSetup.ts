// Getting a notes folder: copy the bundled Flink Forward Asia 2022 notes, import an outline, or
// point the setting at an existing folder. Nothing here overwrites an existing file.
import * as vscode from 'vscode';
import path from 'node:path';
import { importOutline } from '../core/importer';
import type { Problem } from '../core/model';
import { log } from './log';
import type { NotesService } from './notesService';

const BUNDLED_FOLDER_NAME = 'flink-forward-asia-2022-notes';

export class WorkspaceSetup {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly notes: NotesService,
  ) {}

  /** Copies the bundled notes into a new folder under `parent` (asked for when absent). */
  async createBundledCopy(parent?: vscode.Uri): Promise<vscode.Uri | undefined> {
    parent ??= await pickFolder(vscode.l10n.t('Create the Copy Here'), vscode.l10n.t('Where should the copy of the notes go?'));
    if (!parent) return undefined;
    const dest = await freeName(parent, BUNDLED_FOLDER_NAME);
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(this.extensionUri, 'notes'), dest, { overwrite: false });
    await writeGitignore(dest);
    await this.useFolder(dest, vscode.l10n.t('Created a copy of the Flink Forward Asia 2022 notes in {0}.', dest.fsPath));
    return dest;
  }

  /** Imports an outline document into a folder; existing notes are kept, never overwritten. */
  async importOutline(outline?: vscode.Uri, outDir?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!outline) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Import'),
        title: vscode.l10n.t('Choose an outline document to import'),
        filters: { [vscode.l10n.t('Outline or schedule')]: ['md', 'markdown', 'txt', 'json', 'xml'] },
      });
      outline = picked?.[0];
    }
    if (!outline) return undefined;
    outDir ??= await pickFolder(vscode.l10n.t('Import Here'), vscode.l10n.t('Folder to create the notes in (existing notes are kept)'));
    if (!outDir) return undefined;
    let cancelled = false;
    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Importing {0}…', path.basename(outline.fsPath)),
        cancellable: true,
      },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => {
          cancelled = true;
          abort.abort();
        });
        // A note with unsaved changes is left alone: writing it on disk would pit the import
        // against the user's own text.
        return importOutline(outline.fsPath, outDir.fsPath, { hasUnsavedChanges: isOpenWithUnsavedChanges, signal: abort.signal });
      },
    );
    this.showProblems(report.problems, outDir);
    if (cancelled && !report.written.length && !report.updated.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The import was cancelled; nothing was imported.'));
      return undefined;
    }
    const summary = vscode.l10n.t(
      'Imported {0}: {1} file(s) written, {2} updated, {3} existing file(s) kept.',
      path.basename(outline.fsPath),
      report.written.length,
      report.updated.length,
      report.skipped.length,
    );
    if (!report.written.length && !report.updated.length && !report.skipped.length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} No talks were found; the details are in the Talk Notes log.', summary));
      return undefined;
    }
    await this.useFolder(outDir, summary);
    return outDir;
  }

  /** Points `talkNotes.notesRoot` at a folder, relative to the workspace folder when inside it. */
  async chooseNotesFolder(folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
    folder ??= await pickFolder(vscode.l10n.t('Use as Notes Folder'), vscode.l10n.t('Choose the folder holding the notes'));
    if (!folder) return undefined;
    await this.setNotesRoot(folder);
    return folder;
  }

  /**
   * After creating notes somewhere: inside the open workspace they become the notes folder at
   * once; elsewhere the user chooses to open them (opening a folder replaces the window).
   */
  private async useFolder(folder: vscode.Uri, message: string): Promise<void> {
    const ws = vscode.workspace.workspaceFolders?.[0];
    if (ws && isInside(ws.uri, folder)) {
      await this.setNotesRoot(folder);
      void vscode.window.showInformationMessage(message);
      return;
    }
    if (!ws) {
      await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: false });
      return;
    }
    // The command is done once the files exist; the offer to open them stays up on its own.
    const open = vscode.l10n.t('Open Folder');
    const newWindow = vscode.l10n.t('Open in New Window');
    void vscode.window.showInformationMessage(message, open, newWindow).then(choice => {
      if (choice) void vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: choice === newWindow });
    });
  }

  private async setNotesRoot(folder: vscode.Uri): Promise<void> {
    const ws = vscode.workspace.workspaceFolders?.[0];
    const config = vscode.workspace.getConfiguration('talkNotes', ws?.uri);
    if (ws && isInside(ws.uri, folder)) {
      const rel = path.relative(ws.uri.fsPath, folder.fsPath).split(path.sep).join('/');
      await config.update('notesRoot', rel || '.', vscode.ConfigurationTarget.Workspace);
    } else {
      await config.update('notesRoot', folder.fsPath, ws ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    }
    await this.notes.reload();
  }

  /** Import problems go to the Talk Notes log, brought to front when any is more than a remark. */
  private showProblems(problems: readonly Problem[], base: vscode.Uri): void {
    if (!problems.length) return;
    log.info(vscode.l10n.t('Import into {0}:', base.fsPath));
    for (const p of problems) {
      const line = `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;
      if (p.severity === 'info') log.info(line);
      else log.warn(line);
    }
    if (problems.some(p => p.severity !== 'info')) log.show();
  }
}

async function pickFolder(openLabel: string, title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel,
    title,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/** `<parent>/<name>`, or `<name>-2`, `-3`… when taken, so nothing existing is ever touched. */
async function freeName(parent: vscode.Uri, name: string): Promise<vscode.Uri> {
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(parent, i === 1 ? name : `${name}-${i}`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}

function isOpenWithUnsavedChanges(absPath: string): boolean {
  const file = path.resolve(absPath);
  return vscode.workspace.textDocuments.some(d => d.isDirty && d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === file);
}

function isInside(parent: vscode.Uri, child: vscode.Uri): boolean {
  const rel = path.relative(parent.fsPath, child.fsPath);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The copy's own `.gitignore`: the slide PDFs downloaded into it are the conference's files, large
 * and published elsewhere, so a user who puts their notes in git keeps them out by default.
 */
async function writeGitignore(folder: vscode.Uri): Promise<void> {
  const file = vscode.Uri.joinPath(folder, '.gitignore');
  try {
    await vscode.workspace.fs.stat(file);
    return; // one that came with the copy stays as it is
  } catch {
    // none yet
  }
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('# Slide PDFs downloaded from the conference\n*.pdf\n'));
}
