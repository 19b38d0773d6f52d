// Quote in Notes and paired moments in Chinese: VS Code runs with zh-cn as its display language
// (a server of its own, see displayLanguage.mjs), and the slides viewer's button, menu item,
// highlight and ▶ chip speak Chinese; the quote is written in the same format. Run with
// test/vscode/runUiTests.mjs; screenshots go to test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDisplayLanguage } from '../displayLanguage.mjs';
import { startServer } from '../server.mjs';
import { ensureSetup } from '../setup.mjs';
import { waitForFile, waitForViewer, workspaceWithDeck } from './viewerPage.mjs';
import { chooseMenuItem, openWorkbench, runCommand } from './workbench.mjs';

const FOLDER = 'zz-quotes-zh';
const TITLE = '引用测试演讲';
const NOTE = '01-quotes-zh.md';
const VIDEO = 'https://www.bilibili.com/video/BV1zh?p=1';

let server;
let wb;
let notePath;
before(async () => {
  server = await startServer({ tools: await ensureSetup() });
  useDisplayLanguage(server, 'zh-cn');
  const made = await workspaceWithDeck('ui-quotes-zh', {
    folder: FOLDER,
    title: 'Quotes zh',
    note: NOTE,
    body: [
      '---',
      `title: ${TITLE}`,
      `slides: ${FOLDER}/deck.pdf`,
      `video: ${VIDEO}`,
      '---',
      '',
      `- [p.1](#slide=1) [▶ 1:05](${VIDEO}&t=65)`,
      '',
    ].join('\n'),
  });
  notePath = made.notePath;
  wb = await openWorkbench({ name: 'quotes-zh', base: server.url, folder: made.root });
});
after(async () => {
  await wb?.close();
  await server?.stop();
});

test('in Chinese: the viewer’s button, menu item, highlight and ▶ chip are localized; the quote lands in the note', async () => {
  const { page } = wb;
  // The manifest in Chinese: the view is 演讲, the command 打开幻灯片.
  await page.locator('.part.activitybar a.action-label[aria-label^="Talk Notes"]').first().waitFor({ timeout: 60_000 });
  await runCommand(page, 'Talk Notes: 打开幻灯片');
  await page.locator('.quick-input-widget input').fill(TITLE);
  await page.locator('.quick-input-list [role="option"]', { hasText: TITLE }).first().click();
  const { frame } = await waitForViewer(wb, s => s.state === 'ready' && s.visibleText.some(t => t.includes('marker-1')), 'page 1');
  assert.equal(await frame.locator('#quoteInNotes').getAttribute('title'), '引用到笔记');
  const chip = frame.locator('.tn-page[data-page-number="1"] .tn-moment');
  await chip.first().waitFor({ timeout: 15_000 });
  assert.equal(await chip.first().getAttribute('title'), '在 1:05 处打开视频');

  await frame.evaluate(() => {
    const span = [...document.querySelectorAll('.tn-page[data-page-number="1"] .textLayer span')].find(s =>
      s.textContent.includes('Point 3 on slide 1'),
    );
    const range = document.createRange();
    range.selectNodeContents(span);
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
  });
  await frame
    .locator('.tn-page[data-page-number="1"] .textLayer span', { hasText: 'Point 3 on slide 1' })
    .first()
    .click({ button: 'right' });
  await chooseMenuItem(page, '引用到笔记', { timeout: 10_000 });
  const text = await waitForFile(notePath, t => t.includes('> Point 3 on slide 1'), 'the quote');
  assert.match(text, /\n## 我的笔记\n\n> Point 3 on slide 1: streaming state, checkpoints and watermarks \[p\.1\]\(#slide=1\)\n$/);
  const quote = frame.locator('.tn-page[data-page-number="1"] .tn-quote').first();
  await quote.waitFor({ timeout: 15_000 });
  assert.equal(await quote.getAttribute('title'), '已在笔记中引用：点击查看该引用');
  await frame.evaluate(() => document.getSelection()?.removeAllRanges());
  console.log(`screenshot: ${await wb.screenshot('slides-viewer-zh.png')}`);
});
