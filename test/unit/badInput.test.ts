// Every kind of broken note yields a clear problem on that file, never a throw, and the other
// notes keep loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadWorkspace, NotesIndex } from '../../src/core/workspace';
import type { NotesWorkspace, Problem } from '../../src/core/model';
import { memoryFileSystem, type MemoryFileSystem } from '../fixtures/memoryFs';
import { problemsOf, talkAt } from '../fixtures/workspaceQueries';

const GOOD = '---\ntitle: Good talk\nspeakers: [甲]\n---\nbody\n';

/** Loads `/n` with one good talk next to the given files. */
async function load(files: Record<string, string | Uint8Array>, extra?: (fs: MemoryFileSystem) => void) {
  const fs = memoryFileSystem({ '/n/index.md': '---\ntitle: C\n---\n', '/n/t/good.md': GOOD, ...files });
  extra?.(fs);
  const ws = await loadWorkspace('/n', fs);
  const good = ws.tracks.flatMap(t => t.talks).find(t => t.file === 't/good.md');
  assert.equal(good?.title, 'Good talk', 'the good talk still loads');
  assert.deepEqual(good?.speakers, ['甲']);
  return ws;
}

function only(ws: NotesWorkspace, file: string): Problem {
  const ps = problemsOf(ws, file);
  assert.equal(ps.length, 1, JSON.stringify(ws.problems, null, 1));
  return ps[0];
}

test('broken YAML: error at the file line of the mistake; the talk is listed with the keys that parse', async () => {
  const ws = await load({ '/n/t/bad.md': '---\ntitle: Bad\nvideo: https://x.org/v\nslides: a: b.pdf\nstatus: done\n---\nbody\n' });
  const p = only(ws, 't/bad.md');
  assert.equal(p.severity, 'error');
  assert.equal(p.line, 4);
  assert.match(p.message, /front matter is not valid YAML: line 4: the value holds ": ".*put the value in quotes/);
  const t = talkAt(ws, 't/bad.md')!;
  assert.deepEqual([t.title, t.video, t.status, t.slides], ['Bad', 'https://x.org/v', 'done', null]);
});

test('YAML indentation error deep in a block still points at the right line', async () => {
  const ws = await load({ '/n/t/bad.md': '---\ntitle: T\ntags:\n  - a\n - b\n---\n' });
  const p = only(ws, 't/bad.md');
  assert.equal(p.line, 5);
});

test('empty file: listed under its file-name title with a warning', async () => {
  for (const content of ['', '\n\n  \n', '\uFEFF']) {
    const ws = await load({ '/n/t/03-Empty note.md': content });
    assert.equal(talkAt(ws, 't/03-Empty note.md')?.title, 'Empty note');
    assert.equal(talkAt(ws, 't/03-Empty note.md')?.order, 3);
    const p = only(ws, 't/03-Empty note.md');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /note is empty; it is listed as "Empty note"/);
  }
});

test('binary and non-UTF-8 files: error saying it is not UTF-8 text', async () => {
  const gbk = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xd6, 0xd0, 0xce, 0xc4, 0x0a]); // "---\n中文" in GBK
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  const utf16 = new Uint8Array([0xff, 0xfe, 0x23, 0x00, 0x20, 0x00, 0x41, 0x00]);
  const ws = await load({ '/n/t/gbk.md': gbk, '/n/t/image.md': png, '/n/t/utf16.md': utf16, '/n/t/nul.md': 'title\u0000' });
  for (const file of ['t/gbk.md', 't/image.md', 't/utf16.md', 't/nul.md']) {
    const p = only(ws, file);
    assert.equal(p.severity, 'error');
    assert.equal(p.line, null);
    assert.match(p.message, new RegExp(`^${file.slice(2)} is not UTF-8 text`));
    assert.ok(talkAt(ws, file), `${file} is still listed so it can be found and fixed`);
  }
  assert.match(only(ws, 't/gbk.md').message, /Save with Encoding/);
  assert.match(only(ws, 't/image.md').message, /binary/);
});

