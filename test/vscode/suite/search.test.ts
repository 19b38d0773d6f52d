// The conference search inside a real VS Code: a phrase on page 7 of one talk's generated slides
// is found and lands in the slides viewer on page 7; a notes hit opens the note at its line with
// the notes view beside it; edits to a note are found without a reload.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { makeTextDeck, type DeckPage } from '../../fixtures/searchDecks';
import { useTempNotes, waitFor, writeBehindVsCode } from './helpers';

const FOLDER = 'zz-search';
const TITLE = 'Search Test Talk';
const PHRASE = 'Changelog State Backend';
const CHINESE = '状态后端让检查点更快';

suite('Talk Notes: search', () => {
  const t = useTempNotes(FOLDER);
  let deck: vscode.Uri;
  let note: vscode.Uri;
  let talkId: string;

  /** Runs the search command with `query` (it returns once its quick pick shows the hits) and presses Enter. */
  async function searchAndAccept(query: string): Promise<void> {
    await vscode.commands.executeCommand('talkNotes.searchTalks', query);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }

  suiteSetup(async function () {
    this.timeout(90_000);
    const pages: DeckPage[] = Array.from({ length: 9 }, (_, i) => ({ lines: [`Slide ${i + 1} of the search test`] }));
    pages[6] = { lines: [PHRASE, CHINESE] };
    pages[3] = { image: true };
    deck = t.track.file('deck.pdf');
    fs.writeFileSync(deck.fsPath, await makeTextDeck(pages));
    const written = await t.track.note(
      t.a,
      '01-search-talk.md',
      `---\ntitle: ${TITLE}\nspeakers: [Ada]\nslides: ${FOLDER}/deck.pdf\n---\n\n# Notes\n\nThe 增量检查点 idea, explained.\n`,
    );
    note = written.uri;
    talkId = written.talk.id;
    await waitFor(
      async () => {
        await t.a.search.settled();
        return t.a.search.query(`"${PHRASE}"`).length > 0;
      },
      'the deck to be indexed',
      60_000,
    );
  });

  test('the search finds a phrase on page 7 of the right talk, and choosing it shows page 7 in the viewer with the match highlighted', async () => {
    const a = t.a;
    const hits = a.search.query(`"${PHRASE.toLowerCase()}"`);
    assert.deepEqual(
      hits.map(h => [h.talkId, h.field, h.page]),
      [[talkId, 'slides', 7]],
    );
    // Typed in Chinese, without the line break the PDF has between the two lines, width-folded.
    assert.equal(a.search.query('ｂａｃｋｅｎｄ 状态后端')[0]?.page, 7);

    await searchAndAccept(`"${PHRASE}"`);
    const status = await a.slidesViewer.waitFor(deck, s => s.state === 'loaded' && s.page === 7 && s.renderedPages.includes(7));
    assert.equal(status.pageCount, 9);
    // The viewer's own find ran with the match: it is selected and highlighted on page 7.
    const found = await a.slidesViewer.waitFor(deck, s =>
      Boolean(s.find && s.find.query === PHRASE && s.find.total > 0 && s.find.page === 7),
    );
    assert.equal(found.find?.total, 1);
    assert.equal(found.page, 7);
  });

  test('choosing a notes hit opens the note at the line, match selected, with the notes view beside it', async () => {
    await searchAndAccept('增量检查');
    const editor = await waitFor(() => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === note.toString() ? active : undefined;
    }, 'the note in an editor');
    assert.equal(editor.document.uri.toString(), note.toString());
    assert.equal(editor.document.getText(editor.selection), '增量检查');
    assert.equal(editor.selection.start.line, 8);
    const notesView = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap(g => g.tabs.map(tab => ({ tab, g })))
          .find(({ tab }) => tab.input instanceof vscode.TabInputWebview && tab.label === TITLE),
      'the notes view',
    );
    assert.notEqual(notesView.g.viewColumn, editor.viewColumn, 'beside the editor');
  });

  test('editing a note makes its new text findable without a reload, unsaved or saved', async () => {
    const a = t.a;
    const doc = await vscode.workspace.openTextDocument(note);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit(b => b.insert(new vscode.Position(doc.lineCount - 1, 0), 'Paimon 湖仓一体 brand-new words\n'));
    assert.ok(doc.isDirty);
    const unsaved = await waitFor(() => a.search.query('湖仓 paimon')[0], 'the unsaved text to be found');
    assert.deepEqual([unsaved.talkId, unsaved.field, unsaved.line], [talkId, 'notes', 10]);
    await doc.save();
    // Saved, then changed on disk by another program: the new text replaces the old.
    writeBehindVsCode(note, `---\ntitle: ${TITLE}\nslides: ${FOLDER}/deck.pdf\n---\n\nRewritten outside: Celeborn\n`);
    // File events reach the extension through the watcher; a busy machine delays them.
    await waitFor(
      () => a.search.query('celeborn').length === 1 && a.search.query('paimon').length === 0,
      'the file on disk to be indexed',
      20_000,
    );
    assert.equal(a.search.query('celeborn')[0].line, 6);
  });
});
