// Symbolic links in a notes folder, with real links on disk: followed inside the folder; a note or
// track folder leading out of it is listed with an error and never read; links to nothing and
// loops are reported, not skipped silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { nodeFileSystem, type NotesFileSystem } from '../../src/core/fileSystem';
import { NotesIndex } from '../../src/core/workspace';
import { tempDir, writeTree } from '../fixtures/tempTree';
import { problemsOf, talkAt } from '../fixtures/workspaceQueries';

const NOTE = (title: string) => `---\ntitle: ${title}\n---\n\nbody\n`;

/** nodeFileSystem, recording every path it reads. */
function recording(): { fs: NotesFileSystem; reads: string[] } {
  const reads: string[] = [];
  const fs: NotesFileSystem = {
    ...nodeFileSystem,
    readPrefix: (p, max) => (reads.push(p), nodeFileSystem.readPrefix(p, max)),
    readPrefixShared: (p, max) => (reads.push(p), nodeFileSystem.readPrefixShared!(p, max)),
  };
  return { fs, reads };
}

function setup(t: { after(fn: () => void): void }) {
  const base = tempDir(t, 'tn-links-');
  const root = path.join(base, 'notes');
  writeTree(base, {
    'secret.md': '---\ntitle: Secret\n---\nprivate\n',
    'elsewhere/leak.md': NOTE('Leak'),
    'notes/t/a.md': NOTE('A'),
    'notes/u/b.md': NOTE('B'),
  });
  return { base, root };
}

test('a note linking out of the notes folder is listed, locked and never read; its problem names link and target', async t => {
  const { base, root } = setup(t);
  symlinkSync(path.join(base, 'secret.md'), path.join(root, 't', 'x.md'));
  symlinkSync(path.join(root, 't', 'a.md'), path.join(root, 't', 'alias.md'));
  const { fs, reads } = recording();
  const ws = await new NotesIndex(root, fs).load();

  const x = talkAt(ws, 't/x.md')!;
  assert.equal(x.title, 'x', 'listed under its file name, not its content');
  assert.equal(x.lock?.kind, 'outsideRoot');
  const [problem] = problemsOf(ws, 't/x.md');
  assert.equal(problem.severity, 'error');
  assert.match(
    problem.message,
    /^t\/x\.md is a symbolic link to .*secret\.md, outside the notes folder, so Talk Notes does not read it; move the file/,
  );
  assert.equal(x.lock?.message, problem.message);
  assert.ok(!reads.some(r => r.endsWith('x.md')), 'the link was read');
  // A link inside the folder is simply followed.
  assert.equal(talkAt(ws, 't/alias.md')?.title, 'A');
  assert.equal(talkAt(ws, 't/alias.md')?.lock, null);
});

test('a track folder linking out of the notes folder is listed empty with an error, and nothing in it is read', async t => {
  const { base, root } = setup(t);
  symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'ext'));
  symlinkSync(path.join(root, 'u'), path.join(root, 'u2'));
  const { fs, reads } = recording();
  const ws = await new NotesIndex(root, fs).load();
  const ext = ws.tracks.find(tr => tr.id === 'ext')!;
  assert.deepEqual(ext.talks, []);
  const [problem] = problemsOf(ws, 'ext');
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /^track folder ext is a symbolic link to .*elsewhere, outside the notes folder/);
  assert.ok(!reads.some(r => r.includes('leak')), 'a note behind the link was read');
  assert.equal(talkAt(ws, 'u2/b.md')?.title, 'B', 'a folder link inside the notes is a track');
});

test('an index.md linking out is reported and not read', async t => {
  const { base, root } = setup(t);
  symlinkSync(path.join(base, 'secret.md'), path.join(root, 'index.md'));
  const { fs, reads } = recording();
  const ws = await new NotesIndex(root, fs).load();
  assert.equal(ws.conference.title, null);
  assert.match(problemsOf(ws, 'index.md')[0].message, /^index\.md is a symbolic link to .*secret\.md, outside the notes folder/);
  assert.ok(!reads.some(r => r.endsWith('index.md')));
});

test('links to nothing and link loops are reported with a problem naming them', async t => {
  const { root } = setup(t);
  symlinkSync(path.join(root, 'gone.md'), path.join(root, 't', 'dangling.md'));
  symlinkSync(path.join(root, 't', 'loop2.md'), path.join(root, 't', 'loop1.md'));
  symlinkSync(path.join(root, 't', 'loop1.md'), path.join(root, 't', 'loop2.md'));
  symlinkSync(path.join(root, 'nowhere'), path.join(root, 'lost-track'));
  const ws = await new NotesIndex(root).load();
  const dangling = problemsOf(ws, 't/dangling.md');
  assert.equal(dangling.length, 1);
  assert.match(
    dangling[0].message,
    /^t\/dangling\.md is a symbolic link to .*gone\.md, which does not exist, so it is not listed; fix the link or delete it/,
  );
  assert.match(
    problemsOf(ws, 't/loop1.md')[0]?.message ?? '',
    /^t\/loop1\.md cannot be followed \(the symbolic links on its path form a loop\)/,
  );
  assert.match(problemsOf(ws, 'lost-track')[0]?.message ?? '', /^lost-track is a symbolic link to .*nowhere, which does not exist/);
  assert.equal(talkAt(ws, 't/dangling.md'), undefined);
  assert.equal(talkAt(ws, 't/a.md')?.title, 'A', 'the other notes load');
});

test('updates look at links too: a note replaced by a link out is locked, a fixed link clears its problem', async t => {
  const { base, root } = setup(t);
  const index = new NotesIndex(root);
  await index.load();
  const a = path.join(root, 't', 'a.md');
  renameSync(a, path.join(base, 'a-moved.md'));
  symlinkSync(path.join(base, 'a-moved.md'), a);
  await index.update(a);
  assert.equal(index.talk('t/a.md')?.lock?.kind, 'outsideRoot');
  assert.equal(index.talk('t/a.md')?.title, 'a');

  const d = path.join(root, 't', 'd.md');
  symlinkSync(path.join(root, 't', 'later.md'), d);
  await index.update(d);
  assert.equal(problemsOf(index.snapshot(), 't/d.md').length, 1);
  writeTree(root, { 't/later.md': NOTE('Later') });
  await index.update(d);
  assert.deepEqual(problemsOf(index.snapshot(), 't/d.md'), []);
  assert.equal(index.talk('t/d.md')?.title, 'Later');
  unlinkSync(d);
  await index.update(d);
  assert.equal(index.talk('t/d.md'), undefined);

  mkdirSync(path.join(base, 'elsewhere2'));
  symlinkSync(path.join(base, 'elsewhere2'), path.join(root, 'v'));
  await index.update(path.join(root, 'v'));
  assert.match(problemsOf(index.snapshot(), 'v')[0]?.message ?? '', /^track folder v is a symbolic link/);
});
