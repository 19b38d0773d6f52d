// Past 450 lines: the front matter family (locate, read, salvage, edit) is tested as one contract,
// example by example; the property tests are in fastPaths and frontMatterLocate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import {
  fastFrontMatter,
  frontMatterFieldEdit,
  frontMatterKeyLine,
  splitFrontMatter,
  yamlScalar,
  type FrontMatterValue,
} from '../../src/core/frontMatter';
import { applyOrFail } from '../fixtures/textEdits';

function setKey(text: string, key: string, value: FrontMatterValue): string {
  return applyOrFail(text, frontMatterFieldEdit(text, key, value));
}

const coreLoad = (text: string) => load(text, { schema: CORE_SCHEMA, json: false });

/** The byte reader on YAML text as a block's content: its data, or undefined when it steps aside. */
const byteReader = (yaml: string) => fastFrontMatter(Buffer.from(`---\n${yaml}---\n`, 'utf8'))?.data;

// ---- splitting --------------------------------------------------------------------------------

test('splits front matter from the body and reports where the body starts', () => {
  const r = splitFrontMatter('---\ntitle: A talk\nspeakers: [甲, 乙]\n---\n# Heading\ntext\n');
  assert.deepEqual(r.data, { title: 'A talk', speakers: ['甲', '乙'] });
  assert.equal(r.body, '# Heading\ntext\n');
  assert.equal(r.bodyLine, 5);
  assert.equal(r.present, true);
  assert.deepEqual(r.issues, []);
  assert.equal(r.lineOf('speakers'), 3);
  assert.equal(r.lineOf('missing'), null);
});

test('accepts CRLF line breaks and a UTF-8 BOM', () => {
  const r = splitFrontMatter('\uFEFF---\r\ntitle: A\r\nstatus: done\r\n---\r\nBody\r\n');
  assert.deepEqual(r.data, { title: 'A', status: 'done' });
  assert.equal(r.body, 'Body\r\n');
  assert.equal(r.bodyLine, 5);
  assert.deepEqual(r.issues, []);
});

test('a text without front matter is all body, starting at line 1', () => {
  for (const text of ['# Just notes\n', '', 'text\n---\ntitle: x\n---\n', ' ---\ntitle: x\n---\n']) {
    const r = splitFrontMatter(text);
    assert.equal(r.present, false, JSON.stringify(text));
    assert.deepEqual(r.data, {});
    assert.equal(r.body, text);
    assert.equal(r.bodyLine, 1);
    assert.deepEqual(r.issues, []);
  }
});

test('"----" and "--- some words" are Markdown, not front matter', () => {
  for (const text of ['----\ntitle: x\n---\n', '--- a b\ntitle: x\n---\n']) {
    assert.equal(splitFrontMatter(text).present, false, text);
  }
});

test('an empty block and a block of comments give no data and no problem', () => {
  assert.deepEqual(splitFrontMatter('---\n---\nbody').data, {});
  assert.deepEqual(splitFrontMatter('---\n# just a comment\n\n---\nbody').data, {});
  assert.equal(splitFrontMatter('---\n---\nbody').bodyLine, 3);
  assert.equal(splitFrontMatter('---\n---').body, '');
});

test('a block that is never closed is an error on line 1 and the text stays body', () => {
  const r = splitFrontMatter('---\ntitle: x\n\n# Notes\n');
  assert.equal(r.present, false);
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].line, 1);
  assert.match(r.issues[0].message, /never closed/);
  assert.equal(r.body, '---\ntitle: x\n\n# Notes\n');
});

test('only "---" alone (trailing spaces allowed) closes the block', () => {
  const r = splitFrontMatter('---\ntitle: "a\n---x"\n---  \nbody');
  // `---x` does not close it, so the quoted title continues onto that line.
  assert.equal(r.data.title, 'a ---x');
  assert.equal(r.body, 'body');
});

test('"---yaml" is YAML; "---js", "---javascript" and "---coffee" are refused and never run', () => {
  assert.deepEqual(splitFrontMatter('---yaml\ntitle: A\n---\n').data, { title: 'A' });
  const g = globalThis as { __talkNotesPwned?: number };
  delete g.__talkNotesPwned;
  for (const lang of ['js', 'javascript', 'coffee', 'JS', 'toml']) {
    const text = `---${lang}\n{ title: (globalThis.__talkNotesPwned = 1, "x") }\n---\n# Body\n`;
    const r = splitFrontMatter(text);
    assert.deepEqual(r.data, {}, lang);
    assert.equal(r.issues.length, 1, lang);
    assert.equal(r.issues[0].severity, 'error');
    assert.equal(r.issues[0].line, 1);
    assert.match(r.issues[0].message, /never runs code/);
    assert.equal(r.body, '# Body\n');
  }
  assert.equal(g.__talkNotesPwned, undefined);
});

