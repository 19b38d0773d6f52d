// The talks view tells the truth in a real VS Code: its filter (by status, tag, speaker) and how it
// names itself in the view's description, the badge of talks being watched, and the status shown
// on note files wherever VS Code lists them (file decorations).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TalkNotesApi, TreeSnapshotItem } from '../../../src/extension/extension';
import type { TalkFilter } from '../../../src/core/talkFilter';
import { allTalks, api, applyEdit, closeAllEditors, readText, revertAndCloseAll, TempTrack, typeAtEnd, waitFor } from './helpers';

const FOLDER = 'zz-tree';

function note(title: string, status: string, tags: string[], speaker: string): string {
  return ['---', `title: ${title}`, `speakers: [${speaker}]`, `status: ${status}`, `tags: [${tags.join(', ')}]`, '---', ''].join('\n');
}

const labels = (items: TreeSnapshotItem[]): string[] => items.flatMap(i => [i.label, ...labels(i.children)]);
const labelsOf = (items: TreeSnapshotItem[]): TreeSnapshotItem[] => items.flatMap(i => [i, ...labelsOf(i.children)]);
const filterBy = (f: TalkFilter) => vscode.commands.executeCommand('talkNotes.filterTalks', f);

suite('Talk Notes: the talks view filter, badge and file decorations', () => {
  let a: TalkNotesApi;
  let track: TempTrack;
  const uris: Record<string, vscode.Uri> = {};

  suiteSetup(async () => {
    a = await api();
    track = new TempTrack(FOLDER);
    for (const [name, title, status, tags, speaker] of [
      ['01-w.md', 'Tree Watching One', 'watching', ['cdc'], 'Ada'],
      ['02-w.md', 'Tree Watching Two', 'watching', ['state'], 'Bo'],
      ['03-d.md', 'Tree Done', 'done', ['cdc', 'sql'], 'Ada'],
    ] as const) {
      uris[title] = (await track.note(a, name, note(title, status, [...tags], speaker))).uri;
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('talkNotes.clearFilter');
    await closeAllEditors();
    await track.dispose(a);
  });

  test('a status filter shows only those talks, hides tracks without any, and names itself in the description', async () => {
    await filterBy({ kind: 'status', status: 'watching' });
    const tree = a.treeSnapshot();
    assert.deepEqual(
      tree[0].children.map(t => t.label),
      [FOLDER],
      'only the track with watched talks',
    );
    assert.deepEqual(
      tree[0].children[0].children.map(t => t.label),
      ['Tree Watching One', 'Tree Watching Two'],
    );
    assert.equal(a.treeView().description, 'Watching');
  });

  test('by tag and by speaker', async () => {
    await filterBy({ kind: 'tag', tag: 'cdc' });
    assert.deepEqual(labels(a.treeSnapshot()[0].children), [FOLDER, 'Tree Watching One', 'Tree Done']);
    assert.equal(a.treeView().description, 'Tag: cdc');
    await filterBy({ kind: 'speaker', speaker: 'Bo' });
    assert.deepEqual(labels(a.treeSnapshot()[0].children), [FOLDER, 'Tree Watching Two']);
    assert.equal(a.treeView().description, 'Speaker: Bo');
  });

  test('the filter follows status changes; a filter nothing matches says so; Show All Talks clears it', async () => {
    await filterBy({ kind: 'status', status: 'done' });
    await vscode.commands.executeCommand('talkNotes.setStatus', allTalks(a).find(t => t.title === 'Tree Watching Two')?.id, 'done');
    await waitFor(() => labels(a.treeSnapshot()[0].children).includes('Tree Watching Two'), 'the newly done talk to show');
    await vscode.commands.executeCommand('talkNotes.setStatus', allTalks(a).find(t => t.title === 'Tree Watching Two')?.id, 'watching');
    await waitFor(() => !labels(a.treeSnapshot()[0].children).includes('Tree Watching Two'), 'the talk to leave the done filter');

    await filterBy({ kind: 'tag', tag: 'no-such-tag' });
    assert.deepEqual(a.treeSnapshot()[0].children, []);
    assert.equal(a.treeView().message, 'No talk matches the filter “Tag: no-such-tag”.');

    await vscode.commands.executeCommand('talkNotes.clearFilter');
    assert.equal(a.treeView().description, undefined);
    assert.equal(a.treeView().message, undefined);
    assert.ok(a.treeSnapshot()[0].children.length >= 4, 'every track is back');
  });

  test('the badge counts the talks being watched', async () => {
    const watching = () => allTalks(a).filter(t => t.status === 'watching').length;
    await waitFor(() => a.treeView().badge === watching(), 'the badge to count watched talks');
    const before = watching();
    assert.ok(before >= 2);
    await vscode.commands.executeCommand('talkNotes.setStatus', allTalks(a).find(t => t.title === 'Tree Watching One')?.id, 'done');
    await waitFor(() => a.treeView().badge === before - 1, 'the badge to drop by one');
    await vscode.commands.executeCommand('talkNotes.setStatus', allTalks(a).find(t => t.title === 'Tree Watching One')?.id, 'watching');
    await waitFor(() => a.treeView().badge === before, 'the badge back');
  });

  test('a talk whose PDF is not downloaded says so, and offers its slides once the PDF is there', async () => {
    const { uri } = await track.note(a, '04-pdf.md', ['---', 'title: Tree Pdf', `slides: ${FOLDER}/later.pdf`, '---', ''].join('\n'));
    const row = () => labelsOf(a.treeSnapshot()).find(i => i.label === 'Tree Pdf');
    await waitFor(() => row(), 'the talk in the tree');
    assert.match(row()?.contextValue ?? '', /\bslidesMissing\b/);
    assert.match(row()?.tooltip ?? '', /slides \(not downloaded yet\)/);
    await vscode.workspace.fs.writeFile(track.file('later.pdf'), new TextEncoder().encode('%PDF-1.4\n%%EOF\n'));
    await waitFor(() => /^talk slides\b/.test(row()?.contextValue ?? ''), 'the row to offer the slides');
    assert.doesNotMatch(row()?.tooltip ?? '', /not downloaded/);
    await vscode.workspace.fs.delete(track.file('later.pdf'));
    await waitFor(() => /\bslidesMissing\b/.test(row()?.contextValue ?? ''), 'the row to say the PDF is gone');
    await vscode.workspace.fs.delete(uri);
  });

  test('the tree and the notes view follow a note’s unsaved text: Set Status on a dirty note, a new title, and back on revert', async () => {
    // Its own tree, whatever filter an earlier test of the run left on.
    await vscode.commands.executeCommand('talkNotes.clearFilter');
    const { uri, talk } = await track.note(a, '05-unsaved.md', note('Tree Unsaved', 'todo', [], 'Fay'));
    const row = () => labelsOf(a.treeSnapshot()).find(i => i.contextValue?.startsWith('talk') && i.tooltip?.includes('Fay'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await typeAtEnd(doc, '\nstill typing\n');
    await vscode.commands.executeCommand('talkNotes.setStatus', talk.id, 'done');
    assert.ok(doc.isDirty, 'the note stays unsaved');
    assert.match(await readText(uri), /status: todo/, 'the file is not written');
    await waitFor(() => row()?.icon === 'pass-filled', 'the tree to show the unsaved status');
    await waitFor(() => a.fileDecoration(uri)?.badge === '✓', 'the decoration to follow too');

    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await applyEdit(doc, doc.getText().indexOf('Tree Unsaved'), 'Tree Unsaved'.length, 'Tree Renamed');
    await waitFor(() => row()?.label === 'Tree Renamed', 'the tree to show the unsaved title');
    await waitFor(() => a.notesView(talk.id)?.title === 'Tree Renamed', 'the notes view header to follow');

    await revertAndCloseAll();
    await waitFor(
      () => row()?.label === 'Tree Unsaved' && row()?.icon === 'circle-large-outline',
      'the tree back to the file after a revert',
    );
  });

  test('dragging talks out of the tree carries their notes as a URI list (a drop into a note links to them)', async () => {
    const done = allTalks(a).find(t => t.title === 'Tree Done');
    const two = allTalks(a).find(t => t.title === 'Tree Watching Two');
    assert.ok(done && two);
    assert.equal(await a.dragTalks([done.id, two.id]), `${uris['Tree Done'].toString()}\r\n${uris['Tree Watching Two'].toString()}`);
    assert.equal(await a.dragTalks(['no/such.md']), '', 'a talk that is gone carries nothing');
  });

  test('talks dropped into a note become links titled with the talks, never inside the front matter', async () => {
    const drop = (line: number, ...targets: vscode.Uri[]) =>
      a.dropIntoNote(uris['Tree Done'], line, targets.map(u => u.toString()).join('\r\n'));
    // 03-d.md: the front matter is lines 0-5, then one empty line.
    assert.equal(await drop(6, uris['Tree Watching Two']), true);
    let lines = (await vscode.workspace.openTextDocument(uris['Tree Done'])).getText().split('\n');
    assert.equal(lines[6], '[Tree Watching Two](02-w.md)');
    assert.equal(await drop(2, uris['Tree Watching One'], uris['Tree Watching Two']), true);
    lines = (await vscode.workspace.openTextDocument(uris['Tree Done'])).getText().split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      '---',
      'title: Tree Done',
      'speakers: [Ada]',
      'status: done',
      'tags: [cdc, sql]',
      '---',
      '[Tree Watching One](01-w.md) [Tree Watching Two](02-w.md)',
      '[Tree Watching Two](02-w.md)',
    ]);
    // Anything but talks' notes is left to VS Code's own Markdown drop.
    assert.equal(await drop(6, track.file('deck.pdf')), false);
    assert.equal(await drop(6, uris['Tree Watching One'], vscode.Uri.parse('https://example.com/a')), false);
    await revertAndCloseAll();
  });

  test('note files carry their status as a file decoration, updated when it changes', async () => {
    const done = a.fileDecoration(uris['Tree Done']);
    assert.equal(done?.badge, '✓');
    assert.equal(done?.tooltip, 'Talk Notes: Done');
    assert.equal(a.fileDecoration(uris['Tree Watching Two'])?.badge, '▶');
    assert.equal(a.fileDecoration(track.file('deck.pdf')), undefined, 'other files are left alone');
    await vscode.commands.executeCommand('talkNotes.setStatus', allTalks(a).find(t => t.title === 'Tree Done')?.id, 'todo');
    await waitFor(() => a.fileDecoration(uris['Tree Done'])?.tooltip === 'Talk Notes: To watch', 'the decoration to follow');
    assert.equal(a.fileDecoration(uris['Tree Done'])?.badge, undefined);
  });
});
