// How much of a note the notes view shows: all of a normal note, the beginning of a huge one, and a
// shorter beginning of one whose HTML would be huge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HTML_CHARS, MAX_RENDERED_CHARS, renderBeginning } from '../../src/core/boundedRender';
import { createRenderer } from '../../src/core/render';

const NOTICE = '> only the beginning\n\n';

async function render(markdown: string) {
  const r = await createRenderer();
  return r.render(markdown, { resolveImage: () => null });
}

test('a normal note is shown whole, without the notice', async () => {
  const body = '# 标题\n\n正文。\n';
  const { rendered, shift } = await renderBeginning(body, NOTICE, render);
  assert.equal(shift, 0);
  assert.doesNotMatch(rendered.html, /only the beginning/);
  assert.match(rendered.html, /正文/);
});

test('a huge note shows its first 500,000 characters after the notice, two lines down', async () => {
  const body = '数据'.repeat(MAX_RENDERED_CHARS) + 'END';
  const seen: number[] = [];
  const { rendered, shift } = await renderBeginning(body, NOTICE, async md => (seen.push(md.length), render(md)));
  assert.equal(shift, 2);
  assert.deepEqual(seen, [NOTICE.length + MAX_RENDERED_CHARS]);
  assert.match(rendered.html, /^<blockquote data-line="0">\n<p data-line="0">only the beginning/);
  assert.doesNotMatch(rendered.html, /END/);
});

test('a note whose HTML would pass the limit is rendered again from a shorter beginning', async () => {
  // 70,000 bare e-mail addresses: 490,000 characters, 3.4 MB of links.
  const body = 'a@b.co '.repeat(70_000);
  const sizes: number[] = [];
  const { rendered, shift } = await renderBeginning(body, NOTICE, async md => {
    const out = await render(md);
    sizes.push(out.html.length);
    return out;
  });
  assert.equal(sizes.length, 2);
  assert.ok(sizes[0] > MAX_HTML_CHARS, `first render ${sizes[0]}`);
  assert.ok(rendered.html.length <= MAX_HTML_CHARS, `second render ${rendered.html.length}`);
  assert.ok(rendered.html.length > MAX_HTML_CHARS / 2, 'not needlessly short');
  assert.equal(shift, 2);
  assert.match(rendered.html, /only the beginning/);
});
