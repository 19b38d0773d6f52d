import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fencedLines } from '../../src/core/markdown/fences';
import { parseOutline, talkOrders, type Outline, type OutlineTalk } from '../../src/core/outline';

const repo = path.resolve(__dirname, '../../..');
const fixture = (name: string) => readFileSync(path.join(repo, 'test/fixtures/outlines', name), 'utf8');

interface ExpectedTalk {
  order: number;
  title: string;
  speakers: string[];
  slides: string;
  video: string;
  article: string | null;
}
interface Expected {
  slidesDownload: string;
  replay: string;
  tracks: { title: string; talks: ExpectedTalk[] }[];
}

function talkOf(outline: Outline, track: string, title: string): OutlineTalk {
  const found = outline.tracks.find(t => t.title === track)?.talks.find(t => t.title === title);
  assert.ok(found, `talk "${title}" in track "${track}"`);
  return found;
}

test('seed outline: conference links, 3 tracks and all 25 talks with every field', () => {
  const outline = parseOutline(fixture('ffa2022.md'), 'ffa2022.md');
  const expected = JSON.parse(fixture('ffa2022.expected.json')) as Expected;
  assert.deepEqual(outline.problems, []);
  assert.equal(outline.conference.title, null);
  assert.equal(outline.conference.slidesDownload, expected.slidesDownload);
  assert.equal(outline.conference.replay, expected.replay);
  assert.equal(outline.conference.overview, '');
  assert.deepEqual(
    outline.tracks.map(t => [t.title, t.talks.length]),
    [
      ['平台建设', 10],
      ['核心技术', 13],
      ['实时风控', 2],
    ],
  );
  assert.equal(
    outline.tracks.reduce((n, t) => n + t.talks.length, 0),
    25,
  );
  for (const [i, track] of expected.tracks.entries()) {
    const got = outline.tracks[i];
    assert.equal(got.title, track.title);
    assert.equal(got.intro, '');
    for (const [k, talk] of track.talks.entries()) {
      const { order, title, speakers, slides, video, article } = got.talks[k];
      assert.deepEqual({ order, title, speakers, slides, video, article }, talk, `${track.title} #${k + 1}`);
    }
  }
  const articles = outline.tracks.flatMap(t => t.talks).filter(t => t.article);
  assert.deepEqual(
    articles.map(t => t.title),
    ['Apache Flink 1.16 功能解读'],
  );
});

