// A large, deterministic notes workspace for the real-VS-Code benchmark and the scale test:
// `tracks` × `talksPerTrack` notes (default 50 × 200 = 10,000) with realistic front matter and
// Markdown bodies of 1–5 KB mixing Chinese and English, slide PDFs on disk for most talks, and a
// few thousand notes with problems of every kind the checks report:
//   - broken YAML front matter (an unclosed flow sequence)           every 40th talk
//   - slides that are not on disk (per-talk warnings: most are there) every 5th talk
//   - a title used twice in its track                                every 25th talk
//   - unsafe links (`javascript:` video, `file:` article)             every 30th talk
//   - an unknown status                                              every 45th talk
// The same arguments always write the same bytes (a seeded generator, no clock, no randomness).
//
//   node test/bench/largeWorkspace.mjs <dir> [--tracks 50] [--talks 200] [--json]
// (--json prints what generateLargeWorkspace returns instead of a summary line.)
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: tiny, fast and good enough to vary the text. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  'Checkpoint',
  'State Backend',
  'Flink SQL',
  'CDC',
  'OLAP',
  'Shuffle',
  'Watermark',
  'Kafka Connector',
  'PyFlink',
  '批流一体',
];
const COMPANIES = ['美团', '蚂蚁', '知乎', '小米', '联通', '货拉拉', '爱奇艺', '阿里', '字节跳动', '京东', 'Shopee', '快手'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['志刚', '剑辉', '彬', '承昆', '润康', '晓东', '雪', '伟', '芳', '磊', '静', '超'];
const TRACK_NAMES = ['平台建设', '核心技术', '实时风控', '流批一体', '数据湖', '机器学习', '行业实践', '开源生态', '云原生', '实时数仓'];
const SENTENCES = [
  'Flink SQL 作业无法细粒度配置造成资源浪费，修改逻辑后无法从原先状态恢复。',
  '数据正确性问题难以排查（丢数、乱序），需要端到端的 Trace 系统。',
  'Unaligned checkpoint 在反压严重时显著缩短了 checkpoint 的时间。',
  'We moved the state backend to a remote store and kept a local cache for hot keys.',
  '通过字节码增强在算子入口处增加 trace 代码，对业务代码没有侵入。',
  'The JobManager failover reuses the running TaskManagers, so a restart takes seconds.',
  '增量 checkpoint 基于 changelog，上传量与状态大小无关，只与变化量有关。',
  'Adaptive batch scheduling decides the parallelism of each stage from the data it reads.',
  '维表 Join 使用异步 IO 与缓存，命中率在 95% 以上。',
  'Hybrid shuffle combines the strengths of pipelined and blocking shuffle.',
];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function speakers(rand) {
  const n = 1 + Math.floor(rand() * 3);
  return Array.from({ length: n }, () => pick(rand, SURNAMES) + pick(rand, GIVEN));
}

/** A Markdown body of about `target` bytes: headings, paragraphs, lists, a table, code, links, images. */
function body(rand, target, n) {
  const out = [];
  let size = 0;
  const push = s => {
    out.push(s, '');
    size += Buffer.byteLength(s) + 2;
  };
  push(`## 背景与问题 ${n}`);
  while (size < target) {
    const kind = Math.floor(rand() * 8);
    if (kind === 0) push(`### ${pick(rand, TOPICS)} 的优化`);
    else if (kind === 1) push(Array.from({ length: 3 }, (_, i) => `${i + 1}. ${pick(rand, SENTENCES)}`).join('\n'));
    else if (kind === 2)
      push(
        `| 指标 | 优化前 | 优化后 |\n| --- | ---: | ---: |\n| 延迟 | ${10 + (n % 90)} s | ${1 + (n % 9)} s |\n| 资源 | 100% | ${40 + (n % 50)}% |`,
      );
    else if (kind === 3) push('```java\nenv.enableCheckpointing(60_000);\nenv.getCheckpointConfig().enableUnalignedCheckpoints();\n```');
    else if (kind === 4)
      push(
        `参考：[社区文档](https://nightlies.apache.org/flink/flink-docs-stable/) 与 [FLIP-${100 + (n % 200)}](https://cwiki.apache.org/confluence/display/FLINK/FLIP-${100 + (n % 200)})`,
      );
    else if (kind === 5) push(`![架构图 ${n}](https://example.invalid/images/${n}-${size}.png)`);
    else push(`${pick(rand, SENTENCES)}${pick(rand, SENTENCES)}${pick(rand, SENTENCES)}`);
  }
  return out.join('\n');
}

/** Minimal bytes that are a PDF by signature; the checks only stat the file. */
const PDF_STUB = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

/**
 * Writes the workspace into `dir` (which must be empty or absent) and returns what it wrote:
 * { dir, talks, tracks, files: { broken, missingSlides, duplicateTitles, unsafeLinks, badStatus },
 *   problemTalks (the first of each kind, keyed like `files`), firstTalks (of each track), firstTalk,
 *   sampleTalk (a healthy talk mid-workspace) } where a talk
 * is { title, track, file, speakers }.
 */
export function generateLargeWorkspace(dir, { tracks = 50, talksPerTrack = 200 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.md'),
    '---\ntitle: Generated Conference 2024\nslidesDownload: https://example.invalid/download\nreplay: https://example.invalid/replay\n---\n\n' +
      '一个用于基准测试的大型会议：每个分会场两百场分享。\n',
  );
  const counts = { broken: 0, missingSlides: 0, duplicateTitles: 0, unsafeLinks: 0, badStatus: 0 };
  let sampleTalk = null;
  /** The first talk of each track, as the tree lists it. */
  const firstTalks = [];
  /** The first talk with each kind of problem. */
  const problemTalks = {};
  let n = 0;
  for (let t = 0; t < tracks; t++) {
    const trackTitle = `${TRACK_NAMES[t % TRACK_NAMES.length]} ${Math.floor(t / TRACK_NAMES.length) + 1}`;
    const folderName = `${String(t + 1).padStart(2, '0')}-${trackTitle}`;
    const folder = path.join(dir, folderName);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'index.md'), `---\ntitle: ${trackTitle}\norder: ${t + 1}\n---\n`);
    let previousTitle = '';
    for (let k = 0; k < talksPerTrack; k++, n++) {
      const rand = random(n + 1);
      const company = pick(rand, COMPANIES);
      const topic = pick(rand, TOPICS);
      let title = `${topic} 在${company}的实践 #${n}`;
      if (n % 25 === 24) {
        title = previousTitle;
        counts.duplicateTitles++;
      }
      previousTitle = title;
      const names = speakers(rand);
      const pdf = `【${n}】${names.join('&')}-${topic}.pdf`;
      const missing = n % 5 === 3;
      if (missing) counts.missingSlides++;
      else fs.writeFileSync(path.join(folder, pdf), PDF_STUB);
      const unsafe = n % 30 === 7;
      if (unsafe) counts.unsafeLinks++;
      const badStatus = n % 45 === 11;
      if (badStatus) counts.badStatus++;
      const broken = n % 40 === 19;
      if (broken) counts.broken++;
      const fm = [
        '---',
        `title: "${title}"`,
        broken ? `speakers: [${names.join(', ')}` : `speakers:\n${names.map(s => `  - ${s}`).join('\n')}`,
        `order: ${k + 1}`,
        `slides: ${folderName}/${pdf}`,
        unsafe
          ? 'video: javascript:alert(1)'
          : `video: https://www.bilibili.com/video/BV1${String(n).padStart(6, '0')}pB/?p=${1 + (n % 3)}`,
        unsafe ? 'article: file:///etc/passwd' : `article: https://example.invalid/articles/${n}`,
        `status: ${badStatus ? 'finished' : ['todo', 'watching', 'done'][n % 3]}`,
        `tags: [${topic.toLowerCase().replace(/\s+/g, '-')}, ${company}]`,
        '---',
        '',
      ].join('\n');
      const size = 1024 + Math.floor(rand() * 4096);
      const file = `${String(k + 1).padStart(3, '0')}-${topic.replace(/\s+/g, '-')}-${n}.md`;
      fs.writeFileSync(path.join(folder, file), `${fm}\n${body(rand, size, n)}`);
      const info = { title, track: trackTitle, file: `${folderName}/${file}`, speakers: names };
      if (k === 0) firstTalks.push(info);
      if (broken) problemTalks.broken ??= info;
      if (missing) problemTalks.missingSlides ??= info;
      if (n % 25 === 24) problemTalks.duplicateTitles ??= info;
      if (unsafe) problemTalks.unsafeLinks ??= info;
      if (badStatus) problemTalks.badStatus ??= info;
      // A healthy talk in the middle of the workspace, for tests that open one.
      if (!sampleTalk && t === Math.floor(tracks / 2) && !broken && !unsafe && !missing && n % 25 !== 24 && k >= talksPerTrack / 2)
        sampleTalk = info;
    }
  }
  return {
    dir,
    talks: n,
    tracks,
    files: counts,
    problemTalks,
    firstTalks,
    firstTalk: firstTalks[0],
    sampleTalk: sampleTalk ?? firstTalks[0],
  };
}

// By name, not by import.meta: the extension-host tests bundle this module as CommonJS.
if (/[\\/]largeWorkspace\.mjs$/.test(process.argv[1] ?? '')) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const dir = args.find(a => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!dir) {
    console.error('usage: node test/bench/largeWorkspace.mjs <dir> [--tracks 50] [--talks 200] [--json]');
    process.exit(2);
  }
  const t0 = Date.now();
  const r = generateLargeWorkspace(path.resolve(dir), { tracks: opt('tracks', 50), talksPerTrack: opt('talks', 200) });
  if (args.includes('--json')) console.log(JSON.stringify(r));
  else console.log(`${r.talks} talks in ${r.tracks} tracks at ${r.dir} (${Date.now() - t0} ms); problems: ${JSON.stringify(r.files)}`);
}
