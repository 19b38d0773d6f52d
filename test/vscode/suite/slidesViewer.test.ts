// The slides viewer inside a real VS Code: opening at a page, remembering the page, one viewer
// per PDF, links from notes, references written into notes, broken files, find from the extension,
// and jumps through a long deck of photos. PDFs are generated here with pdf-lib, each page of the
// small deck saying "Page N of 5 marker-N".
import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TalkNotesApi } from '../../../src/extension/extension';
import type { InsertedReference } from '../../../src/extension/slideReferences';
import type { SlidesViewerProvider } from '../../../src/extension/slidesViewer';
import { cachedRealisticDeck } from '../../fixtures/decks';
import { damagedPdf, makeDeck, notAPdf } from '../../fixtures/pdfs';

const EXTENSION_ID = 'talk-notes.talk-notes';
const FOLDER = 'zz-slides-viewer';
const TITLE = 'Slides Viewer Test Talk';
const VIDEO = 'https://www.bilibili.com/video/BV1slides?p=2';

suite('Talk Notes: slides viewer', () => {
  let api: TalkNotesApi;
  let extensionPath: string;
  let dir: vscode.Uri;
  let deck: vscode.Uri;
  /** 40 pages of 1920×1080 photos: each drawing takes long enough to be overtaken by a jump. */
  let long: vscode.Uri;
  let longTexts: string[];
  let note: vscode.Uri;
  let talkId: string;

  const viewerTabs = () =>
    vscode.window.tabGroups.all
      .flatMap(g => g.tabs)
      .filter(t => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'talkNotes.pdf');
  const closeAll = () => vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const write = (uri: vscode.Uri, bytes: Uint8Array | string) =>
    vscode.workspace.fs.writeFile(uri, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const noteText = [
    '---',
    `title: ${TITLE}`,
    `slides: ${FOLDER}/deck.pdf`,
    `video: ${VIDEO}`,
    '---',
    '',
    '# Slides Viewer Test Talk',
    '',
    'Full form: [第 2 页](deck.pdf#page=2). Short form: [p.4](#slide=4). Code: `[x](deck.pdf#page=1)`.',
    '',
  ].join('\n');

  suiteSetup(async function () {
    // The first run generates the long deck (cached in .talk-notes-cache/ after that).
    this.timeout(180_000);
    const ext = vscode.extensions.getExtension<TalkNotesApi>(EXTENSION_ID);
    assert.ok(ext);
    extensionPath = ext.extensionPath;
    api = await ext.activate();
    await api.ready();
    const root = api.notesRoot() ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'a notes root or workspace folder');
    dir = vscode.Uri.joinPath(root, FOLDER);
    deck = vscode.Uri.joinPath(dir, 'deck.pdf');
    note = vscode.Uri.joinPath(dir, '01-slides-viewer-talk.md');
    await vscode.workspace.fs.createDirectory(dir);
    await write(deck, await makeDeck({ pages: 5, outlineEvery: 2, title: TITLE }));
    await write(vscode.Uri.joinPath(dir, 'damaged.pdf'), damagedPdf());
    await write(vscode.Uri.joinPath(dir, 'not-a-pdf.pdf'), notAPdf());
    await write(note, noteText);
    // Written here, long before it is opened: the viewer reloads a file that changes under it.
    const longDeck = await cachedRealisticDeck({ pages: 40, seed: 7, photos: 2 }, path.join(extensionPath, '.talk-notes-cache'));
    long = vscode.Uri.joinPath(dir, 'long-deck.pdf');
    longTexts = longDeck.pageTexts;
    await write(long, longDeck.bytes);
    await vscode.commands.executeCommand('talkNotes.refresh');
    await api.ready();
    const talk = api
      .workspace()
      ?.tracks.flatMap(t => t.talks)
      .find(t => t.title === TITLE);
    assert.ok(talk, 'the test talk is loaded');
    assert.equal(talk.slides, `${FOLDER}/deck.pdf`);
    talkId = talk.id;
  });

  suiteTeardown(async () => {
    await closeAll();
    if (dir) await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('talkNotes.refresh');
  });

  setup(() => closeAll());

  test('openWith with #page=3 lands on page 3 and draws it', async () => {
    await vscode.commands.executeCommand('vscode.openWith', deck.with({ fragment: 'page=3' }), 'talkNotes.pdf');
    const s = await api.slidesViewer.waitFor(deck, x => x.state === 'loaded' && x.renderedPages.includes(3));
    assert.equal(s.page, 3);
    assert.equal(s.pageCount, 5);
    assert.equal(s.renderedPages[0], 3, 'the requested page is drawn first');
    console.log(`      first page drawn ${s.firstRenderMs?.toFixed(0)} ms after the bytes arrived`);
  });

  test('the page is remembered: a reopen restores it, an explicit #page= wins over it', async () => {
    await api.slidesViewer.open(deck, 4);
    await api.slidesViewer.waitFor(deck, x => x.state === 'loaded' && x.page === 4);
    await waitUntil(() => api.slidesViewer.remembered(deck)?.page === 4, 'page 4 remembered');
    await closeAll();
    assert.equal(api.slidesViewer.status(deck), undefined, 'viewer closed');

    await vscode.commands.executeCommand('vscode.openWith', deck, 'talkNotes.pdf');
    const reopened = await api.slidesViewer.waitFor(deck, x => x.state === 'loaded' && x.renderedPages.length > 0);
    assert.equal(reopened.page, 4, 'reopened at the remembered page');
    assert.equal(reopened.zoom, api.slidesViewer.remembered(deck)?.zoom);
    await closeAll();

    await vscode.commands.executeCommand('vscode.openWith', deck.with({ fragment: 'page=2' }), 'talkNotes.pdf');
    const explicit = await api.slidesViewer.waitFor(deck, x => x.state === 'loaded' && x.renderedPages.length > 0);
    assert.equal(explicit.page, 2, '#page= wins over the remembered page');
  });

  test('Open Slides at a page reuses the open viewer (no second panel)', async () => {
    await vscode.commands.executeCommand('talkNotes.openSlides', talkId, 2);
    await api.slidesViewer.waitFor(deck, x => x.state === 'loaded' && x.page === 2);
    await vscode.commands.executeCommand('talkNotes.openSlides', talkId, 5);
    await api.slidesViewer.waitFor(deck, x => x.page === 5 && x.renderedPages.includes(5));
    assert.equal(viewerTabs().length, 1, 'one viewer tab');
  });

  test('links in the note editor: the full form and #slide=N open the viewer at that page', async () => {
    const doc = await vscode.workspace.openTextDocument(note);
    await vscode.window.showTextDocument(doc);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', note);
    const ours = links.filter(l => l.target?.scheme === 'command' && l.target.path === 'talkNotes.openSlides');
    assert.deepEqual(
      ours.map(l => doc.getText(l.range)),
      ['[第 2 页](deck.pdf#page=2)', '[p.4](#slide=4)'],
      'code spans are not links',
    );
    for (const [link, page] of [
      [ours[1], 4],
      [ours[0], 2],
    ] as const) {
      const args = JSON.parse(decodeURIComponent(link.target?.query ?? '[]')) as unknown[];
      assert.deepEqual(args, [talkId, page]);
      await vscode.commands.executeCommand(link.target?.path ?? '', ...args);
      await api.slidesViewer.waitFor(deck, x => x.page === page && x.renderedPages.includes(page));
    }
    assert.equal(viewerTabs().length, 1);
  });

  test('Insert Slide Reference appends to the personal notes when the note is not open', async () => {
    await api.slidesViewer.open(deck, 3);
    await api.slidesViewer.waitFor(deck, x => x.state === 'loaded' && x.page === 3);
    const result = await vscode.commands.executeCommand<InsertedReference>('talkNotes.insertSlideReference', deck);
    assert.equal(result?.where, 'section');
    assert.equal(result.text, `[${TITLE} p.3](deck.pdf#page=3)`);
    const saved = await readText(note);
    assert.ok(saved.startsWith(noteText.trimEnd()), 'the rest of the note is untouched');
    assert.match(saved, /\n## (My Notes|我的笔记)\n\n- \[Slides Viewer Test Talk p\.3\]\(deck\.pdf#page=3\)\n$/);
  });

  test('Insert Slide Reference and Video Timestamp go to the cursor when the note is open', async () => {
    // The usual layout: slides on one side, the note beside them.
    await api.slidesViewer.open(deck, 5);
    await api.slidesViewer.waitFor(deck, x => x.page === 5);
    const doc = await vscode.workspace.openTextDocument(note);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    const line = doc.lineAt(8);
    editor.selection = new vscode.Selection(line.range.end, line.range.end);
    const slide = await vscode.commands.executeCommand<InsertedReference>('talkNotes.insertSlideReference', deck, 5);
    assert.equal(slide?.where, 'cursor');
    const video = await vscode.commands.executeCommand<InsertedReference>('talkNotes.insertVideoTimestamp', note, '12:34');
    assert.equal(video?.text, `[▶ 12:34](https://www.bilibili.com/video/BV1slides?p=2&t=754)`);
    assert.equal(
      doc.lineAt(8).text,
      `${line.text} [${TITLE} p.5](deck.pdf#page=5) [▶ 12:34](https://www.bilibili.com/video/BV1slides?p=2&t=754)`,
    );
    assert.ok(doc.isDirty, 'typing into an open note leaves saving to the user');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a damaged PDF and a non-PDF report an error instead of a blank page', async () => {
    const damaged = vscode.Uri.joinPath(dir, 'damaged.pdf');
    await vscode.commands.executeCommand('vscode.openWith', damaged, 'talkNotes.pdf');
    const d = await api.slidesViewer.waitFor(damaged, x => x.state === 'failed');
    assert.equal(d.failure, 'damaged');
    assert.ok(d.error, 'pdf.js says why');

    const html = vscode.Uri.joinPath(dir, 'not-a-pdf.pdf');
    await vscode.commands.executeCommand('vscode.openWith', html, 'talkNotes.pdf');
    const n = await api.slidesViewer.waitFor(html, x => x.state === 'failed');
    assert.equal(n.failure, 'notPdf');
  });

  test('a PDF deleted while shown is reported as unreadable (file names are not globs)', async () => {
    const gone = vscode.Uri.joinPath(dir, 'gone [v2] 幻灯片.pdf');
    await write(gone, await makeDeck({ pages: 1 }));
    await vscode.commands.executeCommand('vscode.openWith', gone, 'talkNotes.pdf');
    await api.slidesViewer.waitFor(gone, x => x.state === 'loaded');
    await vscode.workspace.fs.delete(gone);
    const s = await api.slidesViewer.waitFor(gone, x => x.state === 'failed');
    assert.equal(s.failure, 'unreadable');
  });

  test('open(uri, page, find) opens the viewer at the page and selects the match there', async () => {
    // A new viewer: the find waits for the document, then runs.
    await api.slidesViewer.open(deck, 3, 'marker-3');
    const fresh = await api.slidesViewer.waitFor(deck, x => x.find?.query === 'marker-3');
    assert.deepEqual(fresh.find, { query: 'marker-3', total: 1, page: 3 });
    assert.equal(fresh.page, 3);
    // An open viewer: every page has the words; the selected match is the first on the asked page.
    await api.slidesViewer.open(deck, 2, 'Streaming State');
    const open = await api.slidesViewer.waitFor(deck, x => x.find?.query === 'Streaming State' && x.page === 2);
    assert.deepEqual(open.find, { query: 'Streaming State', total: 30, page: 2 }, 'case-insensitive, six lines per page');
    assert.equal(open.page, 2);
    // A word on another page moves the viewer there.
    await api.slidesViewer.open(deck, 1, 'marker-5');
    const moved = await api.slidesViewer.waitFor(deck, x => x.find?.query === 'marker-5' && x.page === 5);
    assert.deepEqual(moved.find, { query: 'marker-5', total: 1, page: 5 });
    assert.equal(viewerTabs().length, 1, 'one viewer tab');
  });

  test('Search All Talks hands the find query to the conference search, quietly when there is none', async () => {
    await api.slidesViewer.open(deck, 1);
    await api.slidesViewer.waitFor(deck, x => x.state === 'loaded');
    const viewer = (api.slidesViewer as SlidesViewerProvider).viewerFor(deck);
    assert.ok(viewer, 'the viewer is open');
    const message = { type: 'searchAllTalks', query: '水位线 watermark' };
    const exists = (await vscode.commands.getCommands(true)).includes('talkNotes.searchTalks');
    if (!exists) {
      // No conference search in this build: nothing happens, no error reaches the reader.
      await viewer.receive(message);
    }
    // The command receives the query as its only argument (a stand-in records it when the real
    // search is not part of this build).
    const received: unknown[][] = [];
    const standIn = exists
      ? undefined
      : vscode.commands.registerCommand('talkNotes.searchTalks', (...args: unknown[]) => received.push(args));
    try {
      await viewer.receive(message);
      if (standIn) assert.deepEqual(received, [['水位线 watermark']]);
    } finally {
      standIn?.dispose();
    }
    // Malformed messages are refused, not executed.
    await viewer.receive({ type: 'searchAllTalks', query: 42 });
    if (standIn) assert.equal(received.length, 1);
  });

  test('a jump to the last page of a long deck draws it and cancels the drawings it left', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('vscode.openWith', long, 'talkNotes.pdf');
    await api.slidesViewer.waitFor(long, x => x.state === 'loaded' && x.renderedPages.includes(1), 60_000);
    // The reader jumps to the middle and, before it is drawn, on to the end.
    void api.slidesViewer.open(long, 20);
    await api.slidesViewer.open(long, 40);
    const s = await api.slidesViewer.waitFor(long, x => x.renderedPages.includes(40), 60_000);
    assert.equal(s.page, 40);
    assert.ok(s.cancelledPages.includes(20), `the drawing of page 20 was cancelled: ${JSON.stringify(s)}`);
    assert.ok(!s.renderedPages.includes(20), 'page 20 was never finished');
    assert.ok(
      s.cancelledPages.every(p => p < 39),
      `only drawings away from the end were cancelled: ${s.cancelledPages.join(', ')}`,
    );
    // Find right after: the deck's own text, Chinese included, from every page.
    const expected = longTexts.reduce((n, t) => n + t.split('水位线').length - 1, 0);
    await api.slidesViewer.open(long, 40, '水位线');
    const found = await api.slidesViewer.waitFor(long, x => x.find?.query === '水位线', 60_000);
    assert.equal(found.find?.total, expected);
  });
});

async function waitUntil(test: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
