// Downloading remote images and saving them beside the notes, against a local image host on
// 127.0.0.1 started by the test: real images, a 404, a slow response, redirects, a web page, an
// SVG, oversized files; names, reuse, the notes folder's boundary and failing writes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeFailure, downloadImage, DEFAULT_LIMITS, type DownloadLimits } from '../../src/core/images/download';
import { imageStem } from '../../src/core/images/imageFiles';
import { isSvg, sniffImage } from '../../src/core/images/imageTypes';
import { keepImagesOffline } from '../../src/core/images/keepOffline';
import { offlineEdits } from '../../src/core/images/remoteImages';
import { nodeImportFileSystem } from '../../src/core/importWriter';
import { DIAGRAM, OTHER_DIAGRAM, PHOTO, startImageServer, type ImageServer } from '../fixtures/imageServer';
import { tempDir, writeTree } from '../fixtures/tempTree';
import { applyEdits } from '../fixtures/textEdits';

let server: ImageServer;
before(async () => {
  server = await startImageServer();
});
after(() => server.close());

const url = (p: string) => `${server.base}${p}`;
/** Short limits: the slow image must time out in a fraction of a second. */
const LIMITS: DownloadLimits = { ...DEFAULT_LIMITS, idleTimeoutMs: 400, totalTimeoutMs: 5000, maxBytes: 64 * 1024 };

test('image types come from the bytes, not from the URL or the server', () => {
  assert.equal(sniffImage(DIAGRAM)?.ext, '.png');
  assert.equal(sniffImage(PHOTO)?.ext, '.jpg');
  assert.equal(sniffImage(Buffer.from('GIF89a....'))?.ext, '.gif');
  assert.equal(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))?.ext, '.webp');
  assert.equal(sniffImage(Buffer.from('<!doctype html>')), null);
  assert.equal(sniffImage(new Uint8Array(0)), null);
  assert.ok(isSvg(Buffer.from('  <?xml version="1.0"?><svg/>'), 'application/octet-stream'));
  assert.ok(isSvg(Buffer.from('x'), 'image/svg+xml; charset=utf-8'));
  assert.ok(!isSvg(DIAGRAM, 'image/png'));
});

test('local names: the last path segment, decoded and made safe, never empty', () => {
  assert.equal(imageStem('https://oss.example.com/img/image-20230306232743251.png'), 'image-20230306232743251');
  assert.equal(imageStem('https://e.org/a/%E6%9E%B6%E6%9E%84%20%E5%9B%BE.PNG?x=1#y'), '架构-图');
  assert.equal(imageStem('https://e.org/'), 'image');
  assert.equal(imageStem('https://e.org/..%2F..%2Fetc%2Fpasswd'), 'passwd');
  assert.equal(imageStem('https://e.org/con.png'), 'con_');
  assert.equal(imageStem('https://e.org/a%00b%22c%3Cd.jpeg'), 'a-b-c-d');
  assert.equal(imageStem('https://e.org/.hidden'), 'hidden');
  assert.ok(imageStem(`https://e.org/${'长'.repeat(300)}.png`).length <= 60);
});

test('download: an image, and the bytes decide what it is', async () => {
  const png = await downloadImage(url('/img/diagram.png'), LIMITS);
  assert.ok(png.ok);
  assert.equal(png.type.ext, '.png');
  assert.ok(Buffer.from(png.bytes).equals(DIAGRAM));
  const jpeg = await downloadImage(url('/img/photo.png'), LIMITS);
  assert.ok(jpeg.ok);
  assert.equal(jpeg.type.ext, '.jpg', 'a JPEG served as image/png is a JPEG');
});

test('download: redirects are followed a few times, and only to http(s)', async () => {
  const moved = await downloadImage(url('/img/moved.png'), LIMITS);
  assert.ok(moved.ok && Buffer.from(moved.bytes).equals(DIAGRAM));
  assert.deepEqual(await downloadImage(url('/img/loop.png'), LIMITS), { ok: false, failure: { kind: 'tooManyRedirects', count: 6 } });
  assert.deepEqual(await downloadImage(url('/img/ftp.png'), LIMITS), {
    ok: false,
    failure: { kind: 'redirectScheme', target: 'ftp://example.invalid/x.png' },
  });
});

