// The `talk-notes` command as users run it: the bundled launcher, real folders, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { terminalSafe } from '../../src/cli/terminalText';

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

test('check --summary lists, per talk, the slides quoted and the moments paired; talks with none are not warned about', () => {
  const dir = tmp();
  const video = 'https://www.bilibili.com/video/BV1sum?p=1';
  try {
    mkdirSync(path.join(dir, 'Track'));
    writeFileSync(path.join(dir, 'index.md'), '---\ntitle: Summary Conf\n---\n');
    writeFileSync(path.join(dir, 'Track', 'deck.pdf'), '%PDF-1.4\n%%EOF\n');
    writeFileSync(path.join(dir, 'Track', 'other.pdf'), '%PDF-1.4\n%%EOF\n');
    const talk = (title: string, slides: string, ...body: string[]) =>
      ['---', `title: ${title}`, `slides: Track/${slides}`, `video: ${video}`, '---', '', ...body, ''].join('\n');
    writeFileSync(
      path.join(dir, 'Track', '01-studied.md'),
      talk(
        'Studied',
        'deck.pdf',
        '> State is the hard part [p.12](#slide=12)',
        '',
        '> Same deck, full link [p.3](deck.pdf#page=3)',
        '',
        '> Another deck is not this talk’s slide [p.4](other.pdf#page=4)',
        '',
        `- [p.12](#slide=12) [▶ 12:34](${video}&t=754)`,
        `- [p.5](#slide=5) [▶ 1:02:03](${video}&t=3723)`,
      ),
    );
    writeFileSync(path.join(dir, 'Track', '02-untouched.md'), talk('Untouched', 'other.pdf', 'Plain notes, [a link](https://x.org).'));
    const r = run(['check', dir, '--summary']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.err, /no problems in 2 talks/, 'a talk without quotes is no problem');
    const lines = r.out.trim().split('\n');
    assert.equal(lines.at(-3), 'Study summary: slides quoted and video moments paired with a slide');
    assert.equal(lines.at(-1), '  1 of 2 talks: 2 quotes, 2 moments');
    assert.match(lines.at(-2)!, /Track\/01-studied\.md: Studied: 2 quotes \(p\.3, 12\); 2 moments \(p\.12 ▶ 12:34, p\.5 ▶ 1:02:03\)$/);
    assert.doesNotMatch(r.out, /Untouched/);
    const plain = run(['check', dir]);
    assert.doesNotMatch(plain.out, /Study summary/, 'only with --summary');
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

test('import writes a notes folder that lists back; a second import keeps edited notes; --force replaces, keeping copies', () => {
  const dir = tmp();
  try {
    const out = path.join(dir, 'notes');
    const first = run(['import', seed, '--out', out, '--title', 'Flink Forward Asia 2022']);
    assert.equal(first.code, 0, first.out + first.err);
    assert.match(first.out, /^created 29 file\(s\) in /m);
    const listed = JSON.parse(run(['list', out, '--json']).out);
    const bundled = JSON.parse(run(['list', 'notes', '--json']).out);
    assert.deepEqual(listed, bundled, 'the bundled notes are exactly what the importer makes of the seed');

    const note = path.join(out, '平台建设', listed.tracks[0].talks[0].file.split('/')[1]);
    const mine = readFileSync(note, 'utf8') + '\nMy own thoughts.\n';
    writeFileSync(note, mine);
    const second = run(['import', seed, '--out', out, '--title', 'Flink Forward Asia 2022']);
    assert.equal(second.code, 0);
    assert.match(second.out, /^created 0 file\(s\)/m);
    assert.match(second.out, /^kept 29 existing file\(s\) as they are$/m);
    assert.equal(readFileSync(note, 'utf8'), mine);

    const retitled = run(['import', seed, '--out', out, '--title', 'FFA 2022']);
    assert.equal(retitled.code, 0, retitled.out + retitled.err);
    assert.match(retitled.out, /^updated 1 existing note\(s\):\n {2}\S*notes\/index\.md: title: "Flink Forward Asia 2022" → "FFA 2022"$/m);
    assert.match(retitled.out, /^kept a copy of each file changed or replaced \(1\):$/m);

    const forced = run(['import', seed, '--out', out, '--force', '--title', 'FFA 2022']);
    assert.equal(forced.code, 0, forced.out + forced.err);
    assert.match(forced.out, /^replaced 1 existing file\(s\) with the outline's version$/m);
    assert.doesNotMatch(readFileSync(note, 'utf8'), /My own thoughts\./);
    const copy = /^ {2}(\S.*\.md) → (\S.*\.md)$/m.exec(forced.out);
    assert.ok(copy, forced.out);
    assert.equal(path.resolve(repo, copy[1]), note);
    assert.equal(readFileSync(path.resolve(repo, copy[2]), 'utf8'), mine, 'the copy listed holds the replaced text');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import --help documents both modes and the backups; import errors name the file, exit 1 or 2', () => {
  const usage = run(['import', '--help']);
  assert.equal(usage.code, 0);
  assert.match(usage.out, /without --force/);
  assert.match(usage.out, /title, speakers, order, slides, video, article/);
  assert.match(usage.out, /--force +Existing files are replaced/);
  assert.match(usage.out, /\.talk-notes\/backup\/<time>\//);
  assert.match(
    usage.out,
    /Exit status: 0 when the import is complete[\s\S]*1 when a file could\s+not be written or updated, 2 on usage errors/,
  );

  const dir = tmp();
  try {
    const outline = path.join(dir, 'outline.md');
    writeFileSync(outline, '# Track\n## 1，A｜X\n# Other\n## 1，B｜Y\n');
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'Track'), 'a file where the track folder should go');
    const blocked = run(['import', outline, '--out', out]);
    assert.equal(blocked.code, 1, blocked.out + blocked.err);
    assert.match(blocked.out, /out\/Track: error: A file is in the way of this track folder.*move the file away/);
    assert.match(blocked.out, /^created 3 file\(s\)/m, 'the other track is imported');
    assert.doesNotMatch(blocked.out + blocked.err, /\n\s+at /);

    const missing = run(['import', path.join(dir, 'nope.md'), '--out', out]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^talk-notes: no such file: .*nope\.md; give the path of the outline document$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Any character a terminal could act on, except the line breaks the CLI writes itself. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

test('human-readable output cannot drive the terminal: titles, paths and messages are escaped; --json stays exact', () => {
  const dir = tmp();
  try {
    // Clear screen, retitle the window (OSC … BEL), overwrite the line, a C1 CSI, a bidi override
    // and isolate, and a line break that would fake an error line of its own.
    const evil = 'Clear\x1b[2J\x1b]0;pwned\x07 me\r\u009b31m\u202eevil\u2066\nerror: fake';
    const yaml = 'Clear\\e[2J\\e]0;pwned\\a me\\r\\x9b31m\\u202eevil\\u2066\\nerror: fake';
    writeFileSync(path.join(dir, 'index.md'), `---\ntitle: "Conf ${yaml}"\n---\n`);
    const track = 'Track\x1b[31m\u202e';
    mkdirSync(path.join(dir, track));
    writeFileSync(path.join(dir, track, 'index.md'), `---\ntitle: "${yaml}"\n---\n`);
    writeFileSync(
      path.join(dir, track, '01-\x1b]0;x\x07talk.md'),
      `---\ntitle: "${yaml}"\nspeakers: ["\\e[8m"]\nvideo: "javascript:\\x9b2J"\n---\n`,
    );

    for (const args of [
      ['list', dir],
      ['check', dir],
    ]) {
      const r = run(args);
      assert.ok(r.code === 0 || r.code === 1, r.err);
      const text = r.out + r.err;
      assert.doesNotMatch(text, TERMINAL_CONTROL, `${args[0]}: ${JSON.stringify(text)}`);
      assert.doesNotMatch(text, /^error: fake/m, 'no line of its own');
      if (args[0] === 'list')
        assert.ok(r.out.includes('Clear\\x1b[2J\\x1b]0;pwned\\x07 me\\r\\x9b31m\\u202eevil\\u2066\\nerror: fake'), r.out);
      else assert.ok(r.out.includes('Track\\x1b[31m\\u202e/01-\\x1b]0;x\\x07talk.md:4: error: video'), r.out);
    }
    const json = JSON.parse(run(['list', dir, '--json']).out);
    assert.equal(json.conference.title, `Conf ${evil}`);
    assert.equal(json.tracks[0].title, evil);
    assert.equal(json.tracks[0].talks[0].title, evil);
    assert.equal(json.tracks[0].talks[0].file, `${track}/01-\x1b]0;x\x07talk.md`);

    // import: problems quoting titles from the outline, paths, and the list of changes.
    const outline = path.join(dir, 'outline.md');
    writeFileSync(outline, `# T\n## 1，${evil.split('\n')[0]}｜A\n## 1，again\u202e｜B\n`);
    const out = path.join(dir, 'out');
    const imported = run(['import', outline, '--out', out]);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /warning: .*gets number 1/);
    const note = path.join(
      out,
      'T',
      (readdirSync(path.join(out, 'T')) as string[]).find(n => n.startsWith('001-') || n.startsWith('01-C')) ?? '',
    );
    writeFileSync(note, readFileSync(note, 'utf8').replace(/^title: .*$/m, 'title: "\\e[2Jmine\\u202e"'));
    const again = run(['import', outline, '--out', out, '--title', 'T\x1b[5m']);
    for (const r of [imported, again]) assert.doesNotMatch(r.out + r.err, TERMINAL_CONTROL, JSON.stringify(r.out));
    assert.match(again.out, /title: "\\u001b\[2Jmine\\u202e" → /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('terminalSafe writes out every control character visibly and leaves other text alone', () => {
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    const safe = terminalSafe(ch);
    if (TERMINAL_CONTROL.test(ch) || ch === '\n') {
      assert.match(safe, /^\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])$/, `U+${c.toString(16)}`);
    } else assert.equal(safe, ch, `U+${c.toString(16)}`);
  }
  assert.equal(terminalSafe('平台建设 😀 C:\\notes\\a.md'), '平台建设 😀 C:\\notes\\a.md');
  assert.equal(terminalSafe('\x1b[2J\r\t\u009b\u202e'), '\\x1b[2J\\r\\t\\x9b\\u202e');
  // One pass over the text: a megabyte of escapes takes no time worth mentioning.
  const huge = '\x1b'.repeat(1 << 20);
  assert.equal(terminalSafe(huge).length, 4 << 20);
});
