// Importing into a folder that already holds notes, or onto a disk that fails: re-import edits
// only the outline's fields, --force keeps copies, writes are all or nothing, links and names the
// loader would skip are handled. Failures are injected through the importer's file-system seam.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importOutline } from '../../src/core/importer';
import { describeFieldValue, updateOwnedFields } from '../../src/core/importUpdate';
import { nodeImportFileSystem, type ImportFileSystem } from '../../src/core/importWriter';
import { loadWorkspace } from '../../src/core/workspace';

const repo = path.resolve(__dirname, '../../..');
const seed = path.join(repo, 'test/fixtures/outlines/ffa2022.md');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-reimport-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file below `dir` (hidden ones included) with its bytes, so "nothing changed" can be asserted. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const p of readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, p);
    out[p.split(path.sep).join('/')] = statSync(abs).isFile() ? readFileSync(abs).toString('base64') : '(folder)';
  }
  return out;
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

type Op = keyof ImportFileSystem;

/** The real file system, with `hook` run before every call (it may throw to make the call fail). */
function faultyFs(hook: (op: Op, p: string) => void | Promise<void>, overrides: Partial<ImportFileSystem> = {}): ImportFileSystem {
  const wrapped: Record<string, unknown> = {};
  for (const [op, fn] of Object.entries({ ...nodeImportFileSystem, ...overrides })) {
    wrapped[op] = async (...args: unknown[]) => {
      await hook(op as Op, args[op === 'link' ? 1 : 0] as string);
      return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return wrapped as unknown as ImportFileSystem;
}

function writeOutline(dir: string, text: string): string {
  const file = path.join(dir, 'outline.md');
  writeFileSync(file, text);
  return file;
}

test('a disk that fills up half-way leaves no note behind, empty, partial or otherwise', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  let writes = 0;
  const fs = faultyFs(() => undefined, {
    // The tenth file gets half its bytes, then the disk is full, as a real ENOSPC does.
    async writeNewFile(p, data, mode) {
      if (++writes === 10) {
        writeFileSync(p, data.subarray(0, data.length >> 1));
        throw errno('ENOSPC');
      }
      return nodeImportFileSystem.writeNewFile(p, data, mode);
    },
  });
  const report = await importOutline(seed, out, { fs });
  assert.deepEqual([report.written, report.updated, report.backups], [[], [], []]);
  assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
  const [problem] = report.problems;
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /ENOSPC.*nothing was imported.*disk is full/);
  assert.match(problem.file, /\.md$/, 'names the file that failed');
  assert.equal(existsSync(out), false, 'the folder the import created is gone again');

  // Into a folder that already holds things: exactly those things remain.
  mkdirSync(out);
  writeFileSync(path.join(out, 'todo.txt'), 'mine');
  writes = 0;
  const again = await importOutline(seed, out, { fs });
  assert.equal(again.problems.length, 1);
  assert.deepEqual(snapshot(out), { 'todo.txt': Buffer.from('mine').toString('base64') });
});

test('a read-only notes folder gives one error, not one per file, and nothing changes', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  // First a real import, then the folder turns read-only (as a permission-less root cannot be simulated
  // with chmod, every write call fails the way a read-only folder makes it fail).
  await importOutline(seed, out, { title: 'Old title' });
  const before = snapshot(out);
  for (const code of ['EACCES', 'EROFS']) {
    const readOnly = faultyFs(op => {
      if (op === 'mkdir' || op === 'writeNewFile' || op === 'rename' || op === 'link' || op === 'unlink' || op === 'rmdir')
        throw errno(code);
    });
    for (const force of [false, true]) {
      const report = await importOutline(seed, out, { fs: readOnly, force, title: 'New title' });
      assert.equal(report.problems.length, 1, `${code} ${force}: ${JSON.stringify(report.problems)}`);
      assert.equal(report.problems[0].severity, 'error');
      assert.match(report.problems[0].message, code === 'EACCES' ? /not writable/ : /read-only/);
      assert.deepEqual([report.written, report.updated, report.backups], [[], [], []]);
      assert.deepEqual(snapshot(out), before);
    }
  }
});

test('a failure while keeping the backup copies changes nothing either', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  await importOutline(seed, out, {});
  const note = path.join(out, '核心技术', '01-Flink 容错恢复 2.0 最新进展.md');
  writeFileSync(note, readFileSync(note, 'utf8').replace(/^title: .*$/m, 'title: My own title'));
  const before = snapshot(out);
  const fs = faultyFs((op, p) => {
    if (op === 'writeNewFile' && p.includes(`${path.sep}.talk-notes${path.sep}`)) throw errno('EDQUOT');
  });
  const report = await importOutline(seed, out, { fs, title: 'Another title' });
  assert.equal(report.problems.length, 1);
  assert.match(report.problems[0].message, /EDQUOT.*nothing was imported/);
  assert.match(report.problems[0].file, /^\.talk-notes\/backup\//);
  assert.deepEqual(snapshot(out), before, 'no backup folder, no temporary file, no edited note');
});

