import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { MAX_NAME_LENGTH, sanitizeFileName, UniqueNames } from '../../src/core/fileNames';
import { importOutline, noteText, planImport, rewriteRelativeLinks, type ImportPlan } from '../../src/core/importer';
import { parseOutline } from '../../src/core/outline';
import { loadWorkspace } from '../../src/core/workspace';

const repo = path.resolve(__dirname, '../../..');
const outlines = path.join(repo, 'test/fixtures/outlines');
const fixture = (name: string) => readFileSync(path.join(outlines, name), 'utf8');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file below `dir`, relative, forward slashes, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter(p => statSync(path.join(dir, p)).isFile())
    .map(p => p.split(path.sep).join('/'))
    .sort();
}

/** Splits a written note into its parsed front matter and body, the way the loader reads it. */
function readNote(content: string): { data: Record<string, unknown>; keys: string[]; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n(?:\n([\s\S]*))?$/.exec(content);
  assert.ok(m, `front matter in ${JSON.stringify(content.slice(0, 80))}`);
  const data = load(m[1]) as Record<string, unknown>;
  return { data, keys: Object.keys(data), body: (m[2] ?? '').replace(/\n$/, '') };
}

const fileOf = (plan: ImportPlan, p: string) => {
  const f = plan.files.find(x => x.path === p);
  assert.ok(f, `planned ${p}; got ${plan.files.map(x => x.path).join(', ')}`);
  return f.content;
};

test('sanitizeFileName: forbidden characters, whitespace, dots, NFC', () => {
  assert.equal(sanitizeFileName('a/b:c*d?'), 'a b cd');
  assert.equal(sanitizeFileName('<x> "y" | z\\w'), 'x y z w');
  assert.equal(sanitizeFileName('  tab\there\nnew\u0000line\u007f  '), 'tab here new line');
  assert.equal(sanitizeFileName('Flink Shuffle 3.0: Vision, Roadmap and Progress'), 'Flink Shuffle 3.0 Vision, Roadmap and Progress');
  assert.equal(sanitizeFileName('...hidden. . .'), 'hidden');
  assert.equal(sanitizeFileName('e\u0301te\u0301'), 'été');
  assert.equal(sanitizeFileName('a\u200bb\u202ec'), 'abc');
  assert.equal(sanitizeFileName('平台建设'), '平台建设');
  assert.equal(sanitizeFileName('【2】董剑辉&张彬-Flink+SQL'), '【2】董剑辉&张彬-Flink+SQL');
  assert.equal(sanitizeFileName(''), 'untitled');
  assert.equal(sanitizeFileName('??**', { fallback: 'Track 3' }), 'Track 3');
  assert.equal(sanitizeFileName('..', { fallback: '..' }), 'untitled');
  assert.equal(sanitizeFileName('\uD800x\uDC00'), 'x');
});

test('sanitizeFileName: reserved Windows device names', () => {
  for (const [input, output] of [
    ['CON', 'CON_'],
    ['con', 'con_'],
    ['Nul ', 'Nul_'],
    ['aux.md', 'aux_.md'],
    ['COM1', 'COM1_'],
    ['lpt9.tar.gz', 'lpt9_.tar.gz'],
    ['COM¹', 'COM¹_'],
    ['CONSOLE', 'CONSOLE'],
    ['con x', 'con x'],
  ]) {
    assert.equal(sanitizeFileName(input), output, input);
  }
});

