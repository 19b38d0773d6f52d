// Past 450 lines: the renderer's rules (safety, links, chips, images, headings) are examples of one
// function's output, read side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { createRenderer, slugify, type NotesRenderer, type RenderOptions } from '../../src/core/render';

const SEED = readFileSync(path.join(process.cwd(), 'test/fixtures/outlines/ffa2022.md'), 'utf8');

/** Talk bodies of the seed outline: what follows each `## ` heading up to the next heading. */
function seedTalks(): { title: string; body: string }[] {
  const talks: { title: string; body: string }[] = [];
  let current: { title: string; lines: string[] } | null = null;
  const flush = () => {
    if (current) talks.push({ title: current.title, body: current.lines.join('\n') });
    current = null;
  };
  for (const line of SEED.split('\n')) {
    if (/^#\s/.test(line)) flush();
    else if (/^##\s/.test(line)) {
      flush();
      current = { title: line.slice(3), lines: [] };
    } else current?.lines.push(line);
  }
  flush();
  return talks;
}

function renderer(): Promise<NotesRenderer> {
  return createRenderer();
}

const WEBVIEW = 'https://file+.vscode-resource.vscode-cdn.net/notes/';
/** Like the extension's: remote https stays, relative paths become webview URIs, the rest is refused. */
function recordingResolver(): { calls: string[]; resolveImage: RenderOptions['resolveImage'] } {
  const calls: string[] = [];
  return {
    calls,
    resolveImage(src) {
      calls.push(src);
      if (src.startsWith('https://')) return src;
      if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return null;
      return WEBVIEW + encodeURI(src);
    },
  };
}

function attrs(html: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const record: Record<string, string> = {};
    for (const a of m[1].matchAll(/([a-z-]+)="([^"]*)"/g)) record[a[1]] = unescape(a[2]);
    out.push(record);
  }
  return out;
}

function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

test('createRenderer loads markdown-it once and hands out the same renderer', async () => {
  const [a, b] = await Promise.all([createRenderer(), createRenderer()]);
  assert.equal(a, b);
  assert.equal(await createRenderer(), a);
});

test('every image of every seed talk goes through the resolver and keeps its original', async () => {
  const r = await renderer();
  const talks = seedTalks();
  assert.equal(talks.length, 25);
  const { calls, resolveImage } = recordingResolver();
  let images = 0;
  const emitted: Record<string, string>[] = [];
  for (const talk of talks) {
    const out = r.render(talk.body, { resolveImage });
    images += out.images;
    emitted.push(...attrs(out.html, 'img'));
    assert.doesNotMatch(out.html, /tn-image-placeholder/, talk.title);
  }
  assert.equal(images, 27);
  assert.equal(calls.length, 27);
  assert.equal(emitted.length, 27);
  for (const [i, img] of emitted.entries()) {
    assert.match(calls[i], /^https:\/\/jrebe-note-pic\.oss-cn-shenzhen\.aliyuncs\.com\/img\/image-\d+\.png$/);
    assert.equal(img.src, calls[i]);
    assert.equal(img['data-src-original'], calls[i]);
    assert.equal(img.loading, 'lazy');
    assert.match(img.alt, /^image-\d+$/);
  }
});

