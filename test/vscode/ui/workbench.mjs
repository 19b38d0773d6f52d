// Helpers to drive the real VS Code web workbench (served by code-server) with headless Chromium
// through playwright-core. Used by the UI tests in this folder and by runExtensionTests.mjs.
//
// UI tests get their target from the environment set by runUiTests.mjs:
//   TALK_NOTES_VSCODE_URL   base URL of a running code-server (started with the smoke-test driver)
//   TALK_NOTES_WORKSPACE    folder to open (a throwaway copy of notes/)
//   TALK_NOTES_EXT_PATH     extension loaded from source (extensionDevelopmentPath), the repo root
//   TALK_NOTES_ARTIFACTS    where screenshots go (test-results/vscode)
//   CHROMIUM                the browser binary (Debian's chromium)
//
// Typical test:
//   const wb = await openWorkbench();              // browser + page, workbench loaded
//   await openViewContainer(wb.page, 'Talk Notes');
//   await waitForTreeItem(wb.page, 'Some talk');
//   await wb.close();                              // screenshot + close; reports blocked
//                                                  // network requests (see failOnNetwork)
// Also: runCommand(page, 'Talk Notes: Refresh'), webviewFrame(page).locator('h1'),
// viewPane(page, 'Talks'), notificationMessages(page), screenshot(page, 'x.png'), workspaceCopy().
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { buildWorkbenchUrl } from '../server.mjs';

export const env = {
  url: process.env.TALK_NOTES_VSCODE_URL,
  workspace: process.env.TALK_NOTES_WORKSPACE,
  extPath: process.env.TALK_NOTES_EXT_PATH,
  artifacts: process.env.TALK_NOTES_ARTIFACTS ?? path.resolve('test-results', 'vscode'),
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Headless Chromium that cannot talk to anything but the local server: its own background
 * services are off, its resolver fails every other name, and every non-loopback request of the
 * page is aborted and recorded in `blocked`. Resolves { browser, context, blocked, close() }.
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, handleSignals = true } = {}) {
  // Chromium writes crash-reporter data and an NSS db under $HOME/$XDG_*: keep them in a temp dir.
  const home = fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), 'talk-notes-chromium-'));
  const browser = await chromium.launch({
    executablePath: env.chromium,
    headless: true,
    // Playwright closes the browser and exits on these signals; a runner that stops things in
    // its own order (server last) turns that off and closes the browser itself.
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-domain-reliability',
      '--no-pings',
      // It still resolves some Google hosts despite the flags above; fail every name but ours.
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
    ],
  });
  const context = await browser.newContext({ viewport });
  const blocked = [];
  await context.route(
    u => !LOOPBACK.has(u.hostname),
    r => {
      blocked.push(r.request().url());
      return r.abort();
    },
  );
  const close = async () => {
    await browser.close().catch(() => {});
    fs.rmSync(home, { recursive: true, force: true });
  };
  return { browser, context, blocked, close };
}

/** The workbench URL for a folder, with the extension loaded from source (and tests, if given). */
export function workbenchUrl({ base = env.url, folder = env.workspace, workspace, devPath = env.extPath, testsPath } = {}) {
  if (!base) throw new Error('TALK_NOTES_VSCODE_URL is not set: run UI tests through test/vscode/runUiTests.mjs');
  return buildWorkbenchUrl(base, { folder, workspace, devPath, testsPath });
}

/**
 * Launches a browser and opens the workbench; resolves once the workbench is rendered and the
 * activity bar is there. `close()` takes a final screenshot `<name>-final.png` and reports any
 * request the page made outside the machine (all such requests are blocked and listed in
 * `blocked`): a warning, or an error thrown when `failOnNetwork` (default: env
 * TALK_NOTES_FAIL_ON_NETWORK=1).
 */
export async function openWorkbench({
  name = 'workbench',
  timeout = 60_000,
  failOnNetwork = process.env.TALK_NOTES_FAIL_ON_NETWORK === '1',
  ...urlOptions
} = {}) {
  const b = await launchBrowser();
  const page = await b.context.newPage();
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(e.message));
  await page.goto(workbenchUrl(urlOptions));
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout });
  return {
    ...b,
    page,
    pageErrors,
    screenshot: (file, options) => screenshot(page, file, options),
    async close() {
      await screenshot(page, `${name}-final.png`).catch(() => {});
      await b.close();
      if (!b.blocked.length) return;
      const msg = `the workbench tried to reach the network (blocked): ${[...new Set(b.blocked)].join(', ')}`;
      if (failOnNetwork) throw new Error(msg);
      console.warn(`WARN: ${msg}`);
    },
  };
}

/**
 * A private copy of the workspace for a test that writes files (UI test files share the one
 * TALK_NOTES_WORKSPACE, one after the other): pass it as `openWorkbench({ folder })`. It lives in
 * the run's temp folder, which the runner deletes.
 */