test('YAML errors point at the file line of the broken key; other keys survive', () => {
  const text = '---\ntitle: ok\nvideo: https://x.org/v\nspeakers: [a, b\nstatus: done\n---\nbody\n';
  const r = splitFrontMatter(text);
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].severity, 'error');
  assert.equal(r.issues[0].line, 4);
  assert.match(r.issues[0].message, /not valid YAML/);
  assert.deepEqual(r.data, { title: 'ok', video: 'https://x.org/v', status: 'done' });

  const colon = splitFrontMatter('---\ntitle: ok\nslides: a: b.pdf\n---\n');
  assert.equal(colon.issues[0].line, 3);
  assert.deepEqual(colon.data, { title: 'ok' });

  const dup = splitFrontMatter('---\ntitle: a\ntitle: b\n---\n');
  assert.equal(dup.issues.length, 1);
  assert.match(dup.issues[0].message, /duplicat/);
});

test('front matter that is a list or a scalar is reported, not used', () => {
  for (const [yaml, kind] of [
    ['- a\n- b', 'a list'],
    ['just text', 'the text'],
    ['42', 'the text'],
  ] as const) {
    const r = splitFrontMatter(`---\n${yaml}\n---\nbody`);
    assert.deepEqual(r.data, {});
    assert.equal(r.issues.length, 1);
    assert.match(r.issues[0].message, new RegExp(`must be "key: value" lines, but it is ${kind}`));
  }
});

test('dates stay strings and no custom types are constructed', () => {
  const r = splitFrontMatter('---\ndate: 2022-12-18\nwhen: 2022-12-18T10:00:00Z\n---\n');
  assert.deepEqual(r.data, { date: '2022-12-18', when: '2022-12-18T10:00:00Z' });
  const tagged = splitFrontMatter('---\nx: !!js/function "function () { return 1 }"\n---\n');
  assert.deepEqual(tagged.data, {});
  assert.equal(tagged.issues[0].severity, 'error');
});

test('a __proto__ key does not change any prototype', () => {
  const r = splitFrontMatter('---\n__proto__: { polluted: true }\ntitle: x\n---\n');
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  assert.equal((r.data as { polluted?: boolean }).polluted, undefined);
  assert.equal(r.data.title, 'x');
});

test('frontMatterKeyLine finds top-level keys only', () => {
  const text = '---\ntitle: x\nnested:\n  status: inner\nstatus: done\n---\n';
  assert.equal(frontMatterKeyLine(text, 'status'), 5);
  assert.equal(frontMatterKeyLine(text, 'title'), 2);
  assert.equal(frontMatterKeyLine('no front matter', 'title'), null);
});

// ---- the fast path agrees with js-yaml --------------------------------------------------------

const tricky = fc.constantFrom(
  'a',
  'b',
  'Z',
  '_',
  '-',
  ' ',
  '  ',
  ':',
  ': ',
  ' #',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '\\',
  '.',
  '+',
  '~',
  '0',
  '1',
  '9',
  'e',
  'x',
  'true',
  'null',
  'True',
  'NULL',
  'yes',
  '平台',
  '【2】',
  '\t',
  '\r',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\u0085',
  '😀',
  '/',
  '?',
  '=',
  'http://a.b/c?d=1&e',
  '<<',
  '，',
  '：',
  '\uff1a ',
  '\ufeff',
  '\ufffe',
  '\ud800',
);
const trickyText = fc.array(tricky, { maxLength: 8 }).map(parts => parts.join(''));
const yamlishLine = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('title', 'order', 'speakers', 'tags', 'a-b', '_x', 'k9', '__proto__', 'NULL', 'True', 'false'),
      fc.constantFrom(':', ': ', ':  ', ' :'),
      trickyText,
    )
    .map(([k, sep, v]) => k + sep + v),
  trickyText,
  fc
    .tuple(fc.constantFrom('', ' ', '  ', '    '), fc.constantFrom('- ', '-  ', '-', '- - ', '? '), trickyText)
    .map(([indent, dash, v]) => indent + dash + v),
  fc.constantFrom(
    '',
    '# comment',
    '  # indented comment',
    '  - item',
    '- item',
    'list:',
    'list: ',
    '   ',
    '  key: v',
    'x: [a, b]',
    'x: []',
    'x: [a,]',
    'x: "q"',
    "x: 'q'",
    'x: 12',
    'x: 012',
    'x: 1.5',
  ),
);

