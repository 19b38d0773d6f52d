// Keep Images Offline in VS Code, for one note or the whole notes folder: the core downloads and
// saves the images (core/images/keepOffline.ts) under a cancellable progress notification; the
// links are then rewritten through noteEdits.ts on each note's text as it is by then, so a note
// with unsaved changes gets the edit in its editor and stays unsaved. What could not be kept is
// counted in one message and listed, with the reason, in the Talk Notes log.
import * as vscode from 'vscode';
import type { ImageFailure } from '../core/images/download';
import { IMAGES_FOLDER } from '../core/images/imageFiles';
import { keepImagesOffline, type OfflineNote } from '../core/images/keepOffline';
import { findRemoteImages, offlineEdits } from '../core/images/remoteImages';
import type { Talk } from '../core/model';
import { UserError } from './errors';
import { log } from './log';
import { editNoteText, noteTextToEdit } from './noteEdits';
import type { NotesService } from './notesService';

/** What a run did, note by note: what the command returns (tests and other extensions read it). */
export interface OfflineSummary {
  notes: {
    file: string;
    /** Remote images now kept locally (URL → path relative to the note). */
    kept: Record<string, string>;
    failures: { url: string; line: number; reason: string }[];
    /** Why the note was left alone, or null. */
    skipped: string | null;
  }[];
  /** Image files created, relative to the notes folder. */
  written: string[];
  cancelled: boolean;
}

type NoteSummary = OfflineSummary['notes'][number];

/** Why an image was not kept offline, in the UI language (the core's describeFailure is the CLI's English). */
function failureText(f: ImageFailure): string {
  switch (f.kind) {
    case 'status':
      return f.status === 404 || f.status === 410
        ? vscode.l10n.t('the server says it is gone (HTTP {0})', f.status)
        : vscode.l10n.t('the server answered HTTP {0}; try again later', f.status);
    case 'timeout':
      return vscode.l10n.t('no answer within {0} s; try again later', f.seconds);
    case 'tooLarge':
      return vscode.l10n.t('larger than {0} MB, the limit for one image', f.limitMb);
    case 'notImage':
      return f.contentType
        ? vscode.l10n.t('not an image (the server sent {0}); only PNG, JPEG, GIF and WebP images are kept', f.contentType)
        : vscode.l10n.t('not an image; only PNG, JPEG, GIF and WebP images are kept');
    case 'svg':
      return vscode.l10n.t('an SVG image: SVG can carry scripts, so it is not downloaded; save it as PNG to keep it offline');
    case 'tooManyRedirects':
      return vscode.l10n.t('redirected more than {0} times', f.count - 1);
    case 'redirectScheme':
      return vscode.l10n.t('redirected to {0}, which is not an http(s) address', f.target);
    case 'network':
      return vscode.l10n.t('could not connect ({0}); check the address and your connection', f.reason);
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    case 'unplaced':
      return vscode.l10n.t('its link could not be located in the text (a reference inside a quote or list?); edit it by hand');
    case 'write':
      return vscode.l10n.t('the file could not be saved ({0}); check that the note’s folder is writable', f.reason);
    case 'outside':
      return vscode.l10n.t('{0} is a link to a folder outside the notes folder, so nothing is saved there; remove the link', f.folder);
  }
}

export class OfflineImages {
  constructor(private readonly notes: NotesService) {}

