// `npm run bench`: loader and renderer figures on a 10,000-talk workspace built in a temp dir
// from the talks in notes/ (or built-in samples when notes/ is empty). Prints figures next to
// their targets; it never fails the build (exit code 0), the table is for people.
import {
  readdir as readdirCb,
  readdirSync,
  readFile as readFileCb,
  readFileSync,
  mkdtempSync,
  mkdirSync,
  writeFileSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import MarkdownIt from 'markdown-it';
import { fastFrontMatter, frontMatterFieldEdit, splitFrontMatter } from '../../src/core/frontMatter';
import { createRenderer } from '../../src/core/render';
import { nodeFileSystem, type NotesFileSystem } from '../../src/core/fileSystem';
import { NotesIndex, READ_CONCURRENCY } from '../../src/core/workspace';
import { isIgnoredName, isMarkdownName } from '../../src/core/noteNames';
import { NOTE_PREFIX_BYTES } from '../../src/core/talkFile';
import { applyEdit as applyTextEdit } from '../fixtures/textEdits';
import { pathologicalRows, pathologicalTable } from './pathologicalBench';
import { startupRows } from './startup';

/** gray-matter caches every parse by content; the typings do not declare the reset. */
const clearMatterCache = () => (matter as unknown as { clearCache(): void }).clearCache();

const TALKS = 10_000;
const TRACKS = 20;
const RUNS = 7;
const UPDATES = 300;

const repo = path.resolve(__dirname, '..');

interface Source {
  text: string;
  file: string;
}

function applyEdit(text: string, key: string, value: string | string[] | number): string {
  const edit = frontMatterFieldEdit(text, key, value);
  return 'error' in edit ? text : applyTextEdit(text, edit);
}

/** Markdown files of notes/ (tracks one level down), or generated samples when there are none. */
function sourceTalks(): { talks: Source[]; fromNotes: boolean } {
  const notes = path.join(repo, 'notes');
  const talks: Source[] = [];
  let folders: string[] = [];
  try {
    folders = readdirSync(notes, { withFileTypes: true })
      .filter(d => d.isDirectory() && !isIgnoredName(d.name))
      .map(d => d.name);
  } catch {
    /* no notes/ */
  }
  for (const folder of folders) {
    for (const name of readdirSync(path.join(notes, folder))) {
      if (!isMarkdownName(name) || /^index\./i.test(name)) continue;
      const file = path.join(notes, folder, name);
      talks.push({ text: readFileSync(file, 'utf8'), file });
    }
  }
  if (talks.length) return { talks, fromNotes: true };
  for (let i = 0; i < 25; i++) talks.push({ text: sampleTalk(i), file: `sample-${i}.md` });
  return { talks, fromNotes: false };
}

function sampleTalk(i: number): string {
  const para = 'Flink SQL 作业无法细粒度配置造成资源浪费，修改逻辑后无法从原先状态恢复；数据正确性问题难以排查（丢数、乱序）。';
  const body: string[] = [`# 第 ${i + 1} 场分享`, ''];
  for (let k = 0; k < 8 + (i % 7) * 3; k++) {
    body.push(para, '', `![image-${k}](https://example.org/img/${i}-${k}.png)`, '', `- 要点 ${k}：Trace 系统、字节码增强、Javaagent`, '');
  }
  return [
    '---',
    `title: "Flink 实时计算平台的演进与实践 ${i + 1}"`,
    'speakers: [董剑辉, 张彬]',
    `order: ${i + 1}`,
    `slides: 平台建设/【${i}】董剑辉&张彬-Flink+SQL在美团实时数仓中的增强与实践.pdf`,
    'video: https://www.bilibili.com/video/BV1wD4y1Y7pB/?spm_id_from=333.999.0.0',
    'status: todo',
    '---',
    '',
    ...body,
  ].join('\n');
}

function buildWorkspace(dir: string, sources: Source[]): string[] {
  writeFileSync(
    path.join(dir, 'index.md'),
    '---\ntitle: Bench conference\nslidesDownload: https://example.org/download\n---\n\nOverview.\n',
  );
  const files: string[] = [];
  const perTrack = Math.ceil(TALKS / TRACKS);
  const statuses = ['todo', 'watching', 'done'];
  for (let t = 0; t < TRACKS; t++) {
    const folder = path.join(dir, `${String(t + 1).padStart(2, '0')}-Track ${t + 1}`);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'index.md'), `---\ntitle: Track ${t + 1}\n---\n`);
    for (let k = 0; k < perTrack && files.length < TALKS; k++) {
      const n = files.length;
      const src = sources[n % sources.length];
      let text = applyEdit(src.text, 'order', k + 1);
      text = applyEdit(text, 'status', statuses[n % 3]);
      text = applyEdit(text, 'title', `Talk ${n} — ${path.basename(src.file, '.md')}`);
      const file = path.join(folder, `${String(k + 1).padStart(3, '0')}-talk-${n}.md`);
      writeFileSync(file, text);
      files.push(file);
    }
  }
  return files;
}

