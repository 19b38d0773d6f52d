// Talk Notes at scale in the real workbench: 10,000 generated talks with thousands of problems,
// one note saved every half second (auto save while typing, or a sync tool) — clicking a talk still
// opens its notes view and the tree still expands a track, and every problem reaches the
// Problems panel. The bounds are generous on purpose: the check is "it happens at all", the
// figures are in `npm run bench`. Run with test/vscode/runUiTests.mjs (it starts the server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLargeWorkspace } from '../../bench/largeWorkspace.mjs';
import { openViewContainer, openWorkbench, viewPane, waitForTreeItem, webviewFrame } from './workbench.mjs';

/** Far above what a person waits; today a click shows the notes in a second or two. */
const BOUND_MS = 60_000;
/** Long enough for checks to pile up if each save re-checked the whole workspace. */
const CHURN_MS = 10_000;
/** Just above the extension's file-event and check delays, so every save leads to a check. */
const SAVE_EVERY_MS = 450;

const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let wb;
let ws;
let saver;
before(async () => {
  const parent = fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), 'talk-notes-large-'));
  ws = generateLargeWorkspace(path.join(parent, 'conference'));
  wb = await openWorkbench({ name: 'large-workspace', folder: ws.dir, timeout: 120_000 });
});
after(async () => {
  clearInterval(saver);
  await wb?.close();
});

test('10,000 talks: the tree lists the tracks, and every problem reaches the Problems panel', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  await waitForTreeItem(page, new RegExp(`^${escape(ws.firstTalk.track)}`), { within: viewPane(page, 'Talks'), timeout: BOUND_MS });
  // Broken front matter and each unsafe link (video and article) are errors; missing PDFs,
  // repeated titles and unknown statuses warnings: far more than one `set` of a diagnostic
  // collection carries to the Problems panel.
  const errors = ws.files.broken + 2 * ws.files.unsafeLinks;
  const warnings = ws.files.missingSlides + ws.files.duplicateTitles + ws.files.badStatus;
  const expected = new RegExp(`Errors: ${errors}, Warnings: ${warnings}\\b`);
  const problems = page.locator('[id="status.problems"]');
  const label = async () => (await problems.getAttribute('aria-label').catch(() => '')) ?? '';
  const end = Date.now() + BOUND_MS;
  while (!expected.test(await label()) && Date.now() < end) await page.waitForTimeout(250);
  assert.match(await label(), expected);
});

test('10,000 talks while a note is saved every half second: a click opens the notes view, the tree expands', async () => {
  const { page } = wb;
  const talks = viewPane(page, 'Talks');
  // A few tracks open, as someone browsing them has: their rows are what a refresh redraws.
  // Bottom up, so each track row stays where it is while the one below it opens.
  for (const first of ws.firstTalks.slice(1, 5).reverse()) {
    await (await waitForTreeItem(page, new RegExp(`^${escape(first.track)}`), { within: talks, timeout: BOUND_MS })).click();
    await waitForTreeItem(page, new RegExp(`^${escape(first.title)},`), { within: talks, timeout: BOUND_MS });
  }
  const busy = path.join(ws.dir, ws.sampleTalk.file);
  let n = 0;
  saver = setInterval(() => fs.appendFileSync(busy, `\n自动保存 ${n++}\n`), SAVE_EVERY_MS);
  await page.waitForTimeout(CHURN_MS);

  const track = await waitForTreeItem(page, new RegExp(`^${escape(ws.firstTalk.track)}`), { within: talks, timeout: BOUND_MS });
  await track.click();
  const talk = await waitForTreeItem(page, new RegExp(`^${escape(ws.firstTalk.title)},`), { within: talks, timeout: BOUND_MS });
  await talk.click();
  const title = webviewFrame(page).locator('h1.tn-title');
  await title.waitFor({ timeout: BOUND_MS });
  assert.equal(await title.textContent(), ws.firstTalk.title);

  // Collapse it, and the next track (open) shows its talks again, still while the saves go on.
  await track.click();
  await waitForTreeItem(page, new RegExp(`^${escape(ws.firstTalks[1].title)},`), { within: talks, timeout: BOUND_MS });
  clearInterval(saver);
  assert.ok(n >= CHURN_MS / SAVE_EVERY_MS - 2, `the note was saved ${n} times`);
});
