import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { containment, containmentSync } from '../../src/core/containment';
import { tempDir } from '../fixtures/tempTree';

test('containment follows symbolic links to their real path', async t => {
  const base = tempDir(t, 'tn-contain-');
  const root = path.join(base, 'notes');
  mkdirSync(path.join(root, 'track'), { recursive: true });
  writeFileSync(path.join(root, 'track', 'a.md'), 'a');
  writeFileSync(path.join(base, 'secret.txt'), 'outside');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'track', 'x.md'));
  symlinkSync(path.join(root, 'track', 'a.md'), path.join(root, 'track', 'alias.md'));
  symlinkSync(base, path.join(root, 'escape'));
  symlinkSync(path.join(root, 'nowhere.md'), path.join(root, 'track', 'dangling.md'));
  symlinkSync(path.join(root, 'loop2.md'), path.join(root, 'loop1.md'));
  symlinkSync(path.join(root, 'loop1.md'), path.join(root, 'loop2.md'));

  for (const check of [containment, async (r: string, p: string) => containmentSync(r, p)]) {
    assert.equal((await check(root, path.join(root, 'track', 'a.md'))).kind, 'inside');
    assert.equal((await check(root, path.join(root, 'track', 'alias.md'))).kind, 'inside');
    assert.equal((await check(root, path.join(root, 'track', 'x.md'))).kind, 'outside', 'a link to a file outside');
    assert.equal((await check(root, path.join(root, 'escape', 'secret.txt'))).kind, 'outside', 'a folder link on the way');
    assert.equal((await check(root, path.join(root, 'track', 'dangling.md'))).kind, 'missing');
    const loop = await check(root, path.join(root, 'loop1.md'));
    assert.equal(loop.kind, 'unresolvable');
    assert.match(loop.kind === 'unresolvable' ? loop.reason : '', /loop/);
  }
});
