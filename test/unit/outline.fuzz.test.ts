import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, load } from 'js-yaml';
import { planImport } from '../../src/core/importer';
import { httpUrl } from '../../src/core/links';
import { parseOutline, talkOrders, type Outline } from '../../src/core/outline';

const repo = path.resolve(__dirname, '../../..');
const seed = readFileSync(path.join(repo, 'test/fixtures/outlines/ffa2022.md'), 'utf8');
const RUNS = { numRuns: 200 };

function frontMatter(content: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n(?:\n[\s\S]*)?$/.exec(content);
  assert.ok(m, 'note starts with front matter');
  const data = load(m[1]);
  assert.ok(data && typeof data === 'object' && !Array.isArray(data), 'front matter is a mapping');
  // The loader reads with CORE_SCHEMA; nothing may depend on which schema reads it.
  assert.deepEqual(load(m[1], { schema: CORE_SCHEMA }), data);
  return data as Record<string, unknown>;
}

/** What must hold for any input: no crash, sane problems and fields, safe names, loadable notes. */
function checkAnyInput(text: string): Outline {
  const outline = parseOutline(text, 'fuzz.md');
  const lineCount = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
  for (const p of outline.problems) {
    assert.ok(!p.message.startsWith('Internal error'), p.message);
    assert.equal(p.file, 'fuzz.md');
    assert.ok(p.line === null || (Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount), `line ${p.line}`);
  }
  const { conference } = outline;
  for (const url of [conference.slidesDownload, conference.replay]) if (url !== null) assert.equal(httpUrl(url), url);
  for (const track of outline.tracks) {
    assert.ok(track.title.trim());
    for (const talk of track.talks) {
      assert.ok(talk.title.trim());
      assert.ok(talk.line >= 1 && talk.line <= lineCount);
      if (talk.slides !== null) {
        assert.doesNotMatch(talk.slides, /\\|^\/|^[a-z][a-z0-9+.-]*:/i);
        assert.ok(
          talk.slides.split('/').every(s => s !== '' && s !== '.' && s !== '..'),
          talk.slides,
        );
      }
      for (const url of [talk.video, talk.article]) if (url !== null) assert.equal(httpUrl(url), url);
      assert.ok(!talk.body.includes('\r') && talk.body === talk.body.replace(/^(?:[ \t]*\n)+/, ''));
    }
  }

  const plan = planImport(outline, { title: 'Fuzz' });
  const names = new Set<string>();
  for (const file of plan.files) {
    assert.ok(!names.has(file.path.toLowerCase()), `duplicate ${file.path}`);
    names.add(file.path.toLowerCase());
    for (const segment of file.path.split('/')) {
      assert.doesNotMatch(segment, /[<>:"\\|?*\u0000-\u001f]|^[.\s]|[.\s]$|^$/, segment);
      assert.doesNotMatch(segment.split('.')[0], /^(con|prn|aux|nul|com\d|lpt\d)$/i, segment);
      assert.ok(segment.length <= 100 && !/[\uD800-\uDFFF]/.test(segment.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')), segment);
    }
    assert.ok(!file.content.includes('\r'), file.path);
  }
  // Talk notes come out in outline order after their track's index.md; each must load back.
  const talkFiles = plan.files.filter(f => f.path.split('/').length === 2 && !f.path.endsWith('/index.md'));
  const talks = outline.tracks.flatMap(t => t.talks);
  assert.equal(talkFiles.length, talks.length);
  talkFiles.forEach((file, i) => {
    const data = frontMatter(file.content);
    const talk = talks[i];
    assert.equal(data.title, talk.title);
    assert.deepEqual(data.speakers ?? [], talk.speakers);
    assert.equal(data.slides ?? null, talk.slides);
    assert.equal(data.video ?? null, talk.video);
    assert.equal(data.article ?? null, talk.article);
    assert.equal(data.status, 'todo');
  });
  for (const file of plan.files.filter(f => f.path.endsWith('index.md'))) frontMatter(file.content);
  return outline;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map(c => String.fromCharCode(c));
const structureToken = fc.constantFrom(
  '\n',
  '\r\n',
  '\r',
  '# ',
  '## ',
  '### ',
  '#',
  '1，',
  '12. ',
  '｜',
  '|',
  '&',
  '、',
  ' and ',
  '文档：',
  '视频:',
  '文章：',
  'Slides: ',
  'PDF下载：',
  'Replay: ',
  'Title: ',
  '```',
  '~~~',
  '---',
  '[',
  '](',
  ')',
  '(',
  '<',
  '>',
  '\\',
  '..\\',
  'https://',
  'javascript:',
  'x.pdf',
  ' ',
  '\t',
  '=====',
  '\uFEFF',
  '\u0000',
  '%2e',
  'CON',
  '.',
  '😀',
  '\u200d',
);
const anyText = fc.string({ unit: fc.oneof(structureToken, fc.string({ unit: 'binary', maxLength: 3 }), loneSurrogate), maxLength: 120 });

test('fuzz: random text never breaks the parser or the planner', () => {
  fc.assert(
    fc.property(anyText, text => void checkAnyInput(text)),
    RUNS,
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), text => void checkAnyInput(text)),
    RUNS,
  );
});

type Mutation =
  | { kind: 'delete' | 'duplicate'; at: number; count: number }
  | { kind: 'insert'; at: number; offset: number; text: string }
  | { kind: 'swap'; at: number; to: number }
  | { kind: 'crlf' | 'bom' | 'cr' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), offset: fc.nat(), text: anyText }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constantFrom('crlf' as const, 'bom' as const, 'cr' as const) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  const lines = text.split('\n');
  let eol = '\n';
  let bom = '';
  for (const m of mutations) {
    if (m.kind === 'crlf') eol = '\r\n';
    else if (m.kind === 'cr') eol = '\r';
    else if (m.kind === 'bom') bom = '\uFEFF';
    if (!lines.length || !('at' in m)) continue;
    const i = m.at % lines.length;
    if (m.kind === 'delete') lines.splice(i, m.count);
    else if (m.kind === 'duplicate') lines.splice(i, 0, ...lines.slice(i, i + m.count));
    else if (m.kind === 'swap') [lines[i], lines[m.to % lines.length]] = [lines[m.to % lines.length], lines[i]];
    else if (m.kind === 'insert') {
      const at = m.offset % (lines[i].length + 1);
      lines[i] = lines[i].slice(0, at) + m.text + lines[i].slice(at);
    }
  }
  return bom + lines.join(eol);
}

test('fuzz: mutations of the seed outline (deletions, duplications, swaps, CRLF, unicode) stay safe', () => {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), mutations => {
      const text = mutate(seed, mutations);
      const outline = checkAnyInput(text);
      // Untouched line endings aside, a single CRLF/BOM mutation must not change what is found.
      if (mutations.every(m => m.kind === 'crlf' || m.kind === 'bom' || m.kind === 'cr')) {
        assert.deepEqual(outline, parseOutline(seed, 'fuzz.md'));
      }
    }),
    RUNS,
  );
});

