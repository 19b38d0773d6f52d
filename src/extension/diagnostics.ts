// The core's findings in the Problems panel, on the notes files they concern, kept current.
//
// A notes folder can hold ten thousand talks and thousands of problems, and a note may be saved
// every second (auto save), so each re-check costs what changed, not the workspace: the checker
// remembers PDFs and key lines of unchanged notes, runs never overlap (a change during a run
// queues one more), and only files whose problems changed are sent to the Problems panel.
import * as vscode from 'vscode';
import { WorkspaceChecker } from '../core/check';
import type { Problem } from '../core/model';
import { Disposable } from './disposable';
import { log } from './log';
import type { NotesService } from './notesService';

/** After a burst of saves one run is enough. */
const CHECK_DELAY_MS = 300;
/**
 * VS Code forwards at most 1.1 × 1000 diagnostics per `set` call and silently drops the rest,
 * so changes go out in batches below that.
 */
const DIAGNOSTICS_PER_SET = 1000;

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

type Change = [vscode.Uri, vscode.Diagnostic[] | undefined];

export class NotesDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('talkNotes'));
  private readonly checker = new WorkspaceChecker();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** The notes load the checker's memory belongs to (a reload forgets it). */
  private checkedGeneration = -1;
  /** What the Problems panel shows: per file (relative to `publishedRoot`), its problems' signature. */
  private published = new Map<string, string>();
  private publishedRoot: vscode.Uri | undefined;
  private slidesWatcher: vscode.FileSystemWatcher | undefined;
  private watchedSlidesRoot: string | undefined;
  /** PDFs (and folders) created or deleted since the last run. */
  private slideEvents: string[] = [];

  constructor(private readonly notes: NotesService) {
    super();
    this._register(notes.onDidChange(() => this.schedule()));
    this._register({
      dispose: () => {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.slidesWatcher?.dispose();
      },
    });
  }

  /** Resolves once no check is waiting or running, i.e. the Problems panel shows the latest one. */
  async settled(): Promise<void> {
    while (this.timer !== undefined || this.running) {
      if (this.running) await this.running;
      else await new Promise(resolve => setTimeout(resolve, CHECK_DELAY_MS / 3));
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, CHECK_DELAY_MS);
  }

  private start(): void {
    if (this.isDisposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.publish();
        } catch (err) {
          log.error('check failed', err);
        }
      } while (this.again && !this.isDisposed);
    })().finally(() => {
      this.running = undefined;
    });
  }

  private async publish(): Promise<void> {
    const ws = this.notes.workspace;
    const root = this.notes.root;
    this.watchSlides(this.notes.slidesRoot);
    if (!ws || !root) {
      this.unpublishAll(undefined);
      return;
    }
    if (this.notes.generation !== this.checkedGeneration) {
      // A reload (Refresh, another folder, new settings) checks the disk afresh.
      this.checker.forgetSlides();
      this.slideEvents = [];
      this.checkedGeneration = this.notes.generation;
    } else if (this.slideEvents.length) {
      this.checker.forgetSlides(this.slideEvents);
      this.slideEvents = [];
    }
    if (this.publishedRoot?.toString() !== root.toString()) this.unpublishAll(root);

    const problems = await this.checker.check(ws, { slidesRoot: this.notes.slidesRoot?.fsPath });
    if (ws !== this.notes.workspace || this.isDisposed) return; // a newer snapshot is scheduled

    const byFile = new Map<string, Problem[]>();
    for (const p of problems) {
      const list = byFile.get(p.file);
      if (list) list.push(p);
      else byFile.set(p.file, [p]);
    }
    const next = new Map<string, string>();
    const changes: Change[] = [];
    for (const [file, list] of byFile) {
      const signature = list.map(p => `${p.line}\u0000${p.severity}\u0000${p.message}`).join('\u0001');
      next.set(file, signature);
      if (this.published.get(file) !== signature) changes.push([this.uri(root, file), list.map(toDiagnostic)]);
    }
    for (const file of this.published.keys()) if (!next.has(file)) changes.push([this.uri(root, file), undefined]);
    this.published = next;
    this.send(changes);
  }

  private send(changes: Change[]): void {
    let batch: Change[] = [];
    let count = 0;
    for (const change of changes) {
      const n = Math.max(1, change[1]?.length ?? 0);
      if (batch.length && count + n > DIAGNOSTICS_PER_SET) {
        this.collection.set(batch);
        batch = [];
        count = 0;
      }
      batch.push(change);
      count += n;
    }
    if (batch.length) this.collection.set(batch);
  }

  private unpublishAll(root: vscode.Uri | undefined): void {
    this.collection.clear();
    this.published.clear();
    this.publishedRoot = root;
  }

  private uri(root: vscode.Uri, file: string): vscode.Uri {
    return vscode.Uri.joinPath(root, ...file.split('/'));
  }

  /** PDFs appearing or disappearing under the slides root are the only disk changes the check needs. */
  private watchSlides(slidesRoot: vscode.Uri | undefined): void {
    const key = slidesRoot?.toString();
    if (key === this.watchedSlidesRoot) return;
    this.slidesWatcher?.dispose();
    this.slidesWatcher = undefined;
    this.watchedSlidesRoot = key;
    if (!slidesRoot || slidesRoot.scheme !== 'file') return;
    // Only existence matters: content changes are ignored.
    this.slidesWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(slidesRoot, '**/*'), false, true, false);
    const changed = (uri: vscode.Uri) => {
      if (uri.scheme !== 'file') return;
      this.slideEvents.push(uri.fsPath);
      this.schedule();
    };
    this.slidesWatcher.onDidCreate(changed);
    this.slidesWatcher.onDidDelete(changed);
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, (p.line ?? 1) - 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, SEVERITY[p.severity]);
  diagnostic.source = 'Talk Notes';
  return diagnostic;
}
