// Past 450 lines: NotesIndex's behaviour, load and incremental update, example by example on one
// set of temporary folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkWorkspace } from '../../src/core/check';
import type { NotesWorkspace } from '../../src/core/model';
import { naturalCompare } from '../../src/core/naturalOrder';
import { splitNumericPrefix } from '../../src/core/noteNames';
import { loadWorkspace, NotesIndex, READ_CONCURRENCY } from '../../src/core/workspace';
import { memoryFileSystem } from '../fixtures/memoryFs';
import { tempDir } from '../fixtures/tempTree';
import { allTalks } from '../fixtures/workspaceQueries';

const repo = path.resolve(__dirname, '../../..');

function talk(fm: Record<string, string>, body = ''): string {
  return `---\n${Object.entries(fm)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n${body}`;
}

const titles = (ws: NotesWorkspace) => ws.tracks.map(t => [t.title, t.talks.map(k => k.title)]);

function sample() {
  return memoryFileSystem({
    '/n/index.md': talk(
      {
        title: 'FFA 2022',
        slidesDownload: 'https://flink-forward.org.cn/#download',
        replay: 'https://developer.aliyun.com/special/ffa2022',
      },
      'Overview.\n',
    ),
    '/n/README.md': '# repo readme',
    '/n/01-平台建设/01-a.md': talk({
      title: 'Talk A',
      speakers: '董剑辉&张彬',
      slides: '.\\平台建设\\a.pdf',
      video: 'https://www.bilibili.com/video/BV1',
      status: 'done',
      tags: '[sql, 数仓]',
    }),
    '/n/01-平台建设/10-c.md': talk({ title: 'Talk C' }),
    '/n/01-平台建设/2-b.md': talk({ title: 'Talk B' }),
    '/n/01-平台建设/img/shot.md': 'not a talk: sub-folders hold images',
    '/n/01-平台建设/img/shot.png': 'png',
    '/n/10_实时风控/index.md': talk({ title: 'Risk control', order: '3' }),
    '/n/10_实时风控/x.markdown': talk({ title: 'X', order: '2' }),
    '/n/10_实时风控/y.MD': talk({ title: 'Y', order: '1' }),
    '/n/10_实时风控/README.md': talk({ title: 'Readme talk' }),
    '/n/2 核心技术/z.md': talk({ title: 'Z' }),
    '/n/Unordered/u.md': talk({ title: 'U' }),
    '/n/loose.md': talk({ title: 'Loose' }),
    '/n/.git/HEAD.md': 'hidden',
    '/n/.hidden.md': 'hidden',
    '/n/node_modules/pkg/readme.md': 'deps',
    '/n/assets/logo.png': 'png',
    '/n/slides/a.pdf': 'pdf',
  });
}

test('reads the conference, tracks and talks in display order', async () => {
  const ws = await loadWorkspace('/n', sample());
  assert.equal(ws.root, path.resolve('/n'));
  assert.deepEqual(ws.conference, {
    title: 'FFA 2022',
    slidesDownload: 'https://flink-forward.org.cn/#download',
    replay: 'https://developer.aliyun.com/special/ffa2022',
    order: null,
    overview: 'Overview.\n',
    file: 'index.md',
  });
  assert.deepEqual(titles(ws), [
    ['平台建设', ['Talk A', 'Talk B', 'Talk C']],
    ['核心技术', ['Z']],
    ['Risk control', ['Y', 'X', 'Readme talk']],
    ['Unordered', ['U']],
    ['Other talks', ['Loose']],
  ]);
  assert.deepEqual(
    ws.tracks.map(t => [t.id, t.order, t.file]),
    [
      ['01-平台建设', 1, null],
      ['2 核心技术', 2, null],
      ['10_实时风控', 3, '10_实时风控/index.md'],
      ['Unordered', null, null],
      ['', null, null],
    ],
  );
  assert.deepEqual(ws.problems, []);
  const a = allTalks(ws)[0];
  assert.deepEqual(a, {
    id: '01-平台建设/01-a.md',
    file: '01-平台建设/01-a.md',
    trackId: '01-平台建设',
    title: 'Talk A',
    speakers: ['董剑辉', '张彬'],
    order: 1,
    slides: '平台建设/a.pdf',
    video: 'https://www.bilibili.com/video/BV1',
    article: null,
    status: 'done',
    tags: ['sql', '数仓'],
    bodyLine: 9,
    extra: {},
    lock: null,
  });
});

