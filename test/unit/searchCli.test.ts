// `talk-notes search` as users run it: the bundled launcher, a real notes folder with generated
// slide PDFs, output formats and exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { damagedPdf } from '../fixtures/pdfs';
import { makeTextDeck, type DeckPage } from '../fixtures/searchDecks';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin', 'talk-notes.js');
let tmp: string;
let notes: string;
let cache: string;

function run(args: string[], opts: { node?: string[]; cache?: string } = {}): Promise<{ code: number | null; out: string; err: string }> {
  // Asynchronous: the CLI's worker thread must not block the test runner.
  return new Promise(resolve => {
    const env = { ...process.env, XDG_CACHE_HOME: opts.cache ?? cache, NO_COLOR: '1' };
    const child = spawn(process.execPath, [...(opts.node ?? []), bin, ...args], { cwd: tmp, env });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', d => (out += d));
    child.stderr.setEncoding('utf8').on('data', d => (err += d));
    child.on('close', code => resolve({ code, out, err }));
  });
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-search-cli-'));
  cache = path.join(tmp, 'cache');
  notes = path.join(tmp, 'notes');
  const track = path.join(notes, '核心技术');
  mkdirSync(track, { recursive: true });
  writeFileSync(path.join(notes, 'index.md'), '---\ntitle: CLI Conference\n---\n');
  const pages: DeckPage[] = Array.from({ length: 8 }, (_, i) => ({ lines: [`Slide ${i + 1}`, `第 ${i + 1} 页`] }));
  pages[6] = { lines: ['Changelog State Backend', '状态后端让 Checkpoint 更快'] };
  pages[2] = { lines: [] };
  pages[4] = { lines: ['Slide 5'], cmap: ['中文幻灯片'] };
  writeFileSync(path.join(track, 'deck.pdf'), await makeTextDeck(pages));
  writeFileSync(path.join(track, 'broken.pdf'), damagedPdf());
  writeFileSync(
    path.join(track, '01-state.md'),
    '---\ntitle: 状态后端的演进\nspeakers: [张三]\nslides: 核心技术/deck.pdf\n---\n\n# 笔记\n\nRocksDB 压缩算法的对比\n',
  );
  writeFileSync(path.join(track, '02-other.md'), '---\ntitle: Other talk\nslides: 核心技术/broken.pdf\n---\n\nnothing about state here\n');
  writeFileSync(path.join(track, '03-hostile.md'), '---\ntitle: Hostile\n---\n\nclearscreen \x1b[2J\x1b]0;owned\x07 and \u202egnp.exe\n');
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('search prints file:line for notes and slides.pdf#page=N for slides, titles first; exit 0', async () => {
  const { code, out, err } = await run(['search', 'state', 'notes']);
  assert.equal(code, 0, err);
  assert.deepEqual(out.trim().split('\n'), [
    'notes/核心技术/02-other.md:6: nothing about state here',
    'notes/核心技术/deck.pdf#page=7: Changelog State Backend 状态后端让 Checkpoint 更快',
  ]);
  assert.match(err, /2 hit\(s\) in 3 talks, 8 slide pages of 1 PDFs \(2 read now, 0 from the cache\)/);
  assert.match(err, /1 slide page\(s\) have no text \(images only\)/);
  assert.match(err, /核心技术\/broken\.pdf: not searched: the file is damaged or not a PDF/);
});

test('search --json gives {results: [{talk, file, kind, line, page, snippet}]}, and the cache spares the PDFs', async () => {
  const { code, out, err } = await run(['search', '状态后端', 'notes', '--json']);
  assert.equal(code, 0, err);
  const json = JSON.parse(out);
  assert.deepEqual(json, {
    results: [
      { talk: '状态后端的演进', file: '核心技术/01-state.md', kind: 'title', line: 2, page: null, snippet: '状态后端的演进' },
      {
        talk: '状态后端的演进',
        file: '核心技术/deck.pdf',
        kind: 'slides',
        line: null,
        page: 7,
        snippet: 'Changelog State Backend 状态后端让 Checkpoint 更快',
      },
    ],
  });
  assert.match(err, /\(0 read now, 2 from the cache\)/);
  assert.ok(readdirSync(path.join(cache, 'talk-notes', 'slide-text')).length >= 2);
});

test('phrases, AND, width folding and prefixes work from the command line', async () => {
  const lines = async (...args: string[]) => (await run(['search', ...args, 'notes', '--no-slides'])).out.trim().split('\n');
  assert.deepEqual(await lines('ＲｏｃｋｓＤＢ 压缩'), ['notes/核心技术/01-state.md:9: RocksDB 压缩算法的对比']);
  assert.deepEqual(await lines('"rocks 压缩"'), ['']);
  assert.deepEqual(await lines('"rocksdb 压缩"'), ['notes/核心技术/01-state.md:9: RocksDB 压缩算法的对比']);
  assert.deepEqual(await lines('张'), ['notes/核心技术/01-state.md:3: speakers: 张三']);
});

test('search exits 1 when nothing matches and 2 on usage errors', async () => {
  const none = await run(['search', 'zzzzqqq', 'notes', '--no-slides']);
  assert.equal(none.code, 1);
  assert.equal(none.out, '');
  assert.match(none.err, /no hits/);
  for (const args of [
    ['search'],
    ['search', 'a', 'b', 'c'],
    ['search', 'state', 'no-such-folder'],
    ['search', 'x', 'notes', '--limit', '0'],
    ['search', '，。', 'notes'],
    ['search', 'x', '--bogus'],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /^talk-notes: /);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  const help = await run(['search', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: talk-notes search QUERY/);
});

test('--limit stops early and says so', async () => {
  const r = await run(['search', '页', 'notes', '--limit', '2']);
  assert.equal(r.code, 0);
  assert.equal(r.out.trim().split('\n').length, 2);
  assert.match(r.err, /2\+ hit\(s\).*--limit N/);
});

test('slide text needs nothing newer than Node 20.0 has (no process.getBuiltinModule, no DOMMatrix)', async () => {
  // What VS Code 1.90's Node 20.9 lacks, removed from this Node and its worker threads.
  const preload = path.join(tmp, 'old-node.js');
  writeFileSync(preload, 'delete process.getBuiltinModule; delete globalThis.DOMMatrix;\n');
  const r = await run(['search', '幻灯片', 'notes'], { node: ['-r', preload], cache: path.join(tmp, 'old-node-cache') });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'notes/核心技术/deck.pdf#page=5: Slide 5 中文幻灯片\n');
});

test('text from notes cannot drive the terminal: control characters are printed visibly', async () => {
  const r = await run(['search', 'clearscreen', 'notes', '--no-slides']);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /[\u001b\u0007\u202e]/);
  assert.equal(r.out, 'notes/核心技术/03-hostile.md:5: clearscreen \\x1b[2J\\x1b]0;owned\\x07 and \\u202egnp.exe\n');
});
