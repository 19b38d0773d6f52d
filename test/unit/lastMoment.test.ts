import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastVideoMoment } from '../../src/core/lastMoment';

const V = 'https://www.bilibili.com/video/BV1wD4y1Y7pB/';

test('lastVideoMoment finds the last video link with a time, keeping its parameters', () => {
  const note = [
    '---',
    `video: ${V}?t=999`,
    '---',
    `- [▶ 1:00](${V}?p=2&t=60) first`,
    `- [p.3](#slide=3) [▶ 12:34](${V}?p=2&t=754) later`,
    `- [article](https://mp.weixin.qq.com/s?x=1) no time`,
    `- [video](${V}) no time either`,
  ].join('\n');
  assert.deepEqual(lastVideoMoment(note), { url: `${V}?p=2&t=754`, seconds: 754 });
});

test('lastVideoMoment reads t as seconds, with an s, or as mm:ss', () => {
  assert.equal(lastVideoMoment(`[a](${V}?t=90s)`)?.seconds, 90);
  assert.equal(lastVideoMoment(`[a](${V}?t=1:02:03)`)?.seconds, 3723);
  assert.equal(lastVideoMoment(`[a](${V}?t=soon)`), null);
});

test('lastVideoMoment ignores code, unsafe links and notes without moments', () => {
  assert.equal(lastVideoMoment('no links at all'), null);
  assert.equal(lastVideoMoment('`[a](https://x.test/v?t=5)`'), null);
  assert.equal(lastVideoMoment('```\n[a](https://x.test/v?t=5)\n```\n'), null);
  assert.equal(lastVideoMoment('[a](javascript:alert(1)?t=5)'), null);
  assert.equal(lastVideoMoment(`[a](${V}?t=5)\n\n\`\`\`\n[b](${V}?t=9)\n\`\`\`\n`)?.seconds, 5);
});

test('lastVideoMoment finds the moment after a long run of unmatched brackets', () => {
  assert.equal(lastVideoMoment('[('.repeat(100_000) + `[a](${V}?t=7)`)?.seconds, 7);
});
