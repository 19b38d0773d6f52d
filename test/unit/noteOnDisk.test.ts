import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readNoteOnDisk, sameNoteText } from '../../src/core/noteOnDisk';
import { tempDir, writeTree } from '../fixtures/tempTree';

test('readNoteOnDisk judges a note by its bytes and its real path', t => {
  const base = tempDir(t, 'tn-on-disk-');
  const root = path.join(base, 'notes');
  const track = path.join(root, 'track');
  const at = (name: string) => path.join(track, name);
  writeTree(base, {
    'notes/track/utf8.md': '---\ntitle: 中文\n---\n',
    'notes/track/bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# BOM\n')]),
    'notes/track/gbk.md': Buffer.from([0x23, 0x20, 0xd6, 0xd0, 0xce, 0xc4, 0x0a]),
    'notes/track/binary.md': Buffer.from([0x23, 0x00, 0x01]),
    'secret.md': 'outside',
  });
  mkdirSync(at('folder.md'));
  symlinkSync(path.join(base, 'secret.md'), at('link-out.md'));
  symlinkSync(at('utf8.md'), at('link-in.md'));

  assert.deepEqual(readNoteOnDisk(root, at('utf8.md')), { kind: 'text', text: '---\ntitle: 中文\n---\n' });
  assert.deepEqual(readNoteOnDisk(root, at('bom.md')), { kind: 'text', text: '# BOM\n' }, 'the BOM is not part of the text');
  assert.deepEqual(readNoteOnDisk(root, at('link-in.md')), { kind: 'text', text: '---\ntitle: 中文\n---\n' });
  assert.deepEqual(readNoteOnDisk(root, at('gone.md')), { kind: 'missing' });

  const gbk = readNoteOnDisk(root, at('gbk.md'));
  assert.equal(gbk.kind, 'notUtf8');
  assert.equal(gbk.kind === 'notUtf8' && gbk.binary, false);
  assert.equal(gbk.kind === 'notUtf8' && gbk.text.startsWith('# \uFFFD'), true, 'a lossy text for display');
  const binary = readNoteOnDisk(root, at('binary.md'));
  assert.equal(binary.kind === 'notUtf8' && binary.binary, true);

  const out = readNoteOnDisk(root, at('link-out.md'));
  assert.equal(out.kind, 'outsideRoot');
  assert.ok(!('text' in out), 'nothing is read from outside');
  assert.equal(readNoteOnDisk(root, at('folder.md')).kind, 'unreadable');
});

test('sameNoteText ignores only the line-end style', () => {
  assert.ok(sameNoteText('a\nb\n', 'a\nb\n'));
  assert.ok(sameNoteText('a\r\nb\n', 'a\nb\r\n'), 'an editor may normalise mixed line ends');
  assert.ok(!sameNoteText('a\nb\n', 'a\nb\nc\n'));
  assert.ok(!sameNoteText('a\n', 'a\n\n'));
  assert.ok(sameNoteText('x\r'.repeat(50_000), 'x\n'.repeat(50_000)), 'old Mac line ends count as line ends');
});
