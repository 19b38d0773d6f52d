import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyNoteLink,
  formatTimestamp,
  httpUrl,
  normalizeSlidesPath,
  pageFromFragment,
  parseTimestamp,
  videoUrlAt,
} from '../../src/core/links';

test('httpUrl accepts only absolute http(s) URLs', () => {
  assert.equal(httpUrl('https://www.bilibili.com/video/BV1wD4y1Y7pB/?p=2'), 'https://www.bilibili.com/video/BV1wD4y1Y7pB/?p=2');
  assert.equal(httpUrl('  <http://example.com/a>  '), 'http://example.com/a');
  for (const bad of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,x',
    'vbscript:x',
    '//evil.com',
    'https://',
    'ftp://x',
    '',
    42,
    null,
  ]) {
    assert.equal(httpUrl(bad), null, String(bad));
  }
});

test('normalizeSlidesPath turns Windows and angle-bracket paths into root-relative paths', () => {
  assert.deepEqual(normalizeSlidesPath('.\\平台建设\\【2】a b (1).pdf'), { path: '平台建设/【2】a b (1).pdf' });
  assert.deepEqual(normalizeSlidesPath('<track/file name.pdf>'), { path: 'track/file name.pdf' });
  assert.deepEqual(normalizeSlidesPath('track/Flink%20SQL.pdf'), { path: 'track/Flink SQL.pdf' });
  assert.deepEqual(normalizeSlidesPath('a/../b.pdf'), { path: 'b.pdf' });
  for (const bad of ['../x.pdf', '..\\..\\etc\\passwd.pdf', '/etc/x.pdf', 'C:\\x.pdf', 'https://x/y.pdf', '', '   ', 7]) {
    assert.ok('error' in normalizeSlidesPath(bad), String(bad));
  }
});

test('normalizeSlidesPath refuses NUL and control characters, written or percent-escaped', () => {
  assert.deepEqual(normalizeSlidesPath('a\u0000.pdf'), { error: 'slides path contains a NUL character, which a file name cannot hold' });
  assert.deepEqual(normalizeSlidesPath('a%00b.pdf'), { error: 'slides path contains a NUL character, which a file name cannot hold' });
  for (const bad of ['a\nb.pdf', 'a\u001bb.pdf', 'a\u007f.pdf', 'a\u0085.pdf', 'a%0Ab.pdf', 'a\tb.pdf']) {
    assert.match((normalizeSlidesPath(bad) as { error: string }).error, /control character U\+00/, JSON.stringify(bad));
  }
  assert.deepEqual(normalizeSlidesPath('a\u00a0b.pdf'), { path: 'a\u00a0b.pdf' });
});

test('timestamps parse mm:ss, h:mm:ss and seconds, and refuse nonsense', () => {
  assert.equal(parseTimestamp('12:34'), 754);
  assert.equal(parseTimestamp('1:02:03'), 3723);
  assert.equal(parseTimestamp('95'), 95);
  assert.equal(parseTimestamp('1:75'), null);
  assert.equal(parseTimestamp('1:60:00'), null);
  assert.equal(parseTimestamp('abc'), null);
  assert.equal(formatTimestamp(754), '12:34');
  assert.equal(formatTimestamp(3723), '1:02:03');
});

test('videoUrlAt sets t= in seconds and keeps Bilibili p and other parameters', () => {
  const url = new URL(videoUrlAt('https://www.bilibili.com/video/BV1x24y1y7tW/?p=3&spm_id_from=333.788', 754));
  assert.equal(url.searchParams.get('t'), '754');
  assert.equal(url.searchParams.get('p'), '3');
  assert.equal(url.searchParams.get('spm_id_from'), '333.788');
});

test('classifyNoteLink resolves relative links against the note and keeps them inside the root', () => {
  assert.deepEqual(classifyNoteLink('#intro', 'track/01-a.md'), { kind: 'anchor', id: 'intro' });
  assert.deepEqual(classifyNoteLink('https://a.example/x?y=1', 'track/01-a.md'), { kind: 'external', url: 'https://a.example/x?y=1' });
  assert.deepEqual(classifyNoteLink('02-b.md', 'track/01-a.md'), { kind: 'file', path: 'track/02-b.md', page: null, fragment: null });
  assert.deepEqual(classifyNoteLink('<../other/x y.pdf#page=12>', 'track/01-a.md'), {
    kind: 'file',
    path: 'other/x y.pdf',
    page: 12,
    fragment: 'page=12',
  });
  assert.deepEqual(classifyNoteLink('slides%20v2.pdf#page=3', 'track/01-a.md'), {
    kind: 'file',
    path: 'track/slides v2.pdf',
    page: 3,
    fragment: 'page=3',
  });
  for (const bad of [
    'javascript:alert(1)',
    'command:workbench.action.terminal.new',
    'file:///etc/passwd',
    '../../x.md',
    '/etc/passwd',
    '',
  ]) {
    assert.equal(classifyNoteLink(bad, 'track/01-a.md').kind, 'refused', bad);
  }
});

test('pageFromFragment reads PDF open parameters', () => {
  assert.equal(pageFromFragment('page=7'), 7);
  assert.equal(pageFromFragment('zoom=100&page=2'), 2);
  assert.equal(pageFromFragment('page=0'), null);
  assert.equal(pageFromFragment('section'), null);
});
