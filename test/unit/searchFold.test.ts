// Text normalisation and query parsing for search: what matches what.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fold, foldWithMap } from '../../src/core/search/fold';
import { findAll, findClause, forEachMatchingUnit } from '../../src/core/search/matcher';
import { MAX_CLAUSES, MAX_QUERY_LENGTH, parseQuery } from '../../src/core/search/query';
import { makeSnippet, markedText, matchRanges } from '../../src/core/search/snippet';

test('folding ignores case and width, and turns punctuation into single spaces', () => {
  assert.equal(fold('ＲｏｃｋｓＤＢ'), 'rocksdb');
  assert.equal(fold('RocksDB'), 'rocksdb');
  assert.equal(fold('Ｆｌｉｎｋ　１．１６'), 'flink 1 16');
  assert.equal(fold('state-backend, (changelog)!'), 'state backend changelog');
  assert.equal(fold('  leading and trailing  '), 'leading and trailing');
  assert.equal(fold('ﬁle ①'), 'file 1');
  assert.equal(fold('Café Ünïcode'), 'cafe unicode');
  assert.equal(fold('——'), '');
});

test('whitespace inside Chinese text disappears; punctuation stays a break; Latin meets CJK with a space', () => {
  assert.equal(fold('状态 后端'), '状态后端');
  assert.equal(fold('状态\n后端'), '状态后端');
  assert.equal(fold('状态　后端'), '状态后端');
  assert.equal(fold('状态，后端'), '状态 后端');
  assert.equal(fold('Flink状态后端'), 'flink 状态后端');
  assert.equal(fold('状态Backend'), '状态 backend');
  assert.equal(fold('第7页'), '第 7 页');
  // Kana keep their marks: が is not か.
  assert.notEqual(fold('が'), fold('か'));
  assert.equal(fold('ガ'), 'ガ');
  // Characters beyond the BMP stay whole.
  assert.equal(fold('𠀀𠀁 X'), '𠀀𠀁 x');
});

test('every folded character maps back to the original text it came from', () => {
  const text = 'Ｆｌｉｎｋ状态, ﬁle';
  const { folded, map } = foldWithMap(text);
  assert.equal(folded, fold(text));
  assert.equal(folded, 'flink 状态 file');
  const back = (i: number) => text.slice(map.start[i], map.end[i]);
  assert.equal(back(0), 'Ｆ');
  assert.equal(back(6), '状');
  // `fi` both come from the ligature.
  assert.equal(back(9), 'ﬁ');
  assert.equal(back(10), 'ﬁ');
});

test('property: case, width and the kind of whitespace never change the folded text', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
  const gap = fc.constantFrom(' ', '  ', '\t', '\n', '\u3000', ', ', ' - ');
  fc.assert(
    fc.property(fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 8 }), parts => {
      const text = parts.map(([w, g]) => w + g).join('');
      const wide = Array.from(text, ch => (ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
      const spaced = parts.map(([w]) => w).join(' ');
      assert.equal(fold(text.toUpperCase()), fold(spaced.toLowerCase()));
      assert.equal(fold(wide), fold(spaced));
    }),
  );
});

/** Any code points (lone surrogates included), with the characters folding treats specially well represented. */
const anyText = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x10ffff }),
      fc.constantFrom(
        0x20,
        0x3000,
        0x0a,
        0x2c,
        0xff0c,
        0x41,
        0xff21,
        0x72b6,
        0x6001,
        0x0301,
        0xfb01,
        0x2460,
        0x20000,
        0xd800,
        0xdc00,
        0xfeff,
      ),
    ),
    { maxLength: 40 },
  )
  .map(cps => cps.map(cp => String.fromCodePoint(cp)).join(''));

test('property: the folded text has single inner spaces and its map stays inside the original', () => {
  fc.assert(
    fc.property(anyText, s => {
      const { folded, map } = foldWithMap(s);
      assert.equal(folded, fold(s));
      assert.equal(map.start.length, folded.length);
      const bad = Array.from(map.start).findIndex(
        (start, i) => start < 0 || start > map.end[i] || map.end[i] > s.length || (i > 0 && start < map.start[i - 1]),
      );
      assert.equal(bad, -1, `map entry ${bad} of ${JSON.stringify(s)}`);
      assert.ok(!folded.startsWith(' ') && !folded.endsWith(' ') && !folded.includes('  '));
    }),
    { numRuns: 500 },
  );
});

