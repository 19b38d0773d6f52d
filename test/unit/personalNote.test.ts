import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { personalNoteInsertion } from '../../src/core/personalNote';
import { applyEdit } from '../fixtures/textEdits';

const opts = { heading: '我的笔记', knownHeadings: ['我的笔记', 'My Notes'], stamp: '2026-11-25 14:03' };

test('creates the section at the end when missing, cursor on the empty line under the entry', () => {
  const text = '---\ntitle: T\n---\n\nSome notes.\n\n\n';
  const { edit, cursor } = personalNoteInsertion(text, opts);
  const out = applyEdit(text, edit);
  assert.equal(out, '---\ntitle: T\n---\n\nSome notes.\n\n## 我的笔记\n\n### 2026-11-25 14:03\n\n');
  assert.equal(out.slice(0, cursor), '---\ntitle: T\n---\n\nSome notes.\n\n## 我的笔记\n\n### 2026-11-25 14:03\n');
});

test('appends to an existing section (in either language) before the next section', () => {
  const text = '# Talk\n\n## My Notes\n\n### 2026-11-20 09:00\n\nfirst\n\n## Links\n\nx\n';
  const { edit, cursor } = personalNoteInsertion(text, opts);
  const out = applyEdit(text, edit);
  assert.equal(out, '# Talk\n\n## My Notes\n\n### 2026-11-20 09:00\n\nfirst\n\n### 2026-11-25 14:03\n\n\n\n## Links\n\nx\n');
  assert.ok(out.slice(cursor).startsWith('\n\n\n## Links'));
  assert.ok(!out.includes('## 我的笔记'), 'no second section');
});

test('keeps CRLF files CRLF and ignores headings inside code fences', () => {
  const text = 'intro\r\n```\r\n## 我的笔记\r\n```\r\n';
  const { edit } = personalNoteInsertion(text, opts);
  const out = applyEdit(text, edit);
  assert.ok(out.endsWith('```\r\n\r\n## 我的笔记\r\n\r\n### 2026-11-25 14:03\r\n\r\n'));
  assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
});

test('never changes text outside the inserted range', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '#', '## My Notes\n', '```\n', '---\n', '中') }), text => {
      const { edit, cursor } = personalNoteInsertion(text, opts);
      const out = applyEdit(text, edit);
      assert.equal(out.slice(0, edit.offset), text.slice(0, edit.offset));
      assert.equal(out.slice(edit.offset + edit.text.length), text.slice(edit.offset + edit.length));
      assert.ok(text.slice(edit.offset, edit.offset + edit.length).trim() === '', 'only whitespace is replaced');
      assert.ok(cursor >= 0 && cursor <= out.length);
      assert.ok(out.includes('### 2026-11-25 14:03'));
    }),
    { numRuns: 300 },
  );
});