test('titles fall back to the first heading, then to the file name without its number', async () => {
  const ws = await loadWorkspace(
    '/n',
    memoryFileSystem({
      '/n/index.md': talk({ title: 'C' }),
      '/n/t/01-heading.md': '---\nstatus: done\n---\n\n```\n# not this\n```\n# The heading ##\ntext',
      '/n/t/02-plain-name.md': '---\nstatus: todo\n---\ntext only',
      '/n/t/03 Without front matter.md': 'Some text\n\n# Its heading\n',
    }),
  );
  assert.deepEqual(titles(ws), [['t', ['The heading', 'plain-name', 'Its heading']]]);
  assert.deepEqual(
    ws.problems.map(p => [p.file, p.line, p.severity]),
    [
      ['t/02-plain-name.md', 1, 'info'],
      ['t/03 Without front matter.md', 1, 'info'],
    ],
  );
});

test('unknown keys are kept untouched in extra', async () => {
  const ws = await loadWorkspace(
    '/n',
    memoryFileSystem({ '/n/t/a.md': '---\ntitle: A\ndate: 2022-12-18\nrating: 4\nlinks:\n  - { name: x, url: "https://x" }\n---\n' }),
  );
  assert.deepEqual(allTalks(ws)[0].extra, { date: '2022-12-18', rating: 4, links: [{ name: 'x', url: 'https://x' }] });
});

test('numeric prefixes and natural order', () => {
  assert.deepEqual(splitNumericPrefix('01-Intro'), { order: 1, rest: 'Intro' });
  assert.deepEqual(splitNumericPrefix('1_Intro'), { order: 1, rest: 'Intro' });
  assert.deepEqual(splitNumericPrefix('01 Intro'), { order: 1, rest: 'Intro' });
  assert.deepEqual(splitNumericPrefix('2022'), { order: null, rest: '2022' });
  assert.deepEqual(splitNumericPrefix('01-'), { order: null, rest: '01-' });
  assert.deepEqual(['b10', 'b2', 'a', 'B1', 'b02x', 'b2x'].sort(naturalCompare), ['a', 'B1', 'b2', 'b02x', 'b2x', 'b10']);
});

test('a missing or non-folder root is a problem, not a throw', async () => {
  const missing = await loadWorkspace('/nowhere', memoryFileSystem({ '/n/a.md': 'x' }));
  assert.deepEqual(missing.tracks, []);
  assert.equal(missing.problems.length, 1);
  assert.equal(missing.problems[0].severity, 'error');
  assert.match(missing.problems[0].message, /does not exist/);

  const file = await loadWorkspace('/n/a.md', memoryFileSystem({ '/n/a.md': 'x' }));
  assert.match(file.problems[0].message, /is a file/);

  const real = await loadWorkspace(path.join(os.tmpdir(), 'talk-notes-does-not-exist-' + process.pid));
  assert.match(real.problems[0].message, /does not exist/);
});

test('a root created after the load is read in full on the next update', async () => {
  const fs = memoryFileSystem({});
  const index = new NotesIndex('/n', fs);
  assert.match((await index.load()).problems[0].message, /does not exist/);
  fs.write('/n/index.md', talk({ title: 'Now' }));
  fs.write('/n/t/a.md', talk({ title: 'A' }));
  await index.update('/n/t/a.md');
  assert.deepEqual(index.snapshot().problems, []);
  assert.equal(index.snapshot().conference.title, 'Now');
  assert.deepEqual(titles(index.snapshot()), [['t', ['A']]]);
});

test('a workspace without index.md gets an info problem on index.md', async () => {
  const ws = await loadWorkspace('/n', memoryFileSystem({ '/n/t/a.md': talk({ title: 'A' }) }));
  assert.deepEqual(
    ws.problems.map(p => [p.file, p.severity]),
    [['index.md', 'info']],
  );
  assert.equal(ws.conference.file, null);
});

test('cold load reads every file once, at most READ_CONCURRENCY at a time', async () => {
  const files: Record<string, string> = { '/n/index.md': talk({ title: 'C' }) };
  for (let t = 0; t < 5; t++) for (let i = 0; i < 60; i++) files[`/n/t${t}/${i}.md`] = talk({ title: `T${t}-${i}` });
  const fs = memoryFileSystem(files, { delay: true });
  const ws = await loadWorkspace('/n', fs);
  assert.equal(allTalks(ws).length, 300);
  assert.equal(fs.reads.length, 301);
  assert.equal(new Set(fs.reads).size, 301);
  assert.ok(fs.maxInFlight > 1, 'reads overlap');
  assert.ok(fs.maxInFlight <= READ_CONCURRENCY, `at most ${READ_CONCURRENCY} reads in flight, saw ${fs.maxInFlight}`);
});

