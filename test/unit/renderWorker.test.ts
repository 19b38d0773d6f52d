// The notes view's renderer as it runs in its worker thread: local images come back marked for
// the extension host, and a hostile note keeps only the worker busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { imageSource } from '../../src/core/noteImages';
import { createRenderer } from '../../src/core/render';
import { renderJob, type RenderJob, type RenderReply } from '../../src/core/renderWorker';

const root = path.resolve('/notes');
const noteDir = path.join(root, 'track');
const WORKER = path.resolve(__dirname, '../../renderWorker.js');

test('image sources: https and raster data stay, files inside the notes folder are files, the rest nothing', () => {
  assert.deepEqual(imageSource('https://example.org/a.png', noteDir, root), { url: 'https://example.org/a.png' });
  assert.deepEqual(imageSource('data:image/png;base64,iVBO', noteDir, root), { url: 'data:image/png;base64,iVBO' });
  assert.deepEqual(imageSource('images/a b.png?x=1#y', noteDir, root), { file: path.join(noteDir, 'images', 'a b.png') });
  assert.deepEqual(imageSource('<../shared/b.png>', noteDir, root), { file: path.join(root, 'shared', 'b.png') });
  for (const refused of ['../../etc/x.png', 'http://example.org/a.png', 'file:///etc/x.png', 'data:image/svg+xml;base64,PHN2Zz4=']) {
    assert.equal(imageSource(refused, noteDir, root), null, refused);
  }
});

test('render jobs mark each local image once with the token; remote ones and placeholders are as before', async () => {
  const renderer = await createRenderer();
  const job: RenderJob = {
    id: 7,
    markdown: '![a](images/a.png) ![again](images/a.png) ![b](../b.png) ![r](https://example.org/r.png) ![out](../../x.png)',
    noteDir,
    root,
    token: 'tn-image-0123456789abcdef-',
  };
  const done = renderJob(renderer, job);
  assert.equal(done.id, 7);
  assert.deepEqual(done.files, [path.join(noteDir, 'images', 'a.png'), path.join(root, 'b.png')]);
  assert.deepEqual(
    [...done.html.matchAll(/<img src="([^"]*)"/g)].map(m => m[1]),
    [`${job.token}0`, `${job.token}0`, `${job.token}1`, 'https://example.org/r.png'],
  );
  assert.match(done.html, /<span class="tn-image-placeholder" data-src-original="..\/..\/x.png">/);
});

test('the worker renders a hostile note while the thread that asked keeps running', async () => {
  // 200,000 brackets: most of a second of markdown-it in one synchronous call.
  const markdown = '['.repeat(100_000) + ']'.repeat(100_000);
  const worker = new Worker(WORKER);
  try {
    const started = performance.now();
    let lastTick = started;
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - lastTick);
      lastTick = now;
    }, 5);
    const reply = await new Promise<RenderReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ id: 1, markdown, noteDir, root, token: 'tn-image-x-' } satisfies RenderJob);
    });
    clearInterval(ticker);
    const took = performance.now() - started;
    assert.ok('html' in reply && reply.html.startsWith('<p data-line="0">[[['), 'rendered');
    // Relative, not a time limit: rendered here the note would block the whole time.
    assert.ok(longestGap < took / 4, `the asking thread stalled ${longestGap.toFixed(0)} ms of ${took.toFixed(0)} ms`);
  } finally {
    await worker.terminate();
  }
});
