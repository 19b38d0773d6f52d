// One definition of "the front matter": every consumer — the text reader, the byte reader, field
// edits, the section finder of personal notes and slide references, slide-link reading and the
// outline reader — decides where a note's front matter ends exactly as `locateFrontMatter` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastFrontMatter, frontMatterFieldEdit, locateFrontMatter, splitFrontMatter } from '../../src/core/frontMatter';
import { fencedLines } from '../../src/core/markdown/fences';
import { outlineFrontMatter } from '../../src/core/outline';
import { personalNoteInsertion } from '../../src/core/personalNote';
import { appendToPersonalNotes, findMarkdownLinks } from '../../src/core/references';
import { findSection } from '../../src/core/textLines';
import { applyEdit } from '../fixtures/textEdits';

const HEADINGS = ['My Notes', '我的笔记'];
const personal = { heading: 'My Notes', knownHeadings: HEADINGS, stamp: '2024-01-02 03:04' };

const line = fc.constantFrom(
  'title: A talk',
  'status: todo',
  'speakers: [甲, 乙]',
  'order: 3',
  'x: [a](b.pdf#page=2)',
  '## My Notes',
  '## 我的笔记',
  '# a comment',
  '```',
  '~~~',
  '...',
  '---x',
  '--- x',
  '----',
  ' ---',
  '---',
  '--- ',
  '---\t',
  '',
  '  - item',
  'text',
  'see [p.2](s.pdf#page=2)',
  'nested:',
  '  key: v',
  'bad: [unclosed',
  'Video: https://example.org/v',
);
const note = fc
  .tuple(
    fc.constantFrom('', '\ufeff'),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('---', '--- ', '---yaml') },
      { weight: 1, arbitrary: fc.constantFrom('---YML', '---js', '----', ' ---', '--- words', 'title: x', '# Heading') },
    ),
    fc.array(line, { maxLength: 6 }),
    fc.constantFrom('---', '---', '--- ', '---\t', '', '...'),
    fc.array(line, { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'),
    fc.constantFrom('', '\n'),
  )
  .map(([bom, open, yaml, close, body, eol, end]) => bom + [open, ...yaml, ...(close ? [close] : []), ...body].join(eol) + end);

/** 0-based line index where the Markdown starts, by the locator. */
function bodyLineIndex(text: string): number {
  const located = locateFrontMatter(text);
  return located.kind === 'block' ? located.block.closingLine : 0;
}

test('property: every consumer ends the front matter where the locator does', () => {
  let blocks = 0;
  let fastAnswers = 0;
  let outlineAnswers = 0;
  fc.assert(
    fc.property(note, text => {
      const located = locateFrontMatter(text);
      const block = located.kind === 'block' ? located.block : null;
      const start = bodyLineIndex(text);
      const bodyOffset = block ? block.end : located.kind === 'block' ? 0 : located.start;
      if (block) blocks++;

      // The text reader.
      const split = splitFrontMatter(text);
      assert.equal(split.present, block !== null);
      assert.equal(split.body, text.slice(bodyOffset));
      assert.equal(split.bodyLine, start + 1);

      // The byte reader: answers only for a block, and then ends it at the same place.
      const bytes = Buffer.from(text, 'utf8');
      const fast = fastFrontMatter(bytes);
      if (fast) {
        fastAnswers++;
        assert.ok(block, 'the byte reader found a block the locator does not');
        assert.equal(fast.bodyStart, Buffer.byteLength(text.slice(0, block.end), 'utf8'));
        assert.equal(fast.bodyLine, start + 1);
      }

      // Field edits stay inside the YAML (or create a block at the very top).
      const edit = frontMatterFieldEdit(text, 'status', 'done');
      if (!('error' in edit)) {
        if (block) assert.ok(edit.offset >= block.yamlStart && edit.offset + edit.length <= block.yamlEnd, JSON.stringify(edit));
        else assert.equal(edit.offset, located.kind === 'block' ? 0 : located.start);
      }

      // The section finder: the first "## My Notes" line of the body, never one in the YAML.
      const lines = text.split('\n').map(l => l.replace(/\r$/, ''));
      // (Fences by the one fence rule, on the body alone.)
      const { fenced } = fencedLines(lines.slice(start));
      let expected = -1;
      for (let i = start; i < lines.length && expected < 0; i++) {
        if (!fenced[i - start] && (lines[i] === '## My Notes' || lines[i] === '## 我的笔记')) expected = i;
      }
      assert.equal(findSection(text, HEADINGS).start, expected);
      for (const insertion of [personalNoteInsertion(text, personal).edit, appendToPersonalNotes(text, '[p.1](#slide=1)', personal).edit]) {
        assert.ok(insertion.offset >= bodyOffset, `inserted at ${insertion.offset}, inside the front matter`);
      }

      // Slide links are read from the body only.
      for (const link of findMarkdownLinks(text)) assert.ok(link.start >= bodyOffset, `link at ${link.start} is in the front matter`);

      // The outline reader takes the same block, or none.
      const clean = text.replace(/^\ufeff/, '');
      const outlineLines = clean.split(/\r\n|\r|\n/);
      const outline = outlineFrontMatter(clean, outlineLines, fencedLines(outlineLines).fenced);
      if (outline) {
        outlineAnswers++;
        assert.ok(block, 'the outline reader found front matter the locator does not');
        assert.equal(outline.bodyLine, start);
      }
    }),
    { numRuns: 4000 },
  );
  // The generator must reach the interesting cases, or the property says little.
  assert.ok(blocks > 2000 && fastAnswers > 200 && outlineAnswers > 100, `${blocks} blocks, ${fastAnswers} fast, ${outlineAnswers} outline`);
});

test('Add Personal Note skips a ---yaml front matter whose YAML has a comment "## My Notes"', () => {
  const text = '---yaml\ntitle: A talk\n## My Notes\n---\n# Notes\n\nSome text.\n';
  const { edit } = personalNoteInsertion(text, personal);
  const after = applyEdit(text, edit);
  // The front matter is untouched, and the entry goes into a new section after the body.
  assert.ok(after.startsWith('---yaml\ntitle: A talk\n## My Notes\n---\n# Notes\n\nSome text.\n'), after);
  assert.equal(after, '---yaml\ntitle: A talk\n## My Notes\n---\n# Notes\n\nSome text.\n\n## My Notes\n\n### 2024-01-02 03:04\n\n');
  const reference = applyEdit(text, appendToPersonalNotes(text, '[p.1](#slide=1)', personal).edit);
  assert.equal(reference, '---yaml\ntitle: A talk\n## My Notes\n---\n# Notes\n\nSome text.\n\n## My Notes\n\n- [p.1](#slide=1)\n');
});

test('"..." does not end front matter anywhere (it is Markdown, as for every other reader)', () => {
  const text = '---\ntitle: A\n...\n## My Notes\n---\nbody\n';
  assert.equal(bodyLineIndex(text), 5);
  assert.equal(findSection(text, HEADINGS).start, -1);
});
