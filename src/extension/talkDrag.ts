// Dragging talks out of the tree: each carries its note's URI as `text/uri-list`, which VS Code's
// text editors take on a drop; in a Markdown editor the built-in Markdown extension turns a
// dropped file into a relative link to it, so dropping a talk into a note links to that talk.
import * as vscode from 'vscode';
import type { NotesService } from './notesService';
import type { TalkNode } from './talkTree';

const URI_LIST = 'text/uri-list';

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
