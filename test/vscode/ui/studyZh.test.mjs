// The study loop in Chinese: VS Code runs with zh-cn as its display language (a server of its own,
// see displayLanguage.mjs), and the status-bar item, the filter's quick pick and the view's
// description speak Chinese. Run with test/vscode/runUiTests.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { useDisplayLanguage } from '../displayLanguage.mjs';
import { startServer } from '../server.mjs';
import { ensureSetup } from '../setup.mjs';
import { openWorkbench, runCommand, viewPane, waitForTreeItem, webviewFrame, workspaceCopy } from './workbench.mjs';

const ANT = 'Flink 在蚂蚁大规模金融场景的平台建设';
// Set to media/screenshots to refresh the README's pictures.

let server;
let wb;
before(async () => {
  server = await startServer({ tools: await ensureSetup() });
  useDisplayLanguage(server, 'zh-cn');
  wb = await openWorkbench({ name: 'study-zh', base: server.url, folder: workspaceCopy('ui-study-zh') });
});
after(async () => {
  await wb?.close();
  await server?.stop();
});

test('in Chinese: the status-bar item, the filter and the view description are localized', async () => {
  const { page } = wb;
  const container = page.locator('.part.activitybar a.action-label[aria-label^="Talk Notes"]').first();
  await container.waitFor({ timeout: 60_000 });
  if ((await container.locator('xpath=..').getAttribute('aria-selected')) !== 'true') await container.click({ force: true });
  const talks = viewPane(page, '演讲');
  await (await waitForTreeItem(page, new RegExp(ANT), { within: talks })).click();
  await webviewFrame(page).locator('h1.tn-title', { hasText: ANT }).waitFor({ timeout: 30_000 });
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: /李志刚 · \d+\/\d+/ }).first();
  await item.waitFor({ timeout: 15_000 });
  assert.match(await item.getAttribute('aria-label'), /^继续学习“Flink 在蚂蚁大规模金融场景的平台建设”（已完成 \d+\/\d+ 个演讲）$/);

  await runCommand(page, 'Talk Notes: 筛选演讲…');
  const options = page.locator('.quick-input-list [role="option"]');
  await options.first().waitFor({ timeout: 10_000 });
  const labels = await options.allTextContents();
  for (const label of ['全部演讲', '待看', '在看', '已看完', '按标签…', '按讲者…']) {
    assert.ok(
      labels.some(l => l.includes(label)),
      `${label} in ${labels.join(' | ')}`,
    );
  }
  await options.filter({ hasText: '待看' }).first().click();
  await talks.locator('.pane-header .description', { hasText: '待看' }).waitFor({ state: 'attached', timeout: 15_000 });
  await wb.screenshot('continue-studying-zh.png', { forReadme: true });
  await runCommand(page, 'Talk Notes: 显示全部演讲');
});
