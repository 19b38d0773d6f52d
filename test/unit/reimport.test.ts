// Importing into a folder that already holds notes: re-import edits only the outline's fields,
// --force keeps copies, links and names the loader would skip are handled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importOutline } from '../../src/core/importer';
import { describeFieldValue, updateOwnedFields } from '../../src/core/importUpdate';
import { loadWorkspace } from '../../src/core/workspace';
import { snapshot, tempDir, writeOutline } from './importFixture';

const V1 = `# Track
## 1，Streaming: basics｜Alice
视频：https://www.bilibili.com/video/BV1old/
Body from the outline.
## 2，Second talk｜Bob&Carol
## 3，Third talk｜Dan
文章：https://example.com/third
`;

const V2 = `# Track
## 1，Streaming / basics｜Alice&Dave
文档：Track/new.pdf
视频：https://www.bilibili.com/video/BV1new/
A different body the import must not write.
## 2，Second talk｜Bob&Carol
## 3，Third talk｜Dan
## 4，Fourth talk｜Eve
`;

test('re-import edits only the fields the outline owns, byte for byte, and lists each change', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  await importOutline(writeOutline(dir, V1), out, {});
  // The user's version of talk 1: BOM, CRLF, their own status, tags, keys, comments and notes.
  const first = path.join(out, 'Track', '01-Streaming basics.md');
  // The outline says nothing about an article for this talk: the user's must stay, like the rest.
  const userKeys = ['article: https://example.com/my-own-find # found it myself', 'status: watching', 'tags: [sql, state]', 'rating: 5'];
  const closingAndBody = ['---', '', 'Body from the outline, edited.', '', '## My Notes', '- 2024-05-01 great talk', ''];
  const mine = [
    '\ufeff---',
    'title: "Streaming: basics"',
    'speakers:',
    '    - Alice',
    'order: 1',
    'video: https://www.bilibili.com/video/BV1old/',
    ...userKeys,
    ...closingAndBody,
  ].join('\r\n');
  writeFileSync(first, mine);
  // Talk 2 written the user's way; the loader reads the same speakers, so nothing changes.
  const second = path.join(out, 'Track', '02-Second talk.md');
  const secondText = '---\ntitle: Second talk\nspeakers: Bob & Carol\norder: 2\nstatus: done\n---\n\nMine.\n';
  writeFileSync(second, secondText);

  const report = await importOutline(writeOutline(dir, V2), out, {});
  assert.deepEqual(report.problems, []);
  assert.deepEqual(report.written, ['Track/04-Fourth talk.md'], 'new talks are created');
  assert.deepEqual(report.updated, [
    {
      file: 'Track/01-Streaming basics.md',
      changes: [
        { field: 'title', before: 'Streaming: basics', after: 'Streaming / basics' },
        { field: 'speakers', before: ['Alice'], after: ['Alice', 'Dave'] },
        { field: 'slides', before: null, after: 'Track/new.pdf' },
        { field: 'video', before: 'https://www.bilibili.com/video/BV1old/', after: 'https://www.bilibili.com/video/BV1new/' },
      ],
    },
  ]);
  assert.equal(
    readFileSync(first, 'utf8'),
    [
      '\ufeff---',
      'title: Streaming / basics',
      'speakers:',
      '    - Alice',
      '    - Dave',
      'order: 1',
      'video: https://www.bilibili.com/video/BV1new/',
      ...userKeys,
      'slides: Track/new.pdf',
      ...closingAndBody,
    ].join('\r\n'),
  );
  assert.equal(readFileSync(second, 'utf8'), secondText);
  // Talk 3 lost its article in the outline: the note keeps it.
  assert.match(readFileSync(path.join(out, 'Track', '03-Third talk.md'), 'utf8'), /^article: https:\/\/example\.com\/third$/m);
  assert.deepEqual(report.skipped.sort(), ['Track/02-Second talk.md', 'Track/03-Third talk.md', 'Track/index.md', 'index.md'].sort());
  assert.deepEqual(
    report.backups.map(b => b.file),
    ['Track/01-Streaming basics.md'],
  );
  assert.equal(readFileSync(path.join(out, report.backups[0].backup), 'utf8'), mine);

  // Once more: everything already says what the outline says.
  const third = await importOutline(writeOutline(dir, V2), out, {});
  assert.deepEqual([third.written, third.updated, third.backups, third.problems], [[], [], [], []]);
});

