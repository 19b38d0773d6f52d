// Importing published schedules: each format into a temp folder, listed back by the loader and
// compared with the fixture's expected listing (every title, speaker, track and link).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importOutline } from '../../src/core/importer';
import type { Problem } from '../../src/core/model';
import { detectSource, readImportSource } from '../../src/core/schedules/importSource';
import { fosdemSizedSchedule, type ExpectedSchedule } from '../fixtures/schedules/fosdemSized';
import { listBack } from './scheduleListing';

const repo = path.resolve(__dirname, '../../..');
const fixtures = path.join(repo, 'test/fixtures/schedules');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-schedule-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const expectedOf = (name: string) => JSON.parse(readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8')) as ExpectedSchedule;
const summary = (problems: readonly Problem[]) => problems.map(p => `${p.severity}: ${p.message}`);

async function importFixture(t: { after(fn: () => void): void }, name: string) {
  const out = path.join(tempDir(t), 'notes');
  const report = await importOutline(path.join(fixtures, name), out, {});
  const listed = await listBack(out);
  return { out, report, listed };
}

function assertListing(listed: ExpectedSchedule & { problems: number }, expected: ExpectedSchedule): void {
  assert.equal(listed.problems, 0, 'the written notes load without problems');
  assert.equal(listed.conference, expected.conference);
  assert.deepEqual(
    listed.tracks.map(t => t.title),
    expected.tracks.map(t => t.title),
  );
  listed.tracks.forEach((track, i) => {
    assert.equal(track.talks.length, expected.tracks[i].talks.length, track.title);
    track.talks.forEach((talk, k) => assert.deepEqual(talk, expected.tracks[i].talks[k], `${track.title} #${k + 1}`));
  });
}

test('pretalx schedule.json: tracks in declared order, remote slides, recordings, duplicates, bad links reported', async t => {
  const { out, report, listed } = await importFixture(t, 'pretalx.json');
  assertListing(listed, expectedOf('pretalx.json'));
  const problems = summary(report.problems);
  assert.ok(
    problems.every(p => !p.startsWith('error')),
    problems.join('\n'),
  );
  assert.ok(problems.some(p => /days\[0\]\.rooms\["Room 101"\]\[1\] has no title/.test(p)));
  assert.ok(problems.some(p => /info: .*days\[1\]\.rooms\["Main Hall"\]\[2\].*also at schedule\.conference\.days\[0\]/.test(p)));
  assert.ok(problems.some(p => /warning: .*"Bad link" is not an http\(s\) address/.test(p)));
  assert.ok(problems.some(p => /1 talk\(s\) have no track.*"Other talks"/.test(p)));
  assert.ok(report.problems.every(p => p.file === 'pretalx.json'));

  const note = readFileSync(path.join(out, 'Data Engineering/01-# Exactly-once sinks in practice.md'), 'utf8');
  const body = note.slice(note.indexOf('\n---\n') + 5).trim();
  assert.equal(
    body,
    [
      'Sinks that *never* duplicate.',
      '',
      '- Kafka',
      '- Iceberg & Paimon',
      '',
      'Read more on [the blog](https://example.org/blog) or click here.',
      '',
      '## Links',
      '',
      '- [Talk page](https://pretalx.example.org/democon-2024/talk/DEF456/)',
      '- [Demo repository](https://github.com/example/sinks)',
    ].join('\n'),
  );
  assert.doesNotMatch(note, /<script|alert|onerror|javascript:/);
  const keynote = readFileSync(path.join(out, 'Keynotes/01-Opening Keynote Streams Everywhere.md'), 'utf8');
  assert.match(keynote, /^title: 'Opening Keynote: Streams \*Everywhere\*'$/m);
  // pretalx abstracts are Markdown: kept, with the `<` that could open HTML escaped.
  assert.match(keynote, /\nA \*\*keynote\*\* about streams, with a \[map\]\(https:\/\/example\.org\/map\) and \\<not-a-tag>\.\n/);
  const index = readFileSync(path.join(out, 'index.md'), 'utf8');
  assert.match(index, /^title: DemoCon 2024$/m);
  assert.match(index, /Imported from the pretalx schedule\.json of \[https:\/\/pretalx\.example\.org\/democon-2024\/schedule\/\]/);
});

test('frab schedule.xml (FOSDEM style): HTML abstracts become Markdown text, problems carry the line', async t => {
  const { out, report, listed } = await importFixture(t, 'frab.xml');
  assertListing(listed, expectedOf('frab.xml'));
  const local = report.problems.find(p => /Local file/.test(p.message));
  assert.ok(local, summary(report.problems).join('\n'));
  assert.equal(local.line, 118);
  assert.match(local.message, /schedule\/day\[2\]\/room\[@name="UB2\.252A \(Lameere\)"\]\/event\[1\]/);
  const orphan = report.problems.find(p => /have no track/.test(p.message));
  assert.equal(orphan?.line, 102);

  const note = readFileSync(path.join(out, 'Keynotes/02-Where have the women of tech history gone.md'), 'utf8');
  const body = note.slice(note.indexOf('\n---\n') + 5).trim();
  assert.equal(
    body,
    [
      '*A \\[brief\\] \\*history\\**',
      '',
      'Ada Lovelace, Hedy Lamarr, the ENIAC girls & more.',
      '',
      '1\\. Not a list item',
      '',
      '[ENIAC](https://en.wikipedia.org/wiki/ENIAC) on Wikipedia, and a data link.',
      '',
      '#### Outline',
      '',
      '1. The 1940s',
      '2. **Today**',
      '',
      '```',
      'print("*not emphasis*")',
      '```',
      '',
      '## Links',
      '',
      '- [Talk page](https://fosdem.org/2024/schedule/event/fosdem-2024-2850-where-have-the-women-of-tech-history-gone/)',
    ].join('\n'),
  );
  assert.doesNotMatch(note, /iframe|evil|data:/);
  assert.match(readFileSync(path.join(out, 'Rust/01-Async Rust & the borrow checker.md'), 'utf8'), /\nWhy `Pin<T>` exists\.\n/);
  assert.match(
    readFileSync(path.join(out, 'index.md'), 'utf8'),
    /2024-02-03 – 2024-02-04, ULB \(Université Libre de Bruxelles\), Brussels/,
  );
});

test('frab schedule.json: grouped by room when no talk has a track; a PDF path becomes slides, an escaping one is refused', async t => {
  const { report, listed } = await importFixture(t, 'frab.json');
  assertListing(listed, expectedOf('frab.json'));
  const problems = summary(report.problems);
  assert.ok(problems.some(p => /info: No talk in this frab schedule\.json has a track, so the talks were grouped by room/.test(p)));
  assert.ok(
    problems.some(p => /rooms\.Curie\[0\].*"Escaping slides" were left out: .*outside the slides folder/.test(p)),
    problems.join('\n'),
  );
});

test('Sessionize All Data: speakers and tracks by id, recordings, slides from answers, service sessions left out', async t => {
  const { out, report, listed } = await importFixture(t, 'sessionize.json');
  assertListing(listed, expectedOf('sessionize.json'));
  const problems = summary(report.problems);
  assert.ok(problems.some(p => /sessions\[2\].*speaker "9f6e1c1e-9999-4000-8000-000000000099" is not in "speakers"/.test(p)));
  assert.ok(problems.some(p => /1 service session\(s\)/.test(p)));
  assert.ok(problems.some(p => /sessions\[2\].*recording "javascript:alert\(1\)" is not an http\(s\) address/.test(p)));
  assert.ok(problems.some(p => /--title/.test(p)));
  // Plain paragraphs with a few tags: the blank line still separates them.
  const note = readFileSync(path.join(out, 'Cloud Native/01-Kubernetes Operators in [Production].md'), 'utf8');
  assert.match(note, /\nOperators encode \\\*operational\\\* knowledge\.\n\nWe show three of them \*\*in depth\*\*\.\n/);
  const titled = await importOutline(path.join(fixtures, 'sessionize.json'), path.join(tempDir(t), 'x'), { title: 'KubeCon 2024' });
  assert.ok(titled.written.includes('index.md'));
});

test('a malformed file of each format: one error naming the file and where, nothing written', async t => {
  const cases: [string, number | null, RegExp][] = [
    [
      'pretalx-malformed.json',
      14,
      /not valid JSON \(line 14, column 35\): Expected ',' or '}' after property value\. Nothing was imported/,
    ],
    [
      'frab-malformed.xml',
      10,
      /not well-formed XML \(line 10, column 30: found <\/titel> where <\/title> was expected \(<title> opened on line 10\)\)/,
    ],
    ['frab-malformed.json', null, /schedule\.conference\.days is not a list \(it is an object\)/],
    ['sessionize-malformed.json', null, /"sessions" is an object, not a list of sessions/],
  ];
  for (const [name, line, message] of cases) {
    const out = path.join(tempDir(t), 'notes');
    const report = await importOutline(path.join(fixtures, name), out, {});
    assert.deepEqual([report.written, report.skipped], [[], []], name);
    assert.equal(existsSync(out), false, `${name}: nothing written`);
    const errors = report.problems.filter(p => p.severity === 'error');
    assert.equal(errors.length, 1, `${name}: ${summary(report.problems).join('\n')}`);
    assert.deepEqual([errors[0].file, errors[0].line], [name, line], name);
    assert.match(errors[0].message, message, name);
  }
});

test('re-importing a schedule keeps what the user wrote; --force replaces notes and keeps a copy of each', async t => {
  const out = path.join(tempDir(t), 'notes');
  const file = path.join(fixtures, 'frab.xml');
  await importOutline(file, out, {});
  const note = path.join(out, 'Rust/01-Async Rust & the borrow checker.md');
  const mine = readFileSync(note, 'utf8').replace('status: todo', 'status: done') + '\nMy notes.\n';
  writeFileSync(note, mine);
  const second = await importOutline(file, out, {});
  assert.deepEqual(second.written, []);
  assert.deepEqual(second.updated, [], 'nothing the schedule owns changed');
  assert.equal(readFileSync(note, 'utf8'), mine);
  const forced = await importOutline(file, out, { force: true });
  assert.deepEqual(
    forced.backups.map(b => b.file),
    ['Rust/01-Async Rust & the borrow checker.md'],
    'only the changed note is replaced, and a copy of it is kept',
  );
  assert.doesNotMatch(readFileSync(note, 'utf8'), /My notes/);
  assert.match(readFileSync(path.join(out, forced.backups[0].backup), 'utf8'), /My notes/);
});

test('a FOSDEM-sized schedule.xml (~900 talks, 60 tracks) lists back exactly', async t => {
  const { xml, expected, talks, tracks } = fosdemSizedSchedule();
  assert.ok(talks >= 800 && talks <= 1000 && tracks === 60, `${talks} talks`);
  const dir = tempDir(t);
  const file = path.join(dir, 'schedule.xml');
  writeFileSync(file, xml);
  const out = path.join(dir, 'notes');
  const report = await importOutline(file, out, { title: 'FOSDEM 2024 (generated)' });
  assert.deepEqual(
    report.problems.filter(p => p.severity !== 'info'),
    [],
  );
  assert.equal(report.written.length, 1 + expected.tracks.length + talks);
  assertListing(await listBack(out), expected);
  // Repeated titles within a track are separate notes.
  assert.ok(expected.tracks.some(tr => new Set(tr.talks.map(k => k.title)).size < tr.talks.length));
});

test('detection: outlines stay outlines, other JSON and web pages get a message saying what to import', async () => {
  assert.equal(detectSource('[TOC]\n# Track\n## 1，Talk', 'outline.md').kind, 'outline');
  assert.equal(detectSource('[[wiki]] notes\n# T', 'outline.md').kind, 'outline');
  assert.equal(detectSource('<!-- comment -->\n# Track', 'outline.md').kind, 'outline');
  assert.equal(detectSource('\uFEFF<?xml version="1.0"?><schedule/>', 'x.txt').kind, 'xml');
  assert.equal(detectSource('<!-- c --> <schedule><day/></schedule>', 'x.txt').kind, 'xml');
  const broken = detectSource('{"schedule": ', 'x.txt');
  assert.equal(broken.kind, 'error');
  const page = await readImportSource('<!DOCTYPE html><html><body>Schedule</body></html>', 'schedule.html');
  assert.match(page.problems[0].message, /web page, not a schedule export/);
  const cases: [unknown, RegExp][] = [
    [[{ groupId: 1, groupName: 'Day 1', sessions: [] }], /Sessionize's "Sessions" view; import the "All Data" view/],
    [[{ id: 'x', firstName: 'A', sessions: [] }], /Sessionize's "Speakers" view/],
    [{ count: 3, next: null, results: [] }, /pretalx API's lists/],
    [{ talks: [], rooms: [], speakers: [] }, /pretalx's schedule widget data/],
    [{ schedule: { version: '1' } }, /no "schedule\.conference"/],
    [{ hello: 'world', n: 1 }, /not a schedule this importer knows .*top-level keys are "hello", "n"/],
  ];
  for (const [value, message] of cases) {
    const outline = await readImportSource(JSON.stringify(value), 'data.json');
    assert.equal(outline.tracks.length, 0);
    assert.equal(outline.problems.length, 1);
    assert.equal(outline.problems[0].severity, 'error');
    assert.match(outline.problems[0].message, message);
  }
  const xml = await readImportSource('<?xml version="1.0"?><rss><channel/></rss>', 'feed.xml');
  assert.match(xml.problems[0].message, /root element is <rss>, not <schedule>/);
  const truncated = await readImportSource(readFileSync(path.join(fixtures, 'frab.xml'), 'utf8').slice(0, 2000), 'schedule.xml');
  assert.match(truncated.problems[0].message, /not well-formed XML/);
  assert.equal(truncated.tracks.length, 0);
});
