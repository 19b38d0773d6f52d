// Quotes of slides and slide ↔ video moments in a note: what the writer writes reads back (and
// renders in the notes view) as the same text, the reader finds hand-written ones too, and a quote
// is found in a page's text layer whatever the spaces, hyphens and widths, or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  escapeQuoteText,
  foldQuoteText,
  momentSnippet,
  pairMoments,
  quoteSnippet,
  readQuotesAndMoments,
  slideReferencePage,
} from '../../src/core/quotesAndMoments';
import { findQuote, matchKey } from '../../src/core/quoteMatch';
import { appendBlockToPersonalNotes, appendToPersonalNotes, insertBlockAtCursor } from '../../src/core/references';
import { createRenderer } from '../../src/core/render';
import { applyEdit } from '../fixtures/textEdits';

const VIDEO = 'https://www.bilibili.com/video/BV1xx?p=2';
const note = (...body: string[]) => ['---', 'title: T', 'slides: deck.pdf', '---', '', ...body].join('\n');
/** Text with every ASCII punctuation character, Chinese, emoji, spaces and line breaks. */
const quoteText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('')),
      fc.constantFrom('a', 'Z', '1', '9', ' ', '\n', '\t', '  ', '中', '文', '，', '。', '😀', 'ﬁ', '\u00a0'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 30 },
  )
  .map(parts => parts.join(''));

test('a written quote reads back as the same text, on its page and line', () => {
  fc.assert(
    fc.property(quoteText, fc.integer({ min: 1, max: 999 }), (text, page) => {
      const expected = foldQuoteText(text);
      const written = note('Intro.', '', quoteSnippet(text, page), '', 'After.');
      const { quotes } = readQuotesAndMoments(written);
      if (!expected) {
        assert.deepEqual(quotes, [], 'an empty quote is no quote');
        return;
      }
      assert.deepEqual(quotes, [{ page, text: expected, line: 7, endLine: 7 }], quoteSnippet(text, page));
    }),
    { numRuns: 2000 },
  );
});

test('a written quote renders in the notes view as the same text, inside a blockquote', async () => {
  const renderer = await createRenderer();
  const decode = (html: string) =>
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  fc.assert(
    fc.property(quoteText, text => {
      const expected = foldQuoteText(text);
      fc.pre(expected !== '');
      const { html } = renderer.render(quoteSnippet(text, 3), { resolveImage: () => null });
      const m = /^<blockquote[^>]*>\s*<p[^>]*>([\s\S]*) <a [^>]*href="#slide=3"[^>]*>p\.3<\/a><\/p>\s*<\/blockquote>\s*$/.exec(html);
      assert.ok(m, `one blockquote ending in the slide chip: ${html}`);
      assert.equal(decode(m[1]), expected);
    }),
    { numRuns: 1000 },
  );
});

test('escaping: markup characters and list starts, nothing else', () => {
  assert.equal(
    escapeQuoteText('  Flink *SQL*\n  [beta] `x` <b> & 1 | 2 ~~no~~ #tag!  '),
    'Flink \\*SQL\\* \\[beta\\] \\`x\\` \\<b\\> \\& 1 \\| 2 \\~\\~no\\~\\~ \\#tag\\!',
  );
  assert.equal(escapeQuoteText('- item'), '\\- item');
  assert.equal(escapeQuoteText('+ item'), '\\+ item');
  assert.equal(escapeQuoteText('12. Title'), '12\\. Title');
  assert.equal(escapeQuoteText('3) Title'), '3\\) Title');
  assert.equal(escapeQuoteText('> nested'), '\\> nested');
  assert.equal(escapeQuoteText('a - b 1. c'), 'a - b 1. c');
  assert.equal(escapeQuoteText('实时\u0007数仓\r\n湖仓'), '实时数仓 湖仓', 'control characters dropped, line breaks folded');
  assert.equal(quoteSnippet('State backend', 12), '> State backend [p.12](#slide=12)');
});

test('hand-written quotes: several lines, lazy lines, nested markers, Markdown in the text', () => {
  const text = note(
    '> First line of a long',
    '> passage, **bold** and _em_ and `code`',
    'lazy continuation [p.3](#slide=3)',
    '',
    '> > nested &amp; escaped \\* star [see](https://x.org) [第 4 页](deck.pdf#page=4)',
    '',
    '> one [p.5](#slide=5)',
    '> two [p.6](#slide=6)',
    '>',
    '> trailing text without reference',
    '',
    '> snake_case 2 * 3 &#x4E2D; [p.7](<#slide=7>)   ',
  );
  assert.deepEqual(readQuotesAndMoments(text).quotes, [
    { page: 3, text: 'First line of a long passage, bold and em and code lazy continuation', line: 5, endLine: 7 },
    { page: 4, text: 'nested & escaped * star see', line: 9, endLine: 9 },
    { page: 5, text: 'one', line: 11, endLine: 11 },
    { page: 6, text: 'two', line: 12, endLine: 12 },
    { page: 7, text: 'snake_case 2 * 3 中', line: 16, endLine: 16 },
  ]);
});