/** What the raw reads below need: whole files, and folder listings. */
interface Reader extends Pick<NotesFileSystem, 'readDirectory'> {
  readFile(absPath: string): Promise<Uint8Array>;
}

/** The loader's file system's own (synchronous) reads, whole files. */
const nodeReader: Reader = {
  readFile: async p => readFileSync(p),
  readDirectory: p => nodeFileSystem.readDirectory(p),
};

/** Node's callback API: the same work as fs.promises with far less per-call overhead. */
const callbackReader: Reader = {
  readFile: p => new Promise((resolve, reject) => readFileCb(p, (err, data) => (err ? reject(err) : resolve(data)))),
  readDirectory: p =>
    new Promise((resolve, reject) =>
      readdirCb(p, { withFileTypes: true }, (err, entries) =>
        err
          ? reject(err)
          : resolve(entries.map(e => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other' }))),
      ),
    ),
};

/**
 * Lists the root and the track folders, then reads every Markdown file with READ_CONCURRENCY
 * workers: the loader's own pattern, so the difference to NotesIndex.load is the parsing.
 */
async function walkAndRead(root: string, reader: Reader, onFile: (file: string, bytes: Uint8Array) => void): Promise<void> {
  const files: string[] = [];
  for (const entry of await reader.readDirectory(root)) {
    if (entry.kind !== 'directory' || isIgnoredName(entry.name)) continue;
    for (const inner of await reader.readDirectory(path.join(root, entry.name))) {
      if (isMarkdownName(inner.name)) files.push(path.join(root, entry.name, inner.name));
    }
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: READ_CONCURRENCY }, async () => {
      while (next < files.length) {
        const file = files[next++];
        onFile(file, await reader.readFile(file));
      }
    }),
  );
}

/** nodeFileSystem without its synchronous fast path, reading through `reader` (whole files, cut). */
function asyncFileSystem(reader: Reader): NotesFileSystem {
  const { readPrefixShared: _shared, ...rest } = nodeFileSystem;
  return {
    ...rest,
    readDirectory: p => reader.readDirectory(p),
    readPrefix: async (p, max) => {
      const bytes = await reader.readFile(p);
      return { bytes: bytes.subarray(0, max), size: bytes.byteLength };
    },
  };
}

/** The loader's own reads (one reused buffer, sequential) of the same files, without parsing. */
function readAllShared(root: string): void {
  const read = (file: string) => nodeFileSystem.readPrefixShared!(file, NOTE_PREFIX_BYTES);
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || isIgnoredName(d.name)) continue;
    const folder = path.join(root, d.name);
    for (const e of readdirSync(folder, { withFileTypes: true })) if (e.isFile() && isMarkdownName(e.name)) read(path.join(folder, e.name));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function fmtMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

