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
  /** One checker per conference (by id): each remembers the PDFs and lines of its own notes. */
  private checkers = new Map<string, WorkspaceChecker>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** The notes load the checkers' memory belongs to (a reload forgets it). */
  private checkedGeneration = -1;
  /** What the Problems panel shows: per file (its URI as a string), its problems' signature. */
  private published = new Map<string, string>();
  private slidesWatchers: vscode.FileSystemWatcher[] = [];
  private watchedSlidesRoots: string | undefined;
  /** PDFs (and folders) created or deleted since the last run. */
  private slideEvents: string[] = [];

  constructor(private readonly notes: NotesService) {
    super();
    this._register(notes.onDidChange(() => this.schedule()));
    this._register({
      dispose: () => {
        clearTimeout(this.timer);
        this.timer = undefined;
        for (const w of this.slidesWatchers) w.dispose();
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
    const library = this.notes.library;
    this.watchSlides(this.notes.slidesRoots);
    if (!library) {
      this.collection.clear();
      this.published.clear();
      return;
    }
    if (this.notes.generation !== this.checkedGeneration) {
      // A reload (Refresh, other folders, new settings) checks the disk afresh.
      this.checkers = new Map();
      this.slideEvents = [];
      this.checkedGeneration = this.notes.generation;
    } else if (this.slideEvents.length) {
      for (const checker of this.checkers.values()) checker.forgetSlides(this.slideEvents);
      this.slideEvents = [];
    }

    // Problems by file URI: the notes folders' own (ambiguous folders…), then each conference's.
    const byFile = new Map<string, { uri: vscode.Uri; problems: Problem[] }>();
    const add = (root: string, problems: readonly Problem[]) => {
      for (const p of problems) {
        const uri = vscode.Uri.joinPath(vscode.Uri.file(root), ...p.file.split('/'));
        const key = uri.toString();
        const entry = byFile.get(key);
        if (entry) entry.problems.push(p);
        else byFile.set(key, { uri, problems: [p] });
      }
    };
    for (const root of library.roots) add(root.root, root.problems);
    const checkers = new Map<string, WorkspaceChecker>();
    for (const conference of library.conferences) {
      const checker = this.checkers.get(conference.id) ?? new WorkspaceChecker();
      checkers.set(conference.id, checker);
      const slidesRoot = this.notes.conferenceSlidesRoot(conference).fsPath;
      add(conference.workspace.root, await checker.check(conference.workspace, { slidesRoot }));
      if (library !== this.notes.library || this.isDisposed) return; // a newer snapshot is scheduled
    }
    this.checkers = checkers;

    const next = new Map<string, string>();
    const changes: Change[] = [];
    for (const [key, { uri, problems }] of byFile) {
      const signature = problems.map(p => `${p.line}\u0000${p.severity}\u0000${p.message}`).join('\u0001');
      next.set(key, signature);
      if (this.published.get(key) !== signature) changes.push([uri, problems.map(toDiagnostic)]);
    }
    for (const key of this.published.keys()) if (!next.has(key)) changes.push([vscode.Uri.parse(key, true), undefined]);
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

  /** PDFs appearing or disappearing under a slides root are the only disk changes the check needs. */
  private watchSlides(slidesRoots: readonly vscode.Uri[]): void {
    const key = slidesRoots.map(r => r.toString()).join('\n');
    if (key === this.watchedSlidesRoots) return;
    for (const w of this.slidesWatchers) w.dispose();
    this.slidesWatchers = [];
    this.watchedSlidesRoots = key;
    for (const slidesRoot of slidesRoots) {
      if (slidesRoot.scheme !== 'file') continue;
      // Only existence matters: content changes are ignored.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(slidesRoot, '**/*'), false, true, false);
      const changed = (uri: vscode.Uri) => {
        if (uri.scheme !== 'file') return;
        this.slideEvents.push(uri.fsPath);
        this.schedule();
      };
      watcher.onDidCreate(changed);
      watcher.onDidDelete(changed);
      this.slidesWatchers.push(watcher);
    }
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, (p.line ?? 1) - 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), p.message, SEVERITY[p.severity]);
  diagnostic.source = 'Talk Notes';
  return diagnostic;
}
