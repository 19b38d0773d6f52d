// Slide text for search: extraction with pdf.js in a worker thread (Chinese and English per page,
// pages without text, the bundled CMaps), broken PDFs, the cache, and keeping a conference's index
// current one note or one PDF at a time. PDFs are generated with known text per page.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, utimesSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Talk } from '../../src/core/model';
import { ConferenceSearch } from '../../src/core/search/conferenceSearch';
import { SlideTextCache } from '../../src/core/search/slideCache';
import { AbortError, extractorPaths, SlideTextExtractor, type ExtractOptions } from '../../src/core/search/slideText';
import { NotesIndex } from '../../src/core/workspace';
import { damagedPdf, notAPdf } from '../fixtures/pdfs';
import { makeTextDeck, passwordProtectedPdf } from '../fixtures/searchDecks';

const dist = path.resolve(__dirname, '../..');
const paths = extractorPaths(dist);
let tmp: string;
let deck: Uint8Array;

/** Page 7 says the phrase the tests look for; page 3 is a photo; page 5 uses a non-embedded font with a CMap. */
const PAGES = [
  { lines: ['Flink Forward Asia 2022', '实时数仓的分层设计'] },
  { lines: ['Agenda: state, checkpoints, SQL'] },
  { image: true },
  { lines: ['RocksDB compression: LZ4 vs ZSTD', '压缩算法的对比'] },
  { cmap: ['中文幻灯片的文字'] },
  { lines: ['Unaligned checkpoints'], image: true },
  { lines: ['Changelog State Backend', '状态后端让 Checkpoint 更快'] },
];

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-search-'));
  deck = await makeTextDeck(PAGES);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(tmp, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, bytes);
  return p;
}

test('pdf.js in a worker reads every page: Chinese and English text, nothing for pictures', async () => {
  const ex = new SlideTextExtractor(paths);
  try {
    const seen: number[] = [];
    const r = await ex.extract(file('deck.pdf', deck), { onPage: p => seen.push(p) });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.pages.length, 7);
    assert.equal(r.pages[0], 'Flink Forward Asia 2022\n实时数仓的分层设计');
    assert.equal(r.pages[2], '', 'a page that is only a picture has no text');
    assert.equal(r.pages[3], 'RocksDB compression: LZ4 vs ZSTD\n压缩算法的对比');
    assert.equal(r.pages[5], 'Unaligned checkpoints', 'text over a picture is still text');
    assert.equal(r.pages[6], 'Changelog State Backend\n状态后端让 Checkpoint 更快');
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
  } finally {
    ex.dispose();
  }
});

test('Chinese in a font without embedded program needs the bundled CMaps', async () => {
  const withCmaps = new SlideTextExtractor(paths);
  const without = new SlideTextExtractor({ ...paths, cmaps: path.join(tmp, 'no-cmaps') + path.sep });
  try {
    const pdf = file('cmap.pdf', deck);
    const good = await withCmaps.extract(pdf);
    const bad = await without.extract(pdf);
    assert.ok(good.ok && bad.ok);
    assert.equal(good.pages[4], '中文幻灯片的文字');
    assert.equal(bad.pages[4], '', 'without CMaps pdf.js cannot decode the codes');
  } finally {
    withCmaps.dispose();
    without.dispose();
  }
});

test('damaged, non-PDF, password-protected and missing files fail with a reason, and the worker goes on', async () => {
  const ex = new SlideTextExtractor(paths);
  try {
    const results = [
      await ex.extract(file('damaged.pdf', damagedPdf())),
      await ex.extract(file('html.pdf', notAPdf())),
      await ex.extract(file('locked.pdf', await passwordProtectedPdf())),
      await ex.extract(path.join(tmp, 'absent.pdf')),
      await ex.extract(file('empty.pdf', '')),
    ];
    assert.deepEqual(
      results.map(r => (r.ok ? 'ok' : r.reason)),
      ['damaged', 'damaged', 'password', 'unreadable', 'damaged'],
    );
    const after = await ex.extract(file('deck2.pdf', deck));
    assert.ok(after.ok && after.pages.length === 7);
  } finally {
    ex.dispose();
  }
});

test('a PDF that stalls the reader is given up after a while, never waited for forever', async () => {
  // A worker that accepts the job and never answers stands for pdf.js stuck in a PDF.
  const silent = file('silent-worker.js', "require('node:worker_threads').parentPort.on('message', () => {});");
  const ex = new SlideTextExtractor({ ...paths, worker: silent }, { stallMs: 300 });
  try {
    const r = await ex.extract(file('stuck.pdf', deck));
    assert.deepEqual(r.ok ? 'ok' : r.reason, 'timeout');
  } finally {
    ex.dispose();
  }
});

