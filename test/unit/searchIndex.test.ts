// The search index: matching (CJK substrings, width folding, phrases, AND, prefixes), ranking,
// limits, and incremental updates checked against a brute-force search.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fold } from '../../src/core/search/fold';
import { findClause } from '../../src/core/search/matcher';
import { parseQuery } from '../../src/core/search/query';
import { MAX_UNIT_CHARS, SearchIndex, type SearchHit } from '../../src/core/search/searchIndex';

const where = (h: SearchHit) => `${h.talkId}:${h.field}:${h.page === null ? `L${h.line}` : `p${h.page}`}`;
const find = (ix: SearchIndex, q: string, limit?: number) => ix.search(q, { limit }).hits.map(where);

function conference(): SearchIndex {
  const ix = new SearchIndex();
  ix.setHeader('a.md', 'a.md', [
    { field: 'title', text: 'Changelog State Backend 在美团的实践', line: 2 },
    { field: 'speakers', text: '张三, Li Si', line: 3 },
    { field: 'tags', text: 'state, rocksdb', line: 8 },
  ]);
  ix.setNotes('a.md', 'a.md', [
    { text: '我们比较了 RocksDB 的压缩算法：LZ4 与 ZSTD', at: 12 },
    { text: 'Checkpoint 间隔从 3 分钟降到 10 秒', at: 13 },
  ]);
  ix.setSlides('a.md', 'track/a.pdf', [
    { text: 'Agenda', at: 1 },
    { text: 'ＲｏｃｋｓＤＢ　compression\n对比', at: 7 },
  ]);
  ix.setHeader('b.md', 'b.md', [{ field: 'title', text: 'Unaligned Checkpoint 的优化', line: 2 }]);
  ix.setNotes('b.md', 'b.md', [{ text: 'the changelog state backend writes a log of state changes', at: 9 }]);
  ix.setOrder(['a.md', 'b.md']);
  return ix;
}

test('Chinese matches as a substring, anywhere in a word', () => {
  const ix = conference();
  assert.deepEqual(find(ix, '压缩'), ['a.md:notes:L12']);
  assert.deepEqual(find(ix, '缩算'), ['a.md:notes:L12']);
  assert.deepEqual(find(ix, '美'), ['a.md:title:L2']);
  assert.deepEqual(find(ix, '对齐'), [], 'not in the text');
  // A line break inside Chinese text in a PDF does not stop a phrase.
  assert.deepEqual(find(ix, 'compression对比'), ['a.md:slides:p7']);
});

test('matching is case- and width-insensitive, both ways', () => {
  const ix = conference();
  assert.deepEqual(find(ix, 'rocksdb'), ['a.md:tags:L8', 'a.md:notes:L12', 'a.md:slides:p7']);
  assert.deepEqual(find(ix, 'ＲＯＣＫＳＤＢ'), find(ix, 'rocksdb'));
  assert.deepEqual(find(ix, 'ｌｚ４'), ['a.md:notes:L12']);
});

test('Latin words match as prefixes at word starts, never inside words', () => {
  const ix = conference();
  assert.deepEqual(find(ix, 'check'), ['b.md:title:L2', 'a.md:notes:L13']);
  assert.deepEqual(find(ix, 'heckpoint'), []);
  assert.deepEqual(find(ix, 'aligned'), []);
  assert.deepEqual(find(ix, 'unalign'), ['b.md:title:L2']);
});

test('several terms AND together on one line or page; a quoted phrase must be contiguous', () => {
  const ix = conference();
  assert.deepEqual(find(ix, 'rocksdb 压缩'), ['a.md:notes:L12']);
  assert.deepEqual(find(ix, 'rocksdb compression'), ['a.md:slides:p7']);
  assert.deepEqual(find(ix, 'lz4 checkpoint'), [], 'on different lines');
  assert.deepEqual(find(ix, 'state changelog'), ['a.md:title:L2', 'b.md:notes:L9'], 'any order');
  assert.deepEqual(find(ix, '"state changelog"'), [], 'phrase order');
  assert.deepEqual(find(ix, '"changelog state backend"'), ['a.md:title:L2', 'b.md:notes:L9']);
  assert.deepEqual(find(ix, '"changelog state back"'), ['a.md:title:L2', 'b.md:notes:L9'], 'last word of a phrase is a prefix');
  assert.deepEqual(find(ix, '"changelog stat backend"'), [], 'inner words are whole');
  assert.deepEqual(find(ix, '“在美团”'), ['a.md:title:L2']);
});

