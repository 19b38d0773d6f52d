// Past 450 lines: one differential test per fast path, each with its generator; they belong together
// because each pins a fast path to the same general code.
// The cold load's fast paths must answer exactly as the general code they stand in for:
// front matter read from bytes (vs splitFrontMatter on the decoded text), links judged without
// the URL parser, paths normalised without splitting, and notes read into one reused buffer
// (vs a fresh buffer per file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fastFrontMatter, splitFrontMatter } from '../../src/core/frontMatter';
import { nodeFileSystem, type NotesFileSystem } from '../../src/core/fileSystem';
import { memoryFileSystem } from '../fixtures/memoryFs';
import { tempDir } from '../fixtures/tempTree';
import { utf8Bytes } from '../fixtures/workspaceQueries';
import { httpUrl, normalizeSlidesPath } from '../../src/core/links';
import type { NotesWorkspace } from '../../src/core/model';
import { naturalCompare } from '../../src/core/naturalOrder';
import { loadWorkspace, NotesIndex } from '../../src/core/workspace';

const repo = path.resolve(__dirname, '../../..');

// ---- front matter from bytes ------------------------------------------------------------------

const KEYS_TO_ASK = ['title', 'speakers', 'order', 'slides', 'video', 'status', 'tags', 'x', 'a-b', '_k', 'NULL', 'tit', '#c', '- a', ''];

/**
 * fastFrontMatter either steps aside or says what the general reader (the locator and js-yaml,
 * no byte reader) says on the decoded text.
 */
function agrees(bytes: Uint8Array): boolean {
  const fast = fastFrontMatter(bytes);
  if (!fast) return false;
  const decoded = Buffer.from(bytes).toString('utf8');
  const slow = splitFrontMatter(decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded, { fastPath: false });
  const label = JSON.stringify(decoded);
  assert.deepEqual(slow.issues, [], label);
  assert.equal(slow.present, true, label);
  assert.deepEqual(fast.data, slow.data, label);
  assert.equal(fast.bodyLine, slow.bodyLine, label);
  assert.equal(fast.body(), slow.body, label);
  for (const key of KEYS_TO_ASK) assert.equal(fast.lineOf(key), slow.lineOf(key), `${label} ${key}`);
  return true;
}

const valueToken = fc.constantFrom(
  'a',
  'Z',
  '平台',
  '【2】',
  ' ',
  '  ',
  ':',
  ': ',
  ' #',
  '#',
  '"',
  "'",
  '\\',
  '[',
  ']',
  '{',
  ',',
  ', ',
  '-',
  '.',
  '0',
  '7',
  '12',
  '/',
  '?',
  '&',
  '%20',
  'http://a.b/c',
  '\t',
  '\r',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '😀',
  '\u007f',
  '\u0080',
  '\u009f',
  'é',
  'true',
  'null',
  'FALSE',
  'Null',
  'todo',
  'done',
);
const value = fc.array(valueToken, { maxLength: 6 }).map(parts => parts.join(''));
const clean = fc.constantFrom(
  'Flink SQL 在美团',
  'a b',
  'x',
  '董剑辉',
  'https://www.bilibili.com/video/BV1/?p=2',
  '平台建设/【2】a&b.pdf',
  'todo',
  'watching',
);
const frontMatterLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('title', 'speakers', 'order', 'slides', 'video', 'status', 'tags', 'x', 'a-b', '_k', 'NULL', 'True', 'false'),
        fc.constantFrom(':', ': ', ':  ', ' :', ':\t'),
        fc.oneof(value, clean),
      )
      .map(([k, sep, v]) => k + sep + v),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('  - ', '- ', '    - ', '  -', '  -  ', '\t- '), fc.oneof(value, clean))
      .map(([dash, v]) => dash + v),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('x: [', 'tags: [', 'speakers: ['),
        fc.array(fc.oneof(value, clean), { maxLength: 3 }),
        fc.constantFrom(']', '] ', '', ',]', ' ]'),
      )
      .map(([k, items, end]) => k + items.join(',') + end),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('title: "', "title: '", 'x: "'), fc.oneof(value, clean), fc.constantFrom('"', "'", '" ', '"x'))
      .map(([k, v, end]) => k + v + end),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('#', '# ', '  ', ' '), value).map(([start, v]) => start + v) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '#c',
      '# 平台',
      '#\t',
      '---x',
      '--- x',
      '----',
      ' ---',
      '\r',
      'order: 012',
      'order: 123456789012345',
      'order: 1234567890123456',
      'order: 0',
      'order: 1 ',
      'order: 3\r',
    ),
  },
);
const note = fc
  .tuple(
    fc.array(frontMatterLine, { maxLength: 8 }),
    fc.constantFrom('\n', '\r\n'),
    fc.constantFrom('', '\ufeff'),
    fc.constantFrom('---', '--- ', '---\t', '---yaml', '---js'),
    fc.constantFrom('---', '--- ', '---\t', '---\r', '---x', ''),
    fc.constantFrom('', '\n', 'body\n', '\r\n# Heading\n'),
  )
  .map(([lines, eol, bom, open, close, body]) => bom + open + eol + lines.map(l => l + eol).join('') + close + body);