test('seed outline: bodies keep notes and images, drop labelled lines, never contain headings', () => {
  const outline = parseOutline(fixture('ffa2022.md'), 'ffa2022.md');
  const talks = outline.tracks.flatMap(t => t.talks);
  const images = talks.reduce((n, t) => n + (t.body.match(/!\[/g) ?? []).length, 0);
  assert.equal(images, 27);
  for (const talk of talks) {
    assert.doesNotMatch(talk.body, /^(文档|视频|文章)：/m, talk.title);
    assert.doesNotMatch(talk.body, /^#{1,2} /m, talk.title);
    assert.equal(talk.body, talk.body.trim() === '' ? '' : talk.body.replace(/^\s*\n/, '').replace(/\n\s*$/, ''));
  }
  const first = outline.tracks[0].talks[0];
  assert.ok(first.body.startsWith('问题：\n\nSQL 作业无法细粒度配置造成资源浪费'));
  assert.ok(first.body.endsWith('需要单独维护及部署 Javaagent jar'));
  // The separator `# =====` sits between talks 7 and 8 of 核心技术 and leaves no trace.
  assert.doesNotMatch(outline.tracks[1].talks[6].body, /=====/);
  assert.equal(outline.tracks[1].talks[7].title, 'Flink OLAP 在字节跳动的查询优化和落地实践');
  // Bodies of talks with only a "问题：" line.
  assert.equal(talkOf(outline, '实时风控', '京东物流实时风控实践').body, '问题：');
});

test('seed outline: the second, unlabelled PDF link of 核心技术 #10 stays in the body', () => {
  const outline = parseOutline(fixture('ffa2022.md'), 'ffa2022.md');
  const talk = outline.tracks[1].talks[9];
  assert.equal(talk.order, 10);
  assert.equal(talk.slides, '核心技术/【5】付典-PyFlink 最新进展解读及典型应用场景介绍.pdf');
  assert.equal(
    talk.body,
    '[付典-PyFlink 最新进展解读及典型应用场景介绍.pdf](核心技术\\【5】付典-PyFlink 最新进展解读及典型应用场景介绍.pdf)\n\n问题：',
  );
});

test('English labels, ASCII punctuation, unnumbered talks, separators and intros', () => {
  const outline = parseOutline(fixture('english.md'), 'english.md');
  assert.deepEqual(outline.conference, {
    title: 'DataConf 2023',
    slidesDownload: 'https://example.com/slides',
    replay: 'https://example.com/replay',
    overview: 'A two-day conference about data systems.\nSlides download: https://example.com/other-slides',
  });
  assert.deepEqual(
    outline.tracks.map(t => t.title),
    ['Streaming', 'Batch'],
  );
  const streaming = outline.tracks[0];
  assert.equal(streaming.intro, 'Streaming talks, recorded on day one.');
  assert.deepEqual(
    streaming.talks.map(({ title, order, speakers, slides, video, article }) => ({ title, order, speakers, slides, video, article })),
    [
      {
        title: 'Exactly-once sinks',
        order: 1,
        speakers: ['Alice Smith', 'Bob Jones'],
        slides: 'Streaming/exactly once (final).pdf',
        video: 'https://www.youtube.com/watch?v=abc123',
        article: 'https://blog.example.com/exactly-once',
      },
      {
        title: 'State at scale',
        order: 2,
        speakers: ['Carol'],
        slides: 'Streaming/state at scale.pdf',
        video: 'https://vimeo.com/12345',
        article: null,
      },
      { title: 'Lightning talks', order: null, speakers: [], slides: 'Streaming/lightning.pdf', video: null, article: null },
      {
        title: 'Closing keynote',
        order: null,
        speakers: ['Dave', 'Erin'],
        slides: null,
        video: 'https://example.com/v?id=1&t=30',
        article: null,
      },
    ],
  );
  assert.equal(
    streaming.talks[0].body,
    '### Key points\n\n- two-phase commit\n- idempotent writes\n\nSee also [the appendix](Streaming\\appendix.pdf) and [the site](https://example.com/docs).',
  );
  assert.equal(streaming.talks[1].body, '');
  const batch = outline.tracks[1].talks[0];
  assert.equal(batch.title, 'Sort-merge joins');
  assert.equal(batch.order, 1);
  assert.equal(batch.slides, null);
  assert.equal(batch.article, 'https://example.com/sort-merge');
  assert.equal(batch.body, 'Slides: https://example.com/deck.pdf');
  // The repeated conference link and the URL given as slides are reported on their lines.
  assert.deepEqual(
    outline.problems.map(p => [p.file, p.line, p.severity]),
    [
      ['english.md', 6, 'warning'],
      ['english.md', 40, 'warning'],
    ],
  );
  assert.match(outline.problems[0].message, /kept the first one \(https:\/\/example\.com\/slides, line 2\)/);
  assert.match(outline.problems[1].message, /Sort-merge joins/);
});

function checkCrlfOutline(outline: Outline) {
  assert.equal(outline.conference.slidesDownload, 'https://example.org/download');
  assert.equal(outline.conference.replay, 'https://example.org/replay');
  assert.deepEqual(
    outline.tracks.map(t => [t.title, t.talks.length]),
    [['数据湖', 2]],
  );
  const [lake, check] = outline.tracks[0].talks;
  assert.equal(lake.title, '湖仓一体实践');
  assert.equal(lake.order, 1);
  assert.deepEqual(lake.speakers, ['张三', '李四', '王五']);
  assert.equal(lake.slides, '数据湖/【1】湖仓 一体.pdf');
  // javascript: is refused, so the first valid video wins and the third is a reported repeat.
  assert.equal(lake.video, 'https://www.bilibili.com/video/BV1xx411c7mD');
  assert.ok(lake.body.startsWith('视频：javascript:alert(1)\n视频：https://www.bilibili.com/video/BV1yy411c7mE\n\n笔记：'));
  assert.ok(lake.body.includes('```sql\n# not a track\n## 2，not a talk｜nobody\n视频：https://example.org/fake\n```'));
  assert.ok(lake.body.endsWith('~~~\n文档：fake.pdf\n~~~'));
  assert.doesNotMatch(lake.body, /\r/);
  assert.equal(check.title, '安全检查');
  assert.equal(check.slides, '数据湖/安全 检查 (1).pdf');
  assert.equal(check.video, 'https://example.org/v/2');
  assert.equal(check.article, null);
  assert.equal(check.body, '文档：[passwd](..\\..\\etc\\passwd.pdf)');
  const problems = outline.problems.map(p => [p.line, p.severity]);
  assert.deepEqual(problems, [
    [8, 'warning'],
    [10, 'warning'],
    [25, 'warning'],
  ]);
  assert.match(outline.problems[0].message, /video.*not an http\(s\) URL/);
  assert.match(
    outline.problems[1].message,
    /second video line; kept the first one \(https:\/\/www\.bilibili\.com\/video\/BV1xx411c7mD, line 9\)/,
  );
  assert.match(outline.problems[2].message, /outside the slides folder/);
}

test('CRLF + BOM, angle brackets, 、/＆ speakers, code fences, repeats and refused values', () => {
  const raw = fixture('crlf-bom.md');
  checkCrlfOutline(parseOutline(raw, 'crlf-bom.md'));
  // The same outline rebuilt here, in case a checkout converted the fixture's line endings.
  const lf = raw.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  checkCrlfOutline(parseOutline('\uFEFF' + lf.replace(/\n/g, '\r\n'), 'crlf-bom.md'));
  checkCrlfOutline(parseOutline(lf, 'crlf-bom.md'));
  checkCrlfOutline(parseOutline(lf.replace(/\n/g, '\r'), 'crlf-bom.md'));
});

test('talks before any track, empty headings, numbers that are titles, unclosed fences, merged tracks', () => {
  const outline = parseOutline(fixture('loose.md'), 'notes/loose.md');
  assert.equal(outline.conference.overview, 'Some notes about the meetup.');
  assert.deepEqual(
    outline.tracks.map(t => [t.title, t.line, t.talks.map(k => [k.title, k.order, k.speakers])]),
    [
      ['loose', 3, [['Welcome', null, ['Host']]]],
      [
        'Deep dive',
        9,
        [
          ['3.0 新特性', null, []],
          ['10:30 Keynote', null, ['A', 'B', 'C']],
          ['Tail talk', 2, ['Z']],
          ['Merged talk', 5, ['Y']],
        ],
      ],
    ],
  );
  const [welcome] = outline.tracks[0].talks;
  assert.equal(welcome.video, 'https://example.com/welcome');
  assert.equal(welcome.body, '');
  const deep = outline.tracks[1];
  assert.equal(
    deep.intro,
    'This track has an intro with a [local link](Deep dive\\agenda (v2).pdf) and ![remote](https://example.com/x.png).',
  );
  assert.equal(deep.talks[0].video, 'https://example.com/30');
  assert.equal(deep.talks[2].slides, 'deep/tail.pdf');
  assert.equal(deep.talks[2].body, '```js\nconst x = 1; // this fence is never closed');
  assert.equal(deep.talks[3].article, 'https://example.com/merged');
  assert.deepEqual(
    outline.problems.map(p => [p.file, p.line, p.severity]),
    [
      ['notes/loose.md', 3, 'info'],
      ['notes/loose.md', 19, 'warning'],
      ['notes/loose.md', 22, 'warning'],
      ['notes/loose.md', 25, 'info'],
    ],
  );
  assert.match(outline.problems[0].message, /put in a track named "loose"/);
  // The two unnumbered talks before it count 1, 2, so "2，Tail talk" repeats a number.
  assert.match(outline.problems[1].message, /"Tail talk" gets number 2 in track "Deep dive", like "10:30 Keynote" on line 16/);
  assert.match(outline.problems[2].message, /never closed/);
  assert.match(outline.problems[3].message, /already started on line 9/);
});

test('talk headings: numbers, separators, speakers', () => {
  const heading = (h: string) => {
    const [talk] = parseOutline(`# T\n${h}\n`, 'x.md').tracks[0].talks;
    return [talk.order, talk.title, talk.speakers];
  };
  assert.deepEqual(heading('## 1，A｜B&C'), [1, 'A', ['B', 'C']]);
  assert.deepEqual(heading('## 2,A|B＆C'), [2, 'A', ['B', 'C']]);
  assert.deepEqual(heading('## 3、A ｜ 李明& 王义'), [3, 'A', ['李明', '王义']]);
  assert.deepEqual(heading('## 4. Flink 2.0 | Ann and Bo, Cy，Di、Ed'), [4, 'Flink 2.0', ['Ann', 'Bo', 'Cy', 'Di', 'Ed']]);
  assert.deepEqual(heading('## 5 ．Title'), [5, 'Title', []]);
  assert.deepEqual(heading('## 1.5 is a version'), [null, '1.5 is a version', []]);
  assert.deepEqual(heading('## A | B ｜ Speaker'), [null, 'A | B', ['Speaker']]);
  assert.deepEqual(heading('## C# in depth｜Anders'), [null, 'C# in depth', ['Anders']]);
  assert.deepEqual(heading('## 6，Closed ##'), [6, 'Closed', []]);
  assert.deepEqual(heading('## 7，Brandon｜Anderson and Brand'), [7, 'Brandon', ['Anderson', 'Brand']]);
  const empty = parseOutline('# T\n## 8，｜Nobody\n', 'x.md');
  assert.equal(empty.tracks[0].talks[0].title, 'Talk 8');
  assert.equal(empty.problems[0].severity, 'warning');
});

test('labels: case, colons, link forms, empty values, trailing remarks', () => {
  const talk = (lines: string) => parseOutline(`# T\n## 1，A｜B\n${lines}\n`, 'x.md');
  let o = talk('pdf : [x](<a/b c.pdf>)\nVIDEO：<https://v.example/1>\nARTICLE:[t](https://a.example/x "Title")');
  assert.deepEqual(
    [o.tracks[0].talks[0].slides, o.tracks[0].talks[0].video, o.tracks[0].talks[0].article],
    ['a/b c.pdf', 'https://v.example/1', 'https://a.example/x'],
  );
  assert.equal(o.tracks[0].talks[0].body, '');
  o = talk('文档：[f](.\\t\\file (1).pdf)\n视频：https://b23.tv/abc （P2 最好）\n文章：');
  assert.equal(o.tracks[0].talks[0].slides, 't/file (1).pdf');
  assert.equal(o.tracks[0].talks[0].video, 'https://b23.tv/abc');
  // The remark after the URL must not be lost.
  assert.equal(o.tracks[0].talks[0].body, '视频：https://b23.tv/abc （P2 最好）');
  assert.deepEqual(o.problems, []);
  o = talk('文档：a/x+y%20z.pdf\n文档：[f](t/file 1).pdf)');
  assert.equal(o.tracks[0].talks[0].slides, 'a/x+y z.pdf');
  assert.match(o.problems[0].message, /second slides line; kept the first one \(a\/x\+y z\.pdf, line 3\)/);
  o = talk('文档：[f](t/file 1).pdf)');
  assert.equal(o.tracks[0].talks[0].slides, 't/file 1).pdf');
  o = talk('视频：file:///etc/passwd\n文章：ftp://x/y\n文档：https://x/y.pdf');
  assert.deepEqual(
    o.problems.map(p => p.line),
    [3, 4, 5],
  );
  assert.equal(o.tracks[0].talks[0].body, '视频：file:///etc/passwd\n文章：ftp://x/y\n文档：https://x/y.pdf');
  // Labels only count directly in a talk: indented code, deeper headings and prose stay.
  o = talk('    视频：https://indented.example\n### 视频：https://h3.example\nThe 视频：https://prose.example');
  assert.equal(o.tracks[0].talks[0].video, null);
});

test('front matter at the top of an outline gives the conference title and links', () => {
  const o = parseOutline('---\ntitle: My Conf\nreplay: https://r.example/\nslidesDownload: javascript:x\n---\nHello\n# T\n', 'x.md');
  assert.equal(o.conference.title, 'My Conf');
  assert.equal(o.conference.replay, 'https://r.example/');
  assert.equal(o.conference.slidesDownload, null);
  assert.equal(o.conference.overview, 'Hello');
  assert.equal(o.problems.length, 1);
  // A thematic break that is not YAML is just text.
  assert.equal(parseOutline('---\nnot: [valid\n---\n', 'x.md').conference.overview, '---\nnot: [valid\n---');
});

test('odd inputs never throw', () => {
  for (const text of [
    '',
    '\uFEFF',
    '#',
    '##',
    '# \n## \n',
    '```',
    '~~~\n# x',
    '\r\r\n\n',
    '\uD800# x',
    '## 1，',
    '# T\n## 999999，x',
    '文档：',
    '# T\n## x\n文档：',
  ]) {
    const o = parseOutline(text, 'x.md');
    assert.ok(!o.problems.some(p => p.message.startsWith('Internal error')), JSON.stringify(text));
  }
  // Defensive against callers outside TypeScript.
  assert.doesNotThrow(() => parseOutline(undefined as unknown as string, null as unknown as string));
});

test('talkOrders: numbers as written, unnumbered talks continue from the previous one', () => {
  const orders = (...o: (number | null)[]) => talkOrders(o.map(order => ({ order })));
  assert.deepEqual(orders(null, null, null), [1, 2, 3]);
  assert.deepEqual(orders(1, null, 3), [1, 2, 3]);
  assert.deepEqual(orders(5, null, 1, null), [5, 6, 1, 2]);
  assert.deepEqual(orders(), []);
});

test('fencedLines pairs fences by kind and length and skips unclosed ones', () => {
  const lines = ['````', '```', '````', 'x', '~~~', '```js', '~~~', '```', 'y'];
  assert.deepEqual(fencedLines(lines), { fenced: [true, true, true, false, true, true, true, false, false], unclosed: [7] });
});
