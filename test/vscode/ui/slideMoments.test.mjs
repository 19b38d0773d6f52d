// UI tests of video moments paired with slides in the real workbench: a paired moment shows its ▶
// chip on its page, Insert Video Timestamp from the viewer's toolbar pairs the current page with a
// new moment, and the notes view shows the slide on each timestamp chip, with one play sign. Run
// with test/vscode/runUiTests.mjs (it starts the server); screenshots go to test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSlidesOf, waitForFile, waitForViewer, webviewWith, workspaceWithDeck } from './viewerPage.mjs';
import { openWorkbench, runCommand } from './workbench.mjs';

const FOLDER = 'zz-moments-ui';
const TITLE = 'Moments UI Test Talk';
const NOTE = '01-moments-ui-talk.md';
const VIDEO = 'https://www.bilibili.com/video/BV1quotes?p=1';

let wb;
let notePath;
before(async () => {
  const made = await workspaceWithDeck('ui-moments', {
    folder: FOLDER,
    title: TITLE,
    note: NOTE,
    body: [
      '---',
      `title: ${TITLE}`,
      `slides: ${FOLDER}/deck.pdf`,
      `video: ${VIDEO}`,
      '---',
      '',
      `# ${TITLE}`,
      '',
      '> Point 3 on slide 2: streaming state, checkpoints and watermarks [p.2](#slide=2)',
      '',
      `- The demo of page 2: [p.2](#slide=2) [▶ 1:05](${VIDEO}&t=65)`,
      '',
    ].join('\n'),
  });
  notePath = made.notePath;
  wb = await openWorkbench({ name: 'moments', folder: made.root });
});
after(async () => {
  await wb?.close();
});

test('a paired moment shows its ▶ chip on its page; the toolbar pairs the current page with a new moment', async () => {
  const { page } = wb;
  await openSlidesOf(page, TITLE);
  let { frame } = await waitForViewer(wb, s => s.state === 'ready', 'the viewer');
  const chip = frame.locator('.tn-page[data-page-number="2"] .tn-moment');
  await chip.first().waitFor({ timeout: 15_000 });
  assert.deepEqual(await chip.allTextContents(), ['▶ 1:05']);
  assert.equal(await chip.first().getAttribute('title'), 'Open the video at 1:05');
  assert.equal(await frame.locator('.tn-page[data-page-number="3"] .tn-moment').count(), 0, 'only the paired page has a chip');

  await frame.locator('#pageNumber').fill('3');
  await frame.locator('#pageNumber').press('Enter');
  ({ frame } = await waitForViewer(wb, s => s.page === 3, 'page 3'));
  await frame.locator('#insertVideoTimestamp').click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('2:10');
  await page.keyboard.press('Enter');
  const text = await waitForFile(notePath, t => t.includes('[▶ 2:10]'), 'the pair');
  assert.match(text, /\n- \[p\.3\]\(#slide=3\) \[▶ 2:10\]\(https:\/\/www\.bilibili\.com\/video\/BV1quotes\?p=1&t=130\)\n$/);
  await frame.locator('.tn-page[data-page-number="3"] .tn-moment', { hasText: '▶ 2:10' }).waitFor({ timeout: 15_000 });
  await frame.locator('#pageNumber').fill('2');
  await frame.locator('#pageNumber').press('Enter');
  await waitForViewer(wb, s => s.page === 2 && s.visibleText.some(t => t.includes('marker-2')), 'page 2');
  await page.waitForTimeout(500);
  console.log(`screenshot: ${await wb.screenshot('slides-viewer-moment.png')}`);
});

test('the notes view shows the slide on each timestamp chip, with one play sign', async () => {
  const { page } = wb;
  await runCommand(page, 'Talk Notes: Show Notes');
  await page.locator('.quick-input-widget input').fill(TITLE);
  await page.locator('.quick-input-list [role="option"]', { hasText: TITLE }).first().click();
  const notes = await webviewWith(page, '#tn-body a.tn-chip-video');
  const chips = notes.locator('a.tn-chip-video');
  const shown = await chips.evaluateAll(els =>
    els.map(a => ({
      text: a.textContent,
      slide: a.dataset.slide,
      before: getComputedStyle(a, '::before').content,
      after: getComputedStyle(a, '::after').content,
    })),
  );
  assert.deepEqual(
    shown.map(c => [c.text, c.slide, c.before]),
    [
      ['▶ 1:05', '2', 'none'],
      ['▶ 2:10', '3', 'none'],
    ],
    'the link text brings the play sign; the stylesheet adds none',
  );
  for (const c of shown) assert.match(c.after, /p\./, `the chip names its slide: ${c.after}`);
  assert.equal(await notes.locator('blockquote').count(), 1, 'the quote is a blockquote in the notes view');
  console.log(`screenshot: ${await wb.screenshot('notes-view-moments.png')}`);
});