test('the whole seed renders with unique heading ids and the talk titles as headings', async () => {
  const r = await renderer();
  const out = r.render(SEED, recordingResolver());
  const ids = out.headings.map(h => h.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(out.headings.filter(h => h.level === 2).length, 25);
  const first = out.headings.find(h => h.level === 2);
  assert.deepEqual(first, {
    level: 2,
    text: '1，Flink SQL 在美团实时数仓生产中的增强与实践｜董剑辉&张彬',
    id: '1flink-sql-在美团实时数仓生产中的增强与实践董剑辉张彬',
  });
  assert.match(out.html, /<h2 data-line="8" id="1flink-sql-在美团实时数仓生产中的增强与实践董剑辉张彬">/);
  assert.equal(out.images, 27);
});

test('duplicate headings get -1, -2 without colliding with written ids', async () => {
  const r = await renderer();
  const out = r.render('# 问题\n## 问题\n# A\n# a\n# A-1\n# a\n# !!!\n# ？？\n# `code` *em* [link](x)', recordingResolver());
  assert.deepEqual(
    out.headings.map(h => h.id),
    ['问题', '问题-1', 'a', 'a-1', 'a-1-1', 'a-2', 'section', 'section-1', 'code-em-link'],
  );
  assert.equal(out.headings[8].text, 'code em link');
  assert.equal(slugify('Flink Shuffle 3.0: Vision, Roadmap and Progress｜宋辛童'), 'flink-shuffle-30-vision-roadmap-and-progress宋辛童');
});

test('raw HTML in a note is shown as text, never as markup', async () => {
  const r = await renderer();
  const note = [
    '<script>alert(1)</script>',
    '',
    'inline <img src=x onerror="alert(2)"> and <iframe src="evil.html"></iframe>',
    '',
    '<div onclick="alert(3)">block</div>',
    '',
    '<style>body{display:none}</style>',
  ].join('\n');
  const { html } = r.render(note, recordingResolver());
  assert.doesNotMatch(html, /<(script|iframe|div|style)\b/i);
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /&lt;img src=x onerror=&quot;alert\(2\)&quot;&gt;/);
  assert.match(html, /&lt;iframe src=&quot;evil\.html&quot;&gt;&lt;\/iframe&gt;/);
});

test('script, file and data links are not live; nothing reaches the resolvers', async () => {
  const r = await renderer();
  const note = [
    '[x](javascript:alert(1))',
    '[y](JaVaScRiPt:alert(1))',
    '[z](&#106;avascript:alert(1))',
    '<javascript:alert(1)>',
    '[v](vbscript:msgbox)',
    '[f](file:///etc/passwd)',
    '[d](data:text/html;base64,PHNjcmlwdD4=)',
    '![i](javascript:alert(1))',
    '![s](data:image/svg+xml;base64,PHN2Zz4=)',
    '![f](file:///C:/Users/me/a.png)',
  ].join('\n\n');
  const links: string[] = [];
  const images = recordingResolver();
  const { html } = r.render(note, { resolveImage: images.resolveImage, resolveLink: href => (links.push(href), href) });
  assert.doesNotMatch(html, /<a\b/);
  assert.doesNotMatch(html, /<img\b/);
  assert.deepEqual(links, []);
  assert.deepEqual(images.calls, []);
  assert.match(html, /\[x\]\(javascript:alert\(1\)\)/);
});

test('percent-escaped schemes are checked after decoding, too', async () => {
  const r = await renderer();
  const images = recordingResolver();
  const links: string[] = [];
  const { html } = r.render('[a](java%73cript:alert(1)) [b](java%0Ascript:alert(1)) ![c](fil%65:///etc/x.png)', {
    resolveImage: images.resolveImage,
    resolveLink: href => (links.push(href), href),
  });
  assert.deepEqual(links, []);
  assert.deepEqual(images.calls, []);
  for (const a of attrs(html, 'a')) assert.equal(a.href, '#');
  assert.match(
    html,
    /<span class="tn-image-placeholder" data-src-original="file:\/\/\/etc\/x.png"><span class="tn-image-alt">c<\/span><\/span>/,
  );
});

test('a resolver handing back a script URL is overruled', async () => {
  const r = await renderer();
  const { html } = r.render('![a](x.png) [b](y.md)', {
    resolveImage: () => ' javascript:alert(1)',
    resolveLink: () => 'java\nscript:alert(1)',
  });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /tn-image-placeholder/);
  assert.deepEqual(attrs(html, 'a')[0], { href: '#', 'data-href': 'y.md' });
});

