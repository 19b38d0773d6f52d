// Listing a note reads its front matter and the beginning of its body, never the whole file: a
// 300 MB note costs a listing what a 256 KB one does. Bodies are read where they are shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkWorkspace } from '../../src/core/check';
import { nodeFileSystem, type NotesFileSystem } from '../../src/core/fileSystem';
import { NOTE_PREFIX_BYTES } from '../../src/core/talkFile';
import { NotesIndex } from '../../src/core/workspace';
import { memoryFileSystem } from '../fixtures/memoryFs';
import { tempDir, writeTree } from '../fixtures/tempTree';
import { problemsOf, talkAt, utf8Bytes } from '../fixtures/workspaceQueries';

/** nodeFileSystem, recording how many bytes each read returned. */
function measuring(): { fs: NotesFileSystem; largest: () => number } {
  let largest = 0;
  const note = (n: number) => (largest = Math.max(largest, n));
  const fs: NotesFileSystem = {
    ...nodeFileSystem,
    readPrefix: async (p, max) => {
      const r = await nodeFileSystem.readPrefix(p, max);
      note(r.bytes.byteLength);
      return r;
    },
    readPrefixShared: (p, max) => {
      const r = nodeFileSystem.readPrefixShared!(p, max);
      note(r.bytes.byteLength);
      return r;
    },
  };
  return { fs, largest: () => largest };
}

test('a 300 MB note is listed from its first 256 KB: title, links, size info, and check', async t => {
  const root = tempDir(t, 'tn-big-');
  const file = path.join(root, 't', 'big.md');
  writeTree(root, { 't/big.md': '' });
  const text = '---\nslides: t/missing.pdf\n---\n\n# A huge note\n\n' + 'log line\n'.repeat(40_000);
  writeFileSync(file, text);
  // Sparse: the rest of the 300 MB are holes, written in no time and taking no disk.
  truncateSync(file, 300 * 1024 * 1024);
  const { fs, largest } = measuring();
  const index = new NotesIndex(root, fs);
  const ws = await index.load();
  assert.equal(talkAt(ws, 't/big.md')?.title, 'A huge note');
  assert.equal(talkAt(ws, 't/big.md')?.slides, 't/missing.pdf');
  assert.match(problemsOf(ws, 't/big.md')[0].message, /^note is 300\.0 MB; it is listed from its first 256 KB/);
  await index.update(file);
  const checked = await checkWorkspace(index.snapshot(), { fs });
  assert.ok(checked.some(p => p.file === 't/big.md' && p.line === 2 && /not found/.test(p.message)));
  assert.ok(largest() <= NOTE_PREFIX_BYTES, `a read returned ${largest()} bytes`);
});

test('a cut inside a character at the end of what is read does not make a note look non-UTF-8', async () => {
  // Three-byte characters never line up with the 256 KB boundary here.
  const body = '中'.repeat(NOTE_PREFIX_BYTES);
  const fs = memoryFileSystem({ '/n/t/cjk.md': `---\ntitle: CJK\n---\n${body}`, '/n/t/x.md': `# 标题\n${body}` });
  const ws = await new NotesIndex('/n', fs).load();
  assert.equal(talkAt(ws, 't/cjk.md')?.lock, null);
  assert.deepEqual(problemsOf(ws, 't/cjk.md'), []);
  assert.equal(talkAt(ws, 't/x.md')?.title, '标题');
  assert.deepEqual(
    problemsOf(ws, 't/x.md').map(p => p.severity),
    ['info'],
  );
});

test('front matter not closed within what is read says so, instead of "never closed"', async () => {
  const yaml = 'k: v\n'.repeat(NOTE_PREFIX_BYTES / 4);
  const fs = memoryFileSystem({ '/n/t/long.md': `---\n${yaml}---\n# Title\n` });
  const ws = await new NotesIndex('/n', fs).load();
  assert.match(
    problemsOf(ws, 't/long.md')[0].message,
    /^front matter opened with "---" on line 1 is not closed within the first 256 KB of this 0\.3 MB note/,
  );
});

test('a note that is not UTF-8 is listed with its problem and a notUtf8 lock', async () => {
  const gbk = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xc4, 0xe3, 0xba, 0xc3, 0x0a]);
  const ws = await new NotesIndex('/n', memoryFileSystem({ '/n/t/gbk.md': gbk, '/n/t/ok.md': utf8Bytes('# OK\n') })).load();
  const talk = talkAt(ws, 't/gbk.md')!;
  assert.equal(talk.lock?.kind, 'notUtf8');
  assert.equal(talk.lock?.message, problemsOf(ws, 't/gbk.md')[0].message);
  assert.match(talk.lock!.message, /^gbk\.md is not UTF-8 text; re-save it as UTF-8/);
  assert.equal(talkAt(ws, 't/ok.md')?.lock, null);
});