test('UTF-8 BOM and CRLF are accepted', async () => {
  const ws = await load({
    '/n/t/win.md': '\uFEFF---\r\ntitle: Windows\r\nspeakers:\r\n  - 甲\r\n  - 乙\r\nstatus: done\r\n---\r\n\r\nbody\r\n',
  });
  assert.deepEqual(problemsOf(ws, 't/win.md'), []);
  const t = talkAt(ws, 't/win.md')!;
  assert.deepEqual([t.title, t.speakers, t.status, t.bodyLine], ['Windows', ['甲', '乙'], 'done', 8]);
});

test('a 5 MB note loads, with an info about its size', async () => {
  const big = '---\ntitle: Big\n---\n' + '日志 log line 0123456789\n'.repeat((5 * 1024 * 1024) / 30);
  const ws = await load({ '/n/t/big.md': big });
  assert.equal(talkAt(ws, 't/big.md')?.title, 'Big');
  const p = only(ws, 't/big.md');
  assert.equal(p.severity, 'info');
  assert.match(p.message, /note is \d\.\d MB; it is listed from its first 256 KB/);
});

test('missing title: heading is fine; file name gives an info; no front matter gives an info', async () => {
  const ws = await load({
    '/n/t/h.md': '---\nstatus: done\n---\n# From heading\n',
    '/n/t/02-from-name.md': '---\nstatus: done\n---\nno heading\n',
    '/n/t/plain.md': '# Plain markdown\n',
  });
  assert.equal(talkAt(ws, 't/h.md')?.title, 'From heading');
  assert.deepEqual(problemsOf(ws, 't/h.md'), []);
  assert.equal(talkAt(ws, 't/02-from-name.md')?.title, 'from-name');
  assert.match(only(ws, 't/02-from-name.md').message, /has no title; showing "from-name" from the file name/);
  assert.equal(talkAt(ws, 't/plain.md')?.title, 'Plain markdown');
  assert.match(only(ws, 't/plain.md').message, /has no front matter/);
});

test('front matter that is a list or a scalar is an error; the talk keeps its fallback title', async () => {
  const ws = await load({ '/n/t/list.md': '---\n- a\n- b\n---\n# L\n', '/n/t/scalar.md': '---\njust words\n---\n' });
  assert.match(only(ws, 't/list.md').message, /must be "key: value" lines, but it is a list/);
  assert.equal(talkAt(ws, 't/list.md')?.title, 'L');
  assert.match(only(ws, 't/scalar.md').message, /but it is the text "just words"/);
});

test('wrongly typed fields: each a problem at its line, naming the key and value', async () => {
  const ws = await load({
    '/n/t/types.md': [
      '---',
      'title: [a, b]',
      'speakers: 42',
      'order: soon',
      'slides: ../../etc/passwd.pdf',
      'video: javascript:alert(1)',
      'article: ftp://x.org/a',
      'status: finished',
      'tags: {a: 1}',
      '---',
      '# Heading title',
    ].join('\n'),
  });
  const ps = problemsOf(ws, 't/types.md').map(p => `${p.file}:${p.line}: ${p.severity}: ${p.message}`);
  assert.deepEqual(ps, [
    't/types.md:2: warning: title must be text, got a list; write it as "title: ..." on one line',
    't/types.md:3: warning: speakers must be a list of names, got 42; write "speakers: [Name One, Name Two]" or one "- Name" per line',
    't/types.md:4: warning: order must be a number, got "soon"; write e.g. "order: 3" or remove the line',
    't/types.md:5: error: slides path "../../etc/passwd.pdf" points outside the slides folder, got "../../etc/passwd.pdf"; write the PDF path relative to the slides folder, e.g. "slides: 平台建设/talk.pdf"',
    't/types.md:6: error: video must be an http(s) URL, got "javascript:alert(1)"; fix the link or remove the line',
    't/types.md:7: error: article must be an http(s) URL, got "ftp://x.org/a"; fix the link or remove the line',
    't/types.md:8: warning: status must be one of todo, watching, done, got "finished"; treated as todo',
    't/types.md:9: warning: tags must be a list, got a mapping; write "tags: [sql, state]"',
  ]);
  const t = talkAt(ws, 't/types.md')!;
  assert.deepEqual(
    [t.title, t.speakers, t.order, t.slides, t.video, t.article, t.status, t.tags],
    ['Heading title', [], null, null, null, null, 'todo', []],
  );
});

