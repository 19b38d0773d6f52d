// `talk-notes import` with published schedules, as users run it: the bundled launcher, real folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin', 'talk-notes.js');
const fixtures = path.join(repo, 'test/fixtures/schedules');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('talk-notes import of each schedule format writes notes that list --json reads back', t => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-cli-schedule-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['pretalx.json', 'frab.xml', 'frab.json', 'sessionize.json']) {
    const out = path.join(dir, name);
    const imported = run(['import', path.join(fixtures, name), '--out', out]);
    assert.equal(imported.code, 0, imported.out + imported.err);
    assert.match(imported.out, /created \d+ file\(s\)/);
    const listed = run(['list', out, '--json']);
    assert.equal(listed.code, 0, listed.err);
    const json = JSON.parse(listed.out) as {
      tracks: { title: string; talks: { title: string; speakers: string[]; video: string | null }[] }[];
    };
    const expected = JSON.parse(readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8')) as typeof json;
    assert.deepEqual(
      json.tracks.map(tr => [tr.title, tr.talks.map(k => [k.title, k.speakers, k.video])]),
      expected.tracks.map(tr => [tr.title, tr.talks.map(k => [k.title, k.speakers, k.video])]),
      name,
    );
  }
});

test('talk-notes import of a malformed schedule: file:line: error, exit 1, nothing written, no stack trace', t => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-cli-schedule-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'notes');
  const r = run(['import', path.join(fixtures, 'frab-malformed.xml'), '--out', out]);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^frab-malformed\.xml:10: error: This schedule\.xml is not well-formed XML/m);
  assert.match(r.out, /created 0 file\(s\)/);
  assert.equal(existsSync(out), false);
  assert.doesNotMatch(r.out + r.err, /\n\s+at /);
  const help = run(['import', '--help']);
  assert.match(help.out, /pretalx or frab\s+schedule\.json, frab\/Pentabarf schedule\.xml \(FOSDEM, CCC\), Sessionize "All Data" JSON/);
});
