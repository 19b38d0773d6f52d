// Keep Images Offline in a real VS Code, against a local image host this suite starts on
// 127.0.0.1: the command rewrites the note through its document (unsaved changes kept unsaved),
// the files land beside the note, the notes view shows the local copies, failures are counted in
// one message and listed in the log, a second run writes nothing, notes it must not touch are
// refused; and Save Pasted Images Beside Notes sets up VS Code's Markdown paste for the notes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OfflineSummary } from '../../../src/extension/offlineImages';
import { DIAGRAM, PHOTO, startImageServer, type ImageServer } from '../../fixtures/imageServer';
import { bytesOnDisk, capturingMessages, root, sleep, typeAtEnd, useTempNotes, waitFor, waitForFile, writeBehindVsCode } from './helpers';

const TRACK = 'zz-offline-images';

suite('Talk Notes: keep images offline', () => {
  const notes = useTempNotes(TRACK);
  let server: ImageServer;
  let counter = 0;
  suiteSetup(async () => {
    server = await startImageServer();
  });
  suiteTeardown(async () => {
    await server?.close();
    await vscode.workspace.getConfiguration('markdown').update('copyFiles.destination', undefined, vscode.ConfigurationTarget.Workspace);
  });

  const url = (p: string) => `${server.base}${p}`;
  const imagesDir = () => path.join(notes.track.uri.fsPath, 'images');
  const note = (title: string) =>
    [
      '---',
      `title: ${title}`,
      '---',
      '',
      '# Figures',
      '',
      `![diagram](${url('/img/diagram.png')})`,
      '',
      `![photo](${url('/img/photo.png')} "The photo")`,
      '',
      `![gone](${url('/img/gone.png')})`,
      '',
    ].join('\n');
  const keep = (talkId: string) => vscode.commands.executeCommand<OfflineSummary | undefined>('talkNotes.keepImagesOffline', talkId);

  test('the images land beside the note, the links point at them, the original URLs stay in the titles', async () => {
    const stem = `offline-${++counter}`;
    const { uri, talk } = await notes.track.note(notes.a, `${stem}.md`, note(stem));
    const { result, messages } = await capturingMessages(() => keep(talk.id));
    assert.ok(result);
    assert.ok(fs.readFileSync(path.join(imagesDir(), 'diagram.png')).equals(DIAGRAM));
    assert.ok(fs.readFileSync(path.join(imagesDir(), 'photo.jpg')).equals(PHOTO), 'a JPEG served as image/png is saved as .jpg');
    assert.deepEqual(result.notes[0].kept, {
      [url('/img/diagram.png')]: 'images/diagram.png',
      [url('/img/photo.png')]: 'images/photo.jpg',
    });
    assert.deepEqual(
      result.notes[0].failures.map(f => [f.url, f.line]),
      [[url('/img/gone.png'), 11]],
    );
    // The note had no unsaved changes: it is saved, like Set Status saves.
    const saved = await waitForFile(uri, t => t.includes('images/photo.jpg'), 'the rewritten note on disk');
    assert.ok(saved.includes(`![diagram](images/diagram.png "original: ${url('/img/diagram.png')}")`), saved);
    assert.ok(saved.includes(`![photo](images/photo.jpg "The photo — original: ${url('/img/photo.png')}")`), saved);
    assert.ok(saved.includes(`![gone](${url('/img/gone.png')})`), 'the image that failed keeps its link');
    const warning = messages.find(m => m.severity === 'warning');
    assert.ok(warning, JSON.stringify(messages));
    assert.match(
      warning.text,
      /Kept 2 image\(s\) of “offline-\d+” offline, in zz-offline-images\/images\. 1 image\(s\) could not be kept offline/,
    );

    // The notes view shows the local copies (webview resource URIs, not the network).
    await vscode.commands.executeCommand('talkNotes.showNotes', talk.id);
    const view = await waitFor(() => {
      const s = notes.a.notesView(talk.id);
      return s?.state === 'shown' && s.html.includes('images/diagram.png') ? s : undefined;
    }, 'the notes view with the local images');
    const sources = [...view.html.matchAll(/<img src="([^"]*)"[^>]*data-src-original="([^"]*)"/g)].map(m => [m[2], m[1]]);
    assert.deepEqual(
      sources.map(([original]) => original),
      ['images/diagram.png', 'images/photo.jpg'],
    );
    for (const [, src] of sources)
      assert.doesNotMatch(src, new RegExp(server.base.replace(/[.:/]/g, '\\$&')), 'not loaded from the image host');

    // Again: the image that failed is asked for again, nothing else; no file is written.
    const before = fs.readdirSync(imagesDir()).sort();
    const requests = server.requests.length;
    const again = await keep(talk.id);
    assert.deepEqual(again?.written, []);
    assert.deepEqual(again?.notes[0].kept, {});
    assert.equal(server.requests.length - requests, 1);
    assert.deepEqual(fs.readdirSync(imagesDir()).sort(), before);
    assert.equal(bytesOnDisk(uri)?.toString('utf8'), saved);
  });

  test('a note with unsaved changes gets the edit in its editor and stays unsaved', async () => {
    const stem = `offline-${++counter}`;
    const original = note(stem);
    const { uri, talk } = await notes.track.note(notes.a, `${stem}.md`, original);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await typeAtEnd(doc, `\nUNSAVED ![typed](${url('/img/diagram.png?typed')})\n`);
    const result = await keep(talk.id);
    assert.ok(result?.notes[0].kept[url('/img/diagram.png?typed')], 'the image typed but not saved is kept too');
    assert.ok(doc.getText().includes('UNSAVED ![typed](images/diagram.png "original: '), doc.getText());
    assert.ok(doc.getText().includes('![photo](images/photo.jpg "The photo — original: '));
    assert.ok(doc.isDirty, 'still unsaved: the user decides when to save');
    assert.equal(bytesOnDisk(uri)?.toString('utf8'), original, 'nothing written behind the user’s back');
    // One undo step takes every rewritten link back.
    await vscode.commands.executeCommand('undo');
    assert.ok(doc.getText().includes(`![photo](${url('/img/photo.png')} "The photo")`), doc.getText());
    assert.ok(doc.getText().includes('UNSAVED ![typed]('), 'the typed text is still there');
  });

  test('a note changed on disk behind VS Code’s back is rewritten on its current text', async () => {
    const stem = `offline-${++counter}`;
    const { uri, talk } = await notes.track.note(notes.a, `${stem}.md`, note(stem));
    await vscode.workspace.openTextDocument(uri);
    const changed = `${note(stem)}\nWRITTEN ELSEWHERE\n`;
    writeBehindVsCode(uri, changed);
    await keep(talk.id);
    const saved = await waitForFile(uri, t => t.includes('images/diagram.png'), 'the rewritten note');
    assert.ok(saved.includes('WRITTEN ELSEWHERE'), 'the other program’s change survives');
  });

  test('notes it must not touch: not UTF-8, behind a link out of the folder — a message, nothing downloaded', async () => {
    const stem = `offline-${++counter}`;
    const gbk = Buffer.concat([Buffer.from(note(stem)), Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a])]);
    const { uri, talk } = await notes.track.note(notes.a, `${stem}.md`, gbk);
    const requests = server.requests.length;
    const { messages } = await capturingMessages(() => keep(talk.id));
    const error = messages.find(m => m.severity === 'error');
    assert.ok(error && error.text.includes(talk.file) && /UTF-8/.test(error.text), JSON.stringify(messages));
    assert.ok(bytesOnDisk(uri)?.equals(gbk), 'not one byte changed');

    const target = path.join(notes.outside, `${stem}-outside.md`);
    fs.writeFileSync(target, note(`${stem} outside`));
    const link = notes.track.file(`${stem}-link.md`);
    fs.symlinkSync(target, link.fsPath);
    const linked = await waitFor(
      () =>
        notes.a
          .workspace()
          ?.tracks.flatMap(t => t.talks)
          .find(t => t.file.endsWith(`${stem}-link.md`)),
      'the linked note',
    );
    const second = await capturingMessages(() => keep(linked.id));
    assert.ok(
      second.messages.some(m => m.severity === 'error' && /outside the notes folder/.test(m.text)),
      JSON.stringify(second.messages),
    );
    assert.equal(fs.readFileSync(target, 'utf8'), note(`${stem} outside`), 'the file outside is untouched');
    assert.equal(server.requests.length, requests, 'nothing was downloaded for them');
  });

  test('the whole folder: each note rewritten, failures counted in one message, the rest untouched', async () => {
    const a = `offline-${++counter}`;
    const b = `offline-${++counter}`;
    const first = await notes.track.note(notes.a, `${a}.md`, note(a));
    const second = await notes.track.note(notes.a, `${b}.md`, `---\ntitle: ${b}\n---\n\n![moved](${url('/img/moved.png')})\n`);
    const { result, messages } = await capturingMessages(() =>
      vscode.commands.executeCommand<OfflineSummary | undefined>('talkNotes.keepAllImagesOffline'),
    );
    assert.ok(result);
    const byFile = new Map(result.notes.map(n => [n.file, n]));
    assert.equal(Object.keys(byFile.get(`${TRACK}/${a}.md`)?.kept ?? {}).length, 2);
    assert.deepEqual(
      byFile.get(`${TRACK}/${b}.md`)?.kept,
      { [url('/img/moved.png')]: 'images/diagram.png' },
      'a redirect to the same image is the same file',
    );
    await waitForFile(first.uri, t => t.includes('images/diagram.png'), 'the first note rewritten');
    await waitForFile(second.uri, t => t.includes('](images/diagram.png "original:'), 'the second note rewritten');
    // The bundled notes' images live on a host this machine cannot reach: listed, links kept.
    const bundled = result.notes.filter(n => !n.file.startsWith(`${TRACK}/`) && n.failures.length);
    assert.ok(bundled.length >= 1, 'the bundled notes with remote images are tried');
    for (const n of bundled) assert.deepEqual(n.kept, {});
    const warning = messages.find(m => m.severity === 'warning');
    assert.ok(warning && /could not be kept offline and keep their links/.test(warning.text), JSON.stringify(messages));
    const flinkSql = fs.readFileSync(path.join(root().fsPath, '平台建设', '01-Flink SQL 在美团实时数仓生产中的增强与实践.md'), 'utf8');
    assert.match(
      flinkSql,
      /!\[image-20221218152723530\]\(https:\/\/jrebe-note-pic\.oss-cn-shenzhen\.aliyuncs\.com\/img\/image-20221218152723530\.png\)/,
    );
  });

  test('Save Pasted Images Beside Notes points VS Code’s Markdown paste and drop at images/ beside each note', async () => {
    const config = () =>
      vscode.workspace.getConfiguration('markdown').inspect<Record<string, string>>('copyFiles.destination')?.workspaceValue;
    await vscode.workspace
      .getConfiguration('markdown')
      .update('copyFiles.destination', { 'docs/**/*.md': 'assets/${fileName}' }, vscode.ConfigurationTarget.Workspace);
    const glob = await vscode.commands.executeCommand<string | undefined>('talkNotes.saveImagesBesideNotes');
    // The test workspace is the notes folder itself.
    assert.equal(glob, '/**/*.md');
    await waitFor(() => config()?.['/**/*.md'], 'the workspace setting');
    assert.deepEqual(
      config(),
      { 'docs/**/*.md': 'assets/${fileName}', '/**/*.md': '${documentDirName}/images/${fileName}' },
      'other entries are kept',
    );
    await sleep(100);
  });
});
