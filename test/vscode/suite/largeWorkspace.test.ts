// Talk Notes on 10,000 generated talks with thousands of problems, in the real extension host. A
// saved note must cost what it changed: re-checking and re-publishing the whole workspace after
// every save is what kept the extension host too busy to open a notes view.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GeneratedWorkspace } from '../../bench/largeWorkspace.mjs' with { 'resolution-mode': 'import' };
import { allTalks, api, waitFor } from './helpers';

const TALKS = 10_000;
// dist/test/vscode/suite -> the repo's generator
const GENERATOR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'bench', 'largeWorkspace.mjs');

/** Writes the workspace from a child process: 18,000 files written here would stall the extension host. */
function generate(dir: string): Promise<GeneratedWorkspace> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [GENERATOR, dir, '--json'], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout) as GeneratedWorkspace),
    ),
  );
}

/** Every diagnostic Talk Notes has published, by file. */
function ourDiagnostics(): Map<string, vscode.Diagnostic[]> {
  const out = new Map<string, vscode.Diagnostic[]>();
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    const ours = list.filter(d => d.source === 'Talk Notes');
    if (ours.length) out.set(uri.fsPath, ours);
  }
  return out;
}

/** Resolves once no diagnostics have changed for `ms`. */
async function diagnosticsQuiet(ms: number): Promise<void> {
  let last = Date.now();
  const subscription = vscode.languages.onDidChangeDiagnostics(() => (last = Date.now()));
  try {
    while (Date.now() - last < ms) await new Promise(resolve => setTimeout(resolve, 100));
  } finally {
    subscription.dispose();
  }
}

suite('Talk Notes: 10,000 talks', function () {
  this.timeout(240_000);
  let parent: string;
  let ws: GeneratedWorkspace;

  suiteSetup(async () => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'talk-notes-large-'));
    ws = await generate(path.join(parent, 'conference'));
    const a = await api();
    await vscode.workspace.getConfiguration('talkNotes').update('notesRoot', ws.dir, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => allTalks(a).length === TALKS, `the ${TALKS} generated talks`, 120_000);
    await a.diagnosticsSettled();
    // VS Code delivers the change events of thousands of files late and in pieces: let those of
    // the first publication pass before the tests count events.
    await diagnosticsQuiet(2000);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('talkNotes').update('notesRoot', undefined, vscode.ConfigurationTarget.Workspace);
    const a = await api();
    await waitFor(() => allTalks(a).length === 25, 'the bundled notes back', 60_000);
    // Asynchronously: 18,000 files removed in one go would stall the extension host.
    await fs.promises.rm(parent, { recursive: true, force: true });
  });

  test('thousands of problems are published, on the files they concern', () => {
    const diagnostics = ourDiagnostics();
    assert.ok(diagnostics.size > 3000, `${diagnostics.size} files with problems`);
    const expected: [keyof GeneratedWorkspace['problemTalks'], RegExp][] = [
      ['broken', /not valid YAML/],
      ['missingSlides', /not found/],
      ['duplicateTitles', /is also used by/],
      ['unsafeLinks', /must be an http\(s\) URL/],
      ['badStatus', /status must be one of/],
    ];
    for (const [kind, message] of expected) {
      const file = path.join(ws.dir, ws.problemTalks[kind].file);
      assert.ok(
        diagnostics.get(file)?.some(d => message.test(d.message)),
        `${kind}: ${ws.problemTalks[kind].file} has ${JSON.stringify(diagnostics.get(file)?.map(d => d.message))}`,
      );
    }
  });

  test('saving one note re-checks that note, not the 10,000 others', async () => {
    const a = await api();
    const changed: vscode.Uri[] = [];
    const subscription = vscode.languages.onDidChangeDiagnostics(e => changed.push(...e.uris));
    try {
      const healthy = path.join(ws.dir, ws.sampleTalk.file);
      // A body change: nothing about the note's problems changes.
      let before = a.workspace();
      fs.appendFileSync(healthy, '\n更多笔记。\n');
      await waitFor(() => a.workspace() !== before, 'the saved note to be read again', 30_000);
      await a.diagnosticsSettled();
      // Anything still on its way from a check of the whole workspace arrives by then.
      await diagnosticsQuiet(2000);
      assert.equal(changed.length, 0, `a save that changed no problem republished ${changed.length} files`);

      // A new problem in that note: exactly that file changes in the Problems panel.
      before = a.workspace();
      const text = fs.readFileSync(healthy, 'utf8');
      fs.writeFileSync(healthy, text.replace(/^status: \w+$/m, 'status: someday'));
      await waitFor(() => a.workspace() !== before, 'the note with a bad status to be read again', 30_000);
      await waitFor(
        async () => {
          await a.diagnosticsSettled();
          return ourDiagnostics()
            .get(healthy)
            ?.some(d => /status must be one of/.test(d.message));
        },
        'the new problem in the Problems panel',
        30_000,
      );
      await diagnosticsQuiet(2000);
      assert.deepEqual([...new Set(changed.map(u => u.fsPath))], [healthy]);
    } finally {
      subscription.dispose();
    }
  });
});
