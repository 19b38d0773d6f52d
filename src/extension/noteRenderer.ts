// Renders notes for the notes view in a worker thread (src/core/renderWorker.ts), so that no note,
// however large or hostile, blocks the extension host: here only the note is sent and the HTML
// received. One worker serves every view; it starts with the notes, ahead of the first view, and a
// render that runs away is stopped with its worker.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { RenderJob, RenderReply } from '../core/renderWorker';
import { log } from './log';

/** Past this a render is given up: its worker is replaced and the view says why. */
const RENDER_TIMEOUT_MS = 30_000;

export class RenderTimeoutError extends Error {}

export interface RenderedNote {
  html: string;
  /** Local images, by the number after `token` in `html`. */
  files: string[];
  token: string;
}

interface Job {
  message: RenderJob;
  resolve(note: RenderedNote): void;
  reject(err: Error): void;
}

export class NoteRenderer implements vscode.Disposable {
  private worker: Worker | undefined;
  /** Jobs go to the worker one at a time, so each one's time limit starts when its render does. */
  private readonly waiting: Job[] = [];
  private current: { job: Job; timer: ReturnType<typeof setTimeout> } | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly timeoutMs = RENDER_TIMEOUT_MS,
  ) {}

  /** Starts the worker, which loads markdown-it, so the first note does not wait for either. */
  warm(): void {
    if (!this.disposed) this.ensureWorker();
  }

  render(markdown: string, noteDir: string, root: string): Promise<RenderedNote> {
    if (this.disposed) return Promise.reject(new Error('the notes renderer was closed'));
    const message: RenderJob = { id: this.nextId++, markdown, noteDir, root, token: `tn-image-${randomBytes(8).toString('hex')}-` };
    return new Promise<RenderedNote>((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.current || this.disposed) return;
    const job = this.waiting.shift();
    if (!job) return;
    const timer = setTimeout(() => this.timedOut(job), this.timeoutMs);
    this.current = { job, timer };
    this.ensureWorker().postMessage(job.message);
  }

  private finish(id: number, outcome: { note: RenderedNote } | { error: Error }): void {
    const current = this.current;
    if (current?.job.message.id !== id) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if ('note' in outcome) current.job.resolve(outcome.note);
    else current.job.reject(outcome.error);
    this.next();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // An idle renderer must not keep the extension host alive at shutdown.
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const token = this.current?.job.message.token ?? '';
      this.finish(
        reply.id,
        'error' in reply ? { error: new Error(reply.error) } : { note: { html: reply.html, files: reply.files, token } },
      );
    });
    worker.on('error', err => log.error('the notes renderer failed', err));
    worker.on('exit', code => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      // The note it was on may be what broke it: that one fails, the others go to a new worker.
      const current = this.current;
      if (current) this.finish(current.job.message.id, { error: new Error(`the renderer stopped (exit code ${code})`) });
    });
    this.worker = worker;
    return worker;
  }

  private timedOut(job: Job): void {
    if (this.current?.job !== job) return;
    const worker = this.worker;
    this.worker = undefined;
    this.finish(job.message.id, { error: new RenderTimeoutError(`rendering took longer than ${this.timeoutMs / 1000} s`) });
    // The worker is stuck in that note; the next job already went to a new one.
    void worker?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    if (this.current) clearTimeout(this.current.timer);
    for (const job of [...(this.current ? [this.current.job] : []), ...this.waiting])
      job.reject(new Error('the notes renderer was closed'));
    this.current = undefined;
    this.waiting.length = 0;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
