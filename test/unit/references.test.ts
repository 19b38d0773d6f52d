import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import {
  appendToPersonalNotes,
  dropLine,
  escapeLinkText,
  findMarkdownLinks,
  insertAtCursor,
  linkDestination,
  parseShortSlideLink,
  relativeLinkPath,
  slideLinkTarget,
  slideReference,
  talkLink,
  videoTimestampLink,
} from '../../src/core/references';
import { classifyNoteLink } from '../../src/core/links';
import { applyEdit } from '../fixtures/textEdits';

const md = new MarkdownIt();
/** The href markdown-it produces for a single inline link, decoded like the notes view does. */
const hrefOf = (markdown: string) => decodeURI(/href="([^"]*)"/.exec(md.renderInline(markdown))?.[1] ?? '');

test('slide reference: relative path from the note, #page, title and page in the text', () => {
  const ref = slideReference({ title: 'Flink CDC 3.0', page: 12, noteFile: 'cdc/flink-cdc.md', pdfFromNote: 'slides/cdc.pdf' });
  assert.equal(ref, '[Flink CDC 3.0 p.12](slides/cdc.pdf#page=12)');
  const link = classifyNoteLink(hrefOf(ref), 'cdc/flink-cdc.md');
  assert.deepEqual(link, { kind: 'file', path: 'cdc/slides/cdc.pdf', page: 12, fragment: 'page=12' });
});

test('slide reference: paths with spaces or parentheses are wrapped in <…> and survive markdown-it', () => {
  const ref = slideReference({ title: '实时数仓 [下]', page: 3, noteFile: 'a/b.md', pdfFromNote: '../slides/Day 1 (AM)/deck.pdf' });
  assert.equal(ref, '[实时数仓 \\[下\\] p.3](<../slides/Day 1 (AM)/deck.pdf#page=3>)');
  assert.equal(hrefOf(ref), '../slides/Day 1 (AM)/deck.pdf#page=3');
  assert.match(md.renderInline(ref), />实时数仓 \[下\] p\.3</);
  assert.deepEqual(classifyNoteLink(hrefOf(ref), 'a/b.md'), {
    kind: 'file',
    path: 'slides/Day 1 (AM)/deck.pdf',
    page: 3,
    fragment: 'page=3',
  });
});

test('slide reference: slides outside the notes folder fall back to the short form', () => {
  const ref = slideReference({ title: 'T', page: 7, noteFile: 'track/t.md', pdfFromNote: '../../../pdfs/t.pdf' });
  assert.equal(ref, '[T p.7](#slide=7)');
  assert.equal(slideReference({ title: 'T', page: 7, noteFile: 't.md', pdfFromNote: null }), '[T p.7](#slide=7)');
});

test('short form: #slide=N only', () => {
  assert.equal(parseShortSlideLink('#slide=12'), 12);
  assert.equal(parseShortSlideLink('<#SLIDE=3>'), 3);
  for (const bad of ['#slide=0', '#slide=', '#slide=1a', 'slide=3', '#page=3', 'slides:12', '#slide=-1']) {
    assert.equal(parseShortSlideLink(bad), null, bad);
  }
});

test('video timestamp: m:ss text, t= in seconds, Bilibili p kept', () => {
  assert.equal(
    videoTimestampLink('https://www.bilibili.com/video/BV1xx?p=3', 754),
    '[▶ 12:34](https://www.bilibili.com/video/BV1xx?p=3&t=754)',
  );
  assert.equal(videoTimestampLink('https://youtu.be/abc?t=5', 3723), '[▶ 1:02:03](https://youtu.be/abc?t=3723)');
  const odd = videoTimestampLink('https://example.com/v(1)', 1);
  assert.equal(hrefOf(odd), 'https://example.com/v(1)?t=1');
});

test('relative paths between note and PDF, both separators, other drives refused', () => {
  assert.equal(relativeLinkPath('/w/notes/track/t.md', '/w/notes/track/t.pdf'), 't.pdf');
  assert.equal(relativeLinkPath('/w/notes/track/t.md', '/w/slides/x y.pdf'), '../../slides/x y.pdf');
  assert.equal(relativeLinkPath('C:\\w\\notes\\t.md', 'C:\\w\\notes\\s\\t.pdf'), 's/t.pdf');
  assert.equal(relativeLinkPath('C:\\w\\notes\\t.md', 'D:\\s\\t.pdf'), null);
});

