// A library in the real VS Code: talkNotes.notesRoot given as a list (the bundled notes and a
// shelf of two conferences), the tree with conferences at the top, file changes routed to the
// right conference, Go to Talk and the Problems panel across all of them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TalkNotesApi } from '../../../src/extension/extension';
import {
  api,
  capturingMessages,
  capturingOpenExternal,
  closeAllEditors,
  root,
  sleep,
  waitFor,
  waitForDiagnostics,
  writeText,
} from './helpers';

const note = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\nBody of ${title}.\n`;

/** A shelf of two conferences outside the workspace folder, written straight to the disk. */
function makeShelf(): string {
  const shelf = fs.mkdtempSync(path.join(os.tmpdir(), 'talk-notes-shelf-'));
  const files: Record<string, string> = {
    'kubecon-9/index.md': note('KubeCon 9', 'order: 1\n'),
    'kubecon-9/k8s/index.md': note('Kubernetes'),
    'kubecon-9/k8s/01-pods.md': note('Pods at scale', 'status: done\n'),
    'kubecon-9/k8s/02-nodes.md': note('Nodes'),
    'fosdem/index.md': note('FOSDEM 2025', 'order: 2\n'),
    'fosdem/main/01-rust.md': note('Rust in the kernel'),
  };
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(shelf, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return shelf;
}

const libraryTalks = (a: TalkNotesApi) => a.library()?.conferences.flatMap(c => c.workspace.tracks.flatMap(t => t.talks)) ?? [];

suite('Talk Notes: a library of conferences', () => {
  let shelf: string;
  const config = () => vscode.workspace.getConfiguration('talkNotes');

  suiteSetup(async () => {
    shelf = makeShelf();
    const a = await api();
    await config().update('notesRoot', [root().fsPath, shelf], vscode.ConfigurationTarget.Workspace);
    await waitFor(() => a.library()?.conferences.length === 3, 'three conferences loaded');
    // A file watcher outside the workspace folder takes a moment to start on a busy machine (after
    // the 10,000-talk suite, say): a probe note, written again until it shows, says it is live.
    const probe = path.join(shelf, 'fosdem', 'main', '00-probe.md');
    let writes = 0;
    await waitFor(
      () => {
        if (writes++ % 20 === 0) fs.writeFileSync(probe, note(`Probe ${writes}`));
        return libraryTalks(a).some(t => t.title.startsWith('Probe'));
      },
      'the shelf watched',
      30_000,
    );
    fs.rmSync(probe);
    await waitFor(() => !libraryTalks(a).some(t => t.title.startsWith('Probe')), 'the probe gone', 30_000);
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    await config().update('notesRoot', undefined, vscode.ConfigurationTarget.Workspace);
    const a = await api();
    await waitFor(() => a.library()?.conferences.length === 1 && a.workspace()?.tracks.length === 3, 'the bundled notes alone again');
    fs.rmSync(shelf, { recursive: true, force: true });
  });

  test('the tree shows the conferences at the top with their progress, then tracks and talks', async () => {
    const a = await api();
    const tree = a.treeSnapshot();
    assert.deepEqual(
      tree.map(c => [c.label, c.description]),
      [
        ['KubeCon 9', '1/2'],
        ['FOSDEM 2025', '0/1'],
        ['Flink Forward Asia 2022', '0/25'],
      ],
    );
    assert.deepEqual(
      tree[0].children.map(t => [t.label, t.description, t.children.map(k => k.label)]),
      [['Kubernetes', '1/2', ['Pods at scale', 'Nodes']]],
    );
    assert.deepEqual(
      tree[2].children.map(t => t.label),
      ['平台建设', '核心技术', '实时风控'],
    );
    assert.equal(a.workspace(), undefined, 'several conferences: no single workspace');
    const ids = libraryTalks(a).map(t => t.id);
    assert.equal(new Set(ids).size, ids.length, 'talk ids are unique across the library');
  });

  test('a note created in the shelf appears under its conference; the others are untouched', async () => {
    const a = await api();
    const ffaBefore = a.library()!.conferences.find(c => c.title === 'Flink Forward Asia 2022');
    const file = vscode.Uri.file(path.join(shelf, 'fosdem', 'main', '02-go.md'));
    await writeText(file, note('Go generics', 'status: watching\n'));
    await waitFor(() => a.treeSnapshot()[1]?.children[0]?.children.length === 2, 'the new talk under FOSDEM 2025');
    assert.deepEqual(
      a.treeSnapshot()[1].children[0].children.map(k => k.label),
      ['Rust in the kernel', 'Go generics'],
    );
    assert.equal(
      a.library()!.conferences.find(c => c.title === 'Flink Forward Asia 2022'),
      ffaBefore,
      'the other conference is the same object',
    );
    await vscode.workspace.fs.delete(file);
    await waitFor(() => a.treeSnapshot()[1]?.children[0]?.children.length === 1, 'the talk gone again');
  });

  test('broken front matter in a shelf conference shows in the Problems panel on that file', async () => {
    const a = await api();
    const file = vscode.Uri.file(path.join(shelf, 'kubecon-9', 'k8s', '99-broken.md'));
    await writeText(file, '---\ntitle: Broken\nspeakers: [unclosed\n---\nbody\n');
    try {
      const diags = await waitForDiagnostics(a, file);
      assert.ok(diags.some(d => d.severity === vscode.DiagnosticSeverity.Error && d.source === 'Talk Notes'));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitForDiagnostics(a, file, false);
  });

  test('Go to Talk offers the talks of every conference and opens the one picked, wherever it is', async () => {
    const a = await api();
    const picked = vscode.commands.executeCommand<string | undefined>('talkNotes.goToTalk');
    // The quick pick lists the talks in library order: the first is KubeCon 9's first talk.
    await sleep(500);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const id = await picked;
    const pods = libraryTalks(a).find(t => t.title === 'Pods at scale');
    assert.equal(id, pods?.id);
    assert.ok(await a.notesViewRendered(id!), 'its notes view rendered');
    assert.equal(a.notesView(id!)?.state, 'shown');
  });

  test("the conference row's Open Conference Links opens that conference's links, not another's", async () => {
    const a = await api();
    await closeAllEditors();
    const ffa = a.library()!.conferences.find(c => c.title === 'Flink Forward Asia 2022')!;
    const opened = await capturingOpenExternal(async () => {
      // As the tree's context menu runs it: with the row's node; the links are then offered.
      const done = vscode.commands.executeCommand('talkNotes.openConferenceLinks', { kind: 'conference', conferenceId: ffa.id });
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await done;
    });
    assert.deepEqual(opened, ['https://flink-forward.org.cn/#download']);
  });

  test('Search Talks and Slides says it works on one conference and what to use instead, not that there are no talks', async () => {
    const { messages } = await capturingMessages(() => vscode.commands.executeCommand('talkNotes.searchTalks'));
    assert.equal(messages.length, 1);
    assert.match(messages[0].text, /one conference at a time for now, and the notes folders hold 3\. Use Go to Talk/);
  });

  test('Show Notes renders a shelf talk from its own conference folder', async () => {
    const a = await api();
    const rust = libraryTalks(a).find(t => t.title === 'Rust in the kernel');
    assert.ok(rust);
    await vscode.commands.executeCommand('talkNotes.showNotes', rust.id);
    assert.ok(await a.notesViewRendered(rust.id));
    assert.equal(a.notesView(rust.id)?.state, 'shown');
  });
});

suite('Talk Notes: talk ids', () => {
  test('a notes view saved with a path relative to the notes folder (as before libraries) is restored', async () => {
    const a = await api();
    const talk = a.workspace()!.tracks[0].talks[1];
    assert.notEqual(talk.id, talk.file, 'ids are absolute paths now');
    const panel = vscode.window.createWebviewPanel('talkNotes.notes', 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await a.restoreNotesView(panel, { talkId: talk.file, scroll: 0 });
    await waitFor(() => a.notesView(talk.id)?.state === 'shown', 'the restored view showing the talk');
    await closeAllEditors();
  });
});