/** Usual lines around one odd one, so that the note as a whole often takes the fast path. */
const noteWithOneOddLine = fc
  .tuple(fc.array(clean, { maxLength: 4 }), fc.nat(), frontMatterLine, fc.constantFrom('\n', '\r\n'))
  .map(([values, at, odd, eol]) => {
    const lines = values.map((v, i) => `k${i}: ${v}`);
    lines.splice(at % (lines.length + 1), 0, odd);
    return `---${eol}${lines.map(l => l + eol).join('')}---${eol}body`;
  });

test('fastFrontMatter answers as splitFrontMatter does, or leaves the note to it', () => {
  let answered = 0;
  fc.assert(
    fc.property(fc.oneof(note, noteWithOneOddLine), text => {
      if (agrees(utf8Bytes(text))) answered++;
    }),
    { numRuns: 30000 },
  );
  assert.ok(answered > 3000, `the fast path answered ${answered} times`);
});

test('fastFrontMatter reads the usual notes (those of notes/), from a Buffer or a plain Uint8Array', () => {
  const notes = path.join(repo, 'notes');
  let total = 0;
  let answered = 0;
  for (const folder of readdirSync(notes, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(path.join(notes, folder.name))) {
      const bytes = readFileSync(path.join(notes, folder.name, name));
      total++;
      if (agrees(bytes)) answered++;
      agrees(new Uint8Array(bytes));
    }
  }
  // The cold load is only fast if the usual notes take the fast path.
  assert.ok(total > 0 && answered >= 0.9 * total, `${answered} of ${total} notes took the fast path`);
});

test('fastFrontMatter leaves language tags, unclosed blocks and YAML beyond key: value to splitFrontMatter', () => {
  for (const text of [
    '---yaml\ntitle: x\n---\n',
    '---js\ntitle: x\n---\n',
    '---\ntitle: x\n',
    '---\ntitle: x\n---x\n',
    '---\nx: &a b\n---\n',
    '---\nx:\n  y: 1\n---\n',
    '---\nx: a # c\n---\n',
    '---\nx: "a\\n"\n---\n',
    '---\ntitle: 😀\n---\n',
  ]) {
    assert.equal(fastFrontMatter(utf8Bytes(text)), undefined, text);
  }
  assert.deepEqual(
    fastFrontMatter(utf8Bytes('\ufeff---\r\ntitle: A\r\nspeakers:\r\n  - 甲\r\n  - 乙\r\norder: 2\r\n---\r\nBody\r\n'))?.data,
    {
      title: 'A',
      speakers: ['甲', '乙'],
      order: 2,
    },
  );
});

// ---- links without parsers --------------------------------------------------------------------

/** httpUrl as it was written first: every candidate through the WHATWG URL parser. */
function httpUrlByParser(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw
    .trim()
    .replace(/^<(.*)>$/s, '$1')
    .trim();
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? text : null;
  } catch {
    return null;
  }
}

