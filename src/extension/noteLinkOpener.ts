// What happens when a link in a note is clicked: http(s) goes to the browser, another talk's note
// opens its notes view, the talk's PDF opens the slides (at a page), other files open in VS Code.
import * as vscode from 'vscode';
import { containment } from '../core/containment';
import { classifyNoteLink, parseShortSlideLink } from '../core/links';
import type { Talk } from '../core/model';
import type { NotesService } from './notesService';

export interface NoteLinkTargets {
  showNotes(talkId: string): unknown;
  openSlides(talkId: string, page?: number): Promise<unknown>;
}

export class NoteLinkOpener {
  constructor(
    private readonly notes: NotesService,
    private readonly targets: () => NoteLinkTargets,
  ) {}

  async open(href: string, fromTalkId: string): Promise<void> {
    const from = this.notes.talk(fromTalkId);
    if (!from) return;
    const shortPage = parseShortSlideLink(href);
    if (shortPage !== null) {
      await this.targets().openSlides(from.id, shortPage);
      return;
    }
    const link = classifyNoteLink(href, from.file);
    switch (link.kind) {
      case 'anchor':
        return; // handled inside the webview
      case 'refused':
        void vscode.window.showWarningMessage(vscode.l10n.t('Talk Notes did not open this link: {0}.', link.reason));
        return;
      case 'external':
        await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
        return;
      case 'file': {
        const target = this.notes.talkAt(link.path, from);
        if (target) {
          this.targets().showNotes(target.id);
          return;
        }
        // A link to the talk's own slides (by the path its front matter names) opens them.
        const uri = this.notes.noteUri(link.path, from);
        const owner = uri && this.notes.allTalks().find(t => t.slides && this.sameFile(t, uri));
        if (owner) {
          await this.targets().openSlides(owner.id, link.page ?? undefined);
          return;
        }
        const root = this.notes.rootOf(from);
        if (!uri || !root) return;
        // The path stays inside the notes folder; its real path must too (no symbolic link out).
        const where = await containment(root.fsPath, uri.fsPath);
        if (where.kind === 'missing') {
          void vscode.window.showWarningMessage(vscode.l10n.t('The linked file does not exist: {0}', link.path));
          return;
        }
        if (where.kind === 'unresolvable') {
          void vscode.window.showWarningMessage(vscode.l10n.t('Cannot read {0}: {1}.', link.path, where.reason));
          return;
        }
        if (where.kind === 'outside') {
          void vscode.window.showWarningMessage(
            vscode.l10n.t('Talk Notes did not open {0}: it leads outside the notes folder through a symbolic link.', link.path),
          );
          return;
        }
        if (/\.pdf$/i.test(link.path)) {
          // Any PDF in the notes opens in the slides viewer, at the page the link names.
          await vscode.commands.executeCommand('talkNotes.openPdfPage', uri, link.page ?? undefined);
          return;
        }
        await vscode.commands.executeCommand('vscode.open', uri.with({ fragment: link.fragment ?? '' }));
        return;
      }
    }
  }

  /** Does the linked file name the talk's slides (relative to its slides root)? */
  private sameFile(talk: Talk, linked: vscode.Uri): boolean {
    const slides = this.notes.slidesUri(talk);
    return Boolean(slides && linked.fsPath === slides.fsPath);
  }
}