test('a slides path with a NUL character is an error at load time, naming the file and the line', async () => {
  const ws = await load({ '/n/t/nul.md': '---\ntitle: T\nslides: "a\\0b.pdf"\n---\n' });
  assert.deepEqual(problemsOf(ws, 't/nul.md'), [
    {
      file: 't/nul.md',
      line: 3,
      severity: 'error',
      message:
        'slides path contains a NUL character, which a file name cannot hold, got "a\\u0000b.pdf"; write the PDF path relative to the slides folder, e.g. "slides: 平台建设/talk.pdf"',
    },
  ]);
  assert.equal(talkAt(ws, 't/nul.md')?.slides, null);
});

test('speakers as one string are split on &, 、 and commas', async () => {
  const ws = await load({ '/n/t/s.md': '---\nspeakers: 董剑辉&张彬、李志刚, Ada Lovelace ，王五\n---\n' });
  assert.deepEqual(talkAt(ws, 't/s.md')?.speakers, ['董剑辉', '张彬', '李志刚', 'Ada Lovelace', '王五']);
});

test('duplicate order: a warning on the later talk at its order line', async () => {
  const ws = await load({ '/n/t/a.md': '---\ntitle: A\norder: 2\n---\n', '/n/t/b.md': '---\ntitle: B\nstatus: done\norder: 2\n---\n' });
  const p = only(ws, 't/b.md');
  assert.deepEqual([p.severity, p.line], ['warning', 4]);
  assert.match(p.message, /order 2 is also used by t\/a\.md/);
  assert.deepEqual(
    ws.tracks[0].talks.map(t => t.title),
    ['A', 'B', 'Good talk'],
  );
});

test('unreadable directory: error on the folder, the other tracks load', async () => {
  const ws = await load({ '/n/locked/a.md': GOOD }, fs => fs.fail('/n/locked', 'EACCES'));
  const p = only(ws, 'locked');
  assert.equal(p.severity, 'error');
  assert.match(p.message, /cannot list track folder locked \(EACCES: \/n\/locked\); check its permissions/);
});

