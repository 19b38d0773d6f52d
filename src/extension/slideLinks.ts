// Slide links in the Markdown editor: `[第 12 页](slides.pdf#page=12)` and the short form
// `[p.12](#slide=12)` open the slides viewer at that page on Ctrl/Cmd+click, like they do from the
// notes view, and under the same rule (`classifyNoteLink`): a relative path that stays inside the
// notes folder, nothing absolute. Only notes inside the notes folder get these links.
import * as vscode from 'vscode';
import { containment } from '../core/containment';
import { classifyNoteLink } from '../core/links';
import { findMarkdownLinks, slideLinkTarget } from '../core/references';
import { isPage } from '../shared/slidesViewerProtocol';
import { Disposable } from './disposable';
import { guardCommand } from './errors';
import type { NotesService } from './notesService';
import type { SlidesViewerProvider } from './slidesViewer';
import { talkForSlides } from './slideReferences';

/** Internal: opens a PDF of the notes (by URI string) in the slides viewer at a page. Not in the palette. */
export const OPEN_PDF_PAGE_COMMAND = 'talkNotes.openPdfPage';

export class SlideLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly notes: NotesService) {}

  async provideDocumentLinks(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    // A note opened while the notes are still loading would otherwise get no links until edited.
    await this.notes.ready();
    const noteFile = this.notes.relativePath(doc.uri);
    if (noteFile === undefined) return [];
    const talk = this.notes.talkForUri(doc.uri);
    const out: vscode.DocumentLink[] = [];
    for (const link of findMarkdownLinks(doc.getText())) {
      if (token.isCancellationRequested) break;
      const target = slideLinkTarget(link.destination);
      if (!target) continue;
      let command: string;
      let args: unknown[];
      if (target.kind === 'short') {
        if (!talk) continue;
        [command, args] = ['talkNotes.openSlides', [talk.id, target.page]];
      } else {
        const resolved = classifyNoteLink(link.destination, noteFile);
        const file = resolved.kind === 'file' ? this.notes.noteUri(resolved.path, doc.uri) : undefined;
        if (!file) continue;
        const owner = talkForSlides(this.notes, file);
        [command, args] = owner
          ? ['talkNotes.openSlides', [owner.id, target.page ?? undefined]]
          : [OPEN_PDF_PAGE_COMMAND, [file.toString(), target.page ?? undefined]];
      }
      // The whole `[text](target)` is the link, so it starts before (and wins over) the target
      // link the built-in Markdown support puts on the same destination.
      const range = new vscode.Range(doc.positionAt(link.start), doc.positionAt(link.end));
      const item = new vscode.DocumentLink(range, vscode.Uri.parse(`command:${command}?${encodeURIComponent(JSON.stringify(args))}`));
      item.tooltip = target.page
        ? vscode.l10n.t('Open page {0} in the slides viewer', target.page)
        : vscode.l10n.t('Open in the slides viewer');
      out.push(item);
    }
    return out;
  }
}

export class SlideLinks extends Disposable {
  constructor(
    private readonly notes: NotesService,
    private readonly viewer: SlidesViewerProvider,
  ) {
    super();
    this._register(vscode.languages.registerDocumentLinkProvider({ language: 'markdown', scheme: 'file' }, new SlideLinkProvider(notes)));
    this._register(
      vscode.commands.registerCommand(
        OPEN_PDF_PAGE_COMMAND,
        guardCommand(OPEN_PDF_PAGE_COMMAND, (uri?: unknown, page?: unknown) => this.openPdfPage(uri, page)),
      ),
    );
  }

  /** Any command link can call this; only PDFs really inside the notes or slides folder open. */
  private async openPdfPage(uri?: unknown, page?: unknown): Promise<boolean> {
    if (typeof uri !== 'string') return false;
    const file = vscode.Uri.parse(uri, true);
    const name = vscode.workspace.asRelativePath(file);
    const roots = [...this.notes.roots, ...this.notes.slidesRoots];
    const where = file.scheme === 'file' ? await Promise.all(roots.map(r => containment(r.fsPath, file.fsPath))) : [];
    if (where.some(w => w.kind === 'missing')) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The linked file does not exist: {0}', name));
      return false;
    }
    if (!where.some(w => w.kind === 'inside')) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} is outside the notes folder; Talk Notes opens only PDFs inside the notes or slides folder.', name),
      );
      return false;
    }
    await this.viewer.open(file, isPage(page) ? page : undefined);
    return true;
  }
}
