// The conference search as a person uses it, through the real workbench: the palette command,
// a few typed characters of a phrase on one slide and of a line in the notes, the hits listed with
// where they are, and Enter landing there. Run with test/vscode/runUiTests.mjs (it starts the server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openViewContainer, openWorkbench, requireFixture, runCommand, viewPane, waitForTreeItem, workspaceCopy } from './workbench.mjs';

const FOLDER = 'zz-search-ui';
const TITLE = 'Search UI Test Talk';
const NOTE = '01-search-ui-talk.md';

let wb;
before(async () => {
  const folder = workspaceCopy('ui-search');
  const { makeTextDeck } = await requireFixture('searchDecks');
  const dir = path.join(folder, FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const pages = Array.from({ length: 8 }, (_, i) => ({ lines: [`Slide ${i + 1}`] }));
  pages[6] = { lines: ['Changelog State Backend', '状态后端的增量快照'] };
  fs.writeFileSync(path.join(dir, 'deck.pdf'), await makeTextDeck(pages));
  fs.writeFileSync(
    path.join(dir, NOTE),
    `---\ntitle: ${TITLE}\nslides: ${FOLDER}/deck.pdf\n---\n\n# Notes\n\nThe speaker compared RocksDB compression codecs here.\n`,
  );
  wb = await openWorkbench({ name: 'search', folder });
  // The sidebar showing the talks means the extension is active and has loaded the notes.
  await openViewContainer(wb.page, 'Talk Notes');
  await waitForTreeItem(wb.page, /Flink Forward Asia 2022/, { within: viewPane(wb.page, 'Talks') });
});
after(async () => {
  await wb?.close();
});

/** Opens the search, types `text` key by key, and waits for a hit row matching `row` (the list follows each key). */
async function searchFor(page, text, row) {
  await runCommand(page, 'Talk Notes: Search Talks and Slides');
  // The palette's own input is the same widget: type only once the search has taken it over.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Search Talks and Slides' }).waitFor({ timeout: 30_000 });
  await page.keyboard.type(text, { delay: 40 });
  // Slides are indexed in the background after activation; the list updates when they arrive.
  const option = page.locator('.quick-input-list [role="option"]', { hasText: row }).first();
  await option.waitFor({ timeout: 60_000 });
  return option;
}

test('typing a few characters of a phrase on slide 7 lists it; Enter opens the slides viewer on that PDF', async () => {
  const { page } = wb;
  const option = await searchFor(page, '状态后', /Slide 7[\s\S]*«状态后»/);
  const text = await option.innerText();
  assert.match(text, new RegExp(TITLE), 'the talk is named');
  assert.match(text, /«状态后»端的增量快照/, 'the snippet marks the match');
  console.log(`screenshot: ${await wb.screenshot('search-slide-hit.png')}`);
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: 'deck.pdf' }).first().waitFor({ timeout: 30_000 });
});

test('a notes hit opens the note at its line, with the notes view beside it', async () => {
  const { page } = wb;
  const option = await searchFor(page, 'rocksdb compr', /Notes, line 8[\s\S]*«compr»/);
  assert.match(await option.innerText(), /«RocksDB» «compr»ession/);
  await page.keyboard.press('Enter');
  await page
    .locator('.tabs-container .tab', { hasText: NOTE.replace(/\.md$/, '') })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.locator('.tabs-container .tab', { hasText: TITLE }).first().waitFor({ timeout: 30_000 });
  assert.ok((await page.locator('.editor-group-container').count()) >= 2, 'the notes view opens in a group beside the editor');
  await page.locator('.monaco-editor .view-line', { hasText: 'RocksDB compression' }).first().waitFor();
});