test('httpUrl judges usual links without the URL parser, exactly as the parser would', () => {
  const hostPart = fc.constantFrom(
    'a',
    'B',
    'z',
    '0',
    '9',
    '-',
    '.',
    'xn--',
    'XN--',
    'x',
    'n',
    '/',
    '?',
    '#',
    ':',
    '@',
    '%',
    '%41',
    ' ',
    '\t',
    '\\',
    '_',
    '~',
    '[',
    ']',
    'é',
    '例',
    '0x',
    '0X1f',
    '255',
    '256',
    '999',
    '\u00ad',
    'localhost',
    'com',
    '..',
    '\n',
  );
  const url = fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'HTTP://', 'hTTpS://', ' https://', '<https://', 'ftp://', 'https:/'),
      fc.array(hostPart, { maxLength: 10 }),
      fc.constantFrom('', '/', '/x?y#z', '?q', '#f', ':80', ':99999', '>', ' '),
    )
    .map(([scheme, host, rest]) => scheme + host.join('') + rest);
  fc.assert(
    fc.property(fc.oneof(url, fc.string()), text => assert.equal(httpUrl(text), httpUrlByParser(text), JSON.stringify(text))),
    { numRuns: 20000 },
  );
});

/** normalizeSlidesPath as it was written first: every path split and joined again. */
function slidesPathBySplitting(raw: unknown): { path: string } | { error: string } {
  if (typeof raw !== 'string' || !raw.trim()) return { error: 'slides must be a non-empty path to a PDF' };
  let text = raw
    .trim()
    .replace(/^<(.*)>$/s, '$1')
    .trim();
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      /* keep the text as written */
    }
  }
  text = text.replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return { error: `slides must be a path relative to the slides folder, not "${text}"` };
  if (text.startsWith('/')) return { error: `slides must be a relative path, not the absolute path "${text}"` };
  const parts: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return { error: `slides path "${text}" points outside the slides folder` };
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  if (!parts.length) return { error: 'slides must name a PDF file' };
  return { path: parts.join('/') };
}

test('normalizeSlidesPath leaves clean paths as they are and normalises the rest as before', () => {
  const part = fc.constantFrom(
    'a',
    '平台',
    '.',
    '..',
    '/',
    '//',
    '\\',
    ' ',
    '<',
    '>',
    '%20',
    '%zz',
    '%',
    ':',
    'c:',
    'x.pdf',
    '.pdf',
    '...',
    '.a',
    'a.',
  );
  fc.assert(
    fc.property(
      fc.array(part, { maxLength: 8 }).map(p => p.join('')),
      text => assert.deepEqual(normalizeSlidesPath(text), slidesPathBySplitting(text), JSON.stringify(text)),
    ),
    { numRuns: 20000 },
  );
});

// ---- one reused buffer ------------------------------------------------------------------------

test('readPrefixShared and readPrefix read files of any size up to the limit, and give the whole size', t => {
  const dir = tempDir(t, 'tn-shared-');
  const shared = (file: string, max: number) => nodeFileSystem.readPrefixShared!(file, max);
  for (const size of [0, 1, 1000, 65535, 65536, 65537, 200_000, 262_144, 262_145, 1_500_000, 10]) {
    const data = Buffer.alloc(size, size % 251);
    for (let i = 0; i < size; i += 997) data[i] = i % 256;
    const file = path.join(dir, `${size}.md`);
    writeFileSync(file, data);
    for (const max of [262_144, 10_000_000]) {
      const got = shared(file, max);
      const expected = data.subarray(0, max);
      assert.equal(got.size, size, `${size} bytes, size`);
      assert.equal(got.bytes.byteLength, expected.byteLength, `${size} bytes up to ${max}`);
      assert.ok(Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.byteLength).equals(expected), `${size} bytes up to ${max}`);
    }
  }
  // Small files share one buffer: a view of the first now shows the second's bytes.
  writeFileSync(path.join(dir, 'a.md'), 'first');
  writeFileSync(path.join(dir, 'b.md'), 'other');
  const first = shared(path.join(dir, 'a.md'), 1000).bytes;
  const second = shared(path.join(dir, 'b.md'), 1000).bytes;
  assert.equal(first.buffer, second.buffer);
  assert.equal(Buffer.from(first).toString(), 'other');
  assert.throws(() => shared(path.join(dir, 'missing.md'), 1000), { code: 'ENOENT' });
});