test('unreadable file: error on the file, listed under its file-name title', async () => {
  const ws = await load({ '/n/t/secret.md': GOOD }, fs => fs.fail('/n/t/secret.md', 'EACCES'));
  assert.match(only(ws, 't/secret.md').message, /cannot read secret\.md \(EACCES/);
  assert.equal(talkAt(ws, 't/secret.md')?.title, 'secret');
});

test('an unexpected exception while reading one file becomes a problem for that file', async () => {
  const fs = memoryFileSystem({ '/n/index.md': '---\ntitle: C\n---\n', '/n/t/good.md': GOOD, '/n/t/odd.md': GOOD });
  const readPrefix = fs.readPrefix;
  fs.readPrefix = async (p, max) => {
    if (p.endsWith('odd.md')) throw new TypeError('something odd');
    return readPrefix(p, max);
  };
  const ws = await loadWorkspace('/n', fs);
  assert.match(only(ws, 't/odd.md').message, /cannot read odd\.md \(something odd\)/);
  assert.equal(talkAt(ws, 't/good.md')?.title, 'Good talk');
});

test('a parser failure becomes a problem for that file only', async () => {
  const cursed = Object.assign(new Uint8Array(4), {
    indexOf(): number {
      throw new Error('boom');
    },
  });
  const ws = await load({ '/n/t/cursed.md': cursed, '/n/cursed-index/index.md': cursed });
  assert.match(only(ws, 't/cursed.md').message, /could not read this note \(boom\); this is a bug in Talk Notes/);
  assert.equal(talkAt(ws, 't/cursed.md')?.title, 'cursed');
  assert.match(only(ws, 'cursed-index/index.md').message, /\(boom\)/);
});

test('a front matter with ---js is never evaluated', async () => {
  const g = globalThis as { __pwnedByNote?: boolean };
  const ws = await load({
    '/n/t/evil.md': '---js\n{ title: (globalThis.__pwnedByNote = true, "evil") }\n---\n# Evil\n',
    '/n/t/evil2.md': '---javascript\nglobalThis.__pwnedByNote = true\n---\n',
    '/n/t/evil3.md': '--- coffee\ntitle: do -> globalThis.__pwnedByNote = true\n---\n',
  });
  assert.equal(g.__pwnedByNote, undefined);
  for (const f of ['t/evil.md', 't/evil2.md', 't/evil3.md']) {
    const p = only(ws, f);
    assert.equal(p.severity, 'error');
    assert.equal(p.line, 1);
    assert.match(p.message, /never runs code/);
  }
  assert.equal(talkAt(ws, 't/evil.md')?.title, 'Evil');
});

test('YAML alias bombs in unknown keys are refused, not expanded', async () => {
  const bomb = [
    '---',
    'title: Bomb',
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    '---',
    '',
  ].join('\n');
  const ws = await load({ '/n/t/bomb.md': bomb });
  const t = talkAt(ws, 't/bomb.md')!;
  assert.equal(t.title, 'Bomb');
  assert.ok(JSON.stringify(t.extra).length < 200_000);
  assert.ok(problemsOf(ws, 't/bomb.md').some(p => /expands to more than/.test(p.message)));
});

test('__proto__ in front matter pollutes nothing', async () => {
  const ws = await load({ '/n/t/proto.md': '---\ntitle: P\n__proto__:\n  polluted: yes\nconstructor: x\n---\n' });
  assert.equal(({} as { polluted?: string }).polluted, undefined);
  const t = talkAt(ws, 't/proto.md')!;
  assert.equal(Object.getPrototypeOf(t.extra), Object.prototype);
  assert.deepEqual(Object.keys(t.extra).sort(), ['__proto__', 'constructor']);
});

test('bad conference and track index files are reported and do not stop loading', async () => {
  const ws = await load({
    '/n/index.md': '---\ntitle: C\nslidesDownload: not a url\nreplay: javascript:x\n---\n',
    '/n/t/index.md': '---\ntitle: Track\norder: first\n---\n',
  });
  assert.deepEqual(
    ws.problems.map(p => [p.file, p.line, p.severity]),
    [
      ['index.md', 3, 'error'],
      ['index.md', 4, 'error'],
      ['t/index.md', 3, 'warning'],
    ],
  );
  assert.equal(ws.conference.slidesDownload, null);
  assert.equal(ws.tracks[0].title, 'Track');
});

test('an update that fails mid-way leaves a problem and keeps the index usable', async () => {
  const fs = memoryFileSystem({ '/n/index.md': '---\ntitle: C\n---\n', '/n/t/good.md': GOOD, '/n/t/x.md': GOOD });
  const index = new NotesIndex('/n', fs);
  await index.load();
  fs.fail('/n/t/x.md', 'EIO');
  await index.update('/n/t/x.md');
  assert.match(only(index.snapshot(), 't/x.md').message, /cannot read x\.md \(EIO/);
  fs.fail('/n/t/x.md', '');
  await index.update('/n/t/x.md');
  assert.deepEqual(problemsOf(index.snapshot(), 't/x.md'), []);
});