test('download: each way an image fails has its own reason', async () => {
  const cases: [string, unknown][] = [
    ['/img/gone.png', { kind: 'status', status: 404 }],
    ['/img/slow.png', { kind: 'timeout', seconds: 0.4 }],
    ['/img/page.png', { kind: 'notImage', contentType: 'text/html' }],
    ['/img/vector.svg', { kind: 'svg' }],
    ['/img/huge.png', { kind: 'tooLarge', limitMb: 0.1 }],
    ['/img/stream.png', { kind: 'tooLarge', limitMb: 0.1 }],
  ];
  for (const [p, failure] of cases) assert.deepEqual(await downloadImage(url(p), LIMITS), { ok: false, failure }, p);
  // Nobody listening: a network failure naming the cause.
  const closed = await startImageServer();
  await closed.close();
  const refused = await downloadImage(`${closed.base}/img/diagram.png`, LIMITS);
  assert.ok(!refused.ok && refused.failure.kind === 'network' && /ECONNREFUSED/.test(refused.failure.reason), JSON.stringify(refused));
  // The default cap is 20 MB: the declared 25 MB image is refused without reading it.
  assert.deepEqual(await downloadImage(url('/img/huge.png')), { ok: false, failure: { kind: 'tooLarge', limitMb: 20 } });
  for (const [, failure] of cases) assert.doesNotMatch(describeFailure(failure as never), /undefined|\[object/);
});

test('download: cancelling stops a download that is waiting', async () => {
  const abort = new AbortController();
  const started = Date.now();
  const pending = downloadImage(url('/img/slow.png'), { ...LIMITS, idleTimeoutMs: 30_000 }, abort.signal);
  setTimeout(() => abort.abort(), 100);
  assert.deepEqual(await pending, { ok: false, failure: { kind: 'cancelled' } });
  assert.ok(Date.now() - started < 5000);
});

function notesFolder(t: { after(fn: () => void): void }): string {
  return path.join(tempDir(t, 'tn-offline-'), 'notes');
}

test('keep offline: files beside the notes, one per image, links rewritten, a second run does nothing', async t => {
  const root = notesFolder(t);
  const a = [
    '---',
    'title: A',
    '---',
    `![diagram](${url('/img/diagram.png')})`,
    `![again](${url('/img/diagram.png')} "Same")`,
    `![photo](${url('/img/photo.png')})`,
    `![other with the same name](${url('/img2/diagram.png')})`,
    `![gone](${url('/img/gone.png')})`,
    '```',
    `![code](${url('/img/diagram.png?code')})`,
    '```',
    '',
  ].join('\n');
  const b = `# B\n\n![same image, other URL](${url('/img/diagram.png?v=2')})\n`;
  writeTree(root, { 'index.md': '# C\n', 'track/01-a.md': a, 'track/02-b.md': b });
  const progress: [number, number][] = [];
  const report = await keepImagesOffline(
    root,
    [
      { file: 'track/01-a.md', text: a },
      { file: 'track/02-b.md', text: b },
    ],
    { limits: LIMITS, onProgress: (done, total) => progress.push([done, total]) },
  );
  assert.equal(report.downloads, 5, 'each distinct URL once');
  assert.deepEqual(
    progress.map(p => p[1]),
    [5, 5, 5, 5, 5],
  );
  assert.deepEqual(
    progress.map(p => p[0]),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(report.written.sort(), ['track/images/diagram-2.png', 'track/images/diagram.png', 'track/images/photo.jpg']);
  const images = path.join(root, 'track', 'images');
  assert.ok(readFileSync(path.join(images, 'diagram.png')).equals(DIAGRAM));
  assert.ok(readFileSync(path.join(images, 'diagram-2.png')).equals(OTHER_DIAGRAM));
  assert.ok(readFileSync(path.join(images, 'photo.jpg')).equals(PHOTO));
  assert.deepEqual(readdirSync(images).sort(), ['diagram-2.png', 'diagram.png', 'photo.jpg'], 'no temporary file left');

  const [na, nb] = report.notes;
  assert.deepEqual(
    [...na.saved],
    [
      [url('/img/diagram.png'), 'images/diagram.png'],
      [url('/img/photo.png'), 'images/photo.jpg'],
      [url('/img2/diagram.png'), 'images/diagram-2.png'],
    ],
  );
  assert.deepEqual(na.failures, [{ url: url('/img/gone.png'), line: 8, failure: { kind: 'status', status: 404 } }]);
  assert.deepEqual([...nb.saved], [[url('/img/diagram.png?v=2'), 'images/diagram.png']], 'the same bytes are one file');

  const outA = applyEdits(a, offlineEdits(a, na.saved));
  assert.ok(outA.includes(`![diagram](images/diagram.png "original: ${url('/img/diagram.png')}")`));
  assert.ok(outA.includes(`![again](images/diagram.png "Same — original: ${url('/img/diagram.png')}")`));
  assert.ok(outA.includes(`![gone](${url('/img/gone.png')})`), 'a failed image keeps its link');
  assert.ok(outA.includes(`![code](${url('/img/diagram.png?code')})`), 'code is never touched');

  // Again, on the rewritten note: nothing to download, nothing written.
  const requests = server.requests.length;
  const again = await keepImagesOffline(root, [{ file: 'track/01-a.md', text: outA }], { limits: LIMITS });
  assert.deepEqual(again.written, []);
  assert.deepEqual([...again.notes[0].saved.keys()], []);
  assert.equal(server.requests.length - requests, 1, 'only the image that failed is asked for again');
});

test('keep offline: a file already there with the same bytes is reused, another one is not overwritten', async t => {
  const root = notesFolder(t);
  const text = `![d](${url('/img/diagram.png')}) ![p](${url('/img/photo.png')})\n`;
  writeTree(root, { 'n.md': text, 'images/diagram.png': DIAGRAM, 'images/photo.jpg': 'my own photo', 'images/Photo-2.JPG': 'mine too' });
  const report = await keepImagesOffline(root, [{ file: 'n.md', text }], { limits: LIMITS });
  assert.deepEqual(report.written, ['images/photo-3.jpg'], 'names are compared without case, like Windows and macOS do');
  assert.deepEqual([...report.notes[0].saved.values()], ['images/diagram.png', 'images/photo-3.jpg']);
  assert.equal(readFileSync(path.join(root, 'images', 'photo.jpg'), 'utf8'), 'my own photo');
});

test('keep offline: never writes through an images folder that links out of the notes folder', async t => {
  const base = tempDir(t, 'tn-offline-out-');
  const root = path.join(base, 'notes');
  const outside = path.join(base, 'elsewhere');
  mkdirSync(outside);
  const text = `![d](${url('/img/diagram.png')})\n`;
  writeTree(root, { 'track/n.md': text });
  symlinkSync(outside, path.join(root, 'track', 'images'));
  const report = await keepImagesOffline(root, [{ file: 'track/n.md', text }], { limits: LIMITS });
  assert.deepEqual(report.written, []);
  assert.deepEqual(readdirSync(outside), []);
  assert.deepEqual(report.notes[0].failures, [
    { url: url('/img/diagram.png'), line: 1, failure: { kind: 'outside', folder: 'track/images' } },
  ]);
  assert.match(describeFailure(report.notes[0].failures[0].failure), /track\/images is a link to a folder outside the notes folder/);
});

test('keep offline: a failing write is reported and leaves nothing behind', async t => {
  const root = notesFolder(t);
  const text = `![d](${url('/img/diagram.png')})\n`;
  writeTree(root, { 'n.md': text });
  const full = {
    ...nodeImportFileSystem,
    writeNewFile: async () => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    },
  };
  const report = await keepImagesOffline(root, [{ file: 'n.md', text }], { limits: LIMITS, fs: full });
  assert.deepEqual(report.notes[0].failures, [{ url: url('/img/diagram.png'), line: 1, failure: { kind: 'write', reason: 'ENOSPC' } }]);
  assert.deepEqual(readdirSync(path.join(root, 'images')), []);
});

test('keep offline: cancelled before it starts, nothing is downloaded or written', async t => {
  const root = notesFolder(t);
  const text = `![d](${url('/img/diagram.png')}) ![s](${url('/img/slow.png')})\n`;
  writeTree(root, { 'n.md': text });
  const abort = new AbortController();
  abort.abort();
  const requests = server.requests.length;
  const report = await keepImagesOffline(root, [{ file: 'n.md', text }], { limits: LIMITS, signal: abort.signal });
  assert.ok(report.cancelled);
  assert.equal(server.requests.length, requests);
  assert.deepEqual(
    report.notes[0].failures.map(f => f.failure.kind),
    ['cancelled', 'cancelled'],
  );
  assert.ok(!existsSync(path.join(root, 'images')));
  writeFileSync(path.join(root, 'n.md'), text);
});
