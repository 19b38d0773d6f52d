// A library of conferences: how a notes root is told to be one conference or a shelf, ambiguous
// folders, links out of the root, ids unique across conferences, and incremental updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { decideLayout, type FolderShape, type RootShape } from '../../src/core/layout';
import { loadLibrary, NotesLibrary } from '../../src/core/library';
import type { NotesLibrarySnapshot } from '../../src/core/model';
import { loadWorkspace } from '../../src/core/workspace';
import { memoryFileSystem } from '../fixtures/memoryFs';
import { tempDir, writeTree } from '../fixtures/tempTree';
import { allTalks } from '../fixtures/workspaceQueries';

const note = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\nbody\n`;

/** A conference as the importer writes it: index.md, and an index.md in every track folder too. */
function conference(dir: string, title: string, tracks: Record<string, string[]>, extra = ''): Record<string, string> {
  const files: Record<string, string> = { [`${dir}/index.md`]: note(title, extra) };
  for (const [track, talks] of Object.entries(tracks)) {
    files[`${dir}/${track}/index.md`] = note(`Track ${track}`);
    talks.forEach((t, i) => (files[`${dir}/${track}/${String(i + 1).padStart(2, '0')}-${t}.md`] = note(t)));
  }
  return files;
}

const titles = (lib: NotesLibrarySnapshot) => lib.conferences.map(c => c.title);
const rootProblems = (lib: NotesLibrarySnapshot) => lib.roots.flatMap(r => r.problems);

test('a root with index.md and track folders is one conference, read exactly as NotesIndex reads it', async () => {
  const fs = memoryFileSystem(conference('/n', 'FFA 2022', { '01-sql': ['a', 'b'], '02-ai': ['c'] }));
  const lib = await loadLibrary(['/n'], fs);
  assert.equal(lib.roots[0].layout, 'conference');
  assert.equal(lib.conferences.length, 1);
  const [c] = lib.conferences;
  assert.deepEqual([c.id, c.folder, c.notesRoot, c.title], ['/n', '', '/n', 'FFA 2022']);
  const alone = await loadWorkspace('/n', fs);
  assert.deepEqual(
    allTalks(c.workspace).map(t => [t.id, t.file, t.title]),
    allTalks(alone).map(t => ['/n/' + t.id, t.file, t.title]),
  );
  assert.deepEqual(c.workspace.problems, alone.problems);
  assert.deepEqual(rootProblems(lib), []);
});

test("today's layout without index.md (track folders only) stays one conference", async () => {
  const fs = memoryFileSystem({ '/n/sql/a.md': note('A'), '/n/ai/b.md': note('B'), '/n/ai/index.md': note('AI') });
  const lib = await loadLibrary(['/n'], fs);
  assert.equal(lib.roots[0].layout, 'conference');
  assert.deepEqual(titles(lib), ['n']);
  assert.equal(lib.conferences[0].progress.talks, 2);
});

test('a shelf: every sub-folder holding track folders is a conference, ordered by order:, then title with numbers as numbers', async () => {
  const fs = memoryFileSystem({
    ...conference('/s/kubecon-10', 'KubeCon 10', { t: ['a'] }),
    ...conference('/s/kubecon-9', 'KubeCon 9', { t: ['a', 'b'] }),
    ...conference('/s/fosdem', 'FOSDEM 2025', { main: ['x'] }, 'order: 1\n'),
    '/s/kubecon-9/t/02-b.md': note('b', 'status: done\n'),
    '/s/README.md': '# my shelf',
  });
  const lib = await loadLibrary(['/s'], fs);
  assert.equal(lib.roots[0].layout, 'shelf');
  assert.deepEqual(titles(lib), ['FOSDEM 2025', 'KubeCon 9', 'KubeCon 10']);
  assert.deepEqual(lib.roots[0].conferences, ['/s/fosdem', '/s/kubecon-9', '/s/kubecon-10']);
  const k9 = lib.conferences[1];
  assert.deepEqual([k9.folder, k9.workspace.root], ['kubecon-9', '/s/kubecon-9']);
  assert.deepEqual(k9.progress, { talks: 2, done: 1, watching: 0 });
  // Files are relative to the conference folder, as when it is loaded alone.
  assert.deepEqual(
    allTalks(k9.workspace).map(t => t.file),
    ['t/01-a.md', 't/02-b.md'],
  );
  assert.deepEqual(rootProblems(lib), []);
});

test('talk ids are unique across the library and lead back to the talk and its conference', async () => {
  const fs = memoryFileSystem({
    ...conference('/s/a', 'A', { t: ['same'] }),
    ...conference('/s/b', 'B', { t: ['same'] }),
    '/x/t/01-same.md': note('X'),
  });
  const library = new NotesLibrary(['/s', '/x'], fs);
  const lib = await library.load();
  const ids = lib.conferences.flatMap(c => allTalks(c.workspace).map(t => t.id));
  assert.deepEqual(ids, ['/s/a/t/01-same.md', '/s/b/t/01-same.md', '/x/t/01-same.md']);
  for (const id of ids) {
    const found = library.talk(id);
    assert.equal(found?.talk.id, id);
    assert.ok(id.startsWith(found!.conference.id + '/'));
    assert.equal(library.findByPath(id)?.talk.id, id, 'the id is the path, so the path finds it too');
  }
  assert.equal(library.talk('/s/a/t/nope.md'), undefined);
  assert.equal(library.talk('/s/c/t/01-same.md'), undefined);
  assert.equal(library.conferenceAt('/s/b/t/anything.md')?.id, '/s/b');
  assert.equal(library.conferenceAt('/s'), undefined, 'the shelf itself is no conference');
});

test('ambiguous: a root whose sub-folders are both tracks and conferences is read as one conference, with a warning naming the folder', async () => {
  const fs = memoryFileSystem({
    '/n/sql/a.md': note('A'),
    ...conference('/n/ffa2023', 'FFA 2023', { t: ['b'] }),
  });
  const lib = await loadLibrary(['/n'], fs);
  assert.equal(lib.roots[0].layout, 'conference');
  assert.equal(lib.conferences.length, 1);
  const [p] = rootProblems(lib);
  assert.equal(p.file, 'ffa2023');
  assert.equal(p.severity, 'warning');
  assert.match(p.message, /folder ffa2023 holds track folders \("t"\), like a conference/);
  assert.match(p.message, /because "sql" hold notes directly/);
  assert.match(p.message, /move "sql" into a conference folder of their own/);
});

test('a root with an index.md of its own and a conference-shaped folder in it: one conference, the folder is reported', async () => {
  const fs = memoryFileSystem({
    ...conference('/n', 'Main', { t: ['a'] }),
    ...conference('/n/old', 'Old', { t: ['b'] }),
  });
  const lib = await loadLibrary(['/n'], fs);
  assert.equal(lib.roots[0].layout, 'conference');
  assert.deepEqual(titles(lib), ['Main']);
  assert.equal(rootProblems(lib).length, 1);
  assert.match(rootProblems(lib)[0].message, /because it has an index\.md of its own/);
});

test('an empty shelf has no conferences and says how to add one; a shelf inside a shelf is reported, not read', async () => {
  const empty = await loadLibrary(['/e'], memoryFileSystem({ '/e/pictures/a.png': 'x' }));
  assert.equal(empty.roots[0].layout, 'shelf');
  assert.deepEqual(empty.conferences, []);
  assert.equal(rootProblems(empty)[0].severity, 'info');
  assert.match(rootProblems(empty)[0].message, /holds no notes yet; import a conference/);

  const nested = await loadLibrary(
    ['/s'],
    memoryFileSystem({ ...conference('/s/a', 'A', { t: ['x'] }), '/s/more/b/index.md': note('B'), '/s/more/c/index.md': note('C') }),
  );
  assert.equal(nested.roots[0].layout, 'shelf');
  assert.deepEqual(titles(nested), ['A']);
  const [p] = rootProblems(nested);
  assert.equal(p.file, 'more');
  assert.match(p.message, /a shelf inside a shelf is not read/);
});

test('a conference folder that is a symbolic link out of the root is not read; its problem names link and target', async t => {
  const base = tempDir(t, 'tn-lib-');
  writeTree(base, {
    ...conference('shelf/a', 'A', { t: ['x'] }),
    ...conference('elsewhere/b', 'B', { t: ['y'] }),
  });
  symlinkSync(path.join(base, 'elsewhere/b'), path.join(base, 'shelf/b'));
  const lib = await loadLibrary([path.join(base, 'shelf')]);
  assert.deepEqual(titles(lib), ['A']);
  const [p] = rootProblems(lib);
  assert.equal(p.file, 'b');
  assert.equal(p.severity, 'error');
  assert.match(p.message, /^b is a symbolic link to .*elsewhere.b, outside the notes folder, so Talk Notes does not read it/);
  // Every problem's file leads to its file from its base (the root, or the conference folder).
  assert.ok(existsSync(path.join(lib.roots[0].root, p.file)));
});

test('a root given twice or inside another root is read once, and says so', async () => {
  const fs = memoryFileSystem({ ...conference('/s/a', 'A', { t: ['x'] }), ...conference('/s/b', 'B', { t: ['y'] }) });
  const lib = await loadLibrary(['/s', '/s/a', '/s'], fs);
  assert.deepEqual(titles(lib), ['A', 'B']);
  assert.deepEqual(
    lib.roots.map(r => [r.layout, r.problems.length]),
    [
      ['shelf', 0],
      ['unread', 1],
      ['unread', 1],
    ],
  );
  assert.match(lib.roots[1].problems[0].message, /lies inside the notes folder \/s, which lists its notes already/);
});

test('a missing root is a problem of its own; the other roots load', async () => {
  const fs = memoryFileSystem(conference('/a', 'A', { t: ['x'] }));
  const lib = await loadLibrary(['/gone', '/a'], fs);
  assert.deepEqual(titles(lib), ['A']);
  assert.equal(lib.roots[0].layout, 'unread');
  assert.match(lib.roots[0].problems[0].message, /notes folder \/gone does not exist/);
});

test('a cold load lists each folder once, however many conferences read it', async () => {
  const fs = memoryFileSystem({
    ...conference('/s/a', 'A', { t1: ['x', 'y'], t2: ['z'] }),
    ...conference('/s/b', 'B', { t1: ['x'] }),
  });
  await loadLibrary(['/s'], fs);
  assert.deepEqual([...fs.lists].sort(), ['/s', '/s/a', '/s/a/t1', '/s/a/t2', '/s/b', '/s/b/t1']);
  assert.equal(new Set(fs.reads).size, fs.reads.length, 'every note read once');
});

/** What a library shows, without object identity: to compare an updated library with a fresh load. */
function summary(lib: NotesLibrarySnapshot) {
  return {
    roots: lib.roots.map(r => [r.layout, r.conferences, r.problems]),
    conferences: lib.conferences.map(c => [
      c.id,
      c.title,
      c.progress,
      allTalks(c.workspace).map(t => [t.id, t.title]),
      c.workspace.problems,
    ]),
  };
}

test('incremental updates end where a fresh load does: a note edited, a conference added, one removed, the shelf made one conference', async () => {
  const fs = memoryFileSystem(conference('/s/a', 'A', { t: ['x'] }));
  const library = new NotesLibrary(['/s'], fs);
  let lib = await library.load();
  assert.deepEqual([lib.roots[0].layout, titles(lib)], ['shelf', ['A']]);
  const fresh = async () => summary(await loadLibrary(['/s'], fs));

  fs.write('/s/a/t/01-x.md', note('X edited', 'status: done\n'));
  fs.reset();
  await library.update('/s/a/t/01-x.md');
  lib = library.snapshot();
  assert.deepEqual(allTalks(lib.conferences[0].workspace)[0].title, 'X edited');
  assert.deepEqual(lib.conferences[0].progress, { talks: 1, done: 1, watching: 0 });
  assert.deepEqual(fs.lists, [], 'an edited note lists no folder');
  assert.deepEqual(summary(lib), await fresh());

  const before = library.snapshot().conferences[0];
  for (const [file, text] of Object.entries(conference('/s/b', 'B', { t: ['y', 'z'] }))) {
    fs.write(file, text);
    await library.update(file);
  }
  lib = library.snapshot();
  assert.deepEqual(titles(lib), ['A', 'B']);
  assert.equal(lib.conferences[0], before, 'an unchanged conference is the same object');
  assert.deepEqual(summary(lib), await fresh());

  fs.delete('/s/a');
  await library.update('/s/a');
  lib = library.snapshot();
  assert.deepEqual(titles(lib), ['B']);
  assert.equal(library.talk('/s/a/t/01-x.md'), undefined);
  assert.deepEqual(summary(lib), await fresh());

  fs.write('/s/index.md', note('One conference now'));
  await library.update('/s/index.md');
  lib = library.snapshot();
  assert.equal(lib.roots[0].layout, 'conference');
  assert.deepEqual(titles(lib), ['One conference now']);
  assert.match(lib.roots[0].problems[0].message, /folder b holds track folders/);
  assert.deepEqual(summary(lib), await fresh());

  fs.delete('/s/index.md');
  await library.update('/s/index.md');
  assert.deepEqual(titles(library.snapshot()), ['B']);
  assert.deepEqual(summary(library.snapshot()), await fresh());
});

test('updates outside every root, or in ignored folders, change nothing', async () => {
  const fs = memoryFileSystem(conference('/s/a', 'A', { t: ['x'] }));
  const library = new NotesLibrary(['/s'], fs);
  const lib = await library.load();
  fs.write('/elsewhere/n.md', note('N'));
  await library.update('/elsewhere/n.md');
  fs.write('/s/.git/x.md', note('N'));
  await library.update('/s/.git/x.md');
  assert.equal(library.snapshot(), lib);
});

/** A folder's shape from a compact description: notes?, index?, and its sub-folders'. */
function folder(notes: boolean, index: boolean, subs: Record<string, [notes: boolean, index: boolean]> = {}): FolderShape {
  return { notes, index, subs: new Map(Object.entries(subs).map(([n, [notes, index]]) => [n, { notes, index }])) };
}

function root(entries: Record<string, FolderShape>, index = false, notes = false): RootShape {
  return { index, notes, entries: new Map(Object.entries(entries).map(([n, shape]) => [n, { kind: 'folder', shape }])) };
}

test('decideLayout: the rules on plain data', () => {
  // Tracks with an index.md each (as imports write them) are still tracks: structure decides.
  assert.equal(decideLayout(root({ sql: folder(true, true), ai: folder(true, false) })).kind, 'conference');
  // A conference folder with notes beside its track folders ("both") still makes a shelf.
  const both = decideLayout(root({ a: folder(true, true, { t: [true, false] }), b: folder(false, true, { t: [true, true] }) }));
  assert.deepEqual(both, { kind: 'shelf', conferences: ['a', 'b'], problems: [] });
  // An index-only folder (a conference just started) joins a shelf…
  assert.deepEqual(decideLayout(root({ a: folder(false, false, { t: [true, false] }), new: folder(false, true) })), {
    kind: 'shelf',
    conferences: ['a', 'new'],
    problems: [],
  });
  // …and alone it is a conference with one index-only track, as before shelves existed.
  assert.equal(decideLayout(root({ new: folder(false, true) })).kind, 'conference');
  // Notes of the root's own make it one conference whatever its folders hold.
  const own = decideLayout(root({ a: folder(false, false, { t: [true, false] }) }, false, true));
  assert.equal(own.kind, 'conference');
  assert.match(own.problems[0].message, /because it holds notes of its own/);
});

test('a note as an editor holds it reaches its conference of the library, and update brings the disk back', async () => {
  const fs = memoryFileSystem({ ...conference('/s/a', 'A', { t: ['x'] }), ...conference('/s/b', 'B', { t: ['y'] }) });
  const library = new NotesLibrary(['/s'], fs);
  await library.load();
  const file = '/s/b/t/01-y.md';
  assert.equal(await library.updateFromText(file, note('Y unsaved', 'status: watching\n')), true);
  const talk = library.findByPath(file)?.talk;
  assert.deepEqual([talk?.title, talk?.status], ['Y unsaved', 'watching']);
  assert.deepEqual(library.snapshot().conferences[1].progress, { talks: 1, done: 0, watching: 1 });
  assert.equal(await library.updateFromText('/s/b/t/02-new.md', note('New')), false, 'a note not listed yet waits for its file');
  await library.update(file);
  assert.equal(library.findByPath(file)?.talk.title, 'y');
});
