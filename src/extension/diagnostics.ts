// The core's findings in the Problems panel, on the notes files they concern, kept current.
import * as vscode from 'vscode';
import { checkWorkspace } from '../core/check';
import type { Problem } from '../core/model';
import { Disposable } from './disposable';
import { log } from './log';
import type { NotesService } from './notesService';

/** Checks stat every slide PDF; after a burst of saves one run is enough. */
const CHECK_DELAY_MS = 300;

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class NotesDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('talkNotes'));
  private timer: ReturnType<typeof setTimeout> | undefined;
  private run: Promise<void> = Promise.resolve();

  constructor(private readonly notes: NotesService) {
    super();
    this._register(notes.onDidChange(() => this.schedule()));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Resolves when the latest scheduled check has been published. */
  settled(): Promise<void> {
    return this.run;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.run = this.publish().catch(err => log.error('checking the notes failed', err));
    }, CHECK_DELAY_MS);
  }

  private async publish(): Promise<void> {
    const ws = this.notes.workspace;
    const root = this.notes.root;
    if (!ws || !root) {
      this.collection.clear();
      return;
    }
    const problems = await checkWorkspace(ws, { slidesRoot: this.notes.slidesRoot?.fsPath });
    if (ws !== this.notes.workspace) return; // a newer snapshot will publish
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      const line = Math.max(0, (p.line ?? 1) - 1);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, SEVERITY[p.severity]);
      diagnostic.source = 'Talk Notes';
      const list = byFile.get(p.file) ?? [];
      list.push(diagnostic);
      byFile.set(p.file, list);
    }
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.joinPath(root, ...file.split('/')), list);
  }
}