test('readPrefix gives a copy of its own, bounded too', async t => {
  const dir = tempDir(t, 'tn-prefix-');
  writeFileSync(path.join(dir, 'big.md'), Buffer.alloc(300_000, 0x61));
  writeFileSync(path.join(dir, 'small.md'), 'small');
  const big = await nodeFileSystem.readPrefix(path.join(dir, 'big.md'), 1000);
  const small = await nodeFileSystem.readPrefix(path.join(dir, 'small.md'), 1000);
  assert.deepEqual([big.bytes.byteLength, big.size, Buffer.from(small.bytes).toString(), small.size], [1000, 300_000, 'small', 5]);
  assert.equal(Buffer.from(big.bytes).toString(), 'a'.repeat(1000));
  await assert.rejects(nodeFileSystem.readPrefix(path.join(dir, 'none.md'), 10), { code: 'ENOENT' });
});

/**
 * A memory tree twice over: once read through readPrefix (a fresh array per file), once through
 * readPrefixShared, which copies every file into one reused buffer so that a parser keeping a view
 * of it past its file would see the next file's bytes.
 */
function twinFileSystems(files: Record<string, string | Uint8Array>, failures: Record<string, string>, asBuffer: boolean) {
  const base = memoryFileSystem(files);
  const fail = (p: string) => {
    const code = failures[p];
    if (code) throw Object.assign(new Error(`${code}: ${p}`), { code });
  };
  const plain: NotesFileSystem = {
    readDirectory: p => base.readDirectory(p),
    stat: p => base.stat(p),
    inspect: (root, p) => base.inspect(root, p),
    async readPrefix(p, max) {
      fail(p);
      const { bytes, size } = await base.readPrefix(p, max);
      return { bytes: new Uint8Array(bytes), size };
    },
  };
  const table = new Map(Object.entries(files).map(([p, c]) => [p, typeof c === 'string' ? utf8Bytes(c) : c]));
  let buffer: Uint8Array = asBuffer ? Buffer.alloc(8, 0x2d) : new Uint8Array(8).fill(0x2d);
  const shared: NotesFileSystem = {
    ...plain,
    readPrefixShared(p, max) {
      fail(p);
      const whole = table.get(p);
      if (!whole) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      const data = whole.subarray(0, max);
      if (data.byteLength > buffer.byteLength)
        buffer = asBuffer ? Buffer.alloc(data.byteLength * 2, 0x2d) : new Uint8Array(data.byteLength * 2).fill(0x2d);
      buffer.set(data);
      return { bytes: buffer.subarray(0, data.byteLength), size: whole.byteLength };
    },
  };
  return { plain, shared };
}

const junkToken = fc.constantFrom(
  '---',
  '\n',
  '\r\n',
  ':',
  ': ',
  '- ',
  '  ',
  '#',
  '"',
  '[',
  ']',
  'title',
  'order',
  'status',
  'speakers',
  'slides',
  'video',
  'null',
  '42',
  'https://x.org',
  '../x.pdf',
  '平台',
  '\u0000',
  '\uFEFF',
  '😀',
  '\t',
);
const content: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: note },
  { weight: 2, arbitrary: fc.array(junkToken, { maxLength: 20 }).map(p => p.join('')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 1, arbitrary: fc.constant('') },
);
const notePath = fc
  .tuple(
    fc.constantFrom('01-平台建设', '2_core', 'x y', ''),
    fc.constantFrom('a.md', '01-b.md', '10-c.md', '2-c.md', 'index.md', 'README.md', 'n.markdown', 'e.MD', '中文.md', 'x.txt'),
  )
  .map(([t, n]) => (t ? `/n/${t}/${n}` : `/n/${n}`));