test('links carry their original target; only http(s) and #anchors keep an href', async () => {
  const r = await renderer();
  const note = [
    '[第 12 页](slides.pdf#page=12)',
    '[site](https://flink.apache.org/)',
    '[top](#问题)',
    '[mail](mailto:a@b.c)',
    '[dir](<平台建设/【2】a b.pdf>)',
    '[enc](%E5%B9%B3%E5%8F%B0.pdf)',
    '[proto-relative](//evil.example/)',
  ].join(' ');
  const { html } = r.render(note, recordingResolver());
  assert.deepEqual(attrs(html, 'a'), [
    { href: '#', 'data-href': 'slides.pdf#page=12', class: 'tn-chip tn-chip-slide' },
    { href: 'https://flink.apache.org/', 'data-href': 'https://flink.apache.org/' },
    { href: '#%E9%97%AE%E9%A2%98', 'data-href': '#问题' },
    { href: '#', 'data-href': 'mailto:a@b.c' },
    { href: '#', 'data-href': '平台建设/【2】a b.pdf' },
    { href: '#', 'data-href': '平台.pdf' },
    { href: '#', 'data-href': '//evil.example/' },
  ]);
});

test('resolveLink decides the href; data-href stays the original', async () => {
  const r = await renderer();
  const seen: string[] = [];
  const { html } = r.render('[a](notes/b.md) [c](https://x.example/)', {
    resolveImage: () => null,
    resolveLink: href => (seen.push(href), href.startsWith('https:') ? null : `https://webview.test/${href}`),
  });
  assert.deepEqual(seen, ['notes/b.md', 'https://x.example/']);
  assert.deepEqual(attrs(html, 'a'), [
    { href: 'https://webview.test/notes/b.md', 'data-href': 'notes/b.md' },
    { href: '#', 'data-href': 'https://x.example/' },
  ]);
});

test('slide pages and video timestamps render as chips with the text as written', async () => {
  const r = await renderer();
  const note = [
    '[第 12 页](slides.pdf#page=12)',
    '[p3](<../平台建设/【1】周凯波-阿里实时计算平台建设实践.PDF#page=3>)',
    '[12:05](https://www.bilibili.com/video/BV1ND4y1v7zG/?p=2&t=725)',
    '[yt](https://www.youtube.com/watch?v=abc&t=1m5s)',
    '[vimeo](https://vimeo.com/1#t=90)',
    '[no time](https://www.bilibili.com/video/BV1ND4y1v7zG/)',
    '[not a time](https://example.com/search?t=flink)',
    '[no page](slides.pdf#zoom=2)',
    '[p.4](#slide=4)',
  ].join(' ');
  const { html } = r.render(note, recordingResolver());
  const classes = attrs(html, 'a').map(a => a.class ?? '');
  assert.deepEqual(classes, [
    'tn-chip tn-chip-slide',
    'tn-chip tn-chip-slide',
    'tn-chip tn-chip-video',
    'tn-chip tn-chip-video',
    'tn-chip tn-chip-video',
    '',
    '',
    '',
    'tn-chip tn-chip-slide',
  ]);
  // The video chips share the paragraph with slide chips: each names the slide before it.
  assert.match(html, /class="tn-chip tn-chip-video" data-slide="3">12:05<\/a>/);
  assert.match(html, /data-href="https:\/\/www.bilibili.com\/video\/BV1ND4y1v7zG\/\?p=2&amp;t=725"/);
  // A bare URL with a timestamp is a chip too, its text the URL as typed.
  const bare = r.render('跳到 https://www.bilibili.com/video/BV1x/?t=90 看', recordingResolver()).html;
  assert.match(
    bare,
    /<a href="https:\/\/www.bilibili.com\/video\/BV1x\/\?t=90" data-href="[^"]+" class="tn-chip tn-chip-video">https:\/\/www.bilibili.com\/video\/BV1x\/\?t=90<\/a> 看/,
  );
});