// ---- incremental ------------------------------------------------------------------------------

test('update(file) reads that file only and re-sorts only its track', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  const before = await index.load();
  fs.reset();
  fs.write('/n/01-平台建设/2-b.md', talk({ title: 'Talk B2', order: '99', status: 'watching' }));
  await index.update('/n/01-平台建设/2-b.md');
  assert.deepEqual(fs.reads, ['/n/01-平台建设/2-b.md']);
  assert.deepEqual(fs.lists, []);
  const after = index.snapshot();
  assert.notEqual(after, before);
  assert.deepEqual(
    after.tracks[0].talks.map(t => t.title),
    ['Talk A', 'Talk C', 'Talk B2'],
  );
  assert.equal(index.talk('01-平台建设/2-b.md')?.status, 'watching');
  // Unchanged tracks and talks are the very same objects.
  for (let i = 1; i < before.tracks.length; i++) assert.equal(after.tracks[i], before.tracks[i]);
  assert.equal(after.tracks[0].talks[0], before.tracks[0].talks[0]);
  assert.equal(index.snapshot(), after, 'snapshot is cached until something changes');
});

test('update accepts paths relative to the root and with backslashes', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  await index.load();
  fs.reset();
  fs.write('/n/01-平台建设/01-a.md', talk({ title: 'Renamed' }));
  await index.update('01-平台建设\\01-a.md');
  assert.deepEqual(fs.reads, ['/n/01-平台建设/01-a.md']);
  assert.equal(index.findByPath('/n/01-平台建设/01-a.md')?.title, 'Renamed');
  assert.equal(index.findByPath('01-平台建设/01-a.md')?.title, 'Renamed');
});

test('update handles created and deleted notes and index files', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  await index.load();

  fs.write('/n/01-平台建设/05-new.md', talk({ title: 'New' }));
  await index.update('/n/01-平台建设/05-new.md');
  assert.deepEqual(
    index.snapshot().tracks[0].talks.map(t => t.title),
    ['Talk A', 'Talk B', 'New', 'Talk C'],
  );

  fs.delete('/n/01-平台建设/01-a.md');
  fs.reset();
  await index.update('/n/01-平台建设/01-a.md');
  // Seen to be gone before any read.
  assert.deepEqual(fs.reads, []);
  assert.equal(index.talk('01-平台建设/01-a.md'), undefined);
  assert.deepEqual(
    index.snapshot().tracks[0].talks.map(t => t.title),
    ['Talk B', 'New', 'Talk C'],
  );

  fs.write('/n/01-平台建设/index.md', talk({ title: 'Platform', order: '50' }));
  await index.update('/n/01-平台建设/index.md');
  assert.deepEqual(
    index.snapshot().tracks.map(t => t.title),
    ['核心技术', 'Risk control', 'Platform', 'Unordered', 'Other talks'],
  );

  fs.delete('/n/01-平台建设/index.md');
  await index.update('/n/01-平台建设/index.md');
  assert.equal(index.snapshot().tracks[0].title, '平台建设');

  fs.write('/n/index.md', talk({ title: 'Renamed conference' }));
  await index.update('/n/index.md');
  assert.equal(index.snapshot().conference.title, 'Renamed conference');
  fs.delete('/n/index.md');
  await index.update('index.md');
  assert.equal(index.snapshot().conference.title, null);
  assert.deepEqual(
    index.snapshot().problems.map(p => p.file),
    ['index.md'],
  );

  fs.write('/n/another.md', talk({ title: 'Another' }));
  await index.update('/n/another.md');
  assert.deepEqual(
    index
      .snapshot()
      .tracks.at(-1)!
      .talks.map(t => t.title),
    ['Another', 'Loose'],
  );
});