test('not quotes: no reference at the end, code, front matter, another talk’s slides, a list item', () => {
  const text = [
    '---',
    'title: T',
    'comment: "> in front matter [p.1](#slide=1)"',
    '---',
    '> reference in the middle [p.2](#slide=2) and more text',
    '',
    '```',
    '> fenced [p.3](#slide=3)',
    '```',
    '',
    '    text',
    '> other deck [p.4](other.pdf#page=4)',
    '',
    '- > in a list item [p.5](#slide=5)',
    '> [p.6](#slide=6)',
    '> a link that is not a slide [x](https://x.org)',
  ].join('\n');
  const own = (p: string) => p === 'deck.pdf';
  assert.deepEqual(readQuotesAndMoments(text, { isOwnSlides: own }).quotes, []);
  assert.deepEqual(
    readQuotesAndMoments('> mine [p.4](./deck.pdf#page=4)', { isOwnSlides: p => p === './deck.pdf' }).quotes.map(q => q.page),
    [4],
  );
});

test('moments: a slide reference and a video moment in one paragraph or list item', () => {
  const text = note(
    `- ${momentSnippet(12, VIDEO, 754)}`,
    `- [p.3](#slide=3) then [▶ 1:00](${VIDEO}&t=60) and [▶ 2:00](${VIDEO}&t=2m) [p.4](#slide=4) [▶ 3:00](${VIDEO}&t=180s)`,
    `- [▶ 4:00](${VIDEO}&t=240) before its slide`,
    '  [第 9 页](deck.pdf#page=9) on a continuation line',
    '',
    `A paragraph [▶ 5:00](${VIDEO}&t=5:00)`,
    'with its slide on the next line [p.10](#slide=10).',
    '',
    `[▶ 6:00](${VIDEO}&t=360) alone: no slide in its block`,
    '',
    '[p.11](#slide=11)',
    '',
    `# Heading [p.13](#slide=13) [▶ 7:00](${VIDEO}&t=420)`,
    `[▶ 8:00](https://example.org/talk) no time`,
    '```',
    `[p.14](#slide=14) [▶ 9:00](${VIDEO}&t=540)`,
    '```',
  );
  assert.deepEqual(
    readQuotesAndMoments(text).moments.map(m => [m.page, m.seconds, m.line]),
    [
      [12, 754, 5],
      [3, 60, 6],
      [3, 120, 6],
      [4, 180, 6],
      [9, 240, 7],
      [10, 300, 10],
      [13, 420, 17],
    ],
  );
  assert.equal(readQuotesAndMoments(text).moments[0].url, `${VIDEO}&t=754`);
});

test('pairing: the nearest slide before, else the first after', () => {
  const s = (page: number) => ({ kind: 'slide' as const, page });
  const v = { kind: 'video' as const };
  assert.deepEqual(pairMoments([v, s(1), v, s(2), s(3), v, v]), [1, null, 1, null, null, 3, 3]);
  assert.deepEqual(pairMoments([v, { kind: 'other' }]), [null, null]);
});

test('slide reference pages: short form, a PDF at a page, nothing else', () => {
  assert.equal(slideReferencePage('#slide=4'), 4);
  assert.equal(slideReferencePage('../s/a%20b.PDF#page=7'), 7);
  assert.equal(slideReferencePage('deck.pdf'), null);
  assert.equal(slideReferencePage('https://x.org/a.pdf#page=2'), null);
  assert.equal(
    slideReferencePage('a.pdf#page=2', p => p === 'b.pdf'),
    null,
  );
});

test('the reader stays linear and never throws on odd notes', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          '> ',
          '>',
          '- ',
          '1. ',
          '[p.1](#slide=1)',
          `[▶](${VIDEO}&t=1)`,
          '`',
          '```',
          '\n',
          '\n\n',
          'text',
          '\\',
          '&',
          '*',
          '_',
          '<',
          '[',
          '](',
        ),
        {
          maxLength: 60,
        },
      ),
      parts => {
        const { quotes, moments } = readQuotesAndMoments(parts.join(''));
        for (const q of quotes) assert.ok(q.text.length > 0 && q.page === 1);
        for (const m of moments) assert.equal(m.page, 1);
      },
    ),
    { numRuns: 2000 },
  );
  // Pathological lines complete (a quadratic scan would take minutes here).
  const big = `> ${'&'.repeat(200_000)}${'<'.repeat(200_000)}${'*_'.repeat(100_000)} [p.1](#slide=1)`;
  assert.equal(readQuotesAndMoments(big).quotes.length, 1);
});

// ---- where a quote goes ------------------------------------------------------------------------

const SECTION = { heading: 'My Notes', knownHeadings: ['My Notes', '我的笔记'] };

