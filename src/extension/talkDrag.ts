// Dragging talks out of the tree and dropping them into notes. A drag carries each talk's note as
// `text/uri-list`, which any editor takes on a drop (VS Code drops into an editor with Shift held).
// Dropped into a note, the talks become links titled with their talks' titles (the Markdown
// extension alone would write `[text](path)`), and never land inside the front matter.
import * as vscode from 'vscode';
import { dropLine, talkLink } from '../core/references';
import type { Talk } from '../core/model';
import type { NotesService } from './notesService';
import type { TalkNode } from './talkTree';

export const URI_LIST = 'text/uri-list';

export class TalkDragController implements vscode.TreeDragAndDropController<TalkNode> {
  readonly dragMimeTypes = [URI_LIST];
  readonly dropMimeTypes: readonly string[] = [];

  constructor(private readonly notes: NotesService) {}

  handleDrag(source: readonly TalkNode[], dataTransfer: vscode.DataTransfer): void {
    const uris = source
      .map(node => (node.kind === 'talk' ? this.notes.talk(node.talkId) : undefined))
      // A note outside the notes folder (a link out of it) is never handed to anyone.
      .filter(talk => talk && talk.lock?.kind !== 'outsideRoot')
      .map(talk => this.notes.noteUri(talk!))
      .filter((uri): uri is vscode.Uri => Boolean(uri));
    // RFC 2483: one URI per line, CRLF-separated.
    if (uris.length) dataTransfer.set(URI_LIST, new vscode.DataTransferItem(uris.map(u => u.toString()).join('\r\n')));
  }
}

/** Talks' notes dropped into a note (from the tree or the Explorer) become links to those talks. */
export class TalkDropIntoNotes implements vscode.DocumentDropEditProvider {
  constructor(private readonly notes: NotesService) {}

  async provideDocumentDropEdits(
    document: vscode.TextDocument,
    position: vscode.Position,
    dataTransfer: vscode.DataTransfer,
    token: vscode.CancellationToken,
  ): Promise<vscode.DocumentDropEdit | undefined> {
    if (document.uri.scheme !== 'file' || !this.notes.talkForUri(document.uri)) return undefined;
    const list = await dataTransfer.get(URI_LIST)?.asString();
    if (!list || token.isCancellationRequested) return undefined;
    const talks = parseUriList(list).map(uri => (uri.scheme === 'file' ? this.notes.talkForUri(uri) : undefined));
    // Anything else among the dropped files: the Markdown extension's links are the right thing.
    if (!talks.length || talks.some(t => !t)) return undefined;
    const links: string[] = [];
    for (const talk of talks as Talk[]) {
      const target = this.notes.noteUri(talk);
      const link = target && talkLink(talk.title, document.uri.fsPath, target.fsPath);
      if (!link) return undefined;
      links.push(link);
    }
    const text = links.join(' ');
    const line = dropLine(document.getText(), position.line);
    if (line === position.line) return new vscode.DocumentDropEdit(text);
    // Inside the front matter: the links go on a line of their own at the top of the body.
    const edit = new vscode.WorkspaceEdit();
    const at = line < document.lineCount ? new vscode.Position(line, 0) : document.lineAt(document.lineCount - 1).range.end;
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    edit.insert(document.uri, at, line < document.lineCount ? `${text}${eol}` : `${eol}${text}`);
    const drop = new vscode.DocumentDropEdit('');
    drop.additionalEdit = edit;
    return drop;
  }
}

function parseUriList(list: string): vscode.Uri[] {
  const uris: vscode.Uri[] = [];
  for (const line of list.split(/\r?\n/)) {
    const entry = line.trim();
    if (!entry || entry.startsWith('#')) continue;
    try {
      uris.push(vscode.Uri.parse(entry, true));
    } catch {
      // Not a URI: not one of ours.
    }
  }
  return uris;
}
