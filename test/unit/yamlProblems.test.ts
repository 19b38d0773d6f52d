// Broken YAML in a note's front matter is reported in words a note writer knows, on the line of
// the slip, with the parser's own words kept as detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFrontMatter } from '../../src/core/frontMatter';
import { plainYamlReason } from '../../src/core/frontMatter/yamlProblems';

function problem(yaml: string): { line: number | null; message: string } {
  const issues = splitFrontMatter(`---\n${yaml}\n---\nbody\n`, { fastPath: false }).issues;
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0];
}

const CASES: [string, string, number, RegExp][] = [
  ['single quote', "title: ok\nspeakers: 'Ada\nstatus: done", 3, /line 3: a ' quote is not closed/],
  ['double quote', 'title: "Flink SQL', 2, /line 2: a " quote is not closed/],
  ['flow list', 'title: T\nspeakers: [Ada, Bo\nstatus: done', 3, /a \[ or \{ list is not closed, or a comma is missing/],
  ['duplicated key', 'title: A\ntitle: B', 3, /line 3: this key appears twice; keep one of them/],
  [
    'colon in a value',
    'title: Flink: the future',
    2,
    /line 2: the value holds ": ", which YAML reads as a second key; put the value in quotes/,
  ],
  ['indentation', 'title: T\ntags:\n  - a\n - b', 5, /line 5: this line is indented differently/],
  ['tab', 'title: T\nextra:\n\tkey: 1', 4, /a tab is used to indent; YAML needs spaces/],
  ['tag', 'title: !important talk', 2, /starts with "!", which YAML reads as a type; put the value in quotes/],
  ['alias', 'title: *Flink* news', 2, /starts with "\*", which YAML reads as a reference/],
  ['reserved @', 'speakers: @ada', 2, /starts with "@", which YAML reserves/],
  ['text after a quote', 'title: "Flink" in practice', 2, /text follows the closing quote/],
  ['empty list item', 'tags: [a,,b]', 2, /a list has an empty item/],
  ['no colon', 'title: T\njust some words\nstatus: done', 4, /line 4: the line before this one \(or this one\) is not "key: value"/],
];

for (const [name, yaml, line, message] of CASES) {
  test(`YAML problem in plain words: ${name}`, () => {
    const p = problem(yaml);
    assert.equal(p.line, line);
    assert.match(p.message, /^front matter is not valid YAML: /);
    assert.match(p.message, message);
    assert.match(p.message, /\(the YAML parser says: [a-z]/, 'the parser’s words are kept as detail');
  });
}

test('a reason with no plain wording keeps the parser’s words and the usual remedies', () => {
  assert.equal(plainYamlReason('some future js-yaml reason', 'title: x'), null);
  const p = problem('a: |x\n b');
  assert.match(p.message, /^front matter is not valid YAML \(a line break is expected\); fix that line — values containing/);
});

test('the line a reason is judged on is the one the error points at, CRLF notes included', () => {
  const issues = splitFrontMatter('---\r\ntitle: ok\r\nsummary: a: b\r\n---\r\n', { fastPath: false }).issues;
  assert.equal(issues[0].line, 3);
  assert.match(issues[0].message, /the value holds ": "/);
});
