// Quotes and video moments between the slides viewer and the note, in a real VS Code: Quote in
// Notes writes through the document (a dirty editor stays dirty), the viewer is told the quotes
// and moments of its own note, unsaved edits included, finds each quote on its page (or says it
// did not), shows the note at a quote, and opens only the moments the note holds. Each page of
// the deck says "Page N of 5 marker-N" and six lines "Point i on slide N: streaming state, …".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InsertedReference } from '../../../src/extension/slideReferences';
import type { SlidesViewerPanel, SlidesViewerProvider, SlidesViewerStatus } from '../../../src/extension/slidesViewer';
import { makeDeck } from '../../fixtures/pdfs';
import { applyEdit, bytesOnDisk, capturingMessages, capturingOpenExternal, typeAtEnd, useTempNotes, waitFor, waitForFile } from './helpers';

const TRACK = 'zz-slide-quotes';
const TITLE = 'Slide Quotes Test Talk';
const VIDEO = 'https://www.bilibili.com/video/BV1quotes?p=2';
type Marks = NonNullable<SlidesViewerStatus['marks']>;

suite('Talk Notes: quotes and moments between the slides and the note', () => {
  const notes = useTempNotes(TRACK);
  let deck: vscode.Uri;
  let other: vscode.Uri;
  let note: vscode.Uri;
  const original = [
    '---',
    `title: ${TITLE}`,
    `slides: ${TRACK}/deck.pdf`,
    `video: ${VIDEO}`,
    '---',
    '',
    `# ${TITLE}`,
    '',
    'Notes taken while watching.',
    '',
  ].join('\n');

  const provider = () => notes.a.slidesViewer as SlidesViewerProvider;
  const viewer = (): SlidesViewerPanel => {
    const v = provider().viewerFor(deck);
    assert.ok(v, 'the viewer is open');
    return v;
  };
  /** What the viewer reports it shows of the note, once it satisfies `test`. */
  const marksOf = async (uri: vscode.Uri, test: (m: Marks) => boolean): Promise<Marks> => {
    const s = await notes.a.slidesViewer.waitFor(uri, x => x.state === 'loaded' && x.marks !== undefined && test(x.marks), 30_000);
    assert.ok(s.marks);
    return s.marks;
  };
  const openViewer = async (page = 1) => {
    await notes.a.slidesViewer.open(deck, page);
    await notes.a.slidesViewer.waitFor(deck, s => s.state === 'loaded' && s.marks !== undefined, 30_000);
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    deck = notes.track.file('deck.pdf');
    other = notes.track.file('other.pdf');
    await vscode.workspace.fs.writeFile(deck, await makeDeck({ pages: 5, title: TITLE }));
    await vscode.workspace.fs.writeFile(other, await makeDeck({ pages: 5, title: 'No talk' }));
  });

  setup(async () => {
    ({ uri: note } = await notes.track.note(notes.a, '01-quotes.md', original, t => t.title === TITLE && t.video === VIDEO));
    await waitForFile(note, t => t === original, 'the note as the test starts');
  });

  test('Quote in Notes from the viewer’s button: the quote lands in the note and the viewer finds it on its page', async () => {
    await openViewer(3);
    // What the viewer's button posts: the selection page by page, as the text layer holds it.
    await viewer().receive({ type: 'quote', id: null, parts: [{ page: 3, text: 'Point 2 on slide 3: streaming\nstate, check-\npoints' }] });
    const saved = await waitForFile(note, t => t.includes('[p.3](#slide=3)'), 'the quote in the note');
    assert.ok(saved.startsWith(original.trimEnd()), 'the rest of the note is untouched');
    assert.match(saved, /\n## (My Notes|我的笔记)\n\n> Point 2 on slide 3: streaming state, check- points \[p\.3\]\(#slide=3\)\n$/);
    const line = saved.split('\n').findIndex(l => l.startsWith('> Point 2'));
    const marks = await marksOf(deck, m => m.quotes.length === 1);
    assert.deepEqual(marks.quotes, [{ line, page: 3, found: true }], 'found on page 3 although the PDF breaks the word');
  });

  test('the viewer follows the note as it is typed, unsaved: a quote shows, is not found elsewhere, and goes when deleted', async () => {
    await openViewer(4);
    const doc = await vscode.workspace.openTextDocument(note);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    await typeAtEnd(doc, '\n> marker-4 [p.4](#slide=4)\n\n> words this page does not have [p.4](#slide=4)\n');
    const lines = doc.getText().split('\n');
    const typed = await marksOf(deck, m => m.quotes.length === 2);
    assert.deepEqual(typed.quotes, [
      { line: lines.indexOf('> marker-4 [p.4](#slide=4)'), page: 4, found: true },
      { line: lines.indexOf('> words this page does not have [p.4](#slide=4)'), page: 4, found: false },
    ]);
    assert.ok(doc.isDirty, 'the viewer read the unsaved text; nothing was saved');
    assert.equal(bytesOnDisk(note)?.toString('utf8'), original);
    // Deleting the quote from the note removes it from the viewer: the note is the only storage.
    const start = doc.getText().indexOf('\n> marker-4');
    await applyEdit(doc, start, doc.getText().length - start, '\n');
    const deleted = await marksOf(deck, m => m.quotes.length === 0);
    assert.deepEqual(deleted.quotes, []);
  });

  test('Quote in Notes with the note open: at the cursor, as a block of its own; the dirty editor stays dirty', async () => {
    await openViewer(2);
    const doc = await vscode.workspace.openTextDocument(note);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    await typeAtEnd(doc, 'My own unsaved line.\n');
    const cursor = doc.positionAt(doc.getText().indexOf('Notes taken'));
    editor.selection = new vscode.Selection(cursor, cursor);
    // A selection running from page 2 onto page 3: each page's part with its own page.
    const result = await vscode.commands.executeCommand<InsertedReference>('talkNotes.quoteInNotes', deck, [
      { page: 2, text: 'marker-2' },
      { page: 3, text: 'Page 3 of 5' },
    ]);
    assert.equal(result?.where, 'cursor');
    assert.equal(result.text, '> marker-2 [p.2](#slide=2)\n> Page 3 of 5 [p.3](#slide=3)');
    assert.ok(
      doc
        .getText()
        .includes('Notes taken while watching.\n\n> marker-2 [p.2](#slide=2)\n> Page 3 of 5 [p.3](#slide=3)\n\nMy own unsaved line.'),
      doc.getText(),
    );
    assert.ok(doc.isDirty, 'typing into an open note leaves saving to the user');
    assert.equal(bytesOnDisk(note)?.toString('utf8'), original);
    const marks = await marksOf(deck, m => m.quotes.length === 2);
    assert.deepEqual(
      marks.quotes.map(q => [q.page, q.found]),
      [
        [2, true],
        [3, true],
      ],
    );
  });

  test('nothing selected, or too much: a message, nothing written', async () => {
    await openViewer(1);
    // From a key or the menu the command asks the viewer, which has nothing selected.
    const none = await capturingMessages(() => vscode.commands.executeCommand('talkNotes.quoteInNotes'));
    assert.equal(none.result, undefined);
    assert.ok(
      none.messages.some(m => /Select text on a page/.test(m.text)),
      JSON.stringify(none.messages),
    );
    const long = await capturingMessages(() =>
      vscode.commands.executeCommand('talkNotes.quoteInNotes', deck, [{ page: 1, text: 'word '.repeat(600) }]),
    );
    assert.ok(
      long.messages.some(m => m.severity === 'warning' && /too long to quote \(2999 characters; at most 2000\)/.test(m.text)),
      JSON.stringify(long.messages),
    );
    const noTalk = await capturingMessages(() =>
      vscode.commands.executeCommand('talkNotes.quoteInNotes', other, [{ page: 1, text: 'marker-1' }]),
    );
    assert.ok(noTalk.messages.some(m => /other\.pdf is not the slides of any talk/.test(m.text)));
    assert.equal(bytesOnDisk(note)?.toString('utf8'), original);
  });

  test('a paired moment: Insert Video Timestamp from the slides writes the pair; the viewer shows it; its chip opens only that moment', async () => {
    await openViewer(4);
    const result = await vscode.commands.executeCommand<InsertedReference>('talkNotes.insertVideoTimestamp', deck, '1:05', 4);
    assert.equal(result?.text, `[p.4](#slide=4) [▶ 1:05](${VIDEO}&t=65)`);
    const saved = await waitForFile(note, t => t.includes('[▶ 1:05]'), 'the pair in the note');
    assert.match(saved, /\n- \[p\.4\]\(#slide=4\) \[▶ 1:05\]\(https:\/\/www\.bilibili\.com\/video\/BV1quotes\?p=2&t=65\)\n$/);
    const line = saved.split('\n').findIndex(l => l.includes('[▶ 1:05]'));
    const marks = await marksOf(deck, m => m.moments.length === 1);
    assert.deepEqual(marks.moments, [{ line, page: 4 }]);
    const opened = await capturingOpenExternal(async () => {
      await viewer().receive({ type: 'openMoment', url: `${VIDEO}&t=65` });
      // The webview is untrusted: a URL the note does not hold is not opened, nor a malformed message.
      await viewer().receive({ type: 'openMoment', url: 'https://evil.example/?t=1' });
      await viewer().receive({ type: 'openMoment', url: 42 });
    });
    assert.deepEqual(opened, [`${VIDEO}&t=65`]);
  });

  test('a click on a highlight shows the note at the quote, its lines selected', async () => {
    const quoted = `${original}\n> Point 1 on slide 5:\n> streaming state [p.5](#slide=5)\n`;
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(quoted));
    await openViewer(5);
    const marks = await marksOf(deck, m => m.quotes.length === 1 && m.quotes[0].found);
    await viewer().receive({ type: 'showQuote', line: marks.quotes[0].line });
    const editor = await waitFor(
      () => vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === note.toString()),
      'the note in an editor',
    );
    const lines = quoted.split('\n');
    assert.equal(editor.selection.start.line, lines.indexOf('> Point 1 on slide 5:'));
    assert.equal(editor.selection.end.line, lines.indexOf('> streaming state [p.5](#slide=5)'));
  });
});
