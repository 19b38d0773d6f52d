// UI test through the real workbench: the Talk Notes activity bar entry opens its container and
// the Talks view is there. Run with test/vscode/runUiTests.mjs (it starts the server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openViewContainer, openWorkbench, viewPane } from './workbench.mjs';

let wb;
before(async () => {
  wb = await openWorkbench({ name: 'activity-bar' });
});
after(async () => {
  await wb?.close();
});

test('the Talk Notes activity bar container shows the Talks view', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  // The side bar's title is the container's; the view's pane header carries the view name.
  await page.locator('.part.sidebar .composite.title', { hasText: /Talk Notes/i }).waitFor({ timeout: 30_000 });
  const talks = viewPane(page, 'Talks');
  await talks.waitFor({ timeout: 30_000 });
  assert.equal(await talks.count(), 1, 'exactly one Talks pane');
  // Until the extension has activated and registered its tree data provider, the view says so;
  // the message going away proves the view is backed by our extension.
  await talks.getByText('There is no data provider registered').waitFor({ state: 'hidden', timeout: 30_000 });
  const shot = await wb.screenshot('activity-bar-talks.png');
  console.log(`screenshot: ${shot}`);
});
