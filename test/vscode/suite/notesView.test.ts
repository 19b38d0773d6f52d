// The notes view in a real VS Code: notes it must not show as usual (not UTF-8, a link out of the
// notes folder), its texts, its restore after a reload, and what a failing command tells the user.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ENGLISH_NOTES_VIEW_LABELS } from '../../../src/shared/notesViewProtocol';
import { capturingMessages, root, sleep, tabLabels, talkByTitle, useTempNotes, waitFor, waitForTalk } from './helpers';

const TRACK = 'zz-notes-view';
const NOTES_VIEW_TYPE = 'talkNotes.notes';
const ANT = 'Flink 在蚂蚁大规模金融场景的平台建设';

suite('Talk Notes: notes view', () => {
  const notes = useTempNotes(TRACK);

  const shown = (talkId: string, state: 'shown' | 'unavailable') =>
    waitFor(() => {
      const s = notes.a.notesView(talkId);
      return s?.state === state ? s : undefined;
    }, `the notes view to be ${state}`);

  test('Show Notes opens one notes view per talk and reuses it', async () => {
    const talk = talkByTitle(notes.a, ANT);
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await waitFor(() => tabLabels().includes(ANT), 'the notes tab');
    await waitFor(() => notes.a.notesViewRendered(talk.id), 'the first render');
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    await sleep(300);
    assert.equal(tabLabels().filter(l => l === ANT).length, 1, 'one notes view, reused');
  });

  test('a note that is not UTF-8 is shown read-only, with a banner saying which file and how to convert it', async () => {
    // "中文笔记" in GBK after an ASCII front matter.
    const bytes = Buffer.concat([
      Buffer.from('---\ntitle: GBK note\n---\n\n# Encoded\n\n'),
      Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0xb1, 0xca, 0xbc, 0xc7]),
      Buffer.from('\n'),
    ]);
    const { talk } = await notes.track.note(notes.a, '01-gbk.md', bytes);
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    const s = await shown(talk.id, 'shown');
    assert.ok(s.banner, 'a banner');
    assert.ok(s.banner.includes(talk.file), 'names the file');
    assert.match(s.banner, /not saved as UTF-8/);
    assert.match(s.banner, /Reopen with Encoding” → GBK, then “Save with Encoding” → UTF-8/);
    assert.equal(s.editable, false, 'the edit buttons are off');
    assert.match(s.html, /\uFFFD/, 'the text is shown, undecodable bytes as U+FFFD');
    assert.ok(fs.readFileSync(vscode.Uri.joinPath(root(), ...talk.file.split('/')).fsPath).equals(bytes), 'the file is untouched');
  });

  test('a note behind a symbolic link out of the notes folder is never shown', async () => {
    const target = `${notes.outside}/private.md`;
    fs.writeFileSync(target, '---\ntitle: Linked note\n---\n\nPRIVATE TEXT FROM OUTSIDE\n');
    const link = notes.track.file('02-linked.md');
    fs.symlinkSync(target, link.fsPath);
    const talk = await waitForTalk(notes.a, link);
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    const s = await shown(talk.id, 'unavailable');
    assert.match(s.message ?? '', /symbolic link to a file outside the notes folder/);
    assert.ok((s.message ?? '').includes(talk.file));
    assert.ok(!s.html.includes('PRIVATE TEXT'), 'nothing of the file was rendered');

    // Nor does "Edit Note File" open it in an editor.
    const { messages } = await capturingMessages(() => vscode.commands.executeCommand('talkNotes.openNoteFile', talk.id));
    assert.ok(
      messages.some(m => /outside the notes folder/.test(m.text)),
      JSON.stringify(messages),
    );
    assert.ok(!vscode.workspace.textDocuments.some(d => d.getText().includes('PRIVATE TEXT')), 'not opened');
  });

  test('the view’s English texts are the shared English table: one source of truth', () => {
    assert.equal(vscode.env.language, 'en', 'this suite runs in English');
    assert.deepEqual(notes.a.notesViewLabels(), ENGLISH_NOTES_VIEW_LABELS);
  });

  test('restoring after a reload accepts only a valid saved state', async () => {
    const { talk } = await notes.track.note(notes.a, '03-restore.md', '---\ntitle: Restore me\n---\n\nRestored body.\n');
    const restore = async (state: unknown): Promise<boolean> => {
      const panel = vscode.window.createWebviewPanel(NOTES_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, { enableScripts: true });
      let disposed = false;
      panel.onDidDispose(() => (disposed = true));
      await notes.a.restoreNotesView(panel, state);
      if (!disposed) panel.dispose();
      return !disposed;
    };
    for (const bad of [
      undefined,
      null,
      'x',
      { talkId: 7, scroll: 0 },
      { talkId: talk.id },
      { talkId: talk.id, scroll: 2 },
      { talkId: '', scroll: 0 },
    ]) {
      assert.equal(await restore(bad), false, `refused: ${JSON.stringify(bad)}`);
    }
    assert.equal(await restore({ talkId: 'zz-notes-view/nope.md', scroll: 0 }), false, 'a talk that is gone');

    const panel = vscode.window.createWebviewPanel(NOTES_VIEW_TYPE, 'restored', vscode.ViewColumn.Active, { enableScripts: true });
    await notes.a.restoreNotesView(panel, { talkId: talk.id, scroll: 0.5 });
    const s = await shown(talk.id, 'shown');
    assert.match(s.html, /Restored body\./);
    assert.equal(panel.title, 'Restore me');
  });

  test('a command that fails tells the user in one sentence; the details go to the log', async () => {
    // A file where the copy's parent folder should be: the copy cannot be created.
    const notAFolder = vscode.Uri.file(`${notes.outside}/not-a-folder`);
    fs.writeFileSync(notAFolder.fsPath, 'x');
    const { result, messages } = await capturingMessages(() => vscode.commands.executeCommand('talkNotes.createBundledCopy', notAFolder));
    assert.equal(result, undefined);
    const errors = messages.filter(m => m.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(messages));
    assert.match(errors[0].text, /^Talk Notes could not finish this: [a-z][^.\n]*\. The details are in the Talk Notes log\.$/);
  });
});