  /** Keeps the remote images of `talks` offline; `scope` only changes how the result is told. */
  async keep(talks: readonly Talk[], scope: 'note' | 'folder'): Promise<OfflineSummary> {
    const root = this.notes.root;
    if (!root) throw new UserError(vscode.l10n.t('No notes folder is open.'));
    const summary: OfflineSummary = { notes: [], written: [], cancelled: false };
    const todo: { talk: Talk; note: OfflineNote; summary: NoteSummary }[] = [];
    for (const talk of talks) {
      const note: NoteSummary = { file: talk.file, kept: {}, failures: [], skipped: null };
      summary.notes.push(note);
      try {
        todo.push({ talk, note: { file: talk.file, text: await noteTextToEdit(this.notes, talk) }, summary: note });
      } catch (err) {
        // One note: its reason is the whole answer. A folder: that note is listed and the rest go on.
        if (scope === 'note' || !(err instanceof UserError)) throw err;
        note.skipped = err.message;
      }
    }
    const remote = todo.filter(t => {
      const found = findRemoteImages(t.note.text);
      return found.remote.length + found.unplaced.length > 0;
    });
    if (!remote.length) {
      this.tellNothingToDo(talks, summary);
      return summary;
    }

    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Keeping images offline…'), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return keepImagesOffline(
          root.fsPath,
          remote.map(t => t.note),
          {
            signal: abort.signal,
            onProgress: (done, total) =>
              progress.report({ increment: 100 / total, message: vscode.l10n.t('{0} of {1} images', done, total) }),
          },
        );
      },
    );
    summary.written = report.written;
    summary.cancelled = report.cancelled;

    for (const [i, result] of report.notes.entries()) {
      const { talk, summary: note } = remote[i];
      note.failures = result.failures.map(f => ({ url: f.url, line: f.line, reason: failureText(f.failure) }));
      if (!result.saved.size) continue;
      try {
        // On the text as it is now: the user may have typed while the images were downloading.
        await editNoteText(this.notes, talk, text => offlineEdits(text, result.saved));
        note.kept = Object.fromEntries(result.saved);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        note.skipped = err.message;
      }
    }
    this.tell(talks, summary);
    return summary;
  }

  private tellNothingToDo(talks: readonly Talk[], summary: OfflineSummary): void {
    const skipped = summary.notes.filter(n => n.skipped);
    for (const n of skipped) log.warn(`Keep Images Offline: ${n.file} skipped: ${n.skipped}`);
    const message =
      talks.length === 1
        ? vscode.l10n.t('“{0}” has no remote images: nothing to keep offline.', talks[0].title)
        : vscode.l10n.t('No note has remote images: nothing to keep offline.');
    if (!skipped.length) {
      void vscode.window.showInformationMessage(message);
      return;
    }
    this.warnWithLog(`${message} ${vscode.l10n.t('{0} note(s) were skipped; the Talk Notes log says why.', skipped.length)}`);
  }

  /** One message for the run, counts only; each failure and skipped note goes to the log. */
  private tell(talks: readonly Talk[], summary: OfflineSummary): void {
    let kept = 0;
    let failed = 0;
    let skipped = 0;
    for (const n of summary.notes) {
      const count = Object.keys(n.kept).length;
      kept += count;
      failed += n.failures.length;
      if (n.skipped) skipped++;
      if (count) log.info(`Keep Images Offline: ${n.file}: ${count} image(s) now local`);
      for (const f of n.failures) log.warn(`Keep Images Offline: ${n.file}:${f.line}: ${f.url}: ${f.reason}`);
      if (n.skipped) log.warn(`Keep Images Offline: ${n.file} skipped: ${n.skipped}`);
    }
    const parts: string[] = [];
    const notesKept = summary.notes.filter(n => Object.keys(n.kept).length).length;
    if (summary.cancelled) {
      parts.push(vscode.l10n.t('Cancelled: {0} image(s) were kept offline before that; run the command again for the rest.', kept));
    } else if (kept && talks.length === 1) {
      const file = talks[0].file;
      const folder = `${file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : ''}${IMAGES_FOLDER}`;
      parts.push(vscode.l10n.t('Kept {0} image(s) of “{1}” offline, in {2}.', kept, talks[0].title, folder));
    } else if (kept) {
      parts.push(vscode.l10n.t('Kept {0} image(s) offline in {1} note(s).', kept, notesKept));
    }
    if (failed)
      parts.push(vscode.l10n.t('{0} image(s) could not be kept offline and keep their links; the Talk Notes log says why.', failed));
    if (skipped) parts.push(vscode.l10n.t('{0} note(s) were skipped; the Talk Notes log says why.', skipped));
    const message = parts.join(' ');
    if (failed || skipped) this.warnWithLog(message);
    else void vscode.window.showInformationMessage(message);
  }

  private warnWithLog(message: string): void {
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(message, showLog).then(choice => {
      if (choice === showLog) log.show();
    });
  }
}
