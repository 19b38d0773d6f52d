// Slide links in the Markdown editor: `[第 12 页](slides.pdf#page=12)` and the short form
// `[p.12](#slide=12)` open the slides viewer at that page on Ctrl/Cmd+click, like they do from the
// notes view. Only notes inside the notes folder get these links.
import * as vscode from 'vscode';
import { findMarkdownLinks, slideLinkTarget } from '../core/references';
import { isPage } from '../shared/slidesViewerProtocol';
import type { NotesService } from './notesService';
import type { SlidesViewerProvider } from './slidesViewer';
import { talkForSlides } from './slideReferences';

/** Internal: opens any PDF (by URI string) in the slides viewer at a page. Not in the palette. */
export const OPEN_PDF_PAGE_COMMAND = 'talkNotes.openPdfPage';

export class SlideLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly notes: NotesService) {}

  async provideDocumentLinks(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    // A note opened while the notes are still loading would otherwise get no links until edited.
    await this.notes.ready();
    if (this.notes.relativePath(doc.uri) === undefined) return [];
    const talk = this.notes.talkForUri(doc.uri);
    const folder = vscode.Uri.joinPath(doc.uri, '..');
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
        const file = vscode.Uri.joinPath(folder, ...target.path.split('/'));
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

export function registerSlideLinks(notes: NotesService, viewer: SlidesViewerProvider): vscode.Disposable[] {
  return [
    vscode.languages.registerDocumentLinkProvider({ language: 'markdown', scheme: 'file' }, new SlideLinkProvider(notes)),
    vscode.commands.registerCommand(OPEN_PDF_PAGE_COMMAND, async (uri?: unknown, page?: unknown) => {
      if (typeof uri !== 'string') return false;
      const file = vscode.Uri.parse(uri, true);
      try {
        await vscode.workspace.fs.stat(file);
      } catch {
        void vscode.window.showWarningMessage(vscode.l10n.t('The linked file does not exist: {0}', vscode.workspace.asRelativePath(file)));
        return false;
      }
      await viewer.open(file, isPage(page) ? page : undefined);
      return true;
    }),
  ];
}
