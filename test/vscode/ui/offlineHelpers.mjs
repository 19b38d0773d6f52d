// Shared by the Keep Images Offline UI tests (English and Chinese): the local image host, a note
// whose images live on it, and waiting for files, notifications and drawn images.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { notificationMessages, requireFixture } from './workbench.mjs';

/** The image host (test/fixtures/imageServer.ts, shared with the other suites), bundled for Node. */
export const imageFixtures = () => requireFixture('imageServer');

/** Writes `<folder>/<track>/01-offline.md`: a talk with a diagram and a photo on the image host. */
export function writeNoteWithRemoteImages(folder, track, title, base) {
  fs.mkdirSync(path.join(folder, track));
  const note = path.join(folder, track, '01-offline.md');
  fs.writeFileSync(
    note,
    [
      '---',
      `title: ${title}`,
      'speakers:',
      '  - Ada Lovelace',
      '---',
      '',
      '## Architecture',
      '',
      `![architecture diagram](${base}/img/pipeline.png)`,
      '',
      '## On stage',
      '',
      `![the speaker on stage](${base}/img/stage.jpg "Keynote")`,
      '',
    ].join('\n'),
  );
  return note;
}

/** Polls the file until `ok` accepts its text. */
export async function waitForFile(file, ok, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (ok(fs.readFileSync(file, 'utf8'))) return;
    await new Promise(r => setTimeout(r, 300));
  }
  assert.fail(`${file} never got there; it holds:\n${fs.readFileSync(file, 'utf8')}`);
}

/** Waits for a notification (under the test driver they go to the notification centre). */
export async function waitForMessage(page, pattern, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < end) {
    seen = await notificationMessages(page);
    const found = seen.find(m => pattern.test(m));
    if (found) return found;
    await page.waitForTimeout(500);
  }
  assert.fail(`no notification like ${pattern}; saw ${JSON.stringify(seen)}`);
}

/** Waits until the notes view has drawn `count` images; resolves with each one's decoded width and sources. */
export async function drawnImages(page, view, count, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  let shown = [];
  while (Date.now() < end) {
    shown = await view
      .locator('img')
      .evaluateAll(imgs =>
        imgs.map(i => ({ width: i.naturalWidth, src: i.getAttribute('src'), original: i.dataset.srcOriginal, title: i.title })),
      );
    if (shown.length === count && shown.every(i => i.width > 0)) break;
    await page.waitForTimeout(300);
  }
  return shown;
}
