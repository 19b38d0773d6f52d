// First extension-host tests: the extension is the one under development, it activates, and its
// view container and tree view are contributed to the running workbench.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'talk-notes.talk-notes';
// dist/test/vscode/suite -> repo root
const REPO = path.resolve(__dirname, '..', '..', '..', '..');

suite('Talk Notes: activation', () => {
  test('the extension is installed from the development path', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.equal(path.resolve(ext.extensionPath), REPO, 'loaded from the repo, not from an installed copy');
  });

  test('the extension activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('the Talks tree view is contributed to the Talk Notes container', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const contributes = ext.packageJSON.contributes;
    assert.ok(
      contributes.viewsContainers.activitybar.some((c: { id: string }) => c.id === 'talkNotes'),
      'activity bar container talkNotes',
    );
    assert.ok(
      contributes.views.talkNotes.some((v: { id: string }) => v.id === 'talkNotes.talks'),
      'view talkNotes.talks',
    );
    // The workbench generates `<viewId>.focus` for every registered view: running it proves the
    // view really exists in this window (and opens the container).
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('talkNotes.talks.focus'), 'talkNotes.talks.focus command registered');
    await vscode.commands.executeCommand('talkNotes.talks.focus');
  });

  test('a workspace folder is open', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });
});
