// `npm run bench` (search part): the conference search on the bundled 25 talks with generated
// decks of 40–60 pages each (Chinese and English text, some pages pictures only), and on a
// 10,000-talk workspace. Prints figures next to their goals; never fails the build.
//
// Measured side by side in one run, alternating, medians of RUNS rounds:
//  - full index build (notes + every PDF read in the worker + cache written) against the floor:
//    bare pdf.js getDocument/getPage/getTextContent over the same pages, in this thread;
//  - a reload from the cache, one changed PDF, one changed note;
//  - query latency as typed (every prefix of realistic queries), p50/p95, on both workspaces;
//  - the index's heap (run with --expose-gc for exact figures) and its cache on disk.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConferenceSearch } from '../../src/core/search/conferenceSearch';
import { SlideTextCache } from '../../src/core/search/slideCache';
import { extractorPaths, SlideTextExtractor } from '../../src/core/search/slideText';
import { NotesIndex } from '../../src/core/workspace';
import type { NotesWorkspace } from '../../src/core/model';
import { isIgnoredName, isMarkdownName } from '../../src/core/noteNames';
import { mulberry32 } from '../fixtures/random';
import { makeTextDeck, realisticPages } from '../fixtures/searchDecks';

const RUNS = 5;
const BIG_TALKS = 10_000;
const BIG_TRACKS = 20;
const repo = path.resolve(__dirname, '..');
const paths = extractorPaths(__dirname);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmtMs = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`);
const fmtMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

// ---- the floor: bare pdf.js in this thread ----------------------------------------------------

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });

/** The bench prints through this; the console belongs to pdf.js, whose warnings about drawing are noise here. */
const print = (line: string) => process.stdout.write(`${line}\n`);
console.log = console.warn = () => undefined;

async function loadPdfJs(): Promise<PdfJs> {
  const g = globalThis as Record<string, unknown>;
  // The same shim as the worker: pdf.js's display layer creates a DOMMatrix when it loads.
  g.DOMMatrix ??= class {};
  const [api, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
  g.pdfjsWorker = worker;
  return api;
}

/**
 * The floor as the first index after a start pays it: a fresh process loads pdf.js and reads
 * every page (the time includes loading pdf.js, as the index build includes starting its worker).
 */
function coldFloor(files: string[]): number {
  const r = spawnSync(process.execPath, [__filename, '--floor', ...files], { encoding: 'utf8' });
  const ms = Number(/^floor (\S+)$/m.exec(r.stdout)?.[1]);
  if (!Number.isFinite(ms)) throw new Error(`floor run failed: ${r.stderr || r.stdout}`);
  return ms;
}

/** getTextContent of every page of every PDF, nothing else; returns the pages read. */
async function floor(pdfjs: PdfJs, files: string[]): Promise<number> {
  let pages = 0;
  for (const file of files) {
    const task = pdfjs.getDocument({
      data: new Uint8Array(readFileSync(file)),
      cMapUrl: paths.cmaps,
      cMapPacked: true,
      standardFontDataUrl: paths.standardFonts,
      isEvalSupported: false,
      useWasm: false,
      verbosity: 0,
    });
    const doc = await task.promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getTextContent();
      page.cleanup();
      pages++;
    }
    await task.destroy();
  }
  return pages;
}

// ---- workspaces -------------------------------------------------------------------------------

/** A copy of the bundled notes with a generated deck at every talk's `slides` path. */
async function conference(dir: string): Promise<{ ws: NotesWorkspace; decks: string[]; pages: number }> {
  cpSync(path.join(repo, 'notes'), dir, { recursive: true });
  const ws = await new NotesIndex(dir).load();
  const talks = ws.tracks.flatMap(t => t.talks).filter(t => t.slides);
  const rnd = mulberry32(2022);
  const decks: string[] = [];
  let pages = 0;
  for (const [i, talk] of talks.entries()) {
    const count = 40 + Math.floor(rnd() * 21);
    const file = path.join(dir, ...(talk.slides as string).split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await makeTextDeck(realisticPages(i + 1, count), talk.title));
    decks.push(file);
    pages += count;
  }
  return { ws, decks, pages };
}

/** 10,000 talks in 20 tracks, cycling through the bundled notes (titles made unique). */
function bigWorkspace(dir: string): void {
  const sources: string[] = [];
  const notes = path.join(repo, 'notes');
  for (const folder of readdirSync(notes)) {
    if (isIgnoredName(folder) || folder.includes('.')) continue;
    for (const name of readdirSync(path.join(notes, folder))) {
      if (isMarkdownName(name) && !/^index\./i.test(name)) sources.push(readFileSync(path.join(notes, folder, name), 'utf8'));
    }
  }
  writeFileSync(path.join(dir, 'index.md'), '---\ntitle: Big conference\n---\n');
  const perTrack = BIG_TALKS / BIG_TRACKS;
  for (let t = 0; t < BIG_TRACKS; t++) {
    const folder = path.join(dir, `${String(t + 1).padStart(2, '0')}-Track ${t + 1}`);
    mkdirSync(folder);
    for (let k = 0; k < perTrack; k++) {
      const n = t * perTrack + k;
      const text = sources[n % sources.length].replace(/^title: (.*)$/m, (_, title) => `title: ${title} ${n}`);
      writeFileSync(path.join(folder, `${String(k + 1).padStart(3, '0')}-talk-${n}.md`), text);
    }
  }
}

/**
 * What people type, keystroke by keystroke: Chinese words and English words from the notes and
 * slides, two-word queries, quoted phrases. Every prefix of each query is one search.
 */
function typedQueries(search: ConferenceSearch, seed: number): string[] {
  const samples = [
    '状态后端',
    '实时数仓',
    '检查点',
    '流批一体',
    'checkpoint',
    'rocksdb',
    'state backend',
    '"changelog state backend"',
    'flink sql',
    '维表 关联',
    'shuffle',
    'kubernetes operator',
    '资源',
    'watermark',
    '美团',
    'OLAP 查询',
    'exactly-once',
    '湖仓一体',
    'unaligned',
    '数据倾斜',
  ];
  const rnd = mulberry32(seed);
  const queries: string[] = [];
  for (const q of samples.sort(() => rnd() - 0.5)) {
    for (let n = 1; n <= q.length; n++) queries.push(q.slice(0, n));
  }
  // Warm the JIT on the mix once, as a session of typing would.
  for (const q of queries) search.search(q);
  return queries;
}

function latency(search: ConferenceSearch, queries: string[]): { p50: number; p95: number; hits: number } {
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const t = performance.now();
      const r = search.search(q);
      times.push(performance.now() - t);
      hits += r.hits.length;
    }
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits: Math.round(hits / 5 / queries.length) };
}

async function cachedIndex(root: string, ws: NotesWorkspace, cacheDir: string): Promise<ConferenceSearch> {
  const extractor = new SlideTextExtractor(paths);
  try {
    const search = new ConferenceSearch({ notesRoot: root, slidesRoot: root, extractor, cache: new SlideTextCache(cacheDir) });
    await search.syncNotes(ws);
    await search.syncSlides(ws);
    return search;
  } finally {
    extractor.dispose();
  }
}

async function buildNotesIndex(root: string, ws: NotesWorkspace): Promise<{ search: ConferenceSearch; ms: number }> {
  const search = new ConferenceSearch({ notesRoot: root, slidesRoot: root, extractor: null });
  const t = performance.now();
  await search.syncNotes(ws);
  return { search, ms: performance.now() - t };
}

/** Notes and every PDF into a new index with an empty cache; the milliseconds it took. */
async function fullBuild(
  root: string,
  ws: NotesWorkspace,
  cacheDir: string,
  reuse: SlideTextExtractor | null,
  decks: number,
): Promise<number> {
  const extractor = reuse ?? new SlideTextExtractor(paths);
  try {
    const search = new ConferenceSearch({ notesRoot: root, slidesRoot: root, extractor, cache: new SlideTextCache(cacheDir) });
    const t = performance.now();
    await search.syncNotes(ws);
    const report = await search.syncSlides(ws);
    const ms = performance.now() - t;
    if (report.extracted !== decks) throw new Error(`read ${report.extracted} decks, expected ${decks}`);
    return ms;
  } finally {
    if (!reuse) extractor.dispose();
  }
}

async function floorMain(files: string[]): Promise<void> {
  const t = performance.now();
  const pdfjs = await loadPdfJs();
  await floor(pdfjs, files);
  print(`floor ${performance.now() - t}`);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-search-bench-'));
  const rows: [string, string, string][] = [];
  try {
    const confDir = path.join(tmp, 'conf');
    const t0 = performance.now();
    const { ws, decks, pages } = await conference(confDir);
    print(`search bench: ${decks.length} generated decks, ${pages} pages (${((performance.now() - t0) / 1000).toFixed(1)} s to generate)`);
    const pdfjs = await loadPdfJs();

    // Cold: what the first index after a start costs, against pdf.js started cold as well.
    const coldFloors: number[] = [];
    const coldBuilds: number[] = [];
    let lastCache = '';
    for (let run = 0; run < RUNS; run++) {
      // Alternating which goes first spreads the machine's drift over both.
      lastCache = path.join(tmp, `cache-${run}`);
      if (run % 2) coldBuilds.push(await fullBuild(confDir, ws, lastCache, null, decks.length));
      coldFloors.push(coldFloor(decks));
      if (!(run % 2)) coldBuilds.push(await fullBuild(confDir, ws, lastCache, null, decks.length));
    }
    rows.push([`bare pdf.js getTextContent, ${decks.length} decks / ${pages} pages, cold (floor)`, fmtMs(median(coldFloors)), '']);
    rows.push([
      'full index build, cold: notes, every PDF in a new worker, cache written',
      fmtMs(median(coldBuilds)),
      `≤ 1.3× floor: **${(median(coldBuilds) / median(coldFloors)).toFixed(2)}×**`,
    ]);

    // Warm: the steady state (a second build in the same session), against warm pdf.js.
    await floor(pdfjs, decks);
    const shared = new SlideTextExtractor(paths);
    await fullBuild(confDir, ws, path.join(tmp, 'cache-warmup'), shared, decks.length);
    const warmFloors: number[] = [];
    const warmBuilds: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cache = path.join(tmp, `cache-warm-${run}`);
      if (run % 2) warmBuilds.push(await fullBuild(confDir, ws, cache, shared, decks.length));
      const t = performance.now();
      await floor(pdfjs, decks);
      warmFloors.push(performance.now() - t);
      if (!(run % 2)) warmBuilds.push(await fullBuild(confDir, ws, cache, shared, decks.length));
    }
    shared.dispose();
    rows.push([`bare pdf.js getTextContent, same pages, warm (floor)`, fmtMs(median(warmFloors)), '']);
    rows.push([
      'full index build, warm worker',
      fmtMs(median(warmBuilds)),
      `≤ 1.3× floor: **${(median(warmBuilds) / median(warmFloors)).toFixed(2)}×**`,
    ]);

    // Restart: the same notes, the cache of the last run.
    {
      const extractor = new SlideTextExtractor(paths);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const again = new ConferenceSearch({ notesRoot: confDir, slidesRoot: confDir, extractor, cache: new SlideTextCache(lastCache) });
        const t = performance.now();
        await again.syncNotes(ws);
        const report = await again.syncSlides(ws);
        times.push(performance.now() - t);
        if (report.extracted) throw new Error('a reload read a PDF');
      }
      extractor.dispose();
      rows.push(['reload from the cache (no PDF read)', fmtMs(median(times)), '']);
    }

    // Incremental: one PDF replaced by a new download, one note edited.
    {
      const extractor = new SlideTextExtractor(paths);
      const search = new ConferenceSearch({ notesRoot: confDir, slidesRoot: confDir, extractor, cache: new SlideTextCache(lastCache) });
      await search.syncNotes(ws);
      await search.syncSlides(ws);
      const pdfTimes: number[] = [];
      const pdfFloors: number[] = [];
      const target = decks[7];
      for (let run = 0; run < RUNS; run++) {
        writeFileSync(target, await makeTextDeck(realisticPages(100 + run, 50)));
        utimesSync(target, new Date(), new Date(Date.now() + (run + 1) * 1000));
        let t = performance.now();
        await floor(pdfjs, [target]);
        pdfFloors.push(performance.now() - t);
        t = performance.now();
        const report = await search.syncSlides(ws);
        pdfTimes.push(performance.now() - t);
        if (report.extracted !== 1) throw new Error(`re-read ${report.extracted} PDFs, expected 1`);
      }
      rows.push([
        'one changed PDF (50 pages) re-indexed',
        fmtMs(median(pdfTimes)),
        `only that PDF; its bare pdf.js floor ${fmtMs(median(pdfFloors))}`,
      ]);

      const notes = new NotesIndex(confDir);
      let current = await notes.load();
      await search.syncNotes(current);
      const talk = current.tracks[1].talks[3];
      const file = path.join(confDir, ...talk.file.split('/'));
      const original = readFileSync(file, 'utf8');
      const noteTimes: number[] = [];
      for (let run = 0; run < 20; run++) {
        writeFileSync(file, `${original}\n新增的笔记 edit ${run}\n`);
        await notes.update(talk.file);
        current = notes.snapshot();
        const t = performance.now();
        const n = await search.syncNotes(current);
        noteTimes.push(performance.now() - t);
        if (n !== 1) throw new Error(`re-indexed ${n} notes, expected 1`);
      }
      rows.push(['one changed note re-indexed', fmtMs(median(noteTimes)), '']);
      extractor.dispose();

      const queries = typedQueries(search, 1);
      const small = latency(search, queries);
      rows.push([
        `query as typed, 25-talk index with ${pages} slide pages (${queries.length} keystrokes)`,
        `p50 ${fmtMs(small.p50)}, p95 ${fmtMs(small.p95)}`,
        `p95 ≤ 30 ms`,
      ]);
    }

    // Memory and disk of the 25-talk index (slides from the cache).
    {
      const before = heapUsed();
      const search = await cachedIndex(confDir, ws, lastCache);
      const after = heapUsed();
      const stats = search.index.stats();
      rows.push([
        `index heap, 25 talks + ${stats.slidePages} pages with text (${stats.terms} terms)`,
        fmtMb(after - before),
        gc ? '' : '(approximate: run with --expose-gc)',
      ]);
      rows.push(['slide text cache on disk', fmtMb(new SlideTextCache(lastCache).sizeOnDisk()), '']);
    }

    // 10,000 talks.
    {
      const bigDir = path.join(tmp, 'big');
      mkdirSync(bigDir);
      bigWorkspace(bigDir);
      const big = await new NotesIndex(bigDir).load();
      const times: number[] = [];
      let search: ConferenceSearch | null = null;
      let heap = 0;
      for (let run = 0; run < RUNS; run++) {
        // The heap on the first build only: later ones still have the previous index reachable
        // (an async function keeps its last values until they are overwritten).
        const before = run === 0 ? heapUsed() : 0;
        search = null;
        const built = await buildNotesIndex(bigDir, big);
        times.push(built.ms);
        if (run === 0) heap = heapUsed() - before;
        search = built.search;
      }
      const s = search as ConferenceSearch;
      const stats = s.index.stats();
      rows.push([
        `index build, ${BIG_TALKS.toLocaleString('en')} talks (${stats.notesLines.toLocaleString('en')} lines, read from disk)`,
        fmtMs(median(times)),
        '',
      ]);
      rows.push([`index heap, ${BIG_TALKS.toLocaleString('en')} talks (${stats.terms.toLocaleString('en')} terms)`, fmtMb(heap), '']);
      const queries = typedQueries(s, 2);
      const r = latency(s, queries);
      rows.push([
        `query as typed, ${BIG_TALKS.toLocaleString('en')}-talk index`,
        `p50 ${fmtMs(r.p50)}, p95 ${fmtMs(r.p95)}`,
        'p95 ≤ 30 ms',
      ]);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  print('');
  print('| search | figure | goal |');
  print('| --- | --- | --- |');
  for (const [a, b, c] of rows) print(`| ${a} | ${b} | ${c} |`);
}

const floorAt = process.argv.indexOf('--floor');
(floorAt >= 0 ? floorMain(process.argv.slice(floorAt + 1)) : main()).catch(err => {
  console.error('search bench failed:', err);
  process.exitCode = 0;
});
