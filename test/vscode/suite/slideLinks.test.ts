// Links to slides in the Markdown editor follow the notes view's rule: relative paths that stay
// inside the notes folder, nothing absolute, nothing climbing out with `..`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { capturingMessages, useTempNotes } from './helpers';

const TRACK = 'zz-slide-links';

suite('Talk Notes: slide links in the editor', () => {
  const notes = useTempNotes(TRACK);
  suiteSetup(() => fs.writeFileSync(`${notes.outside}/secret.pdf`, '%PDF-1.4\n%%EOF\n'));

  test('only links that stay inside the notes folder open the slides viewer', async () => {
    const { a, track, outside } = notes;
    const outsideName = outside.slice(outside.lastIndexOf('/') + 1);
    const body = [
      '[inside](deck.pdf#page=2)',
      '[other track](../平台建设/deck.pdf#page=3)',
      '[short](#slide=4)',
      `[climbs out](../../${outsideName}/secret.pdf#page=1)`,
      `[absolute](${outside}/secret.pdf#page=1)`,
      '[drive](C:/slides/secret.pdf#page=1)',
      '[root](/secret.pdf#page=1)',
    ];
    const { uri } = await track.note(a, '01-links.md', `---\ntitle: Links\nslides: ${TRACK}/deck.pdf\n---\n\n${body.join('\n\n')}\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    const ours = links.filter(l => l.target?.scheme === 'command' && l.target.path.startsWith('talkNotes.'));
    assert.deepEqual(
      ours.map(l => doc.getText(l.range)),
      ['[inside](deck.pdf#page=2)', '[other track](../平台建设/deck.pdf#page=3)', '[short](#slide=4)'],
    );
  });

  test('the internal open-PDF command refuses a PDF outside the notes and slides folders', async () => {
    const secret = vscode.Uri.file(`${notes.outside}/secret.pdf`);
    const { result, messages } = await capturingMessages(() =>
      vscode.commands.executeCommand('talkNotes.openPdfPage', secret.toString(), 1),
    );
    assert.equal(result, false);
    assert.ok(
      messages.some(m => /outside/.test(m.text)),
      JSON.stringify(messages),
    );
    const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs);
    assert.ok(!tabs.some(t => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.fsPath === secret.fsPath), 'not opened');
  });
});