test('sanitizeFileName: long titles are capped without splitting characters', () => {
  const long = 'Streaming '.repeat(30);
  const capped = sanitizeFileName(long);
  assert.ok(capped.length <= MAX_NAME_LENGTH && capped.length > 60, capped);
  assert.ok(capped.endsWith('Streaming'), 'cut on a word boundary');
  const cjk = sanitizeFileName('流批一体'.repeat(50));
  assert.ok(Buffer.byteLength(cjk) <= 200 && cjk.length >= 60, cjk);
  const emoji = sanitizeFileName('😀'.repeat(100));
  assert.ok(emoji.length <= MAX_NAME_LENGTH && emoji.length % 2 === 0);
  assert.equal(emoji, '😀'.repeat(emoji.length / 2));
  // A family emoji is one grapheme: it is kept whole or dropped, never split.
  const family = sanitizeFileName('x'.repeat(75) + '👨‍👩‍👧');
  assert.ok(family === 'x'.repeat(75) || family === 'x'.repeat(75) + '👨‍👩‍👧', family);
  assert.equal(sanitizeFileName('a'.repeat(79) + '. b'), 'a'.repeat(79));
});

test('UniqueNames appends (2), (3)… and ignores case', () => {
  const names = new UniqueNames(['index.md']);
  assert.equal(names.take('Talk', '.md'), 'Talk.md');
  assert.equal(names.take('talk', '.md'), 'talk (2).md');
  assert.equal(names.take('TALK', '.md'), 'TALK (3).md');
  assert.equal(names.take('Track'), 'Track');
  assert.equal(names.take('INDEX', '.md'), 'INDEX (2).md');
  assert.equal(names.take('Talk (4)', '.md'), 'Talk (4).md');
  assert.equal(names.take('Talk', '.md'), 'Talk (5).md');
  const many = new UniqueNames();
  for (let i = 0; i < 20000; i++) many.take('01-same', '.md');
  assert.equal(many.take('01-same', '.md'), '01-same (20001).md');
});

test('noteText writes front matter that loads back, keys in order, values unfolded', () => {
  const url = 'https://example.com/' + 'x'.repeat(300) + '?a=1&b=2#frag';
  const data = {
    title: 'null',
    speakers: ['- a', 'b: c', "it's"],
    order: 3,
    slides: 'a/#b.pdf',
    video: url,
    article: null,
    status: 'todo',
    tags: [],
  };
  const text = noteText(data, 'body');
  const note = readNote(text);
  const { article: _article, ...expected } = data;
  assert.deepEqual(note.data, expected);
  assert.deepEqual(note.keys, Object.keys(expected));
  assert.ok(text.includes(`video: ${url}\n`), 'URL on one line');
  assert.equal(note.body, 'body');
  assert.equal(noteText({}, ''), '---\n{}\n---\n');
});

