// The study loop as a person sees it in the workbench: the status-bar item naming the talk in front
// with the conference's progress, Continue Studying from it, and the talks view's filter named in
// the view's header and still there after a window reload. Run with test/vscode/runUiTests.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openViewContainer, openWorkbench, runCommand, viewPane, waitForTreeItem, webviewFrame, workspaceCopy } from './workbench.mjs';

const ANT = 'Flink 在蚂蚁大规模金融场景的平台建设';
const TRACK = '平台建设';
// Set to media/screenshots to refresh the README's pictures.

let wb;
let folder;
before(async () => {
  folder = workspaceCopy('ui-study');
  wb = await openWorkbench({ name: 'study', folder });
});
after(async () => {
  await wb?.close();
});

const studyItem = page => page.locator('.part.statusbar .statusbar-item', { hasText: /\d+\/\d+$/ }).first();

async function showTalk(page, title) {
  const talks = viewPane(page, 'Talks');
  const track = await waitForTreeItem(page, new RegExp(`^${TRACK}`), { within: talks });
  if ((await track.getAttribute('aria-expanded')) === 'false') await track.click();
  await (await waitForTreeItem(page, new RegExp(title), { within: talks })).click();
  await webviewFrame(page).locator('h1.tn-title', { hasText: title }).waitFor({ timeout: 30_000 });
}

test('the status bar names the talk in front and the progress; clicking it continues studying', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  await studyItem(page).waitFor({ timeout: 30_000 });
  await showTalk(page, ANT);
  await page.locator('.part.statusbar .statusbar-item', { hasText: /李志刚 · \d+\/\d+/ }).waitFor({ timeout: 15_000 });
  assert.match(await studyItem(page).getAttribute('aria-label'), /Continue studying “Flink 在蚂蚁/);
  await wb.screenshot('study-status-bar.png');

  await page.locator('.tab', { hasText: ANT }).first().hover();
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tab', { hasText: ANT }).first().waitFor({ state: 'detached', timeout: 15_000 });
  await studyItem(page).click();
  await webviewFrame(page).locator('h1.tn-title', { hasText: ANT }).waitFor({ timeout: 30_000 });
});

test('a talk dragged from the tree into a note, Shift held, becomes a link titled with the talk', async () => {
  const { page } = wb;
  const target = path.join(folder, TRACK, '02-Flink 在蚂蚁大规模金融场景的平台建设.md');
  await runCommand(page, 'Talk Notes: Edit Note File');
  await page.locator('.quick-input-widget input').fill(ANT);
  await page.locator('.quick-input-list [role="option"]', { hasText: ANT }).first().click();
  const editor = page
    .locator('.editor-instance .monaco-editor')
    .filter({ has: page.locator('.view-lines') })
    .last();
  await editor.locator('.view-lines', { hasText: 'title:' }).waitFor({ timeout: 15_000 });
  // A line of the body: in the front matter the Markdown extension would insert a bare path.
  const line = await editor.locator('.view-line', { hasText: '热启动技术' }).first().boundingBox();

  const talks = viewPane(page, 'Talks');
  const source = await waitForTreeItem(page, /Flink 实时计算平台在知乎演进/, { within: talks });
  const from = await source.boundingBox();
  // VS Code drops into a text editor only with Shift held (without it the dropped note opens).
  await page.mouse.move(from.x + 30, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 60, from.y + from.height / 2, { steps: 5 });
  await page.keyboard.down('Shift');
  await page.mouse.move(line.x + 200, line.y + line.height / 2, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await editor.locator('.view-lines', { hasText: '知乎演进' }).waitFor({ timeout: 15_000 });
  await wb.screenshot('study-drag-talk.png');
  // The drop's widget (other ways to insert it) goes away; the link stays.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+S');
  // A link titled with the talk, whose target, decoded, is the talk's note beside this one.
  const linksTo = text =>
    [...text.matchAll(/\[([^\]\n]*)\]\(([^)\n]+)\)/g)].some(
      m =>
        m[1] === 'Flink 实时计算平台在知乎演进' &&
        decodeURIComponent(m[2].replace(/^<|>$/g, '')).replace(/^\.\//, '') === '03-Flink 实时计算平台在知乎演进.md',
    );
  for (let tries = 0; !linksTo(fs.readFileSync(target, 'utf8')); tries++) {
    if (tries > 50) assert.fail(`no link to the dragged talk in the saved note:\n${fs.readFileSync(target, 'utf8')}`);
    await page.waitForTimeout(200);
  }
  await runCommand(page, 'View: Close All Editors');
});

test('the filter is named in the view header and survives a window reload', async () => {
  const { page } = wb;
  await runCommand(page, 'Talk Notes: Filter Talks…');
  await page.locator('.quick-input-list [role="option"]', { hasText: 'To watch' }).first().waitFor();
  // Typed and chosen with Enter: a click can land on the row below while the list settles.
  await page.locator('.quick-input-widget input').fill('To watch');
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  // With one view in the container its header is folded into the side bar's title (and may be
  // cut off there): the description is in the view's header all the same.
  const header = viewPane(page, 'Talks').locator('.pane-header');
  await header.locator('.description', { hasText: 'To watch' }).waitFor({ state: 'attached', timeout: 15_000 });
  await wb.screenshot('continue-studying.png', { forReadme: true });

  await page.reload();
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await openViewContainer(page, 'Talk Notes');
  await header.locator('.description', { hasText: 'To watch' }).waitFor({ state: 'attached', timeout: 30_000 });
  // The talk studied last is remembered too.
  await page.locator('.part.statusbar .statusbar-item', { hasText: /李志刚 · \d+\/\d+/ }).waitFor({ timeout: 30_000 });

  await runCommand(page, 'Talk Notes: Show All Talks');
  await header.locator('.description').filter({ hasText: 'To watch' }).waitFor({ state: 'detached', timeout: 15_000 });
});