test('a video chip names its paired slide, and shows one play sign whoever wrote it', async () => {
  const r = await renderer();
  const v = 'https://www.bilibili.com/video/BV1x/?p=2';
  const { html } = r.render(
    [
      `- [p.12](#slide=12) [▶ 12:34](${v}&t=754)`,
      `- [▶ 1:00](${v}&t=60) before [第 3 页](deck.pdf#page=3)`,
      `- [2:00](${v}&t=120) with no slide`,
      '',
      `A paragraph [p.4](#slide=4)`,
      `[▶ 3:00](${v}&t=180) on its next line`,
    ].join('\n'),
    recordingResolver(),
  );
  const videos = attrs(html, 'a').filter(a => a.class?.includes('tn-chip-video'));
  assert.deepEqual(
    videos.map(a => [a.class, a['data-slide']]),
    [
      ['tn-chip tn-chip-video tn-chip-has-icon', '12'],
      ['tn-chip tn-chip-video tn-chip-has-icon', '3'],
      ['tn-chip tn-chip-video', undefined],
      ['tn-chip tn-chip-video tn-chip-has-icon', '4'],
    ],
  );
  // The text stays as written; the stylesheet adds the play sign only to chips without one.
  assert.match(html, />▶ 12:34<\/a>/);
  const css = readFileSync(path.join(process.cwd(), 'media/notesView.css'), 'utf8');
  assert.match(css, /\.tn-chip-video:not\(\.tn-chip-has-icon\)::before/);
  assert.match(css, /\.tn-chip-video\[data-slide\]::after/);
});

test('linkify turns bare URLs into links with data-href and stops at Chinese text', async () => {
  const r = await renderer();
  const seed = r.render(SEED, recordingResolver()).html;
  assert.match(
    seed,
    /<a href="https:\/\/www.databricks.com\/" data-href="https:\/\/www.databricks.com\/">https:\/\/www.databricks.com\/<\/a> 全向量化计算引擎/,
  );
  // The seed writes `（probe了解：https://www.jianshu.com/p/af9b169c9a36）， 内存池化`.
  assert.match(
    seed,
    /<a href="https:\/\/www.jianshu.com\/p\/af9b169c9a36" data-href="https:\/\/www.jianshu.com\/p\/af9b169c9a36">https:\/\/www.jianshu.com\/p\/af9b169c9a36<\/a>）， 内存池化/,
  );
  const mixed = r.render('参考：https://a.example、https://b.example/x中文说明，www.example.com。', recordingResolver()).html;
  assert.deepEqual(attrs(mixed, 'a'), [
    { href: 'https://a.example', 'data-href': 'https://a.example' },
    { href: 'https://b.example/x', 'data-href': 'https://b.example/x' },
    { href: 'http://www.example.com', 'data-href': 'http://www.example.com' },
  ]);
  assert.match(mixed, /<\/a>中文说明，<a /);
  assert.match(mixed, /www.example.com<\/a>。<\/p>/);
});

test('a resolver returning null leaves a placeholder with the alt text', async () => {
  const r = await renderer();
  const out = r.render('![架构图](img/arch.png "title") ![](https://x.example/a.png)', { resolveImage: () => null });
  assert.equal(out.images, 2);
  assert.doesNotMatch(out.html, /<img/);
  assert.match(
    out.html,
    /<span class="tn-image-placeholder" data-src-original="img\/arch.png"><span class="tn-image-alt">架构图<\/span><\/span>/,
  );
  // No alt text: the target is the only hint of what is missing.
  assert.match(out.html, /<span class="tn-image-alt">https:\/\/x.example\/a.png<\/span>/);
});

test('relative and data: image sources reach the resolver decoded', async () => {
  const r = await renderer();
  const images = recordingResolver();
  const { html } = r.render('![a](<图片/a b.png>) ![b](./img%20x.png) ![c](data:image/png;base64,iVBORw0KGgo=)', images);
  assert.deepEqual(images.calls, ['图片/a b.png', './img x.png', 'data:image/png;base64,iVBORw0KGgo=']);
  const [a, b] = attrs(html, 'img');
  assert.equal(a.src, WEBVIEW + encodeURI('图片/a b.png'));
  assert.equal(b['data-src-original'], './img x.png');
});

test('single newlines are line breaks; table alignment becomes classes (no inline styles)', async () => {
  const r = await renderer();
  const out = r.render('第一行\n第二行\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |', recordingResolver()).html;
  assert.match(out, /第一行<br>\n第二行/);
  assert.doesNotMatch(out, /style=/);
  assert.match(out, /<th class="tn-align-left">a<\/th>\n<th class="tn-align-center">b<\/th>\n<th class="tn-align-right">c<\/th>/);
});