test('escapes: link text and destinations', () => {
  assert.equal(escapeLinkText('a [b]\n`c`\\'), 'a \\[b\\] \\`c\\`\\\\');
  assert.equal(linkDestination('a.pdf#page=1'), 'a.pdf#page=1');
  assert.equal(linkDestination('a b<c>.pdf'), '<a b\\<c\\>.pdf>');
});

test('insert at the cursor: spaces only where the link would touch a word', () => {
  const cases: [string, number, string][] = [
    ['see  here', 4, 'see [L] here'],
    ['seehere', 3, 'see [L] here'],
    ['', 0, '[L]'],
    ['(x)', 1, '([L] x)'],
    ['结论：', 3, '结论： [L]'],
    ['end', 3, 'end [L]'],
    ['a.', 1, 'a [L].'],
  ];
  for (const [text, at, want] of cases) {
    const { edit, cursor } = insertAtCursor(text, at, '[L]');
    const out = applyEdit(text, edit);
    assert.equal(out, want, JSON.stringify(text));
    assert.equal(out.slice(cursor - 3, cursor), '[L]');
  }
});

const opts = { heading: '我的笔记', knownHeadings: ['我的笔记', 'My Notes'] };

test('append: creates the section when missing', () => {
  const text = '---\ntitle: T\n---\n\nBody.\n\n';
  const { edit, cursor } = appendToPersonalNotes(text, '[T p.2](t.pdf#page=2)', opts);
  const out = applyEdit(text, edit);
  assert.equal(out, '---\ntitle: T\n---\n\nBody.\n\n## 我的笔记\n\n- [T p.2](t.pdf#page=2)\n');
  assert.equal(out.slice(0, cursor).split('\n').pop(), '- [T p.2](t.pdf#page=2)');
});

test('append: joins the list at the end of the section, before the next section', () => {
  const text = '# T\n\n## My Notes\n\n### 2026-11-20\n\nthought\n\n- [T p.1](t.pdf#page=1)\n\n## Links\n\nx\n';
  const out = applyEdit(text, appendToPersonalNotes(text, '[T p.4](t.pdf#page=4)', opts).edit);
  assert.equal(
    out,
    '# T\n\n## My Notes\n\n### 2026-11-20\n\nthought\n\n- [T p.1](t.pdf#page=1)\n- [T p.4](t.pdf#page=4)\n\n## Links\n\nx\n',
  );
});

test('append: a blank line after text or the bare heading; CRLF kept; fences ignored', () => {
  assert.equal(applyEdit('## 我的笔记', appendToPersonalNotes('## 我的笔记', 'L', opts).edit), '## 我的笔记\n\n- L\n');
  const crlf = 'x\r\n```\r\n## My Notes\r\n```\r\n\r\n## My Notes\r\n\r\ntext\r\n';
  const out = applyEdit(crlf, appendToPersonalNotes(crlf, 'L', opts).edit);
  assert.equal(out, 'x\r\n```\r\n## My Notes\r\n```\r\n\r\n## My Notes\r\n\r\ntext\r\n\r\n- L\r\n');
  assert.ok(!/[^\r]\n/.test(out));
});

test('append never changes text outside the edit', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', ' ', '\n', '## My Notes\n', '- x\n', '```\n', '---\n', '## Other\n', '中') }),
      text => {
        const { edit, cursor } = appendToPersonalNotes(text, '[L](l.pdf#page=1)', opts);
        const out = applyEdit(text, edit);
        assert.equal(out.slice(0, edit.offset), text.slice(0, edit.offset));
        assert.equal(out.slice(edit.offset + edit.text.length), text.slice(edit.offset + edit.length));
        assert.ok(out.slice(0, cursor).endsWith('- [L](l.pdf#page=1)'));
        // At most one section is added, and there is one afterwards.
        const sections = (t: string) => t.split('\n').filter(l => /^\s{0,3}## (我的笔记|My Notes)\s*$/.test(l)).length;
        assert.ok(sections(out) >= 1 && sections(out) - sections(text) <= 1);
      },
    ),
    { numRuns: 300 },
  );
});

