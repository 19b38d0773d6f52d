// Random and mutated workspaces: loading never throws, never loses a well-formed talk, and the
// incremental index always ends where a fresh load would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadWorkspace, NotesIndex } from '../../src/core/workspace';
import type { NotesWorkspace } from '../../src/core/model';
import { memoryFileSystem } from '../fixtures/memoryFs';

const TRACKS = ['01-平台建设', '2_核心技术', 'x y', 'Track', '10-z', '.hidden', 'node_modules'];
const NAMES = ['a.md', '01-b.md', '10-c.md', '2-c.md', 'README.md', 'index.md', 'n.markdown', 'e.MD', 'x.txt', '中文.md'];

const tricky = fc.constantFrom(
  '---',
  '\n',
  '\r\n',
  ':',
  ': ',
  '- ',
  '  ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '&a',
  '*a',
  '!!',
  '|',
  '>',
  '%',
  '@',
  '\\',
  'title',
  'order',
  'status',
  'speakers',
  'slides',
  'video',
  'null',
  '42',
  '1.5',
  'https://x.org',
  'javascript:x',
  '../x.pdf',
  '平台',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '😀',
  '\t',
  '---js',
  '__proto__',
  '~',
);
const junkText = fc.array(tricky, { maxLength: 30 }).map(p => p.join(''));
const junk: fc.Arbitrary<string | Uint8Array> = fc.oneof(junkText, fc.uint8Array({ maxLength: 64 }), fc.constant(''));

interface GoodTalk {
  title: string;
  speakers: string[];
  status: 'todo' | 'watching' | 'done';
  order: number | null;
}

const goodTalk: fc.Arbitrary<GoodTalk> = fc.record({
  title: fc.constantFrom('Flink SQL 在美团', 'A talk', 'Ünïcode: “quoted”', '3', 'true', '# hash', 'x'.repeat(200)),
  speakers: fc.array(fc.constantFrom('董剑辉', '张彬', 'Ada', "O'Neil"), { maxLength: 3 }),
  status: fc.constantFrom('todo', 'watching', 'done'),
  order: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
});

function render(t: GoodTalk, eol: string): string {
  const lines = ['---', `title: ${JSON.stringify(t.title)}`, `speakers: ${JSON.stringify(t.speakers)}`, `status: ${t.status}`];
  if (t.order !== null) lines.push(`order: ${t.order}`);
  lines.push('---', '', '# Notes', '', 'body text');
  return lines.join(eol) + eol;
}

function mutate(text: string, at: number, del: number, insert: string): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + insert + text.slice(i + del);
}

const noisePath = fc.oneof(
  fc.tuple(fc.constantFrom(...TRACKS), fc.constantFrom(...NAMES)).map(([t, n]) => `${t}/${n}`),
  fc.constantFrom(...NAMES),
  fc.tuple(fc.constantFrom(...TRACKS), fc.constantFrom('img/a.md', 'img/b.png', 'deep/er/c.md')).map(([t, n]) => `${t}/${n}`),
);

function checkShape(ws: NotesWorkspace): void {
  JSON.stringify(ws);
  for (const p of ws.problems) {
    assert.equal(typeof p.file, 'string');
    assert.ok(!p.file.includes('\\') && !p.file.startsWith('/'), p.file);
    assert.ok(p.line === null || (Number.isInteger(p.line) && p.line >= 1), `${p.file}:${p.line}`);
    assert.ok(['error', 'warning', 'info'].includes(p.severity));
    assert.ok(p.message.length > 10);
  }
  const ids = ws.tracks.flatMap(t => t.talks.map(k => k.id));
  assert.equal(new Set(ids).size, ids.length, 'each talk once');
  for (const track of ws.tracks) for (const t of track.talks) assert.equal(t.trackId, track.id);
}

test('fuzz: random workspaces load without throwing and keep every well-formed talk', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(
        fc.tuple(
          fc.constantFrom('01-平台建设', '2_核心技术', 'x y', 'Track'),
          fc.constantFrom('a.md', '01-b.md', '10-c.md', '中文.md', 'README.md'),
          goodTalk,
        ),
        {
          selector: ([t, n]) => `${t}/${n}`,
          maxLength: 8,
        },
      ),
      fc.array(
        fc.tuple(
          noisePath,
          fc.oneof(
            junk,
            fc.tuple(goodTalk, fc.nat(), fc.nat({ max: 20 }), junkText).map(([t, a, d, s]) => mutate(render(t, '\n'), a, d, s)),
          ),
        ),
        { maxLength: 10 },
      ),
      fc.constantFrom('\n', '\r\n'),
      async (good, noise, eol) => {
        const files: Record<string, string | Uint8Array> = {};
        for (const [path, content] of noise) files[`/n/${path}`] = content;
        for (const [track, name, t] of good) files[`/n/${track}/${name}`] = render(t, eol);
        const fs = memoryFileSystem(files);
        const ws = await loadWorkspace('/n', fs);
        checkShape(ws);
        for (const [track, name, t] of good) {
          const found = ws.tracks.flatMap(k => k.talks).find(k => k.id === `${track}/${name}`);
          assert.ok(found, `${track}/${name} is listed`);
          assert.equal(found.title, t.title);
          assert.deepEqual(found.speakers, t.speakers);
          assert.equal(found.status, t.status);
          if (t.order !== null) assert.equal(found.order, t.order);
          assert.deepEqual(
            ws.problems.filter(p => p.file === found.file && p.severity === 'error'),
            [],
          );
        }
      },
    ),
    { numRuns: 300 },
  );
});

type Op = { kind: 'write'; path: string; content: string | Uint8Array } | { kind: 'delete'; path: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        noisePath,
        fc.oneof(
          junk,
          goodTalk.map(t => render(t, '\n')),
        ),
      )
      .map(([path, content]): Op => ({ kind: 'write', path, content })),
  },
  { weight: 2, arbitrary: noisePath.map((path): Op => ({ kind: 'delete', path })) },
  { weight: 1, arbitrary: fc.constantFrom(...TRACKS).map((path): Op => ({ kind: 'delete', path })) },
);

test('fuzz: any sequence of file changes followed by update() equals a fresh load', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 6 }), fc.array(op, { minLength: 1, maxLength: 12 }), async (setup, changes) => {
      // The hidden file keeps the root folder in existence (folders are implied by files here).
      const fs = memoryFileSystem({ '/n/index.md': '---\ntitle: C\n---\n', '/n/.keep': '' });
      const apply = (o: Op) => (o.kind === 'write' ? fs.write(`/n/${o.path}`, o.content) : fs.delete(`/n/${o.path}`));
      setup.forEach(apply);
      const index = new NotesIndex('/n', fs);
      await index.load();
      for (const o of changes) {
        apply(o);
        await index.update(`/n/${o.path}`);
        // Some watchers report only the folder of a change.
        if (o.kind === 'delete' && !o.path.includes('/')) await index.update(`/n/${o.path}`);
      }
      const incremental = index.snapshot();
      checkShape(incremental);
      assert.deepEqual(incremental, await loadWorkspace('/n', fs));
    }),
    { numRuns: 300 },
  );
});
