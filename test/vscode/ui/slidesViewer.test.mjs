// UI tests of the slides viewer in the real workbench: links in the note editor and in the notes
// view open the viewer at the linked page (read back from the viewer's text layer), the page
// survives a window reload, find highlights its match, and a file that is not a PDF shows an
// error, not a blank page.
// Run with test/vscode/runUiTests.mjs (it starts the server); screenshots go to test-results/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { waitForFile, webviewWith, waitForViewer as waitForViewerOf } from './viewerPage.mjs';
import { env, openWorkbench, requireFixture, runCommand } from './workbench.mjs';

const FOLDER = 'zz-slides-ui';
const TITLE = 'Slides UI Test Talk';
const NOTE = '01-slides-ui-talk.md';
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

let wb;
before(async () => {
  assert.ok(env.workspace, 'TALK_NOTES_WORKSPACE is set by runUiTests.mjs');
  const { makeDeck, notAPdf } = await requireFixture('pdfs');
  const dir = path.join(env.workspace, FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'deck.pdf'), await makeDeck({ pages: 5, outlineEvery: 2, title: TITLE }));
  fs.writeFileSync(path.join(dir, 'not-a-pdf.pdf'), notAPdf());
  fs.writeFileSync(
    path.join(dir, NOTE),
    [
      '---',
      `title: ${TITLE}`,
      `slides: ${FOLDER}/deck.pdf`,
      'video: https://www.bilibili.com/video/BV1ui?p=1',
      '---',
      '',
      `# ${TITLE}`,
      '',
      'Go to [第 3 页](deck.pdf#page=3) or [第 4 页](deck.pdf#page=4) or [p.2](#slide=2); the demo is at [▶ 1:05](https://www.bilibili.com/video/BV1ui?p=1&t=65).',
      '',
      'A download that went wrong: [broken](not-a-pdf.pdf).',
      '',
    ].join('\n'),
  );
  wb = await openWorkbench({ name: 'pdf-viewer' });
});
after(async () => {
  await wb?.close();
});

const waitForViewer = (page, test, what, timeout) => waitForViewerOf(wb, test, what, timeout);