test('links in a note: inline links with their full range, code and images skipped', () => {
  const text = [
    'See [第 12 页](slides.pdf#page=12) and [p.3](#slide=3).',
    '`[not](a.pdf#page=1)` ![img](a.pdf) [title](<my deck.pdf#page=2> "t")',
    '```',
    '[fenced](a.pdf#page=9)',
    '```',
    '[nested [x]](b.pdf)',
  ].join('\n');
  const links = findMarkdownLinks(text);
  assert.deepEqual(
    links.map(l => l.destination),
    ['slides.pdf#page=12', '#slide=3', 'my deck.pdf#page=2', 'b.pdf'],
  );
  assert.equal(text.slice(links[0].start, links[0].end), '[第 12 页](slides.pdf#page=12)');
  assert.equal(text.slice(links[2].start, links[2].end), '[title](<my deck.pdf#page=2> "t")');
});

test('slide link targets', () => {
  assert.deepEqual(slideLinkTarget('#slide=4'), { kind: 'short', page: 4 });
  assert.deepEqual(slideLinkTarget('../s/a%20b.PDF#page=7'), { kind: 'pdf', path: '../s/a b.PDF', page: 7 });
  assert.deepEqual(slideLinkTarget('deck.pdf'), { kind: 'pdf', path: 'deck.pdf', page: null });
  assert.equal(slideLinkTarget('https://x.org/a.pdf#page=2'), null);
  assert.equal(slideLinkTarget('notes.md#page=2'), null);
  assert.equal(slideLinkTarget('#intro'), null);
});

test('a written reference is read back as the same slide link', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc
        .array(fc.constantFrom('a', 'b', ' ', '(', ')', '中', '-'), { minLength: 1, maxLength: 12 })
        .map(cs => cs.join('').trim())
        .filter(s => s.length > 0),
      fc.integer({ min: 1, max: 999 }),
      (title, name, page) => {
        const file = `slides/${name}.pdf`;
        const ref = slideReference({ title, page, noteFile: 'n.md', pdfFromNote: file });
        const [link] = findMarkdownLinks(`x ${ref} y`);
        assert.ok(link, ref);
        assert.deepEqual(slideLinkTarget(link.destination), { kind: 'pdf', path: file, page });
      },
    ),
    { numRuns: 300 },
  );
});

test('a talk dropped into a note: its title links to its note, a link the notes view follows', () => {
  const link = talkLink('Flink [实时] 计算', '/w/notes/平台建设/02 a.md', '/w/notes/平台建设/03-Flink 实时.md');
  assert.equal(link, '[Flink \\[实时\\] 计算](<03-Flink 实时.md>)');
  assert.deepEqual(classifyNoteLink(hrefOf(link!), '平台建设/02 a.md'), {
    kind: 'file',
    path: '平台建设/03-Flink 实时.md',
    page: null,
    fragment: null,
  });
  const across = talkLink('T', '/w/notes/a/x.md', '/w/notes/b/y.md');
  assert.equal(across, '[T](../b/y.md)');
  assert.equal(classifyNoteLink(hrefOf(across!), 'a/x.md').kind, 'file');
  assert.equal(talkLink('T', 'C:\\n\\x.md', 'D:\\n\\y.md'), null, 'no relative path between drives');
});

test('a link dropped into the front matter goes to the first line of the body instead', () => {
  const note = '---\ntitle: T\nstatus: todo\n---\n\nBody\n';
  assert.equal(dropLine(note, 0), 4);
  assert.equal(dropLine(note, 2), 4);
  assert.equal(dropLine(note, 3), 4, 'the closing line is front matter too');
  assert.equal(dropLine(note, 5), 5);
  assert.equal(dropLine('No front matter\n', 0), 0);
  assert.equal(dropLine('---\ntitle: never closed\n', 1), 1, 'no complete block: nothing to protect');
});
