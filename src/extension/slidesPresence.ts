// Whether each talk's slide PDF is really on disk, so the tree can say "not downloaded yet"
// instead of advertising slides that are not there (the usual state right after cloning). Looked
// up only for the rows VS Code draws, remembered, and re-checked when a PDF appears or goes.
import * as vscode from 'vscode';
import fs from 'node:fs';
import type { Talk } from '../core/model';
import { Disposable } from './disposable';
import type { NotesService } from './notesService';

export type SlidesPresenceState = 'present' | 'missing' | 'none';

export class SlidesPresence extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string[]>());
  /** Fires with the ids of the talks whose PDF appeared or went away. */
  readonly onDidChange = this.changed.event;
  private readonly known = new Map<string, boolean>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private watched: string | undefined;

  constructor(private readonly notes: NotesService) {
    super();
    this._register(
      notes.onDidChange(() => {
        // A note that changed its `slides` path is redrawn and looked up again.
        this.known.clear();
        this.watch();
      }),
    );
    this._register({ dispose: () => this.watcher?.dispose() });
    this.watch();
  }

  state(talk: Talk): SlidesPresenceState {
    const uri = this.notes.slidesUri(talk);
    if (!uri) return 'none';
    let present = this.known.get(talk.id);
    if (present === undefined) {
      try {
        present = fs.statSync(uri.fsPath).isFile();
      } catch {
        present = false;
      }
      this.known.set(talk.id, present);
    }
    return present ? 'present' : 'missing';
  }

  private watch(): void {
    const root = this.notes.slidesRoot;
    if (root?.toString() === this.watched) return;
    this.watcher?.dispose();
    this.watcher = undefined;
    this.watched = root?.toString();
    if (!root) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*.pdf'), false, true, false);
    const changed = (uri: vscode.Uri) => {
      const key = uri.toString();
      const ids = this.notes
        .allTalks()
        .filter(t => this.notes.slidesUri(t)?.toString() === key)
        .map(t => t.id);
      for (const id of ids) this.known.delete(id);
      if (ids.length) this.changed.fire(ids);
    };
    this.watcher.onDidCreate(changed);
    this.watcher.onDidDelete(changed);
  }
}