test('planImport on the seed: tree, names and front matter', () => {
  const outline = parseOutline(fixture('ffa2022.md'), 'ffa2022.md');
  const plan = planImport(outline, { title: 'Flink Forward Asia 2022' });
  const paths = plan.files.map(f => f.path);
  assert.equal(paths.length, 1 + 3 + 25);
  assert.deepEqual(
    paths.filter(p => p.endsWith('/index.md')),
    ['平台建设/index.md', '核心技术/index.md', '实时风控/index.md'],
  );
  assert.ok(paths.includes('平台建设/01-Flink SQL 在美团实时数仓生产中的增强与实践.md'));
  assert.ok(paths.includes('核心技术/07-Flink Shuffle 3.0 Vision, Roadmap and Progress.md'));
  assert.ok(paths.includes('核心技术/13-Flink state 优化以及远程 state 的探索.md'));
  assert.equal(new Set(paths.map(p => p.toLowerCase())).size, paths.length);

  assert.equal(
    fileOf(plan, 'index.md'),
    '---\ntitle: Flink Forward Asia 2022\nslidesDownload: https://flink-forward.org.cn/#download\n' +
      'replay: https://developer.aliyun.com/special/ffa2022?spm=ffa.ffa-home.0.0.1b4943c9ctd616\n---\n',
  );
  assert.equal(fileOf(plan, '核心技术/index.md'), '---\ntitle: 核心技术\norder: 2\n---\n');
  assert.equal(
    fileOf(plan, '实时风控/01-京东物流实时风控实践.md'),
    [
      '---',
      'title: 京东物流实时风控实践',
      'speakers:',
      '  - 周文跃',
      'order: 1',
      'slides: 实时风控/【3】周文跃-京东物流实时风控实践.pdf',
      'video: https://www.bilibili.com/video/BV1bW4y1p7ir/?spm_id_from=333.999.0.0&vd_source=1435dbab789f2dad584fcf275be722e4',
      'status: todo',
      'tags: []',
      '---',
      '',
      '问题：',
      '',
    ].join('\n'),
  );
  const talks = outline.tracks.flatMap((t, i) => t.talks.map(talk => ({ talk, track: i })));
  const talkFiles = plan.files.filter(f => !f.path.endsWith('index.md'));
  assert.equal(talkFiles.length, talks.length);
  talkFiles.forEach((file, i) => {
    const { talk } = talks[i];
    const note = readNote(file.content);
    assert.deepEqual(note.keys, ['title', 'speakers', 'order', 'slides', 'video', ...(talk.article ? ['article'] : []), 'status', 'tags']);
    assert.deepEqual(note.data, {
      title: talk.title,
      speakers: talk.speakers,
      order: talk.order,
      slides: talk.slides,
      video: talk.video,
      ...(talk.article ? { article: talk.article } : {}),
      status: 'todo',
      tags: [],
    });
    assert.ok(!file.content.includes('\r'));
  });
  // The second PDF link of 核心技术 #10 now works from the note's folder.
  assert.equal(
    readNote(fileOf(plan, '核心技术/10-PyFlink 最新进展解读及典型应用场景介绍.md')).body,
    '[付典-PyFlink 最新进展解读及典型应用场景介绍.pdf](<【5】付典-PyFlink 最新进展解读及典型应用场景介绍.pdf>)\n\n问题：',
  );
  const images = talkFiles.reduce(
    (n, f) => n + (f.content.match(/!\[[^\]]*\]\(https:\/\/jrebe-note-pic\.oss-cn-shenzhen\.aliyuncs\.com\//g) ?? []).length,
    0,
  );
  assert.equal(images, 27);
});

test('planImport: conference title comes from the option, else the outline, else is left out', () => {
  const outline = parseOutline('Title: From Outline\n# T\n## 1，A｜B\n', 'x.md');
  assert.equal(readNote(fileOf(planImport(outline, { title: ' Option ' }), 'index.md')).data.title, 'Option');
  assert.equal(readNote(fileOf(planImport(outline, { title: '  ' }), 'index.md')).data.title, 'From Outline');
  assert.equal(readNote(fileOf(planImport(outline), 'index.md')).data.title, 'From Outline');
  const untitled = readNote(fileOf(planImport(parseOutline('# T\n', 'x.md')), 'index.md'));
  assert.deepEqual(untitled.keys, []);
});

test('planImport: relative links follow the note, names stay unique and safe', () => {
  const plan = planImport(parseOutline(fixture('loose.md'), 'loose.md'));
  assert.deepEqual(
    plan.files.map(f => f.path),
    [
      'index.md',
      'loose/index.md',
      'loose/01-Welcome.md',
      'Deep dive/index.md',
      'Deep dive/01-3.0 新特性.md',
      'Deep dive/02-10 30 Keynote.md',
      'Deep dive/02-Tail talk.md',
      'Deep dive/05-Merged talk.md',
    ],
  );
  assert.equal(
    readNote(fileOf(plan, 'Deep dive/index.md')).body,
    'This track has an intro with a [local link](<agenda (v2).pdf>) and ![remote](https://example.com/x.png).',
  );
  assert.equal(readNote(fileOf(plan, 'Deep dive/02-10 30 Keynote.md')).body, 'Notes with `[not a link](code\\span.pdf)` inside code.');
  assert.equal(readNote(fileOf(plan, 'Deep dive/02-10 30 Keynote.md')).data.order, 2);

  const odd = planImport(parseOutline('# CON\n## 1，Same\n## 1，same\n## 100，Big\n# index.md\n# ..\n## 2，a/b:c*d?\n# ?\n', 'x.md'));
  assert.deepEqual(
    odd.files.map(f => f.path),
    [
      'index.md',
      'CON_/index.md',
      'CON_/001-Same.md',
      'CON_/001-same (2).md',
      'CON_/100-Big.md',
      'index.md (2)/index.md',
      'Track 3/index.md',
      'Track 3/02-a b cd.md',
      'Track 4/index.md',
    ],
  );
  assert.equal(readNote(fileOf(odd, 'Track 3/index.md')).data.title, '..');
});

test('rewriteRelativeLinks: only relative targets inside the root move', () => {
  const r = (md: string, dir = 'track') => rewriteRelativeLinks(md, dir);
  assert.equal(r('[a](track\\a.pdf)'), '[a](a.pdf)');
  assert.equal(r('[a](other/a b.pdf "T")'), '[a](<../other/a b.pdf> "T")');
  assert.equal(r('![i](img/x.png) and [b](<track/b (1).pdf>)'), '![i](../img/x.png) and [b](<b (1).pdf>)');
  assert.equal(r('[ref]: track/file.pdf "x"'), '[ref]: file.pdf "x"');
  for (const same of [
    '[a](https://x.example/a b)',
    '![i](https://x.example/i.png)',
    '[a](#anchor)',
    '[a](/abs/a.pdf)',
    '[a](C:\\x.pdf)',
    '[a](mailto:a@b.c)',
    '[a](../outside.pdf)',
    '`[a](track/a.pdf)`',
    '``[a](track/a.pdf)``',
    '```\n[a](track/a.pdf)\n```',
    '[a](unbalanced (x.pdf',
  ]) {
    assert.equal(r(same), same);
  }
  assert.equal(r('`code` [a](track/a.pdf) ``more``'), '`code` [a](a.pdf) ``more``');
  assert.equal(r('[a](x.pdf)', ''), '[a](x.pdf)');
});

test('importOutline writes the seed tree; a second import changes nothing; force replaces and keeps copies', async t => {
  const out = path.join(tempDir(t), 'notes');
  const outline = path.join(outlines, 'ffa2022.md');
  const first = await importOutline(outline, out, { title: 'Flink Forward Asia 2022' });
  assert.deepEqual(first.problems, []);
  assert.equal(first.written.length, 29);
  assert.deepEqual([first.skipped, first.updated, first.backups, first.renamed], [[], [], [], []]);
  // Nothing else: no temporary file left behind, no backup folder.
  assert.deepEqual(tree(out), [...first.written].sort());
  const plan = planImport(parseOutline(fixture('ffa2022.md'), 'ffa2022.md'), { title: 'Flink Forward Asia 2022' });
  for (const f of plan.files) assert.equal(readFileSync(path.join(out, f.path), 'utf8'), f.content);

  const rel = '平台建设/03-Flink 实时计算平台在知乎演进.md';
  const edited = path.join(out, rel);
  const mine = readFileSync(edited, 'utf8').replace('status: todo', 'status: done') + '\nMy own notes 😀\r\n';
  writeFileSync(edited, mine);
  const second = await importOutline(outline, out, { title: 'Flink Forward Asia 2022' });
  assert.deepEqual([second.written, second.updated, second.backups, second.problems], [[], [], [], []]);
  assert.deepEqual(second.skipped, first.written);
  assert.equal(readFileSync(edited, 'utf8'), mine);
  assert.deepEqual(tree(out), [...first.written].sort());

  const forced = await importOutline(outline, out, { force: true, title: 'Flink Forward Asia 2022' });
  assert.deepEqual(forced.problems, []);
  assert.deepEqual(forced.written, [rel], 'only the file that differs is replaced');
  assert.equal(forced.skipped.length, 28);
  assert.equal(readFileSync(edited, 'utf8'), fileOf(plan, rel));
  assert.equal(forced.backups.length, 1);
  const [{ file, backup }] = forced.backups;
  assert.equal(file, rel);
  assert.match(backup, /^\.talk-notes\/backup\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\/平台建设\/03-Flink 实时计算平台在知乎演进\.md$/);
  assert.equal(readFileSync(path.join(out, backup), 'utf8'), mine, 'the replaced text is kept, byte for byte');
  // The backup folder is hidden from the notes.
  const ws = await loadWorkspace(out);
  assert.equal(ws.tracks.flatMap(tr => tr.talks).length, 25);
  assert.ok(ws.tracks.flatMap(tr => tr.talks).every(talk => !talk.file.startsWith('.')));
});

test('importOutline: CRLF + BOM outline gives LF notes; problems name the outline', async t => {
  const out = tempDir(t);
  const report = await importOutline(path.join(outlines, 'crlf-bom.md'), out, {});
  assert.deepEqual(
    report.problems.map(p => [p.file, p.line]),
    [
      ['crlf-bom.md', 8],
      ['crlf-bom.md', 10],
      ['crlf-bom.md', 25],
    ],
  );
  assert.deepEqual(tree(out), ['index.md', '数据湖/01-湖仓一体实践.md', '数据湖/02-安全检查.md', '数据湖/index.md']);
  for (const f of tree(out)) {
    const bytes = readFileSync(path.join(out, f));
    assert.ok(!bytes.includes(0x0d) && bytes[0] !== 0xef, f);
  }
  const note = readNote(readFileSync(path.join(out, '数据湖/02-安全检查.md'), 'utf8'));
  assert.equal(note.data.slides, '数据湖/安全 检查 (1).pdf');
  // The refused link escaped the root, so it is kept exactly as written.
  assert.equal(note.body, '文档：[passwd](..\\..\\etc\\passwd.pdf)');
});

test('importOutline reports unreadable outlines instead of throwing', async t => {
  const dir = tempDir(t);
  const out = path.join(dir, 'out');
  const cases: [string, string | Uint8Array | null, RegExp][] = [
    ['missing.md', null, /Cannot find/],
    ['binary.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), /binary/],
    ['latin1.md', new Uint8Array([0x23, 0x20, 0xe9, 0x74, 0xe9]), /not valid UTF-8/],
    ['utf16.md', new Uint8Array([0xff, 0xfe, 0x23, 0x00, 0x20, 0x00]), /UTF-16/],
  ];
  for (const [name, content, message] of cases) {
    if (content !== null) writeFileSync(path.join(dir, name), content);
    const report = await importOutline(path.join(dir, name), out, {});
    assert.deepEqual([report.written, report.skipped], [[], []], name);
    assert.equal(report.problems.length, 1, name);
    assert.equal(report.problems[0].severity, 'error');
    assert.equal(report.problems[0].file, name);
    assert.match(report.problems[0].message, message);
  }
  const folder = await importOutline(dir, out, {});
  assert.match(folder.problems[0].message, /not a file/);
  const notFolder = await importOutline(path.join(outlines, 'english.md'), path.join(outlines, 'english.md'), {});
  assert.match(notFolder.problems[0].message, /not a folder/);
  assert.deepEqual(notFolder.written, []);
});

test('importOutline: a folder in the way is a problem, the rest is written; the outline is never overwritten', async t => {
  const out = tempDir(t);
  mkdirSync(path.join(out, 'Batch', '01-Sort-merge joins.md'), { recursive: true });
  const report = await importOutline(path.join(outlines, 'english.md'), out, { force: true });
  const blocked = report.problems.filter(p => p.severity === 'error');
  assert.deepEqual(
    blocked.map(p => p.file),
    ['Batch/01-Sort-merge joins.md'],
  );
  assert.equal(report.written.length, 7);

  const dir = tempDir(t);
  const outlinePath = path.join(dir, 'index.md');
  writeFileSync(outlinePath, '# T\n## 1，A｜B\n');
  const self = await importOutline(outlinePath, dir, { force: true });
  assert.equal(readFileSync(outlinePath, 'utf8'), '# T\n## 1，A｜B\n');
  assert.deepEqual(self.skipped, ['index.md']);
  assert.deepEqual(self.written, ['T/index.md', 'T/01-A.md']);
});