test('update of a folder lists it; a deleted folder drops its track', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  await index.load();

  fs.write('/n/05-New track/a.md', talk({ title: 'NA' }));
  fs.write('/n/05-New track/b.md', talk({ title: 'NB' }));
  fs.reset();
  await index.update('/n/05-New track');
  assert.deepEqual(fs.lists, ['/n/05-New track']);
  assert.equal(fs.reads.length, 2);
  const added = index.snapshot().tracks.find(t => t.id === '05-New track');
  assert.deepEqual(
    added?.talks.map(t => t.title),
    ['NA', 'NB'],
  );
  assert.equal(added?.order, 5);

  fs.delete('/n/05-New track');
  await index.update('/n/05-New track');
  assert.equal(
    index.snapshot().tracks.find(t => t.id === '05-New track'),
    undefined,
  );
  assert.equal(index.talk('05-New track/a.md'), undefined);

  // A note arriving in a folder nobody listed yet creates the track.
  fs.write('/n/Fresh/x.md', talk({ title: 'FX' }));
  await index.update('/n/Fresh/x.md');
  assert.deepEqual(
    index
      .snapshot()
      .tracks.find(t => t.id === 'Fresh')
      ?.talks.map(t => t.title),
    ['FX'],
  );

  await index.remove('/n/Fresh');
  assert.equal(
    index.snapshot().tracks.find(t => t.id === 'Fresh'),
    undefined,
  );
});

test('paths the notes do not use are ignored without any I/O', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  const before = await index.load();
  fs.reset();
  for (const p of [
    '/n/01-平台建设/img/new.png',
    '/n/01-平台建设/img/deep.md',
    '/n/.git/index',
    '/n/node_modules/x/a.md',
    '/elsewhere/a.md',
    '/n/01-平台建设/slides.pdf',
    '../outside.md',
  ]) {
    await index.update(p);
  }
  assert.deepEqual([fs.reads, fs.lists, fs.stats], [[], [], []]);
  assert.equal(index.snapshot(), before);
});

test('remove() forgets a note without reading anything', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  await index.load();
  fs.reset();
  await index.remove('/n/loose.md');
  assert.deepEqual(fs.reads, []);
  assert.equal(
    index.snapshot().tracks.find(t => t.id === ''),
    undefined,
    'the root track disappears with its last talk',
  );
});

test('updates queued during a load apply after it, in order', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  const loading = index.load();
  fs.write('/n/loose.md', talk({ title: 'Loose v2' }));
  const upd = index.update('/n/loose.md');
  await Promise.all([loading, upd]);
  assert.equal(index.talk('loose.md')?.title, 'Loose v2');
});

test('incremental updates end in the same workspace as a fresh load', async () => {
  const fs = sample();
  const index = new NotesIndex('/n', fs);
  await index.load();
  const ops: [string, string | null][] = [
    ['/n/01-平台建设/2-b.md', talk({ title: 'B', order: '1' })],
    ['/n/01-平台建设/01-a.md', null],
    ['/n/10_实时风控/index.md', talk({ title: 'RC', order: 'x' })],
    ['/n/2 核心技术/z.md', '\u0000binary'],
    ['/n/2 核心技术/w.md', talk({ title: 'W', order: '1' })],
    ['/n/Unordered/u.md', null],
    ['/n/index.md', '---\ntitle: [oops\n---\n'],
  ];
  for (const [p, content] of ops) {
    if (content === null) fs.delete(p);
    else fs.write(p, content);
    await index.update(p);
  }
  const fresh = await loadWorkspace('/n', fs);
  assert.deepEqual(index.snapshot(), fresh);
});

test('loads a real folder through the default Node file system', async t => {
  const dir = tempDir(t, 'tn-ws-');
  writeFileSync(path.join(dir, 'index.md'), talk({ title: 'Real' }));
  mkdirSync(path.join(dir, '01-Track'));
  writeFileSync(path.join(dir, '01-Track', '01-a.md'), talk({ title: 'A', slides: 'pdfs/a.pdf' }));
  writeFileSync(path.join(dir, '01-Track', '02-b.md'), '\uFEFF---\r\ntitle: B\r\n---\r\nbody\r\n');
  const index = new NotesIndex(dir);
  const ws = await index.load();
  assert.deepEqual(titles(ws), [['Track', ['A', 'B']]]);
  assert.deepEqual(ws.problems, []);
  assert.equal(index.findByPath(path.join(dir, '01-Track', '02-b.md'))?.bodyLine, 4);

  unlinkSync(path.join(dir, '01-Track', '01-a.md'));
  await index.update(path.join(dir, '01-Track', '01-a.md'));
  assert.deepEqual(titles(index.snapshot()), [['Track', ['B']]]);
});

