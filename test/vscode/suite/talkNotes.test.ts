// The extension in a real VS Code, on a throwaway copy of the bundled notes: the tree, every
// command's effect on files, documents and URLs, and the bad-input paths.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  allTalks,
  api,
  capturingOpenExternal,
  closeAllEditors,
  readText,
  revertAndCloseAll,
  root,
  talkByTitle,
  typeAtEnd,
  waitFor,
  waitForFile,
  writeText,
} from './helpers';

const MEITUAN = 'Flink SQL 在美团实时数仓生产中的增强与实践';
const ZHIHU = 'Flink 实时计算平台在知乎演进';

suite('Talk Notes: tree and workspace', () => {
  test('the tree lists the conference, 3 tracks in outline order and all 25 talks', async () => {
    const a = await api();
    const tree = a.treeSnapshot();
    assert.equal(tree.length, 1);
    assert.equal(tree[0].label, 'Flink Forward Asia 2022');
    assert.deepEqual(
      tree[0].children.map(t => t.label),
      ['平台建设', '核心技术', '实时风控'],
    );
    assert.deepEqual(
      tree[0].children.map(t => t.children.length),
      [10, 13, 2],
    );
    const first = tree[0].children[0].children[0];
    assert.equal(first.label, MEITUAN);
    assert.equal(first.description, '董剑辉, 张彬');
    assert.equal(first.icon, 'circle-large-outline');
    // Its slides are named but not downloaded: the tree says so instead of offering them.
    assert.match(first.contextValue ?? '', /^talk\b.*\bslidesMissing\b.*\bvideo\b/);
    assert.doesNotMatch(first.contextValue ?? '', /\bslides\b/);
    assert.match(first.tooltip ?? '', /slides \(not downloaded yet\)/);
    assert.ok(
      tree[0].children.every(t => t.expanded),
      'a small conference opens its tracks',
    );
    assert.equal(tree[0].children[0].description, '0/10');
  });

  test('a note created on disk appears without a reload; deleting it removes it', async () => {
    const a = await api();
    const file = vscode.Uri.joinPath(root(), '实时风控', '03-Extra talk.md');
    await writeText(file, '---\ntitle: Extra talk\nspeakers: [Ada]\n---\n\nBody\n');
    await waitFor(() => allTalks(a).some(t => t.title === 'Extra talk'), 'the new talk in the tree');
    assert.equal(a.treeSnapshot()[0].children[2].children.length, 3);
    await vscode.workspace.fs.delete(file);
    await waitFor(() => !allTalks(a).some(t => t.title === 'Extra talk'), 'the talk to disappear');
  });

  test('broken front matter shows in the Problems panel on that file, and the rest still loads', async () => {
    const a = await api();
    const file = vscode.Uri.joinPath(root(), '核心技术', '99-broken.md');
    await writeText(file, '---\ntitle: Broken\nspeakers: [unclosed\n---\nbody\n');
    try {
      const diags = await waitFor(async () => {
        await a.diagnosticsSettled();
        const d = vscode.languages.getDiagnostics(file);
        return d.length ? d : undefined;
      }, 'diagnostics on the broken note');
      assert.ok(
        diags.some(d => d.severity === vscode.DiagnosticSeverity.Error),
        'an error',
      );
      assert.ok(diags.every(d => d.source === 'Talk Notes'));
      assert.ok(allTalks(a).length >= 25, 'other talks still listed');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await waitFor(async () => {
      await a.diagnosticsSettled();
      return vscode.languages.getDiagnostics(file).length === 0;
    }, 'diagnostics to clear');
  });
});

suite('Talk Notes: settings', () => {
  test('pointing talkNotes.notesRoot elsewhere reloads without a window reload; no notes shows the welcome state', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('talkNotes');
    try {
      await config.update('notesRoot', 'no-such-folder', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => a.workspace() === undefined, 'the notes to unload');
      assert.deepEqual(a.treeSnapshot(), []);
    } finally {
      await config.update('notesRoot', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => allTalks(a).length === 25, 'the 25 talks back');
    assert.equal(a.treeSnapshot()[0].children.length, 3);
  });
});

suite('Talk Notes: links', () => {
  test('Open Video opens the Bilibili URL with its parameters intact', async () => {
    const a = await api();
    const talk = talkByTitle(a, MEITUAN);
    const opened = await capturingOpenExternal(() => vscode.commands.executeCommand('talkNotes.openVideo', talk.id));
    assert.equal(opened.length, 1);
    assert.equal(new URL(opened[0]).toString(), new URL(talk.video!).toString());
    assert.equal(new URL(opened[0]).searchParams.get('vd_source'), '1435dbab789f2dad584fcf275be722e4');
  });

  test('Open Video keeps p and t, and a talk without a link opens nothing', async () => {
    const a = await api();
    const file = vscode.Uri.joinPath(root(), '实时风控', '04-Links.md');
    await writeText(file, '---\ntitle: Links talk\nvideo: https://www.bilibili.com/video/BV1xx?p=2&t=95\n---\n');
    try {
      const talk = await waitFor(() => allTalks(a).find(t => t.title === 'Links talk'), 'the talk');
      const opened = await capturingOpenExternal(async () => {
        await vscode.commands.executeCommand('talkNotes.openVideo', talk.id);
        const result = await vscode.commands.executeCommand('talkNotes.openArticle', talk.id);
        assert.equal(result, false, 'no article: says so instead of opening');
      });
      assert.equal(opened.length, 1);
      const url = new URL(opened[0]);
      assert.equal(url.searchParams.get('p'), '2');
      assert.equal(url.searchParams.get('t'), '95');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  test('Open Article and conference links open only http(s) URLs', async () => {
    const a = await api();
    const withArticle = talkByTitle(a, 'Apache Flink 1.16 功能解读');
    const opened = await capturingOpenExternal(async () => {
      await vscode.commands.executeCommand('talkNotes.openArticle', withArticle.id);
      await vscode.commands.executeCommand('talkNotes.openConferenceLinks', 'slidesDownload');
      await vscode.commands.executeCommand('talkNotes.openConferenceLinks', 'replay');
    });
    assert.equal(opened.length, 3);
    assert.ok(opened[0].startsWith('https://mp.weixin.qq.com/s?__biz='));
    assert.equal(opened[1], 'https://flink-forward.org.cn/#download');
    assert.ok(opened[2].startsWith('https://developer.aliyun.com/special/ffa2022'));
  });
});

suite('Talk Notes: slides', () => {
  teardown(closeAllEditors);

  test('a missing PDF is reported, not opened; Locate Slides PDF writes the path into the front matter', async () => {
    const a = await api();
    const talk = talkByTitle(a, ZHIHU);
    const noteUri = vscode.Uri.joinPath(root(), ...talk.file.split('/'));
    const before = await readText(noteUri);
    const result = await vscode.commands.executeCommand('talkNotes.openSlides', talk.id);
    assert.equal(result, 'missing');

    const pdf = vscode.Uri.joinPath(root(), '平台建设', 'located slides.pdf');
    await writeText(pdf, '%PDF-1.4\n%%EOF\n');
    const rel = await vscode.commands.executeCommand('talkNotes.locateSlides', talk.id, pdf);
    assert.equal(rel, '平台建设/located slides.pdf');
    const after = await readText(noteUri);
    const expected = before.replace(/^slides: .*$/m, 'slides: 平台建设/located slides.pdf');
    assert.equal(after, expected, 'only the slides line changed');
    await waitFor(
      () => a.workspace()?.tracks[0].talks.find(t => t.id === talk.id)?.slides === '平台建设/located slides.pdf',
      'the index to follow',
    );
  });

  test('a PDF that exists opens in an editor', async () => {
    const a = await api();
    const talk = talkByTitle(a, MEITUAN);
    const pdf = vscode.Uri.joinPath(root(), ...talk.slides!.split('/'));
    await writeText(pdf, '%PDF-1.4\n%%EOF\n');
    try {
      const result = await vscode.commands.executeCommand('talkNotes.openSlides', talk.id);
      assert.equal(result, 'opened');
      await waitFor(
        () => vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => (t.input as { uri?: vscode.Uri })?.uri?.fsPath === pdf.fsPath),
        'a tab showing the PDF',
      );
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(pdf);
    }
  });

  test('Locate Slides PDF copies a PDF from outside the slides folder instead of pointing outside', async () => {
    const a = await api();
    const talk = talkByTitle(a, '爱奇艺统一实时计算平台建设');
    const outsideDir = vscode.Uri.file(`${root().fsPath}-outside`);
    await vscode.workspace.fs.createDirectory(outsideDir);
    const outside = vscode.Uri.joinPath(outsideDir, 'x.pdf');
    await writeText(outside, '%PDF-1.4\n%%EOF\n');
    const rel = await vscode.commands.executeCommand<string>('talkNotes.locateSlides', talk.id, outside);
    assert.equal(rel, talk.slides, 'kept the path the note already names');
    const copied = vscode.Uri.joinPath(root(), ...talk.slides!.split('/'));
    assert.equal(await readText(copied), '%PDF-1.4\n%%EOF\n');
    await vscode.workspace.fs.delete(outsideDir, { recursive: true });
  });
});

suite('Talk Notes: personal notes and status', () => {
  teardown(closeAllEditors);

  test('Set Status changes only the status line, and the tree follows', async () => {
    const a = await api();
    const talk = talkByTitle(a, '小米基于 Flink 的实时数仓建设实践');
    const uri = vscode.Uri.joinPath(root(), ...talk.file.split('/'));
    const before = await readText(uri);
    await vscode.commands.executeCommand('talkNotes.setStatus', talk.id, 'done');
    const after = await readText(uri);
    assert.equal(after, before.replace(/^status: todo$/m, 'status: done'));
    await waitFor(() => a.treeSnapshot()[0].children[0].description === '1/10', 'track progress 1/10');
    const item = a.treeSnapshot()[0].children[0].children.find(c => c.label === talk.title);
    assert.equal(item?.icon, 'pass-filled');
  });

  test('Set Status adds the line when absent and keeps CRLF and every other byte', async () => {
    const a = await api();
    const uri = vscode.Uri.joinPath(root(), '实时风控', '05-crlf.md');
    const original = '---\r\ntitle: CRLF talk\r\ncustom: { keep: "me" }   # comment\r\n---\r\n\r\nBody  \r\n';
    await writeText(uri, original);
    try {
      const talk = await waitFor(() => allTalks(a).find(t => t.title === 'CRLF talk'), 'the talk');
      await vscode.commands.executeCommand('talkNotes.setStatus', talk.id, 'watching');
      const after = await readText(uri);
      assert.equal(after, original.replace('   # comment\r\n---', '   # comment\r\nstatus: watching\r\n---'));
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('with unsaved changes, Set Status and Add Personal Note edit the document and keep the user’s text unsaved', async () => {
    const a = await api();
    const talk = talkByTitle(a, '联通 Flink 实时计算平台化运维实践');
    const uri = vscode.Uri.joinPath(root(), ...talk.file.split('/'));
    const onDisk = await readText(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await typeAtEnd(doc, '\nUNSAVED THOUGHT\n');
    assert.ok(doc.isDirty);

    await vscode.commands.executeCommand('talkNotes.setStatus', talk.id, 'watching');
    assert.ok(doc.isDirty, 'still unsaved: the user decides when to save');
    assert.match(doc.getText(), /^status: watching$/m);
    assert.ok(doc.getText().includes('UNSAVED THOUGHT'));
    assert.equal(await readText(uri), onDisk, 'nothing written behind the user’s back');

    await vscode.commands.executeCommand('talkNotes.addPersonalNote', talk.id);
    const text = doc.getText();
    assert.ok(text.includes('UNSAVED THOUGHT'), 'the unsaved text is kept');
    assert.match(text, /\n## (My Notes|我的笔记)\n\n### \d{4}-\d\d-\d\d \d\d:\d\d\n/);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString(), 'the note is the active editor');
    assert.equal(editor.selection.active.line, doc.lineCount - 2, 'cursor on the empty line under the entry');
    assert.equal(await readText(uri), onDisk);

    // Undo takes the entry back out, leaving the user's own edit.
    await vscode.commands.executeCommand('undo');
    assert.ok(!/### \d{4}-\d\d-\d\d/.test(doc.getText()));
    assert.ok(doc.getText().includes('UNSAVED THOUGHT'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Add Personal Note appends under an existing section instead of creating a second one', async () => {
    const a = await api();
    const talk = talkByTitle(a, '货拉拉基于 Flink 计算引擎的应用与优化实践');
    const uri = vscode.Uri.joinPath(root(), ...talk.file.split('/'));
    await vscode.commands.executeCommand('talkNotes.addPersonalNote', talk.id);
    await vscode.commands.executeCommand('talkNotes.addPersonalNote', talk.id);
    const text = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())!.getText();
    assert.equal(text.match(/^## (My Notes|我的笔记)$/gm)?.length, 1);
    assert.equal(text.match(/^### \d{4}-/gm)?.length, 2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

suite('Talk Notes: getting notes', () => {
  test('Create a Copy of the bundled notes never overwrites: a second copy gets a new folder', async () => {
    const target = vscode.Uri.file(`${root().fsPath}-copies`);
    await vscode.workspace.fs.createDirectory(target);
    try {
      const first = await vscode.commands.executeCommand<vscode.Uri>('talkNotes.createBundledCopy', target);
      const second = await vscode.commands.executeCommand<vscode.Uri>('talkNotes.createBundledCopy', target);
      assert.ok(first && second);
      assert.notEqual(first.fsPath, second.fsPath);
      const index = await readText(vscode.Uri.joinPath(first, 'index.md'));
      assert.match(index, /title: Flink Forward Asia 2022/);
      const tracks = (await vscode.workspace.fs.readDirectory(first)).filter(([, t]) => t === vscode.FileType.Directory);
      assert.equal(tracks.length, 3);
      assert.match(await readText(vscode.Uri.joinPath(first, '.gitignore')), /^\*\.pdf$/m, 'downloaded PDFs stay out of git');
    } finally {
      await vscode.workspace.fs.delete(target, { recursive: true });
    }
  });
});

suite('Talk Notes: importing an outline', () => {
  teardown(() => revertAndCloseAll());

  test('a re-import updates a note’s fields, but never a note with unsaved changes', async () => {
    const base = vscode.Uri.file(`${root().fsPath}-import`);
    const outline = vscode.Uri.joinPath(base, 'outline.md');
    const out = vscode.Uri.joinPath(base, 'notes');
    const outlineWith = (video: string) =>
      `# Track A\n\n## 1，Talk One｜Ada\n\n视频：https://www.bilibili.com/video/${video}/\n\nBody one.\n`;
    fs.mkdirSync(out.fsPath, { recursive: true });
    try {
      fs.writeFileSync(outline.fsPath, outlineWith('BV1one'));
      assert.equal((await vscode.commands.executeCommand<vscode.Uri>('talkNotes.importOutline', outline, out))?.fsPath, out.fsPath);
      const note = fs
        .readdirSync(out.fsPath, { recursive: true, encoding: 'utf8' })
        .map(f => vscode.Uri.joinPath(out, f))
        .find(f => f.fsPath.endsWith('.md') && fs.readFileSync(f.fsPath, 'utf8').includes('BV1one'));
      assert.ok(note, 'the talk’s note was written');

      // The user is writing in the note when the outline changes and is imported again.
      fs.writeFileSync(outline.fsPath, outlineWith('BV1two'));
      const doc = await vscode.workspace.openTextDocument(note);
      await vscode.window.showTextDocument(doc);
      await typeAtEnd(doc, 'MY UNSAVED THOUGHT\n');
      await vscode.commands.executeCommand('talkNotes.importOutline', outline, out);
      assert.match(fs.readFileSync(note.fsPath, 'utf8'), /BV1one/, 'the note with unsaved changes is left alone');
      assert.ok(doc.isDirty && doc.getText().includes('MY UNSAVED THOUGHT'), 'the user’s text is still there, unsaved');

      // Once the user's text is saved (or dropped), the same import updates the field.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('talkNotes.importOutline', outline, out);
      await waitForFile(note, t => t.includes('BV1two'), 'the updated video link');
    } finally {
      await revertAndCloseAll(base);
      fs.rmSync(base.fsPath, { recursive: true, force: true });
    }
  });
});