test('files are put in place without clobbering: one that appears meanwhile is kept, one edited meanwhile too', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  const outline = writeOutline(dir, '# Track\n## 1，First｜A\n## 2，Second｜B\n');
  const appearing = path.join(out, 'Track', '02-Second.md');
  const someoneElse = '---\ntitle: Second\nspeakers: [B]\n---\nwritten by someone else\n';
  const raced = await importOutline(outline, out, {
    fs: faultyFs((op, p) => {
      if (op === 'link' && p === appearing) writeFileSync(appearing, someoneElse);
    }),
  });
  assert.equal(readFileSync(appearing, 'utf8'), someoneElse);
  assert.deepEqual(raced.written, ['index.md', 'Track/index.md', 'Track/01-First.md']);
  assert.deepEqual(
    raced.problems.map(p => [p.file, p.severity]),
    [['Track/02-Second.md', 'warning']],
  );
  assert.match(raced.problems[0].message, /appeared while importing/);

  // An update whose note is saved by an editor between inspection and commit: the editor wins.
  const first = path.join(out, 'Track', '01-First.md');
  const v2 = writeOutline(dir, '# Track\n## 1，First｜A&C\n## 2，Second｜B\n');
  let reads = 0;
  const edited = await importOutline(v2, out, {
    fs: faultyFs((op, p) => {
      if (op === 'readFile' && p === first && ++reads === 2) writeFileSync(first, 'saved meanwhile\n');
    }),
  });
  assert.equal(readFileSync(first, 'utf8'), 'saved meanwhile\n');
  assert.deepEqual(edited.updated, []);
  assert.deepEqual(edited.backups, [], 'no copy is listed for a file that was not replaced');
  assert.ok(edited.problems.some(p => p.file === 'Track/01-First.md' && /changed while importing/.test(p.message)));
  assert.deepEqual(
    readdirSync(path.join(out, 'Track')).filter(n => n.startsWith('.')),
    [],
    'no temporary file is left',
  );
});

test('on a file system without hard links, new files are still created (and still not clobbered)', async t => {
  const out = path.join(tempDir(t), 'notes');
  const fs = faultyFs(op => {
    if (op === 'link') throw errno('EPERM');
  });
  const report = await importOutline(seed, out, { fs });
  assert.deepEqual(report.problems, []);
  assert.equal(report.written.length, 29);
  assert.ok(!Object.keys(snapshot(out)).some(p => /(^|\/)\./.test(p)), 'no temporary files');
});

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
  const { lstatSync } = await import('node:fs');
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

test('a note with unsaved changes in an editor is left alone, in both modes', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  await importOutline(writeOutline(dir, '# T\n## 1，A｜X\n## 2，B｜X\n'), out, {});
  const v2 = writeOutline(dir, '# T\n## 1，A｜Yan\n## 2，B｜Yan\n');
  const dirty = path.join(out, 'T', '01-A.md');
  const before = readFileSync(dirty, 'utf8');
  for (const force of [false, true]) {
    const report = await importOutline(v2, out, { force, hasUnsavedChanges: p => p === dirty });
    assert.equal(readFileSync(dirty, 'utf8'), before);
    assert.deepEqual(
      report.problems.map(p => [p.file, p.severity]),
      [['T/01-A.md', 'warning']],
    );
    assert.match(report.problems[0].message, /unsaved changes in the editor.*save or revert it/);
  }
  assert.match(readFileSync(path.join(out, 'T', '02-B.md'), 'utf8'), /^ {2}- Yan$/m);
});

test('a cancelled import changes nothing, whether cancelled while inspecting or while staging', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'notes');
  await importOutline(seed, out, {});
  const note = path.join(out, '核心技术', '01-Flink 容错恢复 2.0 最新进展.md');
  writeFileSync(note, readFileSync(note, 'utf8').replace(/^title: .*$/m, 'title: Mine'));
  const before = snapshot(out);
  for (const [op, after] of [
    ['readFile', 3],
    ['writeNewFile', 1],
  ] as const) {
    const controller = new AbortController();
    let calls = 0;
    const fs = faultyFs(o => {
      if (o === op && ++calls === after) controller.abort();
    });
    const report = await importOutline(seed, out, { fs, signal: controller.signal, force: true, title: 'New' });
    assert.deepEqual(report.problems, [
      { file: '', line: null, severity: 'warning', message: 'The import was cancelled; nothing was imported.' },
    ]);
    assert.deepEqual([report.written, report.updated, report.backups], [[], [], []]);
    assert.deepEqual(snapshot(out), before, `cancelled at ${op}`);
  }
});