test('re-import leaves alone, with a clear warning, every note whose front matter cannot be edited safely', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  const outline = writeOutline(dir, '# T\n## 1，A｜X\n## 2，B｜X\n## 3，C｜X\n## 4，D｜X\n## 5，E｜X\n');
  await importOutline(outline, out, {});
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['T/01-A.md', '---\ntitle: A\nspeakers: [Y\n---\nbroken YAML\n', /not valid YAML/],
    ['T/02-B.md', '---js\n{ title: "B" }\n---\nJS front matter\n', /---js/],
    ['T/03-C.md', '---\ntitle: C\nspeakers: Y\nspeakers: Z\n---\n', /speakers|YAML/],
    ['T/04-D.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x74, 0x3a, 0x20, 0xe9, 0x0a, 0x2d, 0x2d, 0x2d, 0x0a]), /not UTF-8/],
    ['T/05-E.md', '---\ntitle: E\nspeakers: Y\n', /never closed/],
  ];
  for (const [file, content] of cases) writeFileSync(path.join(out, file), content);
  const before = snapshot(out);
  const report = await importOutline(outline, out, {});
  assert.deepEqual(snapshot(out), before, 'not a byte changed, and no backup was needed');
  assert.deepEqual(
    report.problems.map(p => [p.file, p.severity]),
    cases.map(([file]) => [file, 'warning']),
  );
  report.problems.forEach((p, i) => {
    assert.match(p.message, cases[i][2], p.message);
    assert.match(p.message, /left (this note|it) alone/);
  });
  assert.deepEqual(report.updated, []);
  assert.equal(report.skipped.length, 7);
});

test('--force on broken and non-UTF-8 notes replaces them, keeping the exact old bytes', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  const outline = writeOutline(dir, '# T\n## 1，A｜X\n');
  await importOutline(outline, out, {});
  const latin1 = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x74, 0x3a, 0x20, 0xe9, 0x0a, 0x2d, 0x2d, 0x2d, 0x0a]);
  writeFileSync(path.join(out, 'T/01-A.md'), latin1);
  const report = await importOutline(outline, out, { force: true });
  assert.deepEqual(report.written, ['T/01-A.md']);
  assert.deepEqual(new Uint8Array(readFileSync(path.join(out, report.backups[0].backup))), latin1);
  assert.match(readFileSync(path.join(out, 'T/01-A.md'), 'utf8'), /^title: A$/m);
});

test('links leading outside the notes folder are never written through', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  const outside = path.join(dir, 'outside');
  mkdirSync(outside);
  const outline = writeOutline(dir, '# T\n## 1，A｜X\n## 2，B｜X\n# U\n## 1，C｜X\n');
  await importOutline(outline, out, {});
  // A note that is a link to a file elsewhere, and a track folder that is a link to a folder elsewhere.
  const secret = path.join(outside, 'secret.md');
  writeFileSync(secret, 'not a note\n');
  rmSync(path.join(out, 'T/01-A.md'));
  symlinkSync(secret, path.join(out, 'T/01-A.md'));
  rmSync(path.join(out, 'U'), { recursive: true });
  symlinkSync(outside, path.join(out, 'U'), 'dir');
  for (const force of [false, true]) {
    const report = await importOutline(outline, out, { force });
    assert.equal(readFileSync(secret, 'utf8'), 'not a note\n');
    assert.deepEqual(readdirSync(outside), ['secret.md'], `force ${force}: nothing written outside`);
    assert.deepEqual(
      report.problems.map(p => [p.file, p.severity]),
      [
        ['T/01-A.md', 'warning'],
        ['U', 'error'],
      ],
    );
    assert.match(report.problems[0].message, /link leading outside/);
    assert.match(report.problems[1].message, /link leading outside/);
  }
});

test('a dangling link where a note would go is left alone, not taken for a file that appeared', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  mkdirSync(path.join(out, 'T'), { recursive: true });
  symlinkSync(path.join(dir, 'gone.md'), path.join(out, 'T', '01-A.md'));
  const report = await importOutline(writeOutline(dir, '# T\n## 1，A｜X\n'), out, {});
  assert.deepEqual(
    report.problems.map(p => [p.file, p.severity]),
    [['T/01-A.md', 'warning']],
  );
  assert.match(report.problems[0].message, /link to something that does not exist/);
  assert.equal(existsSync(path.join(dir, 'gone.md')), false, 'nothing created through the link');
  assert.deepEqual(report.written, ['index.md', 'T/index.md']);
});