test('ranking: title, speaker and tag hits first, then notes, then slides; ties by talk order, then line or page', () => {
  const ix = conference();
  assert.deepEqual(find(ix, 'state'), ['a.md:title:L2', 'a.md:tags:L8', 'b.md:notes:L9']);
  assert.deepEqual(find(ix, 'checkpoint'), ['b.md:title:L2', 'a.md:notes:L13']);
  ix.setOrder(['b.md', 'a.md']);
  assert.deepEqual(find(ix, 'state'), ['a.md:title:L2', 'a.md:tags:L8', 'b.md:notes:L9'], 'only b has a notes hit');
  assert.deepEqual(find(ix, 'changelog'), ['a.md:title:L2', 'b.md:notes:L9']);
  ix.setHeader('b.md', 'b.md', [{ field: 'title', text: 'Changelog first', line: 2 }]);
  assert.deepEqual(find(ix, 'changelog'), ['b.md:title:L2', 'a.md:title:L2', 'b.md:notes:L9']);
  assert.deepEqual(find(ix, '张三'), ['a.md:speakers:L3']);
});

test('hits carry a snippet with the match marked and the original text of the match', () => {
  const ix = conference();
  const [hit] = ix.search('rocksdb compression', { limit: 1 }).hits.filter(h => h.field === 'slides');
  assert.equal(hit.file, 'track/a.pdf');
  assert.equal(hit.page, 7);
  assert.equal(hit.matched, 'ＲｏｃｋｓＤＢ');
  assert.equal(ix.search('ZSTD').hits[0].column, '我们比较了 RocksDB 的压缩算法：LZ4 与 '.length);
  assert.equal(hit.snippet.text, 'ＲｏｃｋｓＤＢ compression 对比');
  assert.deepEqual(
    hit.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e)),
    ['ＲｏｃｋｓＤＢ', 'compression'],
  );
});

test('a limit stops the search and says there is more', () => {
  const ix = new SearchIndex();
  for (let t = 0; t < 50; t++) ix.setNotes(`t${t}.md`, `t${t}.md`, [{ text: `Flink job ${t}`, at: 1 }]);
  ix.setOrder(Array.from({ length: 50 }, (_, t) => `t${t}.md`));
  const r = ix.search('flink', { limit: 10 });
  assert.equal(r.hits.length, 10);
  assert.ok(r.more);
  assert.deepEqual(
    r.hits.map(h => h.talkId),
    Array.from({ length: 10 }, (_, t) => `t${t}.md`),
  );
  const all = ix.search('flink', { limit: 50 });
  assert.equal(all.hits.length, 50);
  assert.equal(all.more, false);
});

test('empty, punctuation-only and unknown queries find nothing', () => {
  const ix = conference();
  for (const q of ['', '   ', '，。', '"', 'zzzz', '"rocksdb lz4"']) assert.deepEqual(find(ix, q), [], q);
});

test('updates: replacing a talk’s notes or slides forgets the old text; removing a talk forgets all of it', () => {
  const ix = conference();
  ix.setNotes('a.md', 'a.md', [{ text: '新的笔记：Paimon 湖仓', at: 20 }]);
  assert.deepEqual(find(ix, '压缩'), []);
  assert.deepEqual(find(ix, 'paimon'), ['a.md:notes:L20']);
  ix.setSlides('a.md', 'track/a.pdf', []);
  assert.deepEqual(find(ix, 'compression'), []);
  ix.removeTalk('b.md');
  assert.deepEqual(find(ix, 'unaligned'), []);
  assert.deepEqual(find(ix, 'changelog'), ['a.md:title:L2']);
  assert.deepEqual([...ix.talkIds()], ['a.md']);
});

test('a huge line is searched in pieces and still gives one hit with its line number', () => {
  const ix = new SearchIndex();
  const line = 'x '.repeat(MAX_UNIT_CHARS) + 'needle ' + '状态'.repeat(MAX_UNIT_CHARS) + ' needle';
  ix.setNotes('big.md', 'big.md', [{ text: line, at: 3 }]);
  assert.deepEqual(find(ix, 'needle'), ['big.md:notes:L3']);
  assert.equal(ix.search('needle').hits[0].column, 2 * MAX_UNIT_CHARS, 'where the match is in the whole line');
  assert.ok(ix.search('needle').hits[0].snippet.text.length < 200);
});

// ---- against brute force -------------------------------------------------------------------------

const VOCAB = [
  'state',
  'stateful',
  'backend',
  'rocks',
  'RocksDB',
  'checkpoint',
  'check',
  'Ｆｌｉｎｋ',
  'flink',
  '状态',
  '后端',
  '状态后端',
  '检查点',
  '美团',
  'a',
  'ab',
  '1.16',
  '的',
];

