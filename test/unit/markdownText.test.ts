// Schedule texts as Markdown: HTML converted tag by tag, never passed through raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMarkdownConverter, escapeMarkdown, markdownLink } from '../../src/core/schedules/markdownText';
import { createRenderer } from '../../src/core/render';

test('escapeMarkdown: inline markers everywhere, block markers only at line starts', () => {
  assert.equal(escapeMarkdown('a *b* _c_ `d` [e](f) <g> ~h~ |i| \\'), 'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\~h\\~ \\|i\\| \\\\');
  assert.equal(
    escapeMarkdown('# h\n- x\n+ y\n> q\n1. one\n2) two\n===\n-5 °C'),
    '\\# h\n\\- x\n\\+ y\n\\> q\n1\\. one\n2\\) two\n\\===\n-5 °C',
  );
  assert.equal(escapeMarkdown('C# and 3.14 - fine'), 'C# and 3.14 - fine');
});

test('markdownLink: http(s) only, destinations percent-encoded, labels escaped', () => {
  assert.equal(markdownLink('Slides [v2]', 'https://e.org/a b (1).pdf'), '[Slides \\[v2\\]](https://e.org/a%20b%20%281%29.pdf)');
  assert.equal(markdownLink('', 'https://e.org/x'), '[https://e.org/x](https://e.org/x)');
  for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', '/relative', 'mailto:a@b.c'])
    assert.equal(markdownLink('x', bad), null, bad);
});

test('HTML to Markdown: structure kept, scripts and unknown tags reduced to text, no raw HTML left', async () => {
  const md = await createMarkdownConverter();
  assert.equal(md('<p>One <b>bold</b> and <i> spaced </i>.</p><p>Two<br>lines</p>'), 'One **bold** and *spaced* .\n\nTwo\\\nlines');
  assert.equal(md('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>'), '- a\n   - b\n- c');
  assert.equal(md('<ol start="3"><li>x</li><li>y</li></ol>'), '3. x\n4. y');
  assert.equal(md('<blockquote><p>quoted</p></blockquote>'), '> quoted');
  assert.equal(md('<pre><code>a ``` b\n  *c*</code></pre>'), '````\na ``` b\n  *c*\n````');
  assert.equal(md('<p>Use <code>a`b</code> here</p>'), 'Use ``a`b`` here');
  assert.equal(
    md('<p>x</p><script>alert(1)</script><style>p{}</style><iframe src="https://e.org"></iframe><svg><a href="https://e.org">s</a></svg>'),
    'x',
  );
  assert.equal(
    md('<p><a href="javascript:alert(1)">click</a> <a href="https://e.org/?q=(1)">ok</a></p>'),
    'click [ok](https://e.org/?q=%281%29)',
  );
  assert.equal(
    md('<p><img src="https://e.org/i.png" alt="pic"> <img src="http://e.org/i.png" alt="plain"> <img src="x" onerror="alert(1)"></p>'),
    '![pic](https://e.org/i.png) plain',
  );
  assert.equal(
    md('<custom-tag onclick="x()">text</custom-tag> &lt;script&gt;alert(1)&lt;/script&gt;'),
    'text \\<script\\>alert(1)\\</script\\>',
  );
  assert.equal(md('<h1>Big</h1><h4>Small</h4>'), '### Big\n\n###### Small');
  assert.equal(md('<p>**not bold** # and 1. and [x]</p>'), '\\*\\*not bold\\*\\* # and 1. and \\[x\\]');
  assert.equal(md('<p>unclosed <b>bold'), 'unclosed **bold**');
  // Markdown and plain text are kept; only a `<` that could open HTML is escaped.
  assert.equal(md('Plain *Markdown* <https://e.org> <x onload=1> a < b'), 'Plain *Markdown* <https://e.org> \\<x onload=1> a \\< b');
  assert.equal(md('  \r\n '), '');
});

test('converted schedule text renders without any HTML element from the source', async () => {
  const md = await createMarkdownConverter();
  const renderer = await createRenderer();
  const hostile = [
    '<p onclick="x()">a<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">j</a></p>',
    '&lt;img src=x onerror=alert(1)&gt; <div><iframe srcdoc="<script>alert(1)</script>"></iframe></div>',
    'Markdown with <img src=x onerror=alert(1)> and <script>alert(1)</script> inside',
  ];
  for (const source of hostile) {
    const { html } = renderer.render(md(source), { resolveImage: () => null });
    // Attacks may survive as visible text; never as an element, an attribute or a link target.
    assert.doesNotMatch(html, /<(?:script|img|iframe|div)\b|<[^>]*\s(?:onerror|onclick)=|href="javascript:/i, html);
  }
});

test('HTML to Markdown is linear on pathological input', async () => {
  const md = await createMarkdownConverter();
  // Each would take minutes with a backtracking pattern; here they finish as fast as the text is long.
  const inputs = [
    '<b>'.repeat(50_000),
    '<a href="https://e.org">'.repeat(20_000) + 'x',
    '<p>' + ' '.repeat(200_000) + '</p>',
    '<'.repeat(200_000) + 'p>',
    '`'.repeat(100_000),
  ];
  for (const input of inputs) assert.equal(typeof md(input), 'string');
  // Past the tag budget the text survives without the tags.
  assert.equal(md('<b>x</b> &amp; '.repeat(6000)).slice(0, 12), 'x & x & x & ');
});
