// The realistic deck generator (test/fixtures/decks.ts) that the slides viewer's benchmark and
// tests share: deterministic for a seed, cached by its options, and a damaged cache is made again.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cachedRealisticDeck, deckPageMarker, realisticDeck } from '../fixtures/decks';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

test('a realistic deck is the same for the same seed, another for another seed', async () => {
  const a = await realisticDeck({ pages: 2, seed: 3, photos: 1 });
  const b = await realisticDeck({ pages: 2, seed: 3, photos: 1 });
  const c = await realisticDeck({ pages: 2, seed: 4, photos: 1 });
  assert.ok(same(a.bytes, b.bytes), 'deterministic');
  assert.ok(!same(a.bytes, c.bytes), 'the seed matters');
  assert.equal(a.pageTexts.length, 2);
  a.pageTexts.forEach((text, i) => {
    assert.ok(text.includes(deckPageMarker(i + 1)), `page ${i + 1} carries its marker`);
    assert.match(text, /\p{Script=Han}/u, 'Chinese text');
    assert.match(text, /[a-z]{4,}/, 'English text');
  });
  // Two pages of 1920×1080 photos that do not compress away: hundreds of KB each.
  assert.ok(a.bytes.byteLength > 2 * 300_000, `photo-sized pages (${a.bytes.byteLength} bytes)`);
  assert.equal(new TextDecoder().decode(a.bytes.subarray(0, 5)), '%PDF-');
});

test('cached decks are reused by their options, and a damaged cache entry is made again', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tn-decks-'));
  try {
    const opts = { pages: 1, seed: 5, photos: 1 };
    const first = await cachedRealisticDeck(opts, dir);
    const made = statSync(first.file).mtimeMs;
    const again = await cachedRealisticDeck(opts, dir);
    assert.ok(same(first.bytes, again.bytes));
    assert.equal(statSync(again.file).mtimeMs, made, 'read from the cache, not generated again');
    assert.deepEqual(again.pageTexts, first.pageTexts);

    writeFileSync(first.file, 'not the deck');
    const repaired = await cachedRealisticDeck(opts, dir);
    assert.ok(same(repaired.bytes, first.bytes), 'generated again, identical');

    const other = await cachedRealisticDeck({ ...opts, seed: 6 }, dir);
    assert.notEqual(other.file, first.file, 'other options, other entry');
    assert.ok(
      readdirSync(path.join(dir, 'decks')).every(f => !f.endsWith('.tmp')),
      'no half-written files',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