async function openNote(page) {
  const tab = page.locator('.tabs-container .tab', { hasText: NOTE.replace(/\.md$/, '') });
  if (await tab.count()) {
    // Keyboard focus may sit in a webview; clicking the tab is what a person would do anyway.
    await tab.first().click();
    await page.locator('.monaco-editor .view-line', { hasText: '第 3 页' }).first().waitFor();
    return;
  }
  await page.keyboard.press(`${MOD}+P`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(NOTE);
  await page.locator('.quick-input-list [role="option"]', { hasText: NOTE }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-line', { hasText: '第 3 页' }).first().waitFor();
}

/** Ctrl/Cmd+click on a word of the note editor, the way a link is followed in the editor. */
async function followEditorLink(page, text) {
  // Links appear a moment after the text (the providers run debounced): wait for the decoration.
  await page.locator('.monaco-editor .view-line .detected-link', { hasText: text }).first().waitFor({ timeout: 15_000 });
  const span = page.locator('.monaco-editor .view-line span', { hasText: text }).last();
  await span.hover();
  await page.keyboard.down(MOD);
  await span.click({ modifiers: [MOD] });
  await page.keyboard.up(MOD);
}

const viewerTabs = page => page.locator('.tabs-container .tab', { hasText: 'deck.pdf' });

test('a #page= link in the note editor opens the viewer at that page', async () => {
  const { page } = wb;
  await openNote(page);
  await followEditorLink(page, '第 3 页');
  const { state } = await waitForViewer(
    page,
    s => s.state === 'ready' && s.page === 3 && s.visibleText.some(t => t.includes('marker-3')),
    'page 3',
  );
  assert.equal(state.pageBox, '3');
  assert.ok(
    state.visibleText.every(t => !t.includes('marker-1 ')),
    'page 1 is not what is shown',
  );
  console.log(`screenshot: ${await wb.screenshot('pdf-viewer-page3.png')}`);
});

test('a #page= link clicked in the notes view moves the same viewer to that page', async () => {
  const { page } = wb;
  await openNote(page);
  await runCommand(page, 'Talk Notes: Show Notes');
  // From the palette the command asks which talk.
  const pick = page.locator('.quick-input-widget input');
  await pick.fill(TITLE);
  await page.locator('.quick-input-list [role="option"]', { hasText: TITLE }).first().click();
  const notes = await webviewWith(page, '#tn-body a');
  assert.ok((await notes.locator('a.tn-chip-slide').count()) >= 2, 'slide links are drawn as chips');
  assert.ok((await notes.locator('a.tn-chip-video').count()) >= 1, 'the video timestamp is drawn as a chip');
  await notes.locator('a', { hasText: '第 4 页' }).first().click();
  await waitForViewer(page, s => s.state === 'ready' && s.page === 4 && s.visibleText.some(t => t.includes('marker-4')), 'page 4');
  assert.equal(await viewerTabs(page).count(), 1, 'one viewer for the PDF');
  // The short form names a page of this talk's slides, wherever the PDF lies.
  await page.locator('.tab', { hasText: TITLE }).first().click();
  await (await webviewWith(page, '#tn-body a')).locator('a.tn-chip-slide', { hasText: 'p.2' }).click();
  await waitForViewer(page, s => s.state === 'ready' && s.page === 2 && s.visibleText.some(t => t.includes('marker-2')), 'page 2');
  assert.equal(await viewerTabs(page).count(), 1, 'still one viewer for the PDF');
  // Back to page 4, where the next test expects the viewer.
  await page.locator('.tab', { hasText: TITLE }).first().click();
  await (await webviewWith(page, '#tn-body a')).locator('a', { hasText: '第 4 页' }).first().click();
  await waitForViewer(page, s => s.state === 'ready' && s.page === 4, 'page 4 again');
  console.log(`screenshot: ${await wb.screenshot('pdf-viewer-from-notes.png')}`);
});

test('the viewer toolbar inserts a slide reference and a video timestamp into the note', async () => {
  const { page } = wb;
  const { frame } = await waitForViewer(page, s => s.state === 'ready' && s.page === 4, 'page 4');
  const notePath = path.join(env.workspace, FOLDER, NOTE);
  // The note is a background tab of the same group: the link goes to the personal notes, saved.
  await frame.locator('#insertSlideReference').click();
  await waitForFile(notePath, text => text.includes(`- [${TITLE} p.4](deck.pdf#page=4)`), 'slide reference');

  await frame.locator('#insertVideoTimestamp').click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('1:75');
  await page.locator('.quick-input-widget .quick-input-message', { hasText: '12:34' }).waitFor();
  await input.fill('1:02:03');
  await page.keyboard.press('Enter');
  const text = await waitForFile(notePath, t => t.includes('[▶ 1:02:03]('), 'video timestamp');
  // From the viewer the moment comes paired with the page the reader is on.
  assert.match(
    text,
    /\n## My Notes\n\n- \[Slides UI Test Talk p\.4\]\(deck\.pdf#page=4\)\n- \[p\.4\]\(#slide=4\) \[▶ 1:02:03\]\(https:\/\/www\.bilibili\.com\/video\/BV1ui\?p=1&t=3723\)\n$/,
  );
});

test('the viewer keeps its page across a window reload', async () => {
  const { page } = wb;
  const { frame } = await waitForViewer(page, s => s.state === 'ready', 'the viewer');
  await frame.locator('#viewer').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('End');
  await waitForViewer(page, s => s.page === 5, 'page 5');
  // The viewer reports its page after a short pause; give the extension time to store it.
  await page.waitForTimeout(1500);
  await page.reload();
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await viewerTabs(page).first().click();
  const { state } = await waitForViewer(
    page,
    s => s.state === 'ready' && s.visibleText.some(t => t.includes('marker-5')),
    'page 5 after reload',
    60_000,
  );
  assert.equal(state.page, 5, 'the remembered page wins over the #page= the editor was opened with');
  console.log(`screenshot: ${await wb.screenshot('pdf-viewer-after-reload.png')}`);
});

test('find in the viewer highlights the match on its page; Search All Talks sits beside it', async () => {
  const { page } = wb;
  const { frame } = await waitForViewer(page, s => s.state === 'ready', 'the viewer');
  const input = frame.locator('#findInput');
  await input.fill('MARKER-3');
  await input.press('Enter');
  await frame.locator('#findResult', { hasText: '1 of 1' }).waitFor();
  const { state } = await waitForViewer(page, s => s.page === 3 && s.visibleText.some(t => t.includes('marker-3')), 'page 3 found');
  assert.equal(state.pageBox, '3');
  const selected = frame.locator('.tn-page[data-page-number="3"] .textLayer .highlight.selected');
  await selected.first().waitFor();
  assert.equal((await selected.allTextContents()).join('').toLowerCase(), 'marker-3', 'the matched characters, case-insensitively');
  const searchAll = frame.locator('#searchAllTalks');
  assert.equal(await searchAll.getAttribute('title'), 'Search All Talks');
  assert.equal(await searchAll.isEnabled(), true);
  // Without the conference search in this build the click is quiet: a log line, no error toast.
  await searchAll.click();
  await page.waitForTimeout(1000);
  const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  assert.ok(!toasts.some(t => /searchTalks|not found|error/i.test(t)), `no error for the reader: ${JSON.stringify(toasts)}`);
  await input.fill('');
  await input.press('Escape');
  console.log(`screenshot: ${await wb.screenshot('pdf-viewer-find.png')}`);
});

test('a file that is not a PDF shows an error with its name and a hint', async () => {
  const { page } = wb;
  await openNote(page);
  await followEditorLink(page, 'broken');
  const { state } = await waitForViewer(page, s => s.state === 'error', 'the error');
  assert.match(state.status, /not-a-pdf\.pdf/);
  assert.match(state.status, /not a PDF/);
  assert.match(state.status, /Download the slides again/);
  console.log(`screenshot: ${await wb.screenshot('pdf-viewer-not-a-pdf.png')}`);
});