test('blocks carry data-line for scroll sync', async () => {
  const r = await renderer();
  const out = r.render('# T\n\ntext\n\n- a\n- b\n\n```js\nx\n```\n', recordingResolver()).html;
  assert.match(out, /<h1 data-line="0" id="t">/);
  assert.match(out, /<p data-line="2">text<\/p>/);
  assert.match(out, /<ul data-line="4">\n<li data-line="4">a<\/li>\n<li data-line="5">b<\/li>/);
  assert.match(out, /<pre><code data-line="7" class="language-js">x\n<\/code><\/pre>/);
});

test('a 5 MB note renders in linear time', async () => {
  const r = await renderer();
  const talks = seedTalks()
    .map(t => t.body)
    .join('\n\n');
  const big = talks.repeat(Math.ceil(5_000_000 / talks.length));
  const half = big.slice(0, big.length / 2);
  const time = (src: string) => {
    const start = process.hrtime.bigint();
    const out = r.render(src, recordingResolver());
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, out };
  };
  time(half); // warm up
  const small = time(half);
  const large = time(big);
  assert.equal(large.out.images, 27 * Math.ceil(5_000_000 / talks.length));
  const ids = large.out.headings.map(h => h.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(large.ms < 30_000, `5 MB took ${large.ms} ms`);
  // Doubling the input must not quadruple the time; the slack absorbs GC and a busy machine.
  assert.ok(large.ms < small.ms * 3.5 + 500, `half ${small.ms} ms, full ${large.ms} ms`);
});

const ALLOWED_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'a',
  'img',
  'span',
  'em',
  'strong',
  's',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const ALLOWED_ATTRS = new Set([
  'id',
  'class',
  'href',
  'data-href',
  'src',
  'alt',
  'title',
  'loading',
  'data-src-original',
  'data-line',
  'start',
]);
const TAG = /^<\/?([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*="[^"<>]*")*)\s*>/;

test('property: whatever the note, the output is only known tags, known attributes and safe URLs', async () => {
  const r = await renderer();
  const fragment = fc.oneof(
    fc.constantFrom(
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<iframe src=//e>',
      '<a href="javascript:x">',
      '[',
      ']',
      '(',
      ')',
      '![',
      '](',
      'javascript:alert(1)',
      'JAVASCRIPT:',
      'java%73cript:',
      'data:text/html,',
      'data:image/png;base64,AA',
      'file:///',
      'vbscript:',
      '&#106;',
      '&quot;',
      '"',
      "'",
      '`',
      '*',
      '_',
      '#',
      '\n',
      '\n\n',
      '# ',
      '> ',
      '- ',
      '1. ',
      '|',
      '|-|',
      ' ',
      '<',
      '>',
      '&',
      'https://a.example/?t=1',
      'www.b.example',
      '.pdf#page=3',
      '问题',
      '）',
      '%0A',
      '\t',
      '\\',
      '[x]: javascript:y\n',
    ),
    fc.string({ maxLength: 6 }),
    fc.string({ maxLength: 4, unit: 'binary' }),
  );
  const note = fc.array(fragment, { maxLength: 40 }).map(parts => parts.join(''));
  fc.assert(
    fc.property(note, src => {
      const resolved = new Set<string>();
      const { html } = r.render(src, {
        resolveImage: s => {
          const out = `https://img.test/${encodeURIComponent(s)}`;
          resolved.add(out);
          return out;
        },
      });
      for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
        const m = TAG.exec(html.slice(i, i + 2000));
        assert.ok(m, `stray "<" at ${i} in ${JSON.stringify(html)}`);
        assert.ok(ALLOWED_TAGS.has(m[1]), `tag ${m[1]}`);
        for (const a of m[2].matchAll(/([a-z-]+)="([^"]*)"/g)) {
          assert.ok(ALLOWED_ATTRS.has(a[1]), `attribute ${a[1]}`);
          const value = unescape(a[2]);
          if (a[1] === 'href') assert.ok(value === '#' || value.startsWith('#') || /^https?:\/\//i.test(value), value);
          if (a[1] === 'src') assert.ok(resolved.has(value), value);
        }
      }
    }),
    { numRuns: 400 },
  );
});
