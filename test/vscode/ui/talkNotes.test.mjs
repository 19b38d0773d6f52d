// The product as a person uses it, through the real workbench: sidebar, notes view with a local
// image and an unreachable remote one, the palette, a personal note typed and saved, a status
// change reflected in the tree. Run with test/vscode/runUiTests.mjs (it starts the server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  chooseMenuItem,
  openViewContainer,
  openWorkbench,
  runCommand,
  viewPane,
  waitForTreeItem,
  webviewFrame,
  workspaceCopy,
} from './workbench.mjs';

const TRACK = '平台建设';
const ANT = 'Flink 在蚂蚁大规模金融场景的平台建设';
const ZHIHU = 'Flink 实时计算平台在知乎演进';
// Set to media/screenshots to refresh the README's pictures.

let wb;
let folder;
let antNote;

/** A small local image beside the note: a diagram the notes view must actually decode. */
const DIAGRAM = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="90" viewBox="0 0 240 90">
<rect x="1" y="1" width="238" height="88" rx="8" fill="#e8f1fb" stroke="#3a78c3"/>
<text x="120" y="52" font-family="sans-serif" font-size="18" text-anchor="middle" fill="#1d3f66">Checkpoint → Sink</text></svg>`;

before(async () => {
  folder = workspaceCopy('ui-talks');
  const track = path.join(folder, TRACK);
  antNote = path.join(
    track,
    fs.readdirSync(track).find(f => f.startsWith('02-')),
  );
  fs.mkdirSync(path.join(track, 'images'), { recursive: true });
  fs.writeFileSync(path.join(track, 'images', 'diagram.svg'), DIAGRAM);
  fs.appendFileSync(antNote, '\n![local diagram](images/diagram.svg)\n');
  wb = await openWorkbench({ name: 'talk-notes', folder });
});
after(async () => {
  await wb?.close();
});

/** A picture for the README. */
const shot = name => wb.screenshot(name, { forReadme: true });

test('the sidebar lists the conference and its tracks, expanded, with their talks', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  const talks = viewPane(page, 'Talks');
  await waitForTreeItem(page, /Flink Forward Asia 2022/, { within: talks });
  const track = await waitForTreeItem(page, new RegExp(`^${TRACK}`), { within: talks });
  assert.equal(await track.getAttribute('aria-expanded'), 'true', 'the tracks of a small conference start expanded');
  await waitForTreeItem(page, new RegExp(ANT), { within: talks });
  const rows = await talks.getByRole('treeitem').allTextContents();
  assert.ok(
    rows.some(r => r.includes(TRACK) && r.includes('0/10')),
    `track shows progress: ${rows.join(' | ')}`,
  );
  assert.ok(
    rows.some(r => r.includes(ANT) && r.includes('李志刚')),
    'talk shows its speaker',
  );
});

test('clicking a talk shows its notes: title, a decoded local image, a placeholder for an unreachable remote one', async () => {
  const { page } = wb;
  await (await waitForTreeItem(page, new RegExp(ANT))).click();
  await page.locator('.tab', { hasText: ANT }).waitFor({ timeout: 30_000 });
  const view = webviewFrame(page);
  await view.locator('h1.tn-title').waitFor({ timeout: 30_000 });
  assert.equal(await view.locator('h1.tn-title').textContent(), ANT);
  assert.match(await view.locator('.tn-meta').textContent(), /李志刚/);

  const local = view.locator('img[alt="local diagram"]');
  await local.waitFor({ timeout: 15_000 });
  const width = await local.evaluate(img =>
    img.complete && img.naturalWidth > 0
      ? img.naturalWidth
      : new Promise((resolve, reject) => {
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => reject(new Error('local image failed'));
        }),
  );
  assert.equal(width, 240, 'the local SVG decoded at its natural size');

  // The seed's images live on a remote host this machine cannot reach: each becomes a labelled box.
  const placeholder = view.locator('.tn-image-failed').first();
  await placeholder.waitFor({ timeout: 15_000 });
  assert.match(await placeholder.textContent(), /image-20221218172313776/);
  await shot('notes-view.png');
});

test('Go to Talk… from the palette finds a talk by speaker and opens its notes', async () => {
  const { page } = wb;
  await runCommand(page, 'Talk Notes: Go to Talk…');
  const input = page.locator('.quick-input-widget input');
  await input.fill('贾承昆');
  await page.locator('.quick-input-list [role="option"]', { hasText: ZHIHU }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: ZHIHU }).waitFor({ timeout: 30_000 });
  await webviewFrame(page).locator('h1.tn-title', { hasText: ZHIHU }).waitFor({ timeout: 30_000 });
});

test('Add Personal Note from the notes view: type, save, and the text is in the file', async () => {
  const { page } = wb;
  await page.locator('.tab', { hasText: ANT }).click();
  const view = webviewFrame(page);
  await view.locator('h1.tn-title', { hasText: ANT }).waitFor({ timeout: 30_000 });
  await view.locator('button[data-command="addPersonalNote"]').click();
  const editor = page
    .locator('.editor-instance .monaco-editor')
    .filter({ has: page.locator('.view-lines') })
    .last();
  await page.locator('.tab', { hasText: path.basename(antNote) }).waitFor({ timeout: 30_000 });
  // Type only once the entry is there: the cursor is placed after the insertion.
  await editor.locator('.view-lines', { hasText: 'My Notes' }).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(200);
  await page.keyboard.type('Hot restart reuses the JobManager: ask about state size.');
  await page.keyboard.press('Control+S');
  await waitForFile(antNote, text => text.includes('Hot restart reuses the JobManager'));
  const text = fs.readFileSync(antNote, 'utf8');
  assert.match(text, /\n## My Notes\n\n### \d{4}-\d\d-\d\d \d\d:\d\d\nHot restart reuses the JobManager: ask about state size\.\n/);
  assert.ok(text.includes('![local diagram](images/diagram.svg)'), 'the rest of the note is intact');
  // The notes view follows the saved note.
  await webviewFrame(page)
    .locator('text=Hot restart reuses the JobManager')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(async () => {
      await page.locator('.tab', { hasText: ANT }).click();
      await webviewFrame(page).locator('text=Hot restart reuses the JobManager').first().waitFor({ timeout: 15_000 });
    });
  await shot('personal-note.png');
});

test('Set Status from the tree’s context menu updates the file and the tree', async () => {
  const { page } = wb;
  const item = await waitForTreeItem(page, new RegExp(ANT));
  await item.click({ button: 'right' });
  await chooseMenuItem(page, 'Set Status…');
  await page.locator('.quick-input-list [role="option"]', { hasText: 'Done' }).first().click();
  await waitForFile(antNote, text => /^status: done$/m.test(text));
  const talks = viewPane(page, 'Talks');
  await talks
    .getByRole('treeitem', { name: new RegExp(`^${TRACK}`) })
    .filter({ hasText: '1/10' })
    .waitFor({ timeout: 15_000 });
  await shot('sidebar-status.png');
});

async function waitForFile(file, ok, timeout = 15_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (ok(fs.readFileSync(file, 'utf8'))) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`${path.basename(file)} did not change as expected:\n${fs.readFileSync(file, 'utf8').slice(-400)}`);
}

test('an open notes view comes back after a window reload', async () => {
  const { page } = wb;
  await page.locator('.tab', { hasText: ANT }).first().click();
  await webviewFrame(page).locator('h1.tn-title', { hasText: ANT }).waitFor({ timeout: 30_000 });
  // The webview saves its state asynchronously; give it a moment before the page goes away.
  await page.waitForTimeout(1000);
  await page.reload();
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await page.locator('.tab', { hasText: ANT }).first().waitFor({ timeout: 60_000 });
  await page.locator('.tab', { hasText: ANT }).first().click();
  await webviewFrame(page).locator('h1.tn-title', { hasText: ANT }).waitFor({ timeout: 60_000 });
});
