// Writing an import onto a disk that fails or a folder that changes: writes are all or nothing,
// nothing is clobbered, a cancelled import changes nothing. Failures are injected through the
// importer's file-system seam (importFixture.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importOutline } from '../../src/core/importer';
import { nodeImportFileSystem } from '../../src/core/importWriter';
import { errno, faultyFs, seed, snapshot, tempDir, writeOutline } from './importFixture';

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
