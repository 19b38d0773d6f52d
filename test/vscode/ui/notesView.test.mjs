// The notes view beside the editor, through the real workbench: each follows the other's
// scrolling, and a note that is not UTF-8 is shown read-only with a banner. Run with
// test/vscode/runUiTests.mjs (it starts the server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openWorkbench, runCommand, webviewFrame, workspaceCopy } from './workbench.mjs';

let wb;
let gbkNote;

before(async () => {
  const folder = workspaceCopy('ui-notes-view');
  // A note saved in GBK ("中文笔记"), as older Chinese tools do: shown read-only, never rewritten.
  gbkNote = path.join(folder, '实时风控', '09-GBK note.md');
  fs.writeFileSync(gbkNote, Buffer.from([0x23, 0x20, 0xd6, 0xd0, 0xce, 0xc4, 0xb1, 0xca, 0xbc, 0xc7, 0x0a]));
  wb = await openWorkbench({ name: 'notes-view', folder });
});
after(async () => {
  await wb?.close();
});

test('the notes view follows the part of the note the editor shows', async () => {
  const { page } = wb;
  const OLAP = 'Flink OLAP 在字节跳动的查询优化和落地实践'; // the longest bundled note
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Talk Notes: Edit Note File');
  await page.locator('.quick-input-widget input').fill('何润康');
  await page.locator('.quick-input-list [role="option"]', { hasText: OLAP }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: '08-Flink OLAP' }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Control+End');
  // The editor title's Show Notes opens the notes view beside the note.
  await page.locator('.editor-actions .action-label[aria-label="Show Notes"]').first().click();
  const view = webviewFrame(page);
  await view.locator('h1.tn-title', { hasText: OLAP }).waitFor({ timeout: 30_000 });
  const top = () => view.locator('body').evaluate(() => (document.scrollingElement ?? document.documentElement).scrollTop);
  const end = Date.now() + 15_000;
  while ((await top()) < 200 && Date.now() < end) await page.waitForTimeout(200);
  assert.ok((await top()) >= 200, 'the notes view is scrolled to the end of the note');
  // Back to the top of the note: the view follows.
  await page.locator('.tab', { hasText: '08-Flink OLAP' }).click();
  await page.keyboard.press('Control+Home');
  const end2 = Date.now() + 15_000;
  while ((await top()) > 0 && Date.now() < end2) await page.waitForTimeout(200);
  assert.equal(await top(), 0, 'and back to the top');
  await wb.screenshot('editor-and-notes.png');
});

test('the editor follows when the reader scrolls the notes view beside it', async () => {
  const { page } = wb;
  // Left by the previous test: the OLAP note in the editor, its notes view beside, both at the top.
  const view = webviewFrame(page);
  const editorTop = async () => {
    const numbers = (await page.locator('.monaco-editor .margin .line-numbers').allTextContents()).map(Number).filter(n => n > 0);
    return numbers.length ? Math.min(...numbers) : 0;
  };
  assert.equal(await editorTop(), 1);
  await page.waitForTimeout(500);
  await view.locator('body').evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    el.scrollTop = el.scrollHeight;
  });
  const end = Date.now() + 15_000;
  while ((await editorTop()) < 20 && Date.now() < end) await page.waitForTimeout(200);
  assert.ok((await editorTop()) >= 20, `the editor scrolled down with the view (top line ${await editorTop()})`);
  await page.waitForTimeout(500);
  await view.locator('body').evaluate(() => {
    (document.scrollingElement ?? document.documentElement).scrollTop = 0;
  });
  const end2 = Date.now() + 15_000;
  while ((await editorTop()) > 1 && Date.now() < end2) await page.waitForTimeout(200);
  assert.equal(await editorTop(), 1, 'and back to the top');
});

test('a note that is not UTF-8 is shown read-only with a banner, and its file is never rewritten', async () => {
  const { page } = wb;
  const before = fs.readFileSync(gbkNote);
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Talk Notes: Go to Talk…');
  await page.locator('.quick-input-widget input').fill('GBK note');
  await page.locator('.quick-input-list [role="option"]', { hasText: 'GBK note' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  const view = webviewFrame(page);
  const banner = view.locator('.tn-banner');
  await banner.waitFor({ timeout: 30_000 });
  const text = await banner.textContent();
  assert.match(text, /09-GBK note\.md is not saved as UTF-8/);
  assert.match(text, /Reopen with Encoding” → GBK, then “Save with Encoding” → UTF-8/);
  assert.equal(await view.locator('button[data-command="addPersonalNote"]').getAttribute('aria-disabled'), 'true');
  assert.equal(await view.locator('button[data-command="setStatus"]').getAttribute('aria-disabled'), 'true');
  await wb.screenshot('notes-view-not-utf8.png');
  assert.ok(fs.readFileSync(gbkNote).equals(before));
});