test('a link inside the notes folder is updated through, and stays a link', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  await importOutline(writeOutline(dir, '# T\n## 1，A｜X\n'), out, {});
  const real = path.join(out, 'T', 'real-a.md');
  const linked = path.join(out, 'T', '01-A.md');
  writeFileSync(real, readFileSync(linked));
  rmSync(linked);
  symlinkSync('real-a.md', linked);
  const report = await importOutline(writeOutline(dir, '# T\n## 1，A｜Y\n'), out, {});
  assert.deepEqual(
    report.updated.map(u => u.file),
    ['T/01-A.md'],
  );
  assert.ok(statSync(linked, { throwIfNoEntry: true }) && readdirSync(path.join(out, 'T')).includes('01-A.md'));
  assert.match(readFileSync(real, 'utf8'), /^ {2}- Y$/m);
  assert.equal(readFileSync(linked, 'utf8'), readFileSync(real, 'utf8'));
  assert.ok(lstatSync(linked).isSymbolicLink());
});

test('an import never writes a folder or note the loader would skip: such names get a "_" and are reported', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  const titles = ['node_modules', '.hidden', '..', 'index', 'README', 'index.md', '.git', '_node_modules'];
  const outline = writeOutline(dir, titles.map((title, i) => `# ${title}\n## ${i + 1}，${title}｜X\n## ${i + 2}，index\n`).join(''));
  const report = await importOutline(outline, out, {});
  assert.deepEqual(
    report.renamed.map(r => [r.title, r.path]),
    [['node_modules', '_node_modules']],
  );
  const infos = report.problems.filter(p => p.severity === 'info');
  assert.deepEqual(
    infos.map(p => p.file),
    ['_node_modules'],
  );
  // A track really titled "_node_modules" still gets a folder of its own.
  assert.ok(report.written.includes('_node_modules (2)/index.md'), report.written.join(', '));
  assert.match(infos[0].message, /Written as "_node_modules" for "node_modules": Talk Notes skips folders and files named node_modules/);
  // The real test: the loader reads back every track and every talk.
  const ws = await loadWorkspace(out);
  assert.equal(ws.tracks.length, titles.length);
  assert.deepEqual(
    ws.tracks.map(t => t.title),
    titles,
  );
  for (const [i, track] of ws.tracks.entries()) {
    assert.deepEqual(
      track.talks.map(talk => talk.title),
      [titles[i], 'index'],
    );
  }
});

test('updateOwnedFields compares what the loader reads, not how it is written', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  // Speakers as one text, order from the file name, title from the first heading: all already right.
  const note = bytes('---\nspeakers: A & B\nstatus: done\n---\n\n# The Title\n');
  assert.deepEqual(updateOwnedFields(note, 'T/03-x.md', 'talk', { title: 'The Title', speakers: ['A', 'B'], order: 3 }), {
    kind: 'unchanged',
  });
  // An invalid video is replaced by the outline's; a note without front matter gets a block.
  const bad = updateOwnedFields(bytes('---\nvideo: javascript:alert(1)\n---\n'), 'T/01-x.md', 'talk', { video: 'https://v.example/1' });
  assert.equal(bad.kind, 'update');
  assert.equal(bad.kind === 'update' && bad.text, '---\nvideo: https://v.example/1\n---\n');
  const bare = updateOwnedFields(bytes('Just text.\n'), 'T/01-x.md', 'talk', { title: 'X', order: 1 });
  assert.equal(bare.kind === 'update' && bare.text, '---\ntitle: X\n---\nJust text.\n');
  const conference = updateOwnedFields(bytes('---\ntitle: C\n---\n'), 'index.md', 'conference', {
    title: 'C',
    replay: 'https://r.example/',
  });
  assert.equal(conference.kind === 'update' && conference.text, '---\ntitle: C\nreplay: https://r.example/\n---\n');
});

test('describeFieldValue: short, one line', () => {
  assert.equal(describeFieldValue(null), '(none)');
  assert.equal(describeFieldValue('a "b"'), '"a \\"b\\""');
  assert.equal(describeFieldValue(['x', 'y']), '["x", "y"]');
  assert.equal(describeFieldValue(3), '3');
  assert.equal(describeFieldValue({ a: 1 }), '{…}');
  assert.equal(describeFieldValue('line\nbreak'), '"line\\nbreak"');
  const long = describeFieldValue('😀'.repeat(200));
  assert.ok(long.length <= 120 && long.endsWith('…') && !/[\uD800-\uDBFF]…$/.test(long), long);
  assert.equal(describeFieldValue(Array.from({ length: 20 }, (_, i) => String(i))).split(', ').length, 11);
});