test('cancelling stops the worker at once', async () => {
  const silent = file('silent-worker2.js', "require('node:worker_threads').parentPort.on('message', () => {});");
  const ex = new SlideTextExtractor({ ...paths, worker: silent });
  try {
    const ctl = new AbortController();
    const pending = ex.extract(file('slow.pdf', deck), { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    await assert.rejects(pending, AbortError);
  } finally {
    ex.dispose();
  }
});

test('the cache returns a record only for the same real path, size and modification time; junk is a miss', async () => {
  const dir = path.join(tmp, 'cache-basic');
  const cache = new SlideTextCache(dir);
  const rec = { format: 1, path: '/x/a.pdf', size: 10, mtimeMs: 5, pages: ['a', ''], failure: null };
  assert.ok(await cache.put(rec));
  assert.deepEqual(cache.get('/x/a.pdf', { size: 10, mtimeMs: 5 }), rec);
  assert.equal(cache.get('/x/a.pdf', { size: 11, mtimeMs: 5 }), undefined);
  assert.equal(cache.get('/x/a.pdf', { size: 10, mtimeMs: 6 }), undefined);
  assert.equal(cache.get('/x/b.pdf', { size: 10, mtimeMs: 5 }), undefined);
  for (const name of readdirSync(dir)) writeFileSync(path.join(dir, name), '{"format": 1, "pages": [1');
  assert.equal(cache.get('/x/a.pdf', { size: 10, mtimeMs: 5 }), undefined);
  assert.ok(cache.sizeOnDisk() > 0);
  await cache.prune([]);
  assert.equal(cache.sizeOnDisk(), 0);
});

// ---- a conference kept current ----------------------------------------------------------------

interface Counting {
  extractor: SlideTextExtractor;
  extracted: string[];
}

/** An extractor that records which PDFs it was asked to read. */
function counting(): Counting {
  const extractor = new SlideTextExtractor(paths);
  const extracted: string[] = [];
  const original = extractor.extract.bind(extractor);
  extractor.extract = (f: string, opts?: ExtractOptions) => {
    extracted.push(path.basename(f));
    return original(f, opts);
  };
  return { extractor, extracted };
}

function note(title: string, slides: string, body: string): string {
  return `---\ntitle: ${title}\nspeakers: [张三, Li Si]\nslides: ${slides}\ntags: [state]\n---\n\n${body}\n`;
}

async function conference(root: string) {
  mkdirSync(path.join(root, '01-核心技术'), { recursive: true });
  writeFileSync(path.join(root, 'index.md'), '---\ntitle: Test Conference\n---\n');
  writeFileSync(path.join(root, '01-核心技术', 'a.pdf'), deck);
  writeFileSync(path.join(root, '01-核心技术', 'b.pdf'), await makeTextDeck([{ lines: ['Hybrid shuffle', '混合洗牌'] }, { image: true }]));
  writeFileSync(path.join(root, '01-核心技术', 'broken.pdf'), damagedPdf());
  writeFileSync(
    path.join(root, '01-核心技术', '01-a.md'),
    note('状态后端的演进', '01-核心技术/a.pdf', '第一行：RocksDB 压缩\n\n第三行 incremental checkpoint'),
  );
  writeFileSync(path.join(root, '01-核心技术', '02-b.md'), note('Shuffle 3.0', '01-核心技术/b.pdf', 'remote shuffle service'));
  writeFileSync(path.join(root, '01-核心技术', '03-c.md'), note('Broken deck', '01-核心技术/broken.pdf', 'nothing'));
  writeFileSync(path.join(root, '01-核心技术', '04-d.md'), note('Not downloaded', '01-核心技术/missing.pdf', 'later'));
}

test('a conference: notes and slides searchable, then one changed note and one changed PDF re-read alone', async () => {
  const root = path.join(tmp, 'conf');
  await conference(root);
  const cacheDir = path.join(tmp, 'conf-cache');
  const notes = new NotesIndex(root);
  let ws = await notes.load();
  const reads: string[] = [];
  const { extractor, extracted } = counting();
  const search = new ConferenceSearch({
    notesRoot: root,
    slidesRoot: root,
    extractor,
    cache: new SlideTextCache(cacheDir),
    readNote: async (talk: Talk, f: string) => {
      reads.push(talk.id);
      const { readFileSync } = await import('node:fs');
      return readFileSync(f, 'utf8');
    },
  });
  try {
    assert.equal(await search.syncNotes(ws), 4);
    const report = await search.syncSlides(ws);
    assert.deepEqual(extracted.sort(), ['a.pdf', 'b.pdf', 'broken.pdf']);
    assert.equal(report.decks, 2);
    assert.equal(report.pages, 9);
    assert.equal(report.pagesWithoutText, 2, 'the photo pages of both decks');
    assert.deepEqual(report.missing, ['01-核心技术/missing.pdf']);
    assert.deepEqual(
      report.failed.map(f => [f.file, f.reason, f.fresh]),
      [['01-核心技术/broken.pdf', 'damaged', true]],
    );

    const at = (q: string) => search.search(q).hits.map(h => `${h.talkId.split('/')[1]}:${h.field}:${h.page ?? h.line}`);
    assert.deepEqual(at('"changelog state backend"'), ['01-a.md:slides:7']);
    assert.deepEqual(at('压缩'), ['01-a.md:notes:8', '01-a.md:slides:4']);
    assert.deepEqual(at('state'), [
      '01-a.md:tags:5',
      '02-b.md:tags:5',
      '03-c.md:tags:5',
      '04-d.md:tags:5',
      '01-a.md:slides:2',
      '01-a.md:slides:7',
    ]);
    assert.deepEqual(at('张三 shuffle'), []);
    assert.deepEqual(at('混合'), ['02-b.md:slides:1']);
    assert.deepEqual(at('幻灯片'), ['01-a.md:slides:5']);

    // Nothing changed: nothing is read again.
    reads.length = 0;
    extracted.length = 0;
    assert.equal(await search.syncNotes(ws), 0);
    const again = await search.syncSlides(ws);
    assert.deepEqual([reads, extracted], [[], []]);
    assert.equal(again.failed[0]?.fresh, false, 'a broken PDF is reported once');

    // One note edited: only it is re-read, and its new text is found.
    writeFileSync(path.join(root, '01-核心技术', '02-b.md'), note('Shuffle 3.0', '01-核心技术/b.pdf', 'Celeborn 远程 shuffle'));
    await notes.update('01-核心技术/02-b.md');
    ws = notes.snapshot();
    assert.equal(await search.syncNotes(ws), 1);
    assert.deepEqual(reads, ['01-核心技术/02-b.md']);
    assert.deepEqual(at('celeborn'), ['02-b.md:notes:8']);
    assert.deepEqual(at('remote'), []);

    // One PDF replaced by a new download: only it is read again.
    const bPdf = path.join(root, '01-核心技术', 'b.pdf');
    writeFileSync(bPdf, await makeTextDeck([{ lines: ['Hybrid shuffle v2'] }, { lines: ['Adaptive batch scheduler 自适应调度'] }]));
    utimesSync(bPdf, new Date(), new Date(Date.now() + 5000));
    extracted.length = 0;
    const changed = await search.syncSlides(ws);
    assert.deepEqual(extracted, ['b.pdf']);
    assert.equal(changed.extracted, 1);
    assert.deepEqual(at('自适应'), ['02-b.md:slides:2']);
    assert.deepEqual(at('混合'), []);
  } finally {
    extractor.dispose();
  }

  // A restart with the same cache reads no PDF at all.
  const second = counting();
  const restarted = new ConferenceSearch({
    notesRoot: root,
    slidesRoot: root,
    extractor: second.extractor,
    cache: new SlideTextCache(cacheDir),
  });
  try {
    await restarted.syncNotes(ws);
    const report = await restarted.syncSlides(ws);
    assert.deepEqual(second.extracted, []);
    assert.equal(report.fromCache, 3);
    assert.equal(report.failed[0]?.fresh, false, 'known from the cache: not reported again');
    assert.equal(restarted.search('"changelog state backend"').hits[0]?.page, 7);
  } finally {
    second.extractor.dispose();
  }
});

test('slides outside the slides folder (through a link) are never read', async () => {
  const root = path.join(tmp, 'escape');
  const outside = file('outside/secret.pdf', deck);
  mkdirSync(path.join(root, 't'), { recursive: true });
  const { symlinkSync } = await import('node:fs');
  symlinkSync(outside, path.join(root, 't', 'deck.pdf'));
  writeFileSync(path.join(root, 't', 'a.md'), note('Linked', 't/deck.pdf', 'body'));
  const ws = await new NotesIndex(root).load();
  const { extractor, extracted } = counting();
  try {
    const search = new ConferenceSearch({ notesRoot: root, slidesRoot: root, extractor });
    await search.syncNotes(ws);
    const report = await search.syncSlides(ws);
    assert.deepEqual(report.outside, ['t/deck.pdf']);
    assert.deepEqual(extracted, []);
    assert.deepEqual(search.search('changelog').hits, []);
  } finally {
    extractor.dispose();
  }
});

test('a cancelled slides sync keeps what it read and says it was cancelled', async () => {
  const root = path.join(tmp, 'conf-cancel');
  await conference(root);
  const ws = await new NotesIndex(root).load();
  const extractor = new SlideTextExtractor(paths);
  try {
    const search = new ConferenceSearch({ notesRoot: root, slidesRoot: root, extractor });
    const ctl = new AbortController();
    const report = await search.syncSlides(ws, {
      signal: ctl.signal,
      onProgress: p => {
        if (p.done === 1) ctl.abort();
      },
    });
    assert.ok(report.cancelled);
    assert.equal(report.decks, 1, 'the first deck stays indexed');
  } finally {
    extractor.dispose();
  }
});
