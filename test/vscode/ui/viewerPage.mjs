// What UI tests of the slides viewer share: generated decks (the TypeScript fixture bundled for
// Node), finding the viewer's (or the notes view's) frame among the workbench's webviews, reading
// what the viewer shows, and waiting for a note on disk.
import fs from 'node:fs';
import path from 'node:path';
import { openViewContainer, requireFixture, runCommand, workspaceCopy } from './workbench.mjs';

/** The frame of a visible webview whose document matches `selector` (viewer: '#pages', notes: '#tn-body'). */
export async function webviewWith(page, selector, { timeout = 30_000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.name() !== 'active-frame' && !/fake\.html|index\.html/.test(frame.url())) continue;
      const found = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      const visible = found && (await frame.evaluate(() => document.visibilityState === 'visible' && innerWidth > 0).catch(() => false));
      if (visible) return frame;
    }
    if (Date.now() > end) throw new Error(`no visible webview with ${selector}`);
    await page.waitForTimeout(200);
  }
}

/** What the viewer shows: its state, current page, and the text of the pages drawn in view. */
export async function viewerState(frame) {
  return frame.evaluate(() => {
    const viewer = document.getElementById('viewer');
    const box = viewer.getBoundingClientRect();
    const inView = [...document.querySelectorAll('.tn-page[data-rendered]')].filter(p => {
      const r = p.getBoundingClientRect();
      return r.bottom > box.top + 20 && r.top < box.bottom - 20;
    });
    return {
      state: document.body.dataset.state,
      page: Number(document.body.dataset.page),
      pageBox: document.getElementById('pageNumber').value,
      visibleText: inView.map(p => p.querySelector('.textLayer')?.textContent ?? ''),
      status: document.getElementById('status').innerText,
    };
  });
}

/** Waits until the viewer's state passes `test`; a screenshot of the window when it never does. */
export async function waitForViewer(wb, test, what, timeout = 30_000) {
  const { page } = wb;
  const end = Date.now() + timeout;
  let last;
  try {
    for (;;) {
      const frame = await webviewWith(page, '#pages', { timeout: Math.max(1000, end - Date.now()) });
      last = await viewerState(frame).catch(e => ({ error: e.message }));
      if (test(last)) return { frame, state: last };
      if (Date.now() > end) throw new Error(`viewer never showed ${what}; last: ${JSON.stringify(last)}`);
      await page.waitForTimeout(200);
    }
  } catch (err) {
    await wb.screenshot(`pdf-viewer-failed-${what.replace(/\W+/g, '-')}.png`).catch(() => {});
    throw err;
  }
}

/** Polls a file until `test` accepts its text. */
export async function waitForFile(file, test, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const text = fs.readFileSync(file, 'utf8');
    if (test(text)) return text;
    if (Date.now() > end) throw new Error(`${what} never reached ${file}:\n${text}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/**
 * A workspace of its own holding one talk whose slides are a generated five-page deck (page N says
 * "Page N of 5 marker-N" and six lines "Point i on slide N: …"), its note's body given.
 */
export async function workspaceWithDeck(label, { folder, title, note, body }) {
  const root = workspaceCopy(label);
  const { makeDeck } = await requireFixture('pdfs');
  const dir = path.join(root, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'deck.pdf'), await makeDeck({ pages: 5, title }));
  const notePath = path.join(dir, note);
  fs.writeFileSync(notePath, body);
  return { root, notePath };
}

/** Opens the talk's slides from the palette, once the extension is up (slow on a busy machine). */
export async function openSlidesOf(page, title) {
  await openViewContainer(page, 'Talk Notes', { timeout: 60_000 });
  await runCommand(page, 'Talk Notes: Open Slides');
  await page.locator('.quick-input-widget input').fill(title);
  await page.locator('.quick-input-list [role="option"]', { hasText: title }).first().click();
}