test('a quote block at the end of the personal notes: its own blockquote, not a list item', () => {
  const block = ['> a [p.1](#slide=1)'];
  const withList = 'Body\n\n## My Notes\n\n- [p.2](#slide=2)\n';
  const after = applyEdit(withList, appendBlockToPersonalNotes(withList, block, SECTION).edit);
  assert.equal(after, 'Body\n\n## My Notes\n\n- [p.2](#slide=2)\n\n> a [p.1](#slide=1)\n');
  const twice = applyEdit(after, appendBlockToPersonalNotes(after, ['> b [p.3](#slide=3)'], SECTION).edit);
  assert.equal(twice, `${after}\n> b [p.3](#slide=3)\n`, 'two quotes stay two blockquotes');
  assert.deepEqual(
    readQuotesAndMoments(twice).quotes.map(q => q.text),
    ['a', 'b'],
  );
  const none = 'Body text';
  const created = appendBlockToPersonalNotes(none, block, SECTION);
  assert.equal(applyEdit(none, created.edit), 'Body text\n\n## My Notes\n\n> a [p.1](#slide=1)\n');
  const crlfNext = '## My Notes\r\n\r\nold\r\n## Next\r\n';
  assert.equal(
    applyEdit(crlfNext, appendBlockToPersonalNotes(crlfNext, block, SECTION).edit),
    '## My Notes\r\n\r\nold\r\n\r\n> a [p.1](#slide=1)\r\n\r\n## Next\r\n',
  );
  // The list form is unchanged.
  const list = applyEdit(withList, appendToPersonalNotes(withList, '[p.3](#slide=3)', SECTION).edit);
  assert.equal(list, 'Body\n\n## My Notes\n\n- [p.2](#slide=2)\n- [p.3](#slide=3)\n');
});

test('a quote block at the cursor: on a blank line, after the line, never in front matter or code', () => {
  const block = ['> q [p.1](#slide=1)'];
  const put = (text: string, offset: number) => {
    const r = insertBlockAtCursor(text, offset, block);
    return { text: applyEdit(text, r.edit), cursor: r.cursor };
  };
  const blank = put('Para one.\n\nPara two.\n', 10);
  assert.equal(blank.text, 'Para one.\n\n> q [p.1](#slide=1)\n\nPara two.\n');
  assert.equal(blank.text.slice(0, blank.cursor), 'Para one.\n\n> q [p.1](#slide=1)');
  assert.equal(put('Para one.\nsame paragraph\n', 4).text, 'Para one.\n\n> q [p.1](#slide=1)\n\nsame paragraph\n');
  assert.equal(put('Last line', 9).text, 'Last line\n\n> q [p.1](#slide=1)');
  assert.equal(put('---\ntitle: T\n---\nBody\n', 5).text, '---\ntitle: T\n---\n\n> q [p.1](#slide=1)\n\nBody\n');
  assert.equal(put('```\ncode\n```\nafter\n', 5).text, '```\ncode\n```\n\n> q [p.1](#slide=1)\n\nafter\n');
  assert.equal(put('', 0).text, '> q [p.1](#slide=1)');
  assert.equal(put('a\r\n\r\nb\r\n', 3).text, 'a\r\n\r\n> q [p.1](#slide=1)\r\n\r\nb\r\n');
});

// ---- finding a quote on its page ---------------------------------------------------------------

const ranges = (page: string, quote: string) => findQuote(matchKey(page), quote).map(([a, b]) => page.slice(a, b));

test('matching: spaces, line breaks, hyphenation, widths and ligatures do not matter; case does', () => {
  assert.deepEqual(ranges('Unified batch\nand streaming', 'batch and streaming'), ['batch\nand streaming']);
  assert.deepEqual(ranges('FlinkSQL on K8s', 'Flink SQL'), ['FlinkSQL']);
  assert.deepEqual(ranges('a stream-\ning engine', 'a streaming engine'), ['a stream-\ning engine']);
  assert.deepEqual(ranges('real time', 'real-time'), ['real time']);
  assert.deepEqual(ranges('the ﬁle system', 'the file system'), ['the ﬁle system']);
  assert.deepEqual(ranges('ＦＬＩＮＫ rocks', 'FLINK'), ['ＦＬＩＮＫ']);
  assert.deepEqual(ranges('Flink SQL', 'flink sql'), [], 'case counts');
  assert.deepEqual(ranges('Flink SQL', 'Flink SQL 2'), [], 'no partial match');
  assert.deepEqual(ranges('Flink', ''), []);
  assert.deepEqual(ranges('Flink', ' - '), [], 'nothing left to match');
});

test('matching: Chinese without spaces, split across text items, repeated, surrogate pairs', () => {
  assert.deepEqual(ranges('实 时 数 仓\n的 增 强', '实时数仓的增强'), ['实 时 数 仓\n的 增 强']);
  assert.deepEqual(ranges('状态后端状态后端', '状态后端'), ['状态后端', '状态后端']);
  assert.deepEqual(ranges('😀 smile 😀', '😀'), ['😀', '😀']);
  assert.deepEqual(ranges('aaaa', 'aa'), ['aa', 'aa'], 'matches do not overlap');
  assert.equal(findQuote(matchKey('a '.repeat(100)), 'a').length, 20, 'at most 20 highlights per quote');
  // Linear: a near-miss pattern over a long page completes at once.
  assert.deepEqual(findQuote(matchKey('a'.repeat(200_000)), `${'a'.repeat(5000)}b`), []);
});
