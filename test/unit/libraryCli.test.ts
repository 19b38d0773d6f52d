// `talk-notes list` and `check` over several folders and shelves of conferences, as users run them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tempDir, writeTree } from '../fixtures/tempTree';

const repo = path.resolve(__dirname, '../../..');
const bin = path.join(repo, 'bin', 'talk-notes.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const note = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\nbody\n`;

/** A base folder with a shelf of two conferences and a separate one-conference folder. */
function setup(t: { after(fn: () => void): void }): string {
  return writeTree(tempDir(t, 'tn-libcli-'), {
    'shelf/kubecon-10/index.md': note('KubeCon 10'),
    'shelf/kubecon-10/k8s/index.md': note('Kubernetes'),
    'shelf/kubecon-10/k8s/01-a.md': note('Pods', 'status: done\n'),
    'shelf/kubecon-10/k8s/02-b.md': note('Nodes'),
    'shelf/kubecon-9/index.md': note('KubeCon 9'),
    'shelf/kubecon-9/k8s/01-a.md': note('Pods'),
    'ffa/index.md': note('FFA 2022', 'order: 1\n'),
    'ffa/sql/01-x.md': note('SQL', 'status: watching\n'),
  });
}

test('list over a shelf and a folder: conferences in order with progress and folder, tracks and talks below', t => {
  const base = setup(t);
  const { code, out, err } = run(['list', 'shelf', 'ffa'], base);
  assert.equal(code, 0, err);
  const lines = out.split('\n');
  const heads = lines.filter(l => /^\S/.test(l));
  assert.deepEqual(heads, [
    'FFA 2022  0/1  (ffa)',
    'KubeCon 9  0/1  (shelf/kubecon-9)',
    'KubeCon 10  1/2  (shelf/kubecon-10)',
    '3 conference(s), 3 tracks, 4 talks',
  ]);
  const k10 = lines.indexOf('KubeCon 10  1/2  (shelf/kubecon-10)');
  assert.deepEqual(lines.slice(k10 + 1, k10 + 5), ['', '  Kubernetes  1/2', '    [x]  1. Pods', '    [ ]  2. Nodes']);
});

test('list --json: one conference keeps its shape; several folders or a shelf give {conferences, problems}', t => {
  const base = setup(t);
  const one = JSON.parse(run(['list', 'ffa', '--json'], base).out);
  assert.deepEqual(Object.keys(one), ['conference', 'tracks', 'problems']);
  assert.equal(one.tracks[0].talks[0].file, 'sql/01-x.md');

  for (const args of [['shelf', 'ffa'], ['shelf']]) {
    const { code, out, err } = run(['list', ...args, '--json'], base);
    assert.equal(code, 0, err);
    const json = JSON.parse(out);
    assert.deepEqual(Object.keys(json), ['conferences', 'problems']);
    for (const c of json.conferences) {
      assert.deepEqual(Object.keys(c), ['root', 'folder', 'conference', 'tracks', 'problems']);
      assert.ok(path.isAbsolute(c.root));
      for (const track of c.tracks)
        for (const talk of track.talks) assert.ok(existsSync(path.join(c.root, c.folder, talk.file)), talk.file);
    }
    assert.deepEqual(json.problems, []);
  }
  const shelf = JSON.parse(run(['list', 'shelf', '--json'], base).out);
  assert.deepEqual(
    shelf.conferences.map((c: { folder: string; conference: { title: string } }) => [c.folder, c.conference.title]),
    [
      ['kubecon-9', 'KubeCon 9'],
      ['kubecon-10', 'KubeCon 10'],
    ],
  );
  assert.equal(shelf.conferences[0].root, path.join(base, 'shelf'));
});

test('check over a shelf groups problems by conference, with paths from here; an error in one conference exits 1', t => {
  const base = setup(t);
  writeTree(base, { 'shelf/kubecon-9/k8s/02-bad.md': '---\ntitle: [unclosed\n---\n' });
  const { code, out, err } = run(['check', 'shelf', 'ffa'], base);
  assert.equal(code, 1, err);
  const lines = out.trim().split('\n');
  assert.equal(lines[0], 'KubeCon 9 (shelf/kubecon-9): 1 problem(s)');
  assert.match(lines[1], /^shelf\/kubecon-9\/k8s\/02-bad\.md:2: error: /);
  assert.equal(lines.length, 2, out);
  assert.match(err, /^1 error\(s\), 0 warning\(s\), 0 note\(s\) in 5 talks of 3 conference\(s\)$/m);
});

test('check names an ambiguous folder, and --slides-root is refused when the folders hold several conferences', t => {
  const base = setup(t);
  // ffa holds notes of its own, so kubecon-style folders put inside it are not read: said so.
  writeTree(base, { 'ffa/old/t/01-y.md': note('Y') });
  const amb = run(['check', 'ffa'], base);
  assert.equal(amb.code, 0, amb.err);
  assert.match(
    amb.out,
    /^ffa\/old: warning: folder old holds track folders \("t"\), like a conference, but the notes folder is read as one conference because it has an index\.md of its own/m,
  );

  const refused = run(['check', 'shelf', '--slides-root', '.'], base);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /--slides-root applies to one conference, and the folders hold 2/);
  assert.ok(!refused.err.includes('    at '), 'no stack trace');
});

test('a folder that does not exist among several is a usage error naming it', t => {
  const base = setup(t);
  const { code, out, err } = run(['list', 'shelf', 'nope'], base);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /no such folder: nope/);
});

test('search over a shelf and a folder: hits of every conference in library order, paths from here; --json names the conference', t => {
  const base = setup(t);
  const { code, out, err } = run(['search', 'pods', 'shelf', 'ffa', '--no-slides'], base);
  assert.equal(code, 0, err);
  assert.deepEqual(out.trim().split('\n'), ['shelf/kubecon-9/k8s/01-a.md:2: title: Pods', 'shelf/kubecon-10/k8s/01-a.md:2: title: Pods']);
  assert.match(err, /^2 hit\(s\) in 4 talks of 3 conference\(s\)$/m);

  const json = JSON.parse(run(['search', 'pods', 'shelf', '--no-slides', '--json'], base).out);
  assert.deepEqual(
    json.results.map((r: Record<string, unknown>) => [r.conference, r.root, r.folder, r.file, r.kind]),
    [
      ['KubeCon 9', path.join(base, 'shelf'), 'kubecon-9', 'k8s/01-a.md', 'title'],
      ['KubeCon 10', path.join(base, 'shelf'), 'kubecon-10', 'k8s/01-a.md', 'title'],
    ],
  );
  // One folder that is one conference keeps the documented shape, without those fields.
  const one = JSON.parse(run(['search', 'sql', 'ffa', '--no-slides', '--json'], base).out);
  assert.deepEqual(Object.keys(one.results[0]), ['talk', 'file', 'kind', 'line', 'page', 'snippet']);

  const limited = run(['search', 'pods', 'shelf', '--no-slides', '--limit', '1'], base);
  assert.equal(limited.out.trim().split('\n').length, 1);
  assert.match(limited.err, /1\+ hit\(s\).*use --limit N to see more/);
  assert.match(run(['search', 'pods', 'shelf', '--slides-root', '.'], base).err, /--slides-root applies to one conference/);
});