export function workspaceCopy(label = 'ws') {
  if (!env.workspace) throw new Error('TALK_NOTES_WORKSPACE is not set: run UI tests through test/vscode/runUiTests.mjs');
  const dir = path.join(
    fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), `talk-notes-${label}-`)),
    path.basename(env.workspace),
  );
  fs.cpSync(env.workspace, dir, { recursive: true });
  return dir;
}

/**
 * A TypeScript fixture of test/fixtures/ (a deck generator…) loaded into a UI test: bundled for
 * Node into dist/test/ui/, inside the repo so that it finds what it needs in node_modules (the CJK
 * font).
 */
export async function requireFixture(name) {
  const out = path.join(env.extPath, 'dist', 'test', 'ui', `${name}.cjs`);
  await esbuild.build({
    entryPoints: [path.join(env.extPath, 'test', 'fixtures', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(out);
}

/**
 * Saves a full-window screenshot into the artifacts dir; returns its path. `forReadme`: a picture
 * the README shows, also copied into the folder TALK_NOTES_SCREENSHOTS names, when it is set.
 */
export async function screenshot(page, file, { forReadme = false } = {}) {
  fs.mkdirSync(env.artifacts, { recursive: true });
  const p = path.join(env.artifacts, file);
  await page.screenshot({ path: p });
  if (forReadme && process.env.TALK_NOTES_SCREENSHOTS) fs.copyFileSync(p, path.join(process.env.TALK_NOTES_SCREENSHOTS, file));
  return p;
}

/** Clicks an activity bar entry (a view container) by its title, e.g. 'Talk Notes', 'Explorer'. */
export async function openViewContainer(page, title, { timeout = 30_000 } = {}) {
  const item = page
    .locator(`.part.activitybar a.action-label[aria-label="${title}"], ` + `.part.activitybar a.action-label[aria-label^="${title} ("]`)
    .first();
  await item.waitFor({ timeout });
  // Clicking the container that is already open would collapse the side bar; its tab (the
  // parent <li role="tab">) says whether it is.
  // A progress badge (indexing in the background) lies over the icon and takes the click; the
  // click reaches the same tab through it.
  if ((await item.locator('xpath=..').getAttribute('aria-selected')) !== 'true') await item.click({ force: true });
}

/** A view's pane (e.g. 'Talks') in the side bar, to scope further locators. */
export function viewPane(page, viewName) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator(`.pane-header[aria-label^="${viewName}"]`) });
}

/** Waits for a tree item by its accessible name (string: exact; RegExp: pattern) and returns it. */
export async function waitForTreeItem(page, name, { timeout = 30_000, within = page } = {}) {
  const item = within.getByRole('treeitem', { name, exact: typeof name === 'string' });
  await item.first().waitFor({ timeout });
  return item.first();
}

/**
 * Chooses an entry of the open context menu by its label. Monaco menus act on keyboard selection
 * more reliably than on synthetic clicks: the entry is hovered (which selects it), then Enter.
 */
export async function chooseMenuItem(page, label, { timeout = 15_000 } = {}) {
  const entry = page.locator('.monaco-menu .action-label', { hasText: label }).first();
  await entry.waitFor({ timeout });
  await entry.hover();
  await page.keyboard.press('Enter');
}

/**
 * Runs a command from the command palette by its title as shown there, e.g.
 * 'Talk Notes: Refresh'. Focus first goes back to the workbench (it may sit in a webview).
 */
export async function runCommand(page, title, { timeout = 15_000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  // A palette that opens while focus is still moving out of a webview can close again at once;
  // then it is opened again rather than waited for.
  for (let attempt = 1; ; attempt++) {
    // The middle of the status bar is empty; its corners hold items that open pickers of their own.
    await page
      .locator('.part.statusbar')
      .click({ position: { x: Math.floor((page.viewportSize()?.width ?? 800) / 2), y: 5 } })
      .catch(() => {});
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout });
      await input.fill(`>${title}`, { timeout: attempt < 3 ? 5_000 : timeout });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
  const option = page.locator('.quick-input-list [role="option"]', { hasText: title }).first();
  await option.waitFor({ timeout });
  await option.click();
}

/**
 * The document inside the visible webview (e.g. the notes view): two iframes deep,
 * <iframe class="webview ready"> hosting <iframe id="active-frame">. VS Code keeps the webviews of
 * background tabs hidden, so this is the one of the active editor. Use it like a page:
 * `webviewFrame(page).locator('h1')`.
 */
export function webviewFrame(page) {
  return page.locator('iframe.webview.ready:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Messages of the notification centre (toasts are hidden while the smoke-test driver is on). */
export async function notificationMessages(page) {
  await page.locator('[id="status.notifications"]').click();
  const msgs = await page.locator('.notifications-center .notification-list-item-message').allTextContents();
  await page.keyboard.press('Escape');
  return msgs;
}
