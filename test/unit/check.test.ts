// The checker the editor runs after every change: repeated checks cost what changed, give what a
// fresh check gives, and never hold the event loop for the whole workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWorkspace, WorkspaceChecker } from '../../src/core/check';
import { NotesIndex } from '../../src/core/workspace';
import { memoryFileSystem } from '../fixtures/memoryFs';

function note(title: string, slides: string, body = ''): string {
  return `---\ntitle: ${title}\nslides: ${slides}\n---\n${body}`;
}

/** 40 talks in two tracks: every 4th PDF missing (warnings), every 10th title repeated. */
function fixture() {
  const files: Record<string, string> = { '/n/index.md': '---\ntitle: C\nslidesDownload: https://example.org/d\n---\n' };
  for (let i = 0; i < 40; i++) {
    const track = i < 20 ? 'a' : 'b';
    const title = i % 10 === 9 ? `T${i - 1}` : `T${i}`;
    files[`/n/${track}/${String(i).padStart(2, '0')}.md`] = note(title, `${track}/${i}.pdf`);
    if (i % 4 !== 0) files[`/n/${track}/${i}.pdf`] = 'pdf';
  }
  return memoryFileSystem(files);
}

test('checker: a second check of the same notes reads and stats nothing, and says the same', async () => {
  const fs = fixture();
  const ws = await new NotesIndex('/n', fs).load();
  const checker = new WorkspaceChecker(fs);
  fs.reset();
  const first = await checker.check(ws);
  assert.equal(fs.stats.length, 40);
  assert.ok(fs.reads.length >= 10, 'the notes with a problem were read for their lines');
  assert.deepEqual(first, await checkWorkspace(ws, { fs }));
  fs.reset();
  assert.deepEqual(await checker.check(ws), first);
  assert.deepEqual([fs.stats, fs.reads], [[], []]);
});

test('checker: after one note changes only that note is read again, and the result equals a fresh check', async () => {
  const fs = fixture();
  const index = new NotesIndex('/n', fs);
  const checker = new WorkspaceChecker(fs);
  await checker.check(await index.load());
  // 04 had a missing PDF; now it points at another missing one, two lines further down.
  fs.write('/n/a/04.md', `---\n# moved\n\ntitle: T4\nslides: a/404.pdf\n---\n`);
  await index.update('a/04.md');
  const ws = index.snapshot();
  fs.reset();
  const problems = await checker.check(ws);
  assert.deepEqual(fs.stats, ['/n/a/404.pdf']);
  assert.deepEqual(fs.reads, ['/n/a/04.md']);
  assert.deepEqual(problems, await checkWorkspace(ws, { fs }));
  assert.deepEqual(
    problems.filter(p => p.file === 'a/04.md').map(p => [p.line, p.severity]),
    [[5, 'warning']],
  );
});

test('checker: PDFs are remembered until forgotten, by file or by a folder above them', async () => {
  const fs = fixture();
  const ws = await new NotesIndex('/n', fs).load();
  const checker = new WorkspaceChecker(fs);
  const missing = async () => (await checker.check(ws)).filter(p => /not found/.test(p.message)).map(p => p.file);
  assert.deepEqual(await missing(), [
    'a/00.md',
    'a/04.md',
    'a/08.md',
    'a/12.md',
    'a/16.md',
    'b/20.md',
    'b/24.md',
    'b/28.md',
    'b/32.md',
    'b/36.md',
  ]);

  fs.write('/n/a/4.pdf', 'pdf');
  assert.equal((await missing()).length, 10, 'not looked at again by itself');
  checker.forgetSlides(['/n/a/4.pdf']);
  fs.reset();
  assert.ok(!(await missing()).includes('a/04.md'));
  assert.deepEqual(fs.stats, ['/n/a/4.pdf']);

  for (const i of [20, 24, 28]) fs.write(`/n/b/${i}.pdf`, 'pdf');
  checker.forgetSlides(['/n/b']);
  fs.reset();
  assert.deepEqual(await missing(), ['a/00.md', 'a/08.md', 'a/12.md', 'a/16.md', 'b/32.md', 'b/36.md']);
  assert.equal(fs.stats.length, 20, 'every PDF of track b, and only those');
});

test('checker: reading thousands of notes for their lines yields to the event loop', async () => {
  const files: Record<string, string> = { '/n/index.md': '---\ntitle: C\n---\n' };
  // Every title twice in its track: 1,000 warnings whose lines need the note read again.
  for (let i = 0; i < 2000; i++) files[`/n/t/${i}.md`] = `---\ntitle: Same ${i >> 1}\n---\n`;
  const fs = memoryFileSystem(files);
  const ws = await new NotesIndex('/n', fs).load();
  const slowFs = {
    ...fs,
    async readPrefix(p: string, maxBytes: number) {
      // About 50 µs a note, synchronously, as reading one from disk is.
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      return fs.readPrefix(p, maxBytes);
    },
  };
  let turns = 0;
  let counting = true;
  const tick = () => {
    turns++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  const problems = await checkWorkspace(ws, { fs: slowFs });
  counting = false;
  assert.equal(problems.filter(p => /title "Same/.test(p.message)).length, 1000);
  assert.ok(turns >= 3, `the event loop ran ${turns} times during a ~50 ms check`);
});