test('loading through the reused buffer gives the same workspace as fresh reads', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.dictionary(notePath, content, { maxKeys: 12 }),
      fc.dictionary(notePath, fc.constantFrom('ENOENT', 'EISDIR', 'EACCES'), { maxKeys: 2 }),
      fc.boolean(),
      async (files, failures, asBuffer) => {
        const { plain, shared } = twinFileSystems({ '/n/.keep': '', ...files }, failures, asBuffer);
        const expected = await loadWorkspace('/n', plain);
        const index = new NotesIndex('/n', shared);
        const ws = await index.load();
        assert.deepEqual(ws, expected);
        for (const track of ws.tracks) {
          for (const talk of track.talks) {
            assert.equal(index.talk(talk.id), talk);
            assert.equal(index.findByPath(`/n/${talk.file}`), talk);
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

// ---- the index without a map of all talks -----------------------------------------------------

function talkIds(ws: NotesWorkspace): string[] {
  return ws.tracks.flatMap(t => t.talks.map(k => k.id));
}

test('talk() and findByPath() find talks of the root and of tracks, and forget removed ones', async () => {
  const files: Record<string, string> = {
    '/n/index.md': '---\ntitle: C\n---\n',
    '/n/loose.md': '---\ntitle: Loose\n---\n',
    '/n/t/a.md': '---\ntitle: A\n---\n',
    '/n/t/index.md': '---\ntitle: Track\n---\n',
  };
  const { shared } = twinFileSystems(files, {}, true);
  const index = new NotesIndex('/n', shared);
  const ws = await index.load();
  assert.deepEqual(talkIds(ws), ['t/a.md', 'loose.md']);
  assert.equal(index.talk('loose.md')?.title, 'Loose');
  assert.equal(index.talk('t/a.md')?.title, 'A');
  assert.equal(index.findByPath('/n/t/a.md')?.title, 'A');
  for (const id of ['t/index.md', 'index.md', 't', '', 't/a.md/x', 'u/a.md']) assert.equal(index.talk(id), undefined, id);
  await index.remove('t/a.md');
  assert.equal(index.talk('t/a.md'), undefined);
  await index.remove('t');
  assert.equal(index.talk('loose.md')?.title, 'Loose');
  await index.remove('');
  assert.equal(index.talk('loose.md'), undefined);
});

test('talks with the same or no order are listed by file name, numbers compared as numbers; repeated orders are reported', async () => {
  const name = fc
    .array(fc.constantFrom('a', 'B', '1', '2', '10', '0', '-', ' ', '_', '中', '.'), { minLength: 1, maxLength: 5 })
    .map(p => `${p.join('')}.md`);
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(fc.tuple(name, fc.constantFrom<number | null>(1, 2, null)), { selector: ([n]) => n.toLowerCase(), maxLength: 8 }),
      fc.constantFrom('t', '01-x'),
      async (talks, track) => {
        const files: Record<string, string> = {};
        for (const [n, order] of talks)
          files[`/n/${track}/${n}`] = order === null ? '---\ntitle: T\n---\n' : `---\ntitle: T\norder: ${order}\n---\n`;
        const ws = await loadWorkspace('/n', memoryFileSystem(files));
        const listed = ws.tracks.flatMap(t => t.talks);
        for (let i = 1; i < listed.length; i++) {
          const [a, b] = [listed[i - 1], listed[i]];
          const byOrder = a.order === b.order ? 0 : a.order === null ? 1 : b.order === null ? -1 : a.order - b.order;
          const name = (t: typeof a) => t.file.slice(t.file.lastIndexOf('/') + 1);
          assert.ok(byOrder < 0 || (byOrder === 0 && naturalCompare(name(a), name(b)) < 0), `${a.file} before ${b.file}`);
        }
        // Every talk repeating an earlier talk's order is reported against the first with it.
        const firstWith = new Map<number, string>();
        const expected: string[] = [];
        for (const t of listed) {
          if (t.order === null) continue;
          const first = firstWith.get(t.order);
          if (first === undefined) firstWith.set(t.order, t.file);
          else expected.push(`${t.file}: order ${t.order} is also used by ${first}`);
        }
        const reported = ws.problems
          .filter(p => /is also used by/.test(p.message))
          .map(p => `${p.file}: ${p.message.slice(0, p.message.indexOf(';'))}`);
        assert.deepEqual(reported, expected);
      },
    ),
    { numRuns: 300 },
  );
});
