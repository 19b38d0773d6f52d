// `npm start` shows VS Code as a person has it: a second code-server started the way `npm start`
// starts it (no test driver) pops notifications up as toasts. Under the test driver every
// notification goes silently into the bell, so clicking Slides without a PDF seemed to do nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureSetup } from '../setup.mjs';
import { startServerForPeople } from '../start.mjs';
import { openViewContainer, openWorkbench, runCommand, workspaceCopy } from './workbench.mjs';

let server;
let wb;
before(async () => {
  server = await startServerForPeople({ tools: await ensureSetup() });
  // No extensionDevelopmentPath: the server loads the extension as an installed one.
  wb = await openWorkbench({ name: 'people-mode', base: server.url, folder: workspaceCopy('people'), devPath: '' });
});
after(async () => {
  await wb?.close();
  await server?.stop();
});

test('started as for people, a missing PDF pops up a toast offering to locate it', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  await runCommand(page, 'Talk Notes: Open Slides');
  // The talk picker: none has its PDF downloaded.
  await page.locator('.quick-input-widget input[placeholder^="Open the slides of"]').fill('董剑辉');
  await page.locator('.quick-input-list [role="option"]', { hasText: 'Flink SQL' }).first().click();
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /not downloaded yet|has no slides/ });
  await toast.waitFor({ timeout: 30_000 });
  assert.ok(await toast.getByRole('button', { name: 'Locate Slides PDF…' }).isVisible(), 'the toast offers Locate Slides PDF…');
  console.log(`screenshot: ${await wb.screenshot('people-mode-toast.png')}`);
});