const line = fc
  .array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 6 })
  .chain(words =>
    fc
      .array(fc.constantFrom(' ', '', '，', '-', '\n'), { minLength: words.length, maxLength: words.length })
      .map(gaps => words.map((w, i) => w + gaps[i]).join('')),
  );

type Op =
  | { kind: 'notes'; talk: number; lines: string[] }
  | { kind: 'slides'; talk: number; pages: string[] }
  | { kind: 'remove'; talk: number }
  | { kind: 'order'; seed: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('notes' as const), talk: fc.integer({ min: 0, max: 5 }), lines: fc.array(line, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('slides' as const), talk: fc.integer({ min: 0, max: 5 }), pages: fc.array(line, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('remove' as const), talk: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('order' as const), seed: fc.integer({ min: 0, max: 1000 }) }),
);

const query = fc
  .array(fc.constantFrom(...VOCAB, 'sta', 'che', '态后', '"state backend"', '"状态 后端"', 'rocksdb 状态'), { minLength: 1, maxLength: 3 })
  .map(q => q.join(' '));

test('property: after any sequence of updates the index finds exactly what a brute-force scan finds, in rank order', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), fc.array(query, { minLength: 1, maxLength: 5 }), (ops, queries) => {
      const ix = new SearchIndex();
      const notes = new Map<string, string[]>();
      const slides = new Map<string, string[]>();
      let order = Array.from({ length: 6 }, (_, i) => `t${i}`);
      ix.setOrder(order);
      const check = (q: string) => {
        const patterns = parseQuery(q).clauses.map(c => c.pattern);
        const expected: string[] = [];
        for (const [tier, docs] of [
          ['notes', notes],
          ['slides', slides],
        ] as const) {
          for (const id of order) {
            (docs.get(id) ?? []).forEach((text, i) => {
              const folded = fold(text);
              if (text.trim() && patterns.length && patterns.every(p => findClause(folded, p, 0) >= 0)) {
                expected.push(`${id}:${tier}:${tier === 'slides' ? `p${i + 1}` : `L${i + 1}`}`);
              }
            });
          }
        }
        assert.deepEqual(find(ix, q, 10_000), expected, q);
      };
      ops.forEach((o, step) => {
        // Searching between updates too: words added after a search must be found by prefix.
        if (step % 7 === 3) check(queries[step % queries.length]);
        if (o.kind === 'order') {
          order = [...order].sort((x, y) => ((x.charCodeAt(1) * o.seed) % 7) - ((y.charCodeAt(1) * o.seed) % 7) || (x < y ? -1 : 1));
          ix.setOrder(order);
          return;
        }
        const id = `t${o.talk}`;
        if (o.kind === 'remove') {
          ix.removeTalk(id);
          notes.delete(id);
          slides.delete(id);
        } else if (o.kind === 'notes') {
          ix.setNotes(
            id,
            id,
            o.lines.map((text, i) => ({ text, at: i + 1 })),
          );
          notes.set(id, o.lines);
        } else {
          ix.setSlides(
            id,
            `${id}.pdf`,
            o.pages.map((text, i) => ({ text, at: i + 1 })),
          );
          slides.set(id, o.pages);
        }
      });
      for (const q of queries) check(q);
    }),
    { numRuns: 300 },
  );
});

test('compaction keeps every live document findable', () => {
  const ix = new SearchIndex();
  for (let t = 0; t < 100; t++) ix.setNotes(`t${t}.md`, `t${t}.md`, [{ text: `stable talk${t} 状态${t % 7}`, at: 1 }]);
  // One note saved over and over: dead documents outnumber the live ones many times, so the
  // index renumbers the documents that stayed.
  for (let round = 0; round < 3000; round++) ix.setNotes('hot.md', 'hot.md', [{ text: `round${round} 状态`, at: 2 }]);
  ix.setOrder([...Array.from({ length: 100 }, (_, t) => `t${t}.md`), 'hot.md']);
  assert.equal(ix.search('stable', { limit: 1000 }).hits.length, 100);
  assert.deepEqual(find(ix, 'talk42'), ['t42.md:notes:L1']);
  assert.equal(ix.search('状态3', { limit: 1000 }).hits.length, 14);
  assert.deepEqual(find(ix, 'round2999'), ['hot.md:notes:L2']);
  assert.deepEqual(find(ix, 'round2998'), []);
  const stats = ix.stats();
  // Without compaction the 3000 saves would leave about 15,000 entries.
  assert.ok(stats.postings < 6000, `dead postings dropped (${stats.postings})`);
});
