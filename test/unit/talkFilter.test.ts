import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Talk } from '../../src/core/model';
import { ALL_TALKS, filterChoices, parseTalkFilter, talkMatches } from '../../src/core/talkFilter';

function talk(id: string, fields: Partial<Talk>): Talk {
  return {
    id,
    file: id,
    trackId: 't',
    title: id,
    speakers: [],
    order: null,
    slides: null,
    video: null,
    article: null,
    status: 'todo',
    tags: [],
    bodyLine: 1,
    extra: {},
    lock: null,
    ...fields,
  };
}

const talks = [
  talk('a', { status: 'watching', tags: ['sql', 'cdc'], speakers: ['梅源'] }),
  talk('b', { status: 'done', tags: ['sql'], speakers: ['Ada', '梅源'] }),
  talk('c', { tags: ['state'], speakers: ['Bo'] }),
];
const ids = (f: Parameters<typeof talkMatches>[1]) => talks.filter(t => talkMatches(t, f)).map(t => t.id);

test('talkMatches filters by status, tag and speaker', () => {
  assert.deepEqual(ids(ALL_TALKS), ['a', 'b', 'c']);
  assert.deepEqual(ids({ kind: 'status', status: 'todo' }), ['c']);
  assert.deepEqual(ids({ kind: 'status', status: 'watching' }), ['a']);
  assert.deepEqual(ids({ kind: 'tag', tag: 'sql' }), ['a', 'b']);
  assert.deepEqual(ids({ kind: 'speaker', speaker: '梅源' }), ['a', 'b']);
  assert.deepEqual(ids({ kind: 'speaker', speaker: 'nobody' }), []);
});

test('parseTalkFilter reads back what was stored and refuses anything else', () => {
  for (const f of [ALL_TALKS, { kind: 'status', status: 'done' }, { kind: 'tag', tag: 'sql' }, { kind: 'speaker', speaker: '梅源' }]) {
    assert.deepEqual(parseTalkFilter(JSON.parse(JSON.stringify(f))), f);
  }
  for (const bad of [
    undefined,
    null,
    7,
    'status',
    [],
    { kind: 'status', status: 'later' },
    { kind: 'tag' },
    { kind: 'tag', tag: '' },
    { kind: 'speaker', speaker: 'x'.repeat(501) },
    { kind: 'eval' },
  ]) {
    assert.deepEqual(parseTalkFilter(bad), ALL_TALKS, JSON.stringify(bad));
  }
});

test('filterChoices lists tags and speakers, most talks first, each talk counted once', () => {
  const dup = [...talks, talk('d', { tags: ['cdc', 'cdc'], speakers: ['Bo', 'Bo'] })];
  const { tags, speakers } = filterChoices(dup);
  assert.deepEqual(tags, [
    { value: 'cdc', count: 2 },
    { value: 'sql', count: 2 },
    { value: 'state', count: 1 },
  ]);
  assert.deepEqual(speakers, [
    { value: 'Bo', count: 2 },
    { value: '梅源', count: 2 },
    { value: 'Ada', count: 1 },
  ]);
});