// ---- Generated outlines: every well-formed talk must be found with exactly its fields. ----

const chars = Array.from('abcdefghijklmnopqrstuvwxyzABCXYZ流批一体数据湖实时风控平台建设éßΩ😀');
const word = fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 8 });
const title = fc
  .tuple(word, fc.array(fc.tuple(fc.constantFrom(' ', ' - ', ': ', '/', '.', ' (', ') ', '，', ' & ', '+'), word), { maxLength: 4 }))
  .map(([first, rest]) => first + rest.map(([j, w]) => j + w).join(''));
const speaker = fc
  .array(
    word.filter(w => w.toLowerCase() !== 'and'),
    { minLength: 1, maxLength: 2 },
  )
  .map(ws => ws.join(' '));
// Parentheses only in balanced pairs: `[t](a) (b).pdf)` is ambiguous even to people.
const fileWord = fc
  .string({ unit: fc.constantFrom(...chars, ' ', ' (1)', '(2)', '+', '&', '-', '_', '【', '】', '1', '2'), minLength: 1, maxLength: 12 })
  .map(w => `x${w}x`);
const slidesPath = fc.tuple(word, fileWord).map(([dir, name]) => `${dir}/${name}.pdf`);
const url = fc
  .tuple(
    fc.constantFrom('https://www.bilibili.com/video/', 'http://example.com/', 'https://b23.tv/'),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019_-'), minLength: 1, maxLength: 10 }),
    fc.constantFrom('', '?p=2', '?a=1&b=2', '/#x'),
  )
  .map(([base, p, q]) => base + p + q);