test('a clause starting with a Latin word starts at a word; CJK matches anywhere; the last word is a prefix', () => {
  const text = fold('Unaligned checkpoints 的非对齐检查点');
  assert.equal(findClause(text, 'checkpoint', 0), 10);
  assert.equal(findClause(text, 'aligned', 0), -1, 'not inside a word');
  assert.equal(findClause(text, 'check', 0), 10, 'prefix');
  assert.equal(findClause(text, '对齐', 0), text.indexOf('对齐'));
  assert.equal(findClause(text, 'checkpoints 的非', 0), 10);
  assert.equal(findClause(text, 'checkpoint 的', 0), -1, 'inner words are whole words');
  assert.deepEqual(findAll(fold('ab ab xab ab'), 'ab'), [0, 3, 10]);
});

test('units matching every pattern are found in one forward walk', () => {
  const units = ['rocksdb only', 'compression only', 'rocksdb and compression', 'neither', 'compression before rocksdb'];
  const folded = units.map(fold).join('\n');
  const starts = Int32Array.from(units.map((_, i) => units.slice(0, i).reduce((n, u) => n + fold(u).length + 1, 0)));
  const found: number[] = [];
  forEachMatchingUnit(folded, starts, ['rocksdb', 'compression'], u => (found.push(u), true));
  assert.deepEqual(found, [2, 4]);
  const first: number[] = [];
  forEachMatchingUnit(folded, starts, ['compression'], u => (first.push(u), false));
  assert.deepEqual(first, [1]);
});

test('pathological text and queries finish (matching is linear: no regular expressions)', () => {
  const big = 'a'.repeat(200_000) + ' b';
  const q = parseQuery('a'.repeat(MAX_QUERY_LENGTH * 4));
  assert.ok(q.truncated);
  const text = fold(big);
  assert.equal(findClause(text, q.clauses[0].pattern, 0), 0);
  assert.equal(findClause(text, 'aa b', 0), -1);
  const starts = Int32Array.from([0]);
  let n = 0;
  forEachMatchingUnit(text, starts, ['a', 'b', 'aab'], () => (n++, true));
  assert.equal(n, 0);
});

test('queries: words AND together, quotes make phrases (ASCII, curly and full-width), unclosed quotes run to the end', () => {
  const pat = (q: string) => parseQuery(q).clauses.map(c => [c.pattern, c.quoted]);
  assert.deepEqual(pat('RocksDB compression'), [
    ['rocksdb', false],
    ['compression', false],
  ]);
  assert.deepEqual(pat('"changelog state backend" 美团'), [
    ['changelog state backend', true],
    ['美团', false],
  ]);
  assert.deepEqual(pat('“状态 后端”'), [['状态后端', true]]);
  assert.deepEqual(pat('＂Flink SQL＂'), [['flink sql', true]]);
  assert.deepEqual(pat('"state back'), [['state back', true]]);
  assert.deepEqual(pat('state-backend'), [['state backend', false]]);
  assert.deepEqual(pat('  ，。！ '), []);
  assert.deepEqual(pat('a a A'), [['a', false]]);
  const many = parseQuery(Array.from({ length: MAX_CLAUSES + 3 }, (_, i) => `w${i}`).join(' '));
  assert.equal(many.clauses.length, MAX_CLAUSES);
  assert.ok(many.truncated);
});

test('snippets show a window around the first match with the matches marked in the original text', () => {
  const line = 'In this talk we compare ＲｏｃｋｓＤＢ compression codecs: LZ4, ZSTD and Snappy, with benchmarks on 状态后端 workloads.';
  const ranges = matchRanges(line, ['rocksdb', '状态后端']);
  assert.deepEqual(
    ranges.map(([s, e]) => line.slice(s, e)),
    ['ＲｏｃｋｓＤＢ', '状态后端'],
  );
  const snippet = makeSnippet(line, ranges, { width: 60, before: 10 });
  assert.ok(snippet.text.startsWith('…'));
  assert.ok(snippet.text.endsWith('…'));
  assert.equal(markedText(snippet, '[', ']').includes('[ＲｏｃｋｓＤＢ]'), true);
  const plain = makeSnippet('a\n\n  b\tc', []);
  assert.deepEqual(plain, { text: 'a b c', marks: [] });
  // A prefix match marks what was typed, not the whole word.
  const prefix = makeSnippet('Checkpoints everywhere', matchRanges('Checkpoints everywhere', ['check']));
  assert.equal(markedText(prefix, '[', ']'), '[Check]points everywhere');
});
