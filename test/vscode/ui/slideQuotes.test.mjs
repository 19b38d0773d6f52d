// UI tests of Quote in Notes in the real workbench: text selected on a page with the mouse and
// quoted with the toolbar button, the page's context menu or the key lands in the note and shows
// as a highlight on that page; a click on a highlight opens the note at the quote. Run with
// test/vscode/runUiTests.mjs (it starts the server); screenshots go to test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSlidesOf, waitForFile, waitForViewer, workspaceWithDeck } from './viewerPage.mjs';
import { chooseMenuItem, notificationMessages, openWorkbench } from './workbench.mjs';

const FOLDER = 'zz-quotes-ui';
const TITLE = 'Quotes UI Test Talk';
const NOTE = '01-quotes-ui-talk.md';

let wb;
let notePath;
before(async () => {
  const made = await workspaceWithDeck('ui-quotes', {
    folder: FOLDER,
    title: TITLE,
    note: NOTE,
    body: ['---', `title: ${TITLE}`, `slides: ${FOLDER}/deck.pdf`, '---', '', `# ${TITLE}`, ''].join('\n'),
  });
  notePath = made.notePath;
  wb = await openWorkbench({ name: 'quotes', folder: made.root });
});
after(async () => {
  await wb?.close();
});

/** Drags the mouse over a page's text from the start of one line to the end of another, as a reader selects. */
async function dragSelect(frame, page, fromText, toText) {
  const span = text => frame.locator(`.tn-page[data-page-number="${page}"] .textLayer span`, { hasText: text }).first();
  const from = await span(fromText).boundingBox();
  const to = await span(toText).boundingBox();
  // Bounding boxes of elements in frames are in the window's coordinates, where the mouse moves.
  await wb.page.mouse.move(from.x + 1, from.y + from.height / 2);
  await wb.page.mouse.down();
  // To just before the end of the last line: past its end the browser may extend the selection to the whole page.
  await wb.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await wb.page.mouse.move(to.x + to.width - 2, to.y + to.height / 2, { steps: 4 });
  await wb.page.mouse.up();
  return frame.evaluate(() => document.getSelection()?.toString() ?? '');
}

/** Selects the whole text of the span holding `text` on a page (a double-click's worth, exactly). */
async function selectSpan(frame, page, text) {
  await frame.evaluate(
    ({ page, text }) => {
      const span = [...document.querySelectorAll(`.tn-page[data-page-number="${page}"] .textLayer span`)].find(s =>
        s.textContent.includes(text),
      );
      const range = document.createRange();
      range.selectNodeContents(span);
      const sel = document.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    },
    { page, text },
  );
}

const quotesOn = (frame, page) => frame.locator(`.tn-page[data-page-number="${page}"] .textLayer .tn-quote`);

test('text selected on a page and quoted with the toolbar button lands in the note and shows as a highlight', async () => {
  const { page } = wb;
  await openSlidesOf(page, TITLE);
  const { frame } = await waitForViewer(wb, s => s.state === 'ready' && s.visibleText.some(t => t.includes('marker-1')), 'page 1');
  const selected = await dragSelect(frame, 1, 'Point 1 on slide 1', 'Point 2 on slide 1');
  assert.match(selected, /oint 1 on slide 1[\s\S]*Point 2 on slide 1/, `the mouse selected two lines: ${JSON.stringify(selected)}`);
  assert.equal(await frame.locator('#quoteInNotes').getAttribute('title'), 'Quote in Notes');
  await frame.locator('#quoteInNotes').click();
  const text = await waitForFile(notePath, t => t.includes('[p.1](#slide=1)'), 'the quote');
  // The two lines of the slide, folded into one line of the quote: exactly what the mouse selected.
  const fold = t => t.replace(/\s+/g, ' ').trim();
  assert.equal(/\n> (.*) \[p\.1\]\(#slide=1\)\n$/.exec(text)?.[1], fold(selected), text);
  assert.match(
    text,
    /\n> \S*oint 1 on slide 1: streaming state, checkpoints and watermarks Point 2 on slide 1: streaming state, checkpoints and waterm\S* \[p\.1\]\(#slide=1\)\n$/,
  );
  await quotesOn(frame, 1).first().waitFor({ timeout: 15_000 });
  const highlighted = (await quotesOn(frame, 1).allTextContents()).join('');
  assert.ok(highlighted.includes('on slide 1: streaming state, checkpoints and watermarks'), highlighted);
  await frame.evaluate(() => document.getSelection()?.removeAllRanges());
  await page.waitForTimeout(300);
  console.log(`screenshot: ${await wb.screenshot('slides-viewer-quote.png')}`);
});

test('the context menu and the key quote the selection too', async () => {
  const { page } = wb;
  const { frame } = await waitForViewer(wb, s => s.state === 'ready', 'the viewer');
  await selectSpan(frame, 1, 'Point 4 on slide 1');
  const span = frame.locator('.tn-page[data-page-number="1"] .textLayer span', { hasText: 'Point 4 on slide 1' }).first();
  await span.click({ button: 'right' });
  await chooseMenuItem(page, 'Quote in Notes', { timeout: 10_000 });
  await waitForFile(
    notePath,
    t => t.includes('> Point 4 on slide 1: streaming state, checkpoints and watermarks [p.1](#slide=1)'),
    'the quote from the menu',
  );

  await selectSpan(frame, 1, 'Point 6 on slide 1');
  await frame.locator('#viewer').focus();
  await page.keyboard.press('Control+Alt+q');
  const text = await waitForFile(notePath, t => t.includes('> Point 6 on slide 1'), 'the quote from the key').catch(async err => {
    console.log('notifications:', await notificationMessages(page));
    console.log('selection:', await frame.evaluate(() => document.getSelection()?.toString()));
    throw err;
  });
  assert.equal(text.match(/\[p\.1\]\(#slide=1\)/g)?.length, 3, 'three quotes, each its own blockquote');
  await frame.locator('.tn-page[data-page-number="1"] .tn-quote', { hasText: 'Point 6' }).first().waitFor({ timeout: 15_000 });
});

test('a click on a highlight opens the note at the quote', async () => {
  const { page } = wb;
  const { frame } = await waitForViewer(wb, s => s.state === 'ready', 'the viewer');
  await frame.evaluate(() => document.getSelection()?.removeAllRanges());
  await frame.locator('.tn-page[data-page-number="1"] .tn-quote', { hasText: 'Point 4' }).first().click();
  const line = page.locator('.monaco-editor .view-line', { hasText: '> Point 4 on slide 1' });
  await line.first().waitFor({ timeout: 15_000 });
  // The quote's line is the selected one: the editor highlights it.
  await page.locator('.monaco-editor .selected-text').first().waitFor({ timeout: 10_000 });
  assert.ok(await page.locator('.tab.active', { hasText: NOTE.replace(/\.md$/, '') }).count(), 'the note is the active editor');
});