async function main(): Promise<void> {
  const { talks: sources, fromNotes } = sourceTalks();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tn-bench-'));
  try {
    const files = buildWorkspace(dir, sources);
    const bytesTotal = files.reduce((n, f) => n + readFileSync(f).byteLength, 0);
    console.log(
      `Workspace: ${files.length} talks in ${TRACKS} tracks, ${(bytesTotal / 1e6).toFixed(1)} MB, from ${
        fromNotes ? `${sources.length} talks in notes/` : 'built-in samples (notes/ is empty)'
      }; ${RUNS} runs each, median\n`,
    );

    const md = new MarkdownIt();
    const raw: number[] = [];
    const rawCallback: number[] = [];
    const loadCallback: number[] = [];
    const sync: number[] = [];
    const shared: number[] = [];
    const load: number[] = [];
    const naive: number[] = [];
    let loadedTalks = 0;
    // Warm the page cache and the JIT once, then interleave the contenders so drift hits all.
    await walkAndRead(dir, nodeReader, () => undefined);
    await new NotesIndex(dir).load();
    for (let r = 0; r < RUNS; r++) {
      raw.push(await time(() => walkAndRead(dir, nodeReader, () => undefined)));
      rawCallback.push(await time(() => walkAndRead(dir, callbackReader, () => undefined)));
      loadCallback.push(await time(() => new NotesIndex(dir, asyncFileSystem(callbackReader)).load()));
      sync.push(
        await time(() => {
          for (const d of readdirSync(dir, { withFileTypes: true })) {
            if (!d.isDirectory()) continue;
            for (const name of readdirSync(path.join(dir, d.name))) if (isMarkdownName(name)) readFileSync(path.join(dir, d.name, name));
          }
        }),
      );
      shared.push(await time(() => readAllShared(dir)));
      load.push(
        await time(async () => {
          const ws = await new NotesIndex(dir).load();
          loadedTalks = ws.tracks.reduce((n, t) => n + t.talks.length, 0);
        }),
      );
      naive.push(
        await time(async () => {
          clearMatterCache();
          await walkAndRead(dir, nodeReader, (_file, bytes) => {
            const parsed = matter(Buffer.from(bytes).toString('utf8'));
            md.render(parsed.content);
          });
        }),
      );
    }
    clearMatterCache();

    // Front matter parsing alone, in memory: why the loader reads front matter itself, and what
    // the byte reader saves over decoding and js-yaml (the general reader without it).
    const bytes = files.slice(0, 2000).map(f => readFileSync(f));
    const texts = bytes.map(b => b.toString('utf8'));
    const perFile = <T>(inputs: T[], fn: (t: T) => unknown) => {
      for (const t of inputs) fn(t);
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < 3; k++) for (const t of inputs) fn(t);
      return Number(process.hrtime.bigint() - t0) / 1e3 / (3 * inputs.length);
    };
    const byteReader = perFile(bytes, b => fastFrontMatter(b));
    const ownSplit = perFile(texts, t => splitFrontMatter(t));
    const generalSplit = perFile(texts, t => splitFrontMatter(t, { fastPath: false }));
    const decodeAndGeneral = perFile(bytes, b => splitFrontMatter(b.toString('utf8'), { fastPath: false }));
    const grayMatter = perFile(texts, t => matter(t, {}));

    // One-file updates: a different talk each time, its status changed on disk first.
    const index = new NotesIndex(dir);
    await index.load();
    index.snapshot();
    const updates: number[] = [];
    // The same change as an editor's unsaved text (what the tree follows while the user types),
    // interleaved with the disk updates so both see the same machine.
    const unsaved: number[] = [];
    const step = Math.max(1, Math.floor(files.length / UPDATES));
    for (let u = 0; u < UPDATES; u++) {
      const file = files[(u * step + 7) % files.length];
      const text = applyEdit(readFileSync(file, 'utf8'), 'status', ['todo', 'watching', 'done'][u % 3]);
      writeFileSync(file, text);
      updates.push(
        await time(async () => {
          await index.update(file);
          index.snapshot();
        }),
      );
      const typed = applyEdit(text, 'title', `Typed ${u}`);
      unsaved.push(
        await time(async () => {
          await index.updateFromText(file, typed);
          index.snapshot();
        }),
      );
    }

    // Rendering the largest note.
    const largest = sources.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    let renderMs: number | null = null;
    let renderNote = '';
    try {
      const renderer = await createRenderer();
      const { body } = splitFrontMatter(largest.text);
      const opts = { resolveImage: (src: string) => src };
      for (let k = 0; k < 5; k++) renderer.render(body, opts);
      const times: number[] = [];
      for (let k = 0; k < 30; k++) times.push(await time(() => renderer.render(body, opts)));
      renderMs = median(times);
      renderNote = `${path.relative(repo, largest.file)} (${(Buffer.byteLength(largest.text) / 1024).toFixed(1)} KB)`;
    } catch (err) {
      renderNote = `renderer unavailable: ${err instanceof Error ? err.message : String(err)}`;
    }

    // The target's baseline is the fastest plain read of the same files through Node's usual
    // APIs, whichever reader that is. The loader's own reader (readFileShared) is faster still
    // and gets a row of its own: load against it is the pure cost of parsing and indexing.
    const rawMs = Math.min(median(raw), median(sync));
    const sharedMs = median(shared);
    const loadMs = median(load);
    const naiveMs = median(naive);
    const updMs = median(updates);
    const rows: [string, string, string, string][] = [
      [`raw read (readFileSync, ${READ_CONCURRENCY} at once)`, fmtMs(median(raw)), '', ''],
      ['raw read (readFileSync, sequential)', fmtMs(median(sync)), '', ''],
      // The loader's reads (no fstat, no Buffer per file) without parsing: not the target's baseline.
      ['raw read (nodeFileSystem.readPrefixShared, sequential)', fmtMs(sharedMs), '', `load is ${(loadMs / sharedMs).toFixed(2)}× this`],
      [
        `cold load, NotesIndex.load (${loadedTalks} talks)`,
        fmtMs(loadMs),
        '≤ 1.5× raw read',
        `${(loadMs / rawMs).toFixed(2)}× ${loadMs <= 1.5 * rawMs ? 'PASS' : 'MISS'}`,
      ],
      [
        'naive peer (gray-matter + markdown-it)',
        fmtMs(naiveMs),
        'load ≥ 2× faster',
        `${(naiveMs / loadMs).toFixed(1)}× ${naiveMs >= 2 * loadMs ? 'PASS' : 'MISS'}`,
      ],
      // What a nodeFileSystem built on fs.readFile callbacks instead of fs.promises would give.
      [`raw read (fs.readFile callbacks, ${READ_CONCURRENCY} at once)`, fmtMs(median(rawCallback)), '', 'for comparison'],
      [
        'cold load, NotesIndex.load over fs.readFile callbacks',
        fmtMs(median(loadCallback)),
        '',
        `${(median(loadCallback) / median(rawCallback)).toFixed(2)}× its raw read`,
      ],
      ['front matter parse: byte reader (fastFrontMatter, from the bytes)', `${byteReader.toFixed(1)} µs/file`, '', ''],
      [
        'front matter parse: decode + locator + js-yaml (no byte reader)',
        `${decodeAndGeneral.toFixed(1)} µs/file`,
        '',
        `byte reader saves ${(((decodeAndGeneral - byteReader) * TALKS) / 1000).toFixed(0)} ms per ${TALKS} talks`,
      ],
      ['front matter parse: splitFrontMatter (text; byte reader on the block)', `${ownSplit.toFixed(1)} µs/file`, '', ''],
      [
        'front matter parse: splitFrontMatter, js-yaml only',
        `${generalSplit.toFixed(1)} µs/file`,
        '',
        `${(generalSplit / ownSplit).toFixed(1)}× the text path`,
      ],
      ['front matter parse: gray-matter', `${grayMatter.toFixed(1)} µs/file`, '', `${(grayMatter / ownSplit).toFixed(1)}× the text path`],
      [
        `one-file update + snapshot (median of ${UPDATES}; p95 ${fmtMs(percentile(updates, 0.95))})`,
        fmtMs(updMs),
        '≤ 1 ms',
        updMs <= 1 ? 'PASS' : 'MISS',
      ],
      [
        `one-note unsaved text + snapshot, updateFromText (median of ${UPDATES}; p95 ${fmtMs(percentile(unsaved, 0.95))})`,
        fmtMs(median(unsaved)),
        '≤ 1 ms',
        `${(median(unsaved) / updMs).toFixed(2)}× the disk update ${median(unsaved) <= 1 ? 'PASS' : 'MISS'}`,
      ],
      [
        `render largest note: ${renderNote}`,
        renderMs === null ? 'n/a' : fmtMs(renderMs),
        '≤ 5 ms',
        renderMs === null ? 'n/a' : renderMs <= 5 ? 'PASS' : 'MISS',
      ],
    ];
    const w = [0, 1, 2, 3].map(c => Math.max(...rows.map(r => r[c].length), ['measure', 'figure', 'target', 'result'][c].length));
    const line = (r: string[]) =>
      r
        .map((cell, c) => cell.padEnd(w[c]))
        .join('  ')
        .trimEnd();
    console.log(line(['measure', 'figure', 'target', 'result']));
    console.log(line(w.map(n => '-'.repeat(n))));
    for (const r of rows) console.log(line(r));

    // Start-up: what every CLI run and every activation pays before doing anything.
    console.log(`\nStart-up (${process.version}; child processes, median of 15)\n`);
    const start = startupRows(repo).map(r => [r.measure, r.figure, r.result]);
    const sw = [0, 1, 2].map(c => Math.max(...start.map(r => r[c].length), ['measure', 'figure', 'result'][c].length));
    const sline = (r: string[]) =>
      r
        .map((cell, c) => cell.padEnd(sw[c]))
        .join('  ')
        .trimEnd();
    console.log(sline(['measure', 'figure', 'result']));
    console.log(sline(sw.map(n => '-'.repeat(n))));
    for (const r of start) console.log(sline(r));

    // Pathological inputs: no entry point may be more than linear on any of them.
    console.log(
      '\nPathological inputs (test/fixtures/pathological.ts): each core entry point, ms and × the anchor (one pass reading every character)\n',
    );
    for (const l of pathologicalTable(await pathologicalRows())) console.log(l);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(err => {
  console.error(err);
  process.exitCode = 0;
});
