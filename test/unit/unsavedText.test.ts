// The index can take a note's text as an editor holds it (unsaved changes included) and go back to
// the disk's text on request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotesIndex } from '../../src/core/workspace';
import { memoryFileSystem } from '../fixtures/memoryFs';

const NOTE = '---\ntitle: A talk\nstatus: todo\n---\nbody\n';

async function index(): Promise<NotesIndex> {
  const ix = new NotesIndex(
    '/n',
    memoryFileSystem({
      '/n/index.md': '---\ntitle: C\n---\n',
      '/n/t/a.md': NOTE,
      '/n/t/b.md': '---\ntitle: B\n---\n',
      '/n/t/index.md': '---\ntitle: Track\n---\n',
    }),
  );
  await ix.load();
  return ix;
}

test('updateFromText shows the editor’s text; update brings the disk’s back', async () => {
  const ix = await index();
  const before = ix.snapshot();
  assert.equal(await ix.updateFromText('t/a.md', NOTE.replace('status: todo', 'status: watching').replace('A talk', 'Renamed')), true);
  const after = ix.snapshot();
  assert.notEqual(after, before, 'a new snapshot');
  const talk = ix.talk('t/a.md');
  assert.equal(talk?.status, 'watching');
  assert.equal(talk?.title, 'Renamed');
  assert.equal(
    after.tracks[0].talks.find(t => t.id === 't/b.md'),
    before.tracks[0].talks.find(t => t.id === 't/b.md'),
    'other talks untouched',
  );
  await ix.update('t/a.md');
  assert.equal(ix.talk('t/a.md')?.status, 'todo');
  assert.equal(ix.talk('t/a.md')?.title, 'A talk');
});

test('updateFromText reports problems of the unsaved text on that note', async () => {
  const ix = await index();
  await ix.updateFromText('t/a.md', '---\ntitle: "A talk\nstatus: done\n---\n');
  const problems = ix.snapshot().problems.filter(p => p.file === 't/a.md');
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /quote is not closed/);
});

test('updateFromText takes only notes the index lists as talks', async () => {
  const ix = await index();
  const before = ix.snapshot();
  assert.equal(await ix.updateFromText('t/new.md', NOTE), false, 'a note not on disk yet waits for its file');
  assert.equal(await ix.updateFromText('t/index.md', '---\ntitle: Other\n---\n'), false, 'a track index is not a talk');
  assert.equal(await ix.updateFromText('../outside.md', NOTE), false);
  assert.equal(ix.snapshot(), before, 'nothing changed');
});

test('updateFromText of a long note reads its beginning, like a listing', async () => {
  const ix = await index();
  const long = NOTE.replace('status: todo', 'status: done') + 'x'.repeat(1_000_000);
  assert.equal(await ix.updateFromText('t/a.md', long), true);
  assert.equal(ix.talk('t/a.md')?.status, 'done');
});