const colon = fc.constantFrom('：', ':', ' : ', '： ', ':  ');
function labelled(labels: string[], value: fc.Arbitrary<string>, forms: ((v: string) => string)[]) {
  return fc
    .tuple(fc.constantFrom(...labels), colon, value, fc.constantFrom(...forms))
    .map(([l, c, v, f]) => ({ line: l + c + f(v), value: v }));
}
const linkForms = [(v: string) => v, (v: string) => `<${v}>`, (v: string) => `[text](${v})`, (v: string) => `[a (b)](<${v}>)`];
const slidesLine = labelled(['文档', 'Slides', 'slides', 'PDF', 'pdf', 'SLIDES'], slidesPath, [
  ...linkForms,
  v => '.\\' + v.replace(/\//g, '\\'),
  v => `[f](.\\${v.replace(/\//g, '\\')})`,
]);
const videoLine = labelled(['视频', 'Video', 'VIDEO'], url, [...linkForms, v => `[t](${v} "title")`]);
const articleLine = labelled(['文章', 'Article', 'article'], url, linkForms);

const bodyLine = fc.constantFrom(
  '',
  '',
  '问题：',
  'Some notes.',
  '- a list item',
  '1. numbered',
  '**bold** text',
  '> quote',
  '   indented text',
  '\tTabbed',
  '![img](https://example.com/i.png)',
  'text with [link](https://x.example)',
  '### Subheading',
  '#### deeper',
  'PDF下载：https://x.example/body',
  'Notes: 视频 in prose',
  'The slides: see above',
  '```\n# not a track\n## 1，not a talk｜x\n视频：https://fake.example\n```',
  '~~~md\n文档：fake.pdf\n## 2，nor this\n~~~',
);
const preambleLine = fc.constantFrom(
  '',
  'About the conference.',
  '- day one',
  '![banner](https://example.com/b.png)',
  '```\n# fenced\n```',
);

interface GenTalk {
  order: number | null;
  title: string;
  speakers: string[];
  heading: string;
  labels: { field: 'slides' | 'video' | 'article'; line: string; value: string }[];
  gaps: boolean;
  body: string[];
  separatorAfter: string | null;
}

const talkArb: fc.Arbitrary<GenTalk> = fc
  .record({
    order: fc.option(fc.integer({ min: 0, max: 999 }), { nil: null }),
    numberSep: fc.constantFrom('，', ',', '、', '.', '. ', ' ，', ')', '）', '：', ': '),
    title,
    speakers: fc.array(speaker, { maxLength: 4 }),
    joiners: fc.array(fc.constantFrom('&', '＆', '、', ',', '，', ' and ', ' & ', '& ', ' ＆ '), { minLength: 4, maxLength: 4 }),
    bar: fc.constantFrom('｜', '|', ' | ', ' ｜ '),
    emptyBar: fc.boolean(),
    slides: fc.option(slidesLine, { nil: null }),
    video: fc.option(videoLine, { nil: null }),
    article: fc.option(articleLine, { nil: null }),
    order2: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    gaps: fc.boolean(),
    body: fc.array(bodyLine, { maxLength: 6 }),
    separatorAfter: fc.option(fc.constantFrom('# =====', '# ---', '# * * *', '## ======'), { nil: null, freq: 4 }),
  })
  .map(r => {
    const speakerText = r.speakers.map((s, i) => (i ? r.joiners[i - 1] : '') + s).join('');
    const tail = r.speakers.length ? r.bar + speakerText : r.emptyBar ? r.bar : '';
    const heading = `## ${r.order === null ? '' : r.order + r.numberSep}${r.title}${tail}`;
    const labels = (['slides', 'video', 'article'] as const)
      .flatMap(field => (r[field] ? [{ field, ...r[field]! }] : []))
      .map((l, i) => ({ l, k: r.order2[i] }))
      .sort((a, b) => a.k - b.k)
      .map(({ l }) => l);
    return {
      order: r.order,
      title: r.title,
      speakers: r.speakers,
      heading,
      labels,
      gaps: r.gaps,
      body: r.body,
      separatorAfter: r.separatorAfter,
    };
  });

const trackArb = fc.record({
  title,
  intro: fc.array(fc.constantFrom('', 'Track intro.', 'More context here.', '视频：only text in an intro'), { maxLength: 3 }),
  talks: fc.array(talkArb, { maxLength: 5 }),
});

const outlineArb = fc.record({
  slidesDownload: fc.option(fc.tuple(fc.constantFrom('PDF下载：', 'Slides download: ', 'slides download:'), url), { nil: null }),
  replay: fc.option(fc.tuple(fc.constantFrom('直播回放：', 'Replay: ', 'REPLAY:'), url), { nil: null }),
  overview: fc.array(preambleLine, { maxLength: 4 }),
  tracks: fc.array(trackArb, { minLength: 1, maxLength: 4 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
});

function joinTrimmed(lines: string[]): string {
  return lines
    .join('\n')
    .split('\n')
    .join('\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .replace(/(?:\n[ \t]*)+$/, '')
    .replace(/^[ \t]*$/, '');
}

test('property: every well-formed talk in a generated outline is found with the right fields', () => {
  fc.assert(
    fc.property(outlineArb, gen => {
      const lines: string[] = [];
      if (gen.slidesDownload) lines.push(gen.slidesDownload.join(''));
      if (gen.replay) lines.push(gen.replay.join(''));
      lines.push(...gen.overview, '');
      // Titles get the track's position so two generated tracks never share a title (they would merge).
      const tracks = gen.tracks.map((t, i) => ({ ...t, title: `${t.title} ${i + 1}` }));
      for (const track of tracks) {
        lines.push(`# ${track.title}`, ...track.intro);
        for (const talk of track.talks) {
          lines.push(talk.heading);
          for (const l of talk.labels) lines.push(l.line, ...(talk.gaps ? [''] : []));
          lines.push(...talk.body);
          if (talk.separatorAfter) lines.push('', talk.separatorAfter, '');
        }
      }
      const text = (gen.bom ? '\uFEFF' : '') + lines.join('\n').split('\n').join(gen.eol);
      const outline = checkAnyInput(text);

      // Random numbers may repeat within a track; that is the only thing worth a problem here.
      const repeats = outline.tracks.reduce((n, t) => n + t.talks.length - new Set(talkOrders(t.talks)).size, 0);
      assert.deepEqual(
        outline.problems.filter(p => !/ gets number \d+ in track /.test(p.message)),
        [],
      );
      assert.equal(outline.problems.length, repeats);
      assert.equal(outline.conference.slidesDownload, gen.slidesDownload?.[1] ?? null);
      assert.equal(outline.conference.replay, gen.replay?.[1] ?? null);
      assert.equal(outline.conference.overview, joinTrimmed(gen.overview));
      assert.deepEqual(
        outline.tracks.map(t => t.title),
        tracks.map(t => t.title),
      );
      tracks.forEach((track, i) => {
        const got = outline.tracks[i];
        assert.equal(got.intro, joinTrimmed(track.intro));
        assert.equal(got.talks.length, track.talks.length);
        track.talks.forEach((talk, k) => {
          const field = (f: 'slides' | 'video' | 'article') => talk.labels.find(l => l.field === f)?.value ?? null;
          const found = got.talks[k];
          assert.deepEqual(
            {
              order: found.order,
              title: found.title,
              speakers: found.speakers,
              slides: found.slides,
              video: found.video,
              article: found.article,
              body: found.body,
            },
            {
              order: talk.order,
              title: talk.title,
              speakers: talk.speakers,
              slides: field('slides'),
              video: field('video'),
              article: field('article'),
              body: joinTrimmed(talk.body),
            },
            talk.heading,
          );
        });
      });
    }),
    RUNS,
  );
});

test('adversarial inputs stay linear (a quadratic scan would take many seconds here)', () => {
  const cases = {
    unclosedFences: '# T\n## 1，a\n' + '```js\n'.repeat(20000),
    longHeading: '# T\n## 1，a ' + '# '.repeat(50000) + '\n',
    openLinks: '# T\n## 1，a\n' + '[a]('.repeat(25000) + '\n',
    openAngles: '# T\n## 1，a\n' + '[a](<x'.repeat(20000) + '\n',
    sameTitles: '# T\n' + '## 1，same｜b\n文档：a.pdf\n'.repeat(5000),
    longTitle: '# T\n## 1，' + 'a'.repeat(100000) + '\n',
    spaces: '# T\n## 1，a\n视频' + ' '.repeat(100000) + 'x\n' + 'y' + ' '.repeat(100000) + '#\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const started = Date.now();
    planImport(parseOutline(text, 'big.md'));
    assert.ok(Date.now() - started < 2000, `${name} took ${Date.now() - started} ms`);
  }
});
