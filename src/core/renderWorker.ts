// The notes view's renderer, run in a worker thread. markdown-it parses a note in one synchronous
// call whose cost depends on what the note holds, not only on its size (500 KB of unclosed `[`
// take seconds), so in the extension host a hostile note would freeze every extension; here it
// only delays its own view. Started ahead of the first note, so markdown-it is loaded by then.
//
// Local images need a webview URI, which only the extension host can make: the worker marks each
// one in the output as `<token><n>` (files[n]) and the host puts the URIs in.
import { isMainThread, parentPort } from 'node:worker_threads';
import { imageSource } from './noteImages';
import { createRenderer, type NotesRenderer } from './render';

export interface RenderJob {
  id: number;
  markdown: string;
  /** Folder of the note, for relative image paths. */
  noteDir: string;
  /** The notes folder: local images outside it are not shown. */
  root: string;
  /** Marks local images in the output; unguessable, so a note cannot produce it. */
  token: string;
}

export interface RenderDone {
  id: number;
  html: string;
  /** Local images, by the number after the token in the output. */
  files: string[];
}

export interface RenderFailed {
  id: number;
  error: string;
}

export type RenderReply = RenderDone | RenderFailed;

export function renderJob(renderer: NotesRenderer, job: RenderJob): RenderDone {
  const files: string[] = [];
  const numbers = new Map<string, number>();
  const { html } = renderer.render(job.markdown, {
    resolveImage(src) {
      const source = imageSource(src, job.noteDir, job.root);
      if (!source) return null;
      if ('url' in source) return source.url;
      let n = numbers.get(source.file);
      if (n === undefined) {
        n = files.length;
        files.push(source.file);
        numbers.set(source.file, n);
      }
      return `${job.token}${n}`;
    },
  });
  return { id: job.id, html, files };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const renderer = createRenderer();
  port.on('message', async (job: RenderJob) => {
    let reply: RenderReply;
    try {
      reply = renderJob(await renderer, job);
    } catch (err) {
      reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