// ---- checks -----------------------------------------------------------------------------------

function checkFixture(present: string[]) {
  const files: Record<string, string> = {
    '/n/index.md': talk({ title: 'C', slidesDownload: 'https://example.org/download' }),
    '/n/t/empty/index.md': 'x',
    '/n/Empty/index.md': talk({ title: 'Empty track' }),
  };
  for (let i = 1; i <= 6; i++) files[`/n/t/${i}.md`] = talk({ title: `T${i}`, slides: `t/${i}.pdf` });
  for (const p of present) files[`/slides/t/${p}.pdf`] = 'pdf';
  return memoryFileSystem(files);
}

test('check: most PDFs missing gives one info on index.md with where to get and put them', async () => {
  const fs = checkFixture(['1']);
  const ws = await loadWorkspace('/n', fs);
  const problems = await checkWorkspace(ws, { slidesRoot: '/slides', fs });
  const pdf = problems.filter(p => /slide PDFs/.test(p.message));
  assert.equal(pdf.length, 1);
  assert.equal(pdf[0].file, 'index.md');
  assert.equal(pdf[0].severity, 'info');
  assert.match(
    pdf[0].message,
    /^5 of 6 slide PDFs are not in \/slides yet \(e\.g\. "t\/2\.pdf", "t\/3\.pdf", "t\/4\.pdf"\); download them from https:\/\/example\.org\/download and put them in \/slides/,
  );

  const none = await checkWorkspace(ws, { slidesRoot: '/nowhere', fs });
  assert.match(none.find(p => /slide PDFs/.test(p.message))!.message, /^None of the 6 slide PDFs is in \/nowhere yet/);
});

test('check: a few missing PDFs are warnings at their slides line', async () => {
  const fs = checkFixture(['1', '2', '3', '4', '5']);
  const ws = await loadWorkspace('/n', fs);
  const problems = await checkWorkspace(ws, { slidesRoot: '/slides', fs });
  assert.deepEqual(
    problems.filter(p => /not found/.test(p.message)).map(p => [p.file, p.line, p.severity]),
    [['t/6.md', 3, 'warning']],
  );
  assert.match(
    problems.find(p => p.file === 't/6.md')!.message,
    /slides "t\/6\.pdf" not found in \/slides; fix the path or put the PDF there/,
  );
});

test('check: duplicate titles, shared slides, empty tracks; sorted by file then line', async () => {
  const fs = memoryFileSystem({
    '/n/index.md': talk({ title: 'C' }),
    '/n/a/index.md': talk({ title: 'A track' }),
    '/n/a/1.md': talk({ title: 'Same', slides: 'x.pdf' }),
    '/n/a/2.md': talk({ status: 'bogus', title: 'same ', slides: 'x.pdf' }),
    '/n/b/1.md': talk({ title: 'Same', slides: 'y.pdf' }),
    '/n/c/index.md': talk({ title: 'Nothing here' }),
    '/n/x.pdf': 'pdf',
    '/n/y.pdf': 'pdf',
  });
  const ws = await loadWorkspace('/n', fs);
  const problems = await checkWorkspace(ws, { fs });
  assert.deepEqual(
    problems.map(p => [p.file, p.line, p.severity]),
    [
      ['a/2.md', 2, 'warning'],
      ['a/2.md', 3, 'warning'],
      ['a/2.md', 4, 'info'],
      ['c/index.md', null, 'info'],
    ],
  );
  assert.match(problems[1].message, /title "same" is also used by a\/1\.md in this track/);
  assert.match(problems[2].message, /slides "x\.pdf" are also used by a\/1\.md/);
  assert.match(problems[3].message, /track "Nothing here" has no talks/);
});

// ---- the repository's own notes ---------------------------------------------------------------

const notesDir = path.join(repo, 'notes');

test('notes/ loads with 3 tracks, 25 talks and no errors or warnings', async () => {
  const ws = await loadWorkspace(notesDir);
  assert.deepEqual(
    ws.problems.filter(p => p.severity !== 'info'),
    [],
  );
  assert.deepEqual(
    ws.tracks.map(t => t.title),
    ['平台建设', '核心技术', '实时风控'],
  );
  assert.equal(allTalks(ws).length, 25);
  for (const t of allTalks(ws)) {
    assert.ok(t.title && !/^\d/.test(t.title), t.file);
    assert.ok(t.speakers.length > 0, `${t.file} has speakers`);
  }
});
