// Which notes folders a workspace folder has: the configured list (or one string), else a guess
// that also recognises a shelf of conferences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNotesRoots, looksLikeNotesRoot } from '../../src/core/roots';
import { memoryFileSystem } from '../fixtures/memoryFs';

const NOTE = '---\ntitle: T\n---\n';

test('configured folders: each one that is a folder, in order, relative or absolute, without repeats', async () => {
  const fs = memoryFileSystem({ '/w/notes/t/a.md': NOTE, '/w/talks/ffa/t/a.md': NOTE, '/other/x/t/a.md': NOTE });
  assert.deepEqual(await findNotesRoots('/w', ['talks', ' notes ', '/other/x', 'missing', 'notes/', ''], fs), [
    '/w/talks',
    '/w/notes',
    '/other/x',
  ]);
});

test('nothing configured: notes/ when it looks like notes, else the folder, else none', async () => {
  assert.deepEqual(await findNotesRoots('/w', [], memoryFileSystem({ '/w/notes/t/a.md': NOTE })), ['/w/notes']);
  assert.deepEqual(await findNotesRoots('/w', ['  '], memoryFileSystem({ '/w/t/a.md': NOTE })), ['/w']);
  assert.deepEqual(await findNotesRoots('/w', [], memoryFileSystem({ '/w/src/a.ts': 'x' })), []);
});

test('a shelf whose conferences have no index.md is recognised from its third level', async () => {
  const shelf = memoryFileSystem({ '/s/ffa-2022/sql/01-a.md': NOTE, '/s/ffa-2022/ai/02-b.md': NOTE });
  assert.equal(await looksLikeNotesRoot('/s', shelf), true);
  assert.equal(await looksLikeNotesRoot('/s', memoryFileSystem({ '/s/a/b/c.txt': 'x' })), false);
});
