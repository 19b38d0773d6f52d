// The `talk-notes` command as users run it: the bundled launcher, real folders, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin', 'talk-notes.js');
const seed = path.join(repo, 'test/fixtures/outlines/ffa2022.md');

function run(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'talk-notes-cli-'));
}

interface Expected {
  slidesDownload: string;
  replay: string;
  tracks: {
    title: string;
    talks: { title: string; speakers: string[]; slides: string | null; video: string | null; article: string | null }[];
  }[];
}

test('list --json on the bundled notes reproduces every track, talk and link of the seed', () => {
  const { code, out, err } = run(['list', 'notes', '--json']);
  assert.equal(code, 0, err);
  const json = JSON.parse(out);
  const expected = JSON.parse(readFileSync(path.join(repo, 'test/fixtures/outlines/ffa2022.expected.json'), 'utf8')) as Expected;
  assert.deepEqual(Object.keys(json), ['conference', 'tracks', 'problems']);
  assert.deepEqual(json.conference, { title: 'Flink Forward Asia 2022', slidesDownload: expected.slidesDownload, replay: expected.replay });
  assert.deepEqual(
    json.tracks.map((t: { title: string }) => t.title),
    expected.tracks.map(t => t.title),
  );
  json.tracks.forEach((track: { talks: Record<string, unknown>[] }, i: number) => {
    assert.equal(track.talks.length, expected.tracks[i].talks.length);
    track.talks.forEach((talk, j) => {
      const want = expected.tracks[i].talks[j];
      assert.deepEqual(Object.keys(talk), ['title', 'speakers', 'slides', 'video', 'article', 'status', 'tags', 'file']);
      assert.deepEqual(
        { title: talk.title, speakers: talk.speakers, slides: talk.slides, video: talk.video, article: talk.article },
        { title: want.title, speakers: want.speakers, slides: want.slides, video: want.video, article: want.article },
      );
      assert.equal(talk.status, 'todo');
      assert.ok(existsSync(path.join(repo, 'notes', talk.file as string)), `file ${talk.file} exists`);
    });
  });
  assert.deepEqual(json.problems, []);
});

test('list prints a readable tree with progress and status marks', () => {
  const { code, out } = run(['list', 'notes']);
  assert.equal(code, 0);
  assert.match(out, /^Flink Forward Asia 2022$/m);
  assert.match(out, /^平台建设 {2}0\/10$/m);
  assert.match(out, /^ {2}\[ \] {2}1\. Flink SQL 在美团实时数仓生产中的增强与实践 — 董剑辉, 张彬 {2}\(slides, video\)$/m);
  assert.match(out, /3 tracks, 25 talks/);
});

test('check: clean notes exit 0 and explain the missing PDFs; an error exits 1 with file:line', () => {
  const clean = run(['check', 'notes']);
  assert.equal(clean.code, 0, clean.out + clean.err);
  assert.match(clean.out, /notes\/index\.md:\d+: info: None of the 25 slide PDFs/);

  const dir = tmp();
  try {
    mkdirSync(path.join(dir, 'Track'));
    writeFileSync(path.join(dir, 'Track', '01-bad.md'), '---\ntitle: Bad\nvideo: javascript:alert(1)\n---\n');
    writeFileSync(path.join(dir, 'Track', '02-good.md'), '---\ntitle: Good\n---\n');
    const r = run(['check', dir]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /Track\/01-bad\.md:3: error: .*video/);
    assert.doesNotMatch(r.out + r.err, /\n\s+at /, 'no stack trace');
    const listed = JSON.parse(run(['list', dir, '--json']).out);
    assert.deepEqual(
      listed.tracks[0].talks.map((t: { title: string }) => t.title),
      ['Bad', 'Good'],
      'the broken talk still lists',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2 with one line and no stack trace; --help works on every command', () => {
  for (const args of [
    ['frobnicate'],
    ['list', '--nope'],
    ['list', '/definitely/not/here'],
    ['import', seed],
    ['import'],
    ['check', 'a', 'b'],
  ]) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, /^talk-notes: /);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
  for (const args of [['--help'], ['list', '--help'], ['check', '--help'], ['import', '--help'], ['help', 'import']]) {
    const r = run(args);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: talk-notes/);
  }
});

test('import writes a notes folder that lists back; a second import keeps edited notes; --force overwrites', () => {
  const dir = tmp();
  try {
    const out = path.join(dir, 'notes');
    const first = run(['import', seed, '--out', out, '--title', 'Flink Forward Asia 2022']);
    assert.equal(first.code, 0, first.out + first.err);
    assert.match(first.out, /wrote 29 file\(s\)/);
    const listed = JSON.parse(run(['list', out, '--json']).out);
    const bundled = JSON.parse(run(['list', 'notes', '--json']).out);
    assert.deepEqual(listed, bundled, 'the bundled notes are exactly what the importer makes of the seed');

    const note = path.join(out, '平台建设', listed.tracks[0].talks[0].file.split('/')[1]);
    writeFileSync(note, readFileSync(note, 'utf8') + '\nMy own thoughts.\n');
    const second = run(['import', seed, '--out', out]);
    assert.equal(second.code, 0);
    assert.match(second.out, /wrote 0 file\(s\).*kept 29 existing/);
    assert.match(readFileSync(note, 'utf8'), /My own thoughts\./);

    const forced = run(['import', seed, '--out', out, '--force']);
    assert.equal(forced.code, 0);
    assert.doesNotMatch(readFileSync(note, 'utf8'), /My own thoughts\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
