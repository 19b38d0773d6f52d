// Keep Images Offline through the real workbench: a note whose images live on a local image host
// (started here, on 127.0.0.1) is kept offline from the notes view's title bar; with the host gone
// and the browser allowed no other network, the notes view draws the local copies. Then an image
// pasted into the note in the editor is saved beside it by VS Code's own Markdown paste, once
// "Save Pasted Images Beside Notes" has set that up. Run with test/vscode/runUiTests.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { drawnImages, imageFixtures, waitForFile, waitForMessage, writeNoteWithRemoteImages } from './offlineHelpers.mjs';
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

const TRACK = 'zz-offline-ui';
const TITLE = 'Images that outlive their host';
// Set to media/screenshots to refresh the README's pictures.

let wb;
let server;
let note;
let fixtures;

before(async () => {
  fixtures = await imageFixtures();
  server = await fixtures.startImageServer();
  const folder = workspaceCopy('ui-offline');
  note = writeNoteWithRemoteImages(folder, TRACK, TITLE, server.base);
  wb = await openWorkbench({ name: 'offline-images', folder });
});
after(async () => {
  await server?.close();
  await wb?.close();
});

/** A picture for the README. */
const shot = name => wb.screenshot(name, { forReadme: true });

test('kept offline from the notes view, the images show with their host gone', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  await waitForTreeItem(page, /Flink Forward Asia 2022/, { within: viewPane(page, 'Talks') });
  await runCommand(page, 'Talk Notes: Go to Talk…');
  await page.locator('.quick-input-widget input').fill(TITLE);
  await page.locator('.quick-input-list [role="option"]', { hasText: TITLE }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  const view = webviewFrame(page);
  await view.locator('h1.tn-title', { hasText: TITLE }).waitFor({ timeout: 30_000 });
  // Remote http images are not shown by the notes view: placeholders with their alt text.
  await view.locator('.tn-image-placeholder', { hasText: 'architecture diagram' }).waitFor();

  // The notes view's title bar: … → Keep Images Offline.
  await page.locator('.editor-actions .action-label[aria-label="More Actions..."]').first().click();
  await chooseMenuItem(page, 'Keep Images Offline');
  await waitForFile(note, text => text.includes('](images/stage.jpg "Keynote — original: '));
  const told = await waitForMessage(page, /Kept 2 image\(s\) of “Images that outlive their host” offline, in zz-offline-ui\/images\./);
  assert.ok(told);

  // The host goes away; the browser reaches nothing but code-server anyway.
  const { base } = server;
  await server.close();
  server = null;
  const shown = await drawnImages(page, view, 2);
  assert.deepEqual(
    shown.map(i => [i.original, i.width]),
    [
      ['images/pipeline.png', 560],
      ['images/stage.jpg', 320],
    ],
  );
  for (const i of shown) assert.doesNotMatch(i.src, /127\.0\.0\.1:\d+\/img\//, 'drawn from the local copy');
  assert.equal(shown[1].title, `Keynote — original: ${base}/img/stage.jpg`);
  const text = fs.readFileSync(note, 'utf8');
  assert.ok(text.includes(`![architecture diagram](images/pipeline.png "original: ${base}/img/pipeline.png")`), text);
  await shot('keep-images-offline-view.png');
});

test('an image pasted into the note is saved beside it', async () => {
  const { page } = wb;
  await runCommand(page, 'Talk Notes: Save Pasted Images Beside Notes');
  await runCommand(page, 'Talk Notes: Edit Note File');
  await page.locator('.quick-input-widget input').fill(TITLE);
  await page.locator('.quick-input-list [role="option"]', { hasText: TITLE }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: '01-offline.md' }).waitFor({ timeout: 30_000 });
  const editor = page.locator('.monaco-editor .view-lines').first();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nPasted: ');
  // A paste as the browser delivers it: a clipboard event carrying an image file.
  const png = [...fixtures.pngImage(160, 90, (x, y) => [40 + x, 120 + (y % 30), 90])];
  await page.evaluate(bytes => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);
  const pasted = path.join(path.dirname(note), 'images', 'image.png');
  const end = Date.now() + 30_000;
  while (!fs.existsSync(pasted) && Date.now() < end) await page.waitForTimeout(300);
  assert.ok(fs.existsSync(pasted), 'the pasted image is saved in images/ beside the note');
  assert.ok(fs.readFileSync(pasted).equals(Buffer.from(png)));
  await page.locator('.view-line', { hasText: 'images/image.png' }).first().waitFor({ timeout: 15_000 });
  // The note beside its notes view: the rewritten links and what they show.
  await page.locator('.editor-actions .action-label[aria-label="Show Notes"]').first().click();
  const view = webviewFrame(page);
  const shown = await drawnImages(page, view, 3);
  assert.deepEqual(
    shown.map(i => [i.original, i.width]),
    [
      ['images/pipeline.png', 560],
      ['images/stage.jpg', 320],
      ['images/image.png', 160],
    ],
  );
  await shot('keep-images-offline.png');
});