test('the byte reader returns exactly what js-yaml returns whenever it answers', () => {
  fc.assert(
    fc.property(fc.array(yamlishLine, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      // As UTF-8 can carry it: a lone surrogate is U+FFFD in the bytes, so on both sides.
      const text = Buffer.from(lines.map(l => l + eol).join('')).toString('utf8');
      const fast = byteReader(text);
      if (fast === undefined) return;
      let expected: unknown;
      try {
        expected = coreLoad(text);
      } catch (err) {
        assert.fail(`the byte reader accepted input js-yaml rejects: ${JSON.stringify(text)} (${String(err)})`);
      }
      assert.deepEqual(fast, expected ?? {}, JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
});

test('the byte reader handles the usual front matter and steps aside for the rest', () => {
  const usual =
    'title: "Flink SQL 在美团"\nspeakers: [董剑辉, 张彬]\norder: 1\nslides: 平台建设/【2】a&b.pdf\nvideo: https://www.bilibili.com/video/BV1/?a=1&b=2#t\nstatus: todo\ntags: []\nempty:\n';
  assert.deepEqual(byteReader(usual), coreLoad(usual));
  const block = 'speakers:\n  - 董剑辉\n  - "张 彬"\n\n  - 3\ntags:\n- a\nempty:\ntitle: x\n';
  assert.deepEqual(byteReader(block), coreLoad(block));
  for (const other of [
    'speakers:\n  - a\n   - b\n',
    'x:\n  - a\n  - [b]\n',
    'x:\n  -\n',
    'x: 1\n  - a\n',
    'x: a # c\n',
    'x: 1.5\n',
    'x: "a\\n"\n',
    'x: &a b\n',
    'x: |\n  t\n',
    'x: true\n',
    "x: 'it''s'\n",
    'a: 1\na: 2\n',
  ]) {
    assert.equal(byteReader(other), undefined, other);
  }
});

test('text with lone surrogates reads as js-yaml reads it (an error), not as its UTF-8 encoding with U+FFFD', () => {
  for (const text of ['---\ntitle: a\ud800b\n---\n', '---\ntitle: \udc00\nslides: x.pdf\n---\n']) {
    const { lineOf: _a, ...fast } = splitFrontMatter(text);
    const { lineOf: _b, ...general } = splitFrontMatter(text, { fastPath: false });
    assert.deepEqual(fast, general, JSON.stringify(text));
    assert.ok(!JSON.stringify(fast.data).includes('\ufffd'), JSON.stringify(fast.data));
  }
});

// ---- editing ----------------------------------------------------------------------------------

test('replaces only the value line of a key, byte for byte elsewhere', () => {
  const text = '---\ntitle: A  \nstatus: todo\nvideo: https://x.org/v # keep\n---\n# Body\n';
  const edit = frontMatterFieldEdit(text, 'status', 'done');
  assert.deepEqual(edit, { offset: text.indexOf('status'), length: 'status: todo'.length, text: 'status: done' });
  assert.equal(applyOrFail(text, edit), text.replace('status: todo', 'status: done'));
});

test('keeps CRLF line breaks and a BOM', () => {
  const text = '\uFEFF---\r\ntitle: A\r\nstatus: todo\r\n---\r\nBody\r\n';
  assert.equal(setKey(text, 'status', 'watching'), '\uFEFF---\r\ntitle: A\r\nstatus: watching\r\n---\r\nBody\r\n');
  assert.equal(setKey(text, 'slides', 'a/b.pdf'), '\uFEFF---\r\ntitle: A\r\nstatus: todo\r\nslides: a/b.pdf\r\n---\r\nBody\r\n');
  assert.equal(setKey(text, 'tags', ['x', 'y']), '\uFEFF---\r\ntitle: A\r\nstatus: todo\r\ntags:\r\n  - x\r\n  - y\r\n---\r\nBody\r\n');
});

test('replaces a whole block list, keeping its item indentation, and leaves comments around it', () => {
  const text = '---\ntitle: A\nspeakers:\n- 甲\n# between\n- 乙\n\n# about status\nstatus: todo\n---\n';
  assert.equal(setKey(text, 'speakers', ['丙']), '---\ntitle: A\nspeakers:\n- 丙\n\n# about status\nstatus: todo\n---\n');
  assert.equal(setKey(text, 'speakers', 'solo'), '---\ntitle: A\nspeakers: solo\n\n# about status\nstatus: todo\n---\n');
  assert.equal(setKey(text, 'speakers', []), '---\ntitle: A\nspeakers: []\n\n# about status\nstatus: todo\n---\n');
});

test('replaces multi-line scalars and flow lists as a whole', () => {
  const text = '---\nabstract: |\n  line one\n\n  line two\nstatus: todo\ntags: [a,\n  b]\n---\n';
  assert.equal(setKey(text, 'abstract', 'short'), '---\nabstract: short\nstatus: todo\ntags: [a,\n  b]\n---\n');
  assert.equal(setKey(text, 'tags', ['c']), '---\nabstract: |\n  line one\n\n  line two\nstatus: todo\ntags:\n  - c\n---\n');
});

test('adds a missing key as the last front matter line', () => {
  assert.equal(setKey('---\ntitle: A\n---\nbody', 'status', 'done'), '---\ntitle: A\nstatus: done\n---\nbody');
  assert.equal(setKey('---\n---\nbody', 'status', 'done'), '---\nstatus: done\n---\nbody');
  assert.equal(setKey('---\ntitle: A\n---', 'order', 3), '---\ntitle: A\norder: 3\n---');
});

test('creates a front matter block when there is none', () => {
  assert.equal(setKey('# Notes\n', 'status', 'done'), '---\nstatus: done\n---\n# Notes\n');
  assert.equal(setKey('# Notes\r\nmore\r\n', 'status', 'done'), '---\r\nstatus: done\r\n---\r\n# Notes\r\nmore\r\n');
  assert.equal(setKey('', 'slides', 'x.pdf'), '---\nslides: x.pdf\n---\n');
  assert.equal(setKey('\uFEFF# N\n', 'status', 'done'), '\uFEFF---\nstatus: done\n---\n# N\n');
});

test('null removes the key and all its lines; removing an absent key changes nothing', () => {
  const text = '---\ntitle: A\ntags:\n  - x\n  - y\nstatus: todo\n---\n';
  assert.equal(setKey(text, 'tags', null), '---\ntitle: A\nstatus: todo\n---\n');
  assert.equal(setKey(text, 'status', null), '---\ntitle: A\ntags:\n  - x\n  - y\n---\n');
  assert.equal(setKey(text, 'video', null), text);
  assert.equal(setKey('# no front matter', 'video', null), '# no front matter');
});

test('quotes values YAML would read differently, and only those', () => {
  const cases: [string, string][] = [
    ['done', 'done'],
    [
      '平台建设/【2】董剑辉&张彬-Flink+SQL在美团实时数仓中的增强与实践.pdf',
      '平台建设/【2】董剑辉&张彬-Flink+SQL在美团实时数仓中的增强与实践.pdf',
    ],
    ['https://www.bilibili.com/video/BV1/?a=1&b=2#t', 'https://www.bilibili.com/video/BV1/?a=1&b=2#t'],
    ['3', '"3"'],
    ['true', '"true"'],
    ['null', '"null"'],
    ['', '""'],
    ['a: b', '"a: b"'],
    ['a #b', '"a #b"'],
    ['#x', '"#x"'],
    ['- x', '"- x"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['"q"', '"\\"q\\""'],
    ['line\nbreak', '"line\\nbreak"'],
    ['*alias', '"*alias"'],
    ['\u2028', '"\\u2028"'],
  ];
  for (const [value, written] of cases) {
    assert.equal(yamlScalar(value), written, value);
    assert.equal(coreLoad(`x: ${written}`) && (coreLoad(`x: ${written}`) as { x: unknown }).x, value, value);
  }
});

test('refuses to edit what it cannot edit safely, with a reason', () => {
  const cases: [string, string, FrontMatterValue, RegExp][] = [
    ['---\ntitle: [a\n---\n', 'status', 'done', /not valid YAML \(line 2\)/],
    ['---js\n{}\n---\n', 'status', 'done', /only edits YAML/],
    ['---\ntitle: x\n', 'status', 'done', /never closed/],
    ['---\n- a\n---\n', 'status', 'done', /not "key: value"/],
    ['---\ntitle: x\n---\n', 'bad key', 'x', /simple names/],
    ['---\ntitle: x\n---\n', '__proto__', 'x', /simple names/],
    ['---\ntitle: x\n---\n', 'order', Number.NaN, /not a number/],
    // A column-0 continuation of a quoted value: the key's lines cannot be told apart.
    ['---\nabstract: "one\ntwo"\nstatus: todo\n---\n', 'abstract', 'x', /edit it by hand/],
  ];
  for (const [text, key, value, reason] of cases) {
    const r = frontMatterFieldEdit(text, key, value);
    assert.ok('error' in r, `${JSON.stringify(text)} ${key}`);
    assert.match(r.error, reason);
  }
});

// ---- property: an edit touches only its key ---------------------------------------------------

const word = fc.string({ unit: tricky, maxLength: 5 });
const scalar = fc.oneof(word, fc.integer({ min: -5, max: 100 }), fc.constantFrom(true, null, 1.5, '2022-12-18'));
const fieldValue = fc.oneof(scalar, fc.array(word, { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'y'), word, { maxKeys: 2 }));
const keyName = fc.constantFrom('title', 'speakers', 'order', 'slides', 'video', 'status', 'tags', 'note', 'x-y');
const dumpStyle = fc.record({
  // flowLevel 0 would write the whole block as one `{...}` mapping, which is not key lines.
  flowLevel: fc.constantFrom(-1, 1),
  indent: fc.constantFrom(2, 4),
  noArrayIndent: fc.boolean(),
  quotingType: fc.constantFrom<"'" | '"'>("'", '"'),
  forceQuotes: fc.boolean(),
});
const filler = fc.constantFrom('', '# comment', '', '#', '   ');
const newValue: fc.Arbitrary<FrontMatterValue> = fc.oneof(
  word,
  fc.constantFrom('todo', 'watching', 'done', 'a/b.pdf', '3', ''),
  fc.array(word, { maxLength: 3 }),
  fc.integer({ min: -3, max: 1000 }),
  fc.constant(null),
);

test('property: frontMatterFieldEdit changes only that key; everything else survives byte for byte', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(keyName, fieldValue, dumpStyle, filler), { selector: e => e[0], maxLength: 6 }),
      fc.oneof(keyName, fc.constant('fresh')),
      newValue,
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.string({ maxLength: 30 }),
      (fields, key, value, eol, bom, body) => {
        const yaml = fields
          .map(([k, v, style, fill]) => dump({ [k]: v }, { ...style, schema: CORE_SCHEMA, lineWidth: -1 }) + (fill ? fill + '\n' : ''))
          .join('');
        const text = (bom ? '\uFEFF' : '') + ('---\n' + yaml + '---\n' + body).replace(/\r?\n/g, eol);
        const before = splitFrontMatter(text);
        fc.pre(before.issues.length === 0);

        const edit = frontMatterFieldEdit(text, key, value);
        if ('error' in edit) assert.fail(`${edit.error}\n${JSON.stringify(text)}`);
        const after = text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);

        // The edit covers whole lines of the front matter.
        const block = before.block!;
        assert.ok(edit.offset >= block.yamlStart && edit.offset + edit.length <= block.yamlEnd, 'inside the block');
        assert.ok(edit.offset === 0 || text[edit.offset - 1] === '\n', 'starts at a line start');
        const end = edit.offset + edit.length;
        assert.ok(
          end === edit.offset || /^\r?\n/.test(text.slice(end)) || (value === null && text[end - 1] === '\n'),
          'ends at a line end',
        );
        // Line breaks follow the file.
        if (eol === '\r\n') assert.ok(!/(^|[^\r])\n/.test(edit.text), 'CRLF kept');
        else assert.ok(!edit.text.includes('\r'), 'LF kept');

        const parsed = splitFrontMatter(after);
        assert.deepEqual(parsed.issues, []);
        const expected = { ...before.data };
        delete expected[key];
        if (value !== null) expected[key] = value;
        assert.deepEqual(parsed.data, expected);
        assert.equal(parsed.body, before.body);
        assert.equal(after.startsWith('\uFEFF'), bom);
      },
    ),
    { numRuns: 1500 },
  );
});

test('property: setting a key on a note without front matter keeps the note intact', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), keyName, newValue, (note, key, value) => {
      fc.pre(!splitFrontMatter(note).present && !note.startsWith('---') && !note.startsWith('\uFEFF'));
      const edit = frontMatterFieldEdit(note, key, value);
      if ('error' in edit) assert.fail(edit.error);
      const after = note.slice(0, edit.offset) + edit.text + note.slice(edit.offset + edit.length);
      const parsed = splitFrontMatter(after);
      if (value === null) assert.equal(after, note);
      else {
        assert.deepEqual(parsed.data, { [key]: value });
        assert.equal(parsed.body, note);
      }
    }),
    { numRuns: 500 },
  );
});
