// Keep Images Offline in a VS Code whose display language is Simplified Chinese: a code-server of
// its own (VS Code's own texts stay English, see displayLanguage.mjs; Talk Notes' are Chinese).
// The command is run from the talk's context menu in the sidebar, the result is told in Chinese,
// and the notes view draws the local copies once the image host is gone. Run with
// test/vscode/runUiTests.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useDisplayLanguage } from '../displayLanguage.mjs';
import { ensureSetup } from '../setup.mjs';
import { startServer } from '../server.mjs';
import { drawnImages, imageFixtures, waitForFile, waitForMessage, writeNoteWithRemoteImages } from './offlineHelpers.mjs';
import {
  chooseMenuItem,
  env,
  openViewContainer,
  openWorkbench,
  viewPane,
  waitForTreeItem,
  webviewFrame,
  workspaceCopy,
} from './workbench.mjs';

const TRACK = 'zz-offline-zh';
const TITLE = '图片离线保存';

let codeServer;
let imageServer;
let wb;
let note;

before(async () => {
  const fixtures = await imageFixtures();
  imageServer = await fixtures.startImageServer();
  codeServer = await startServer({
    tools: await ensureSetup(),
    logFile: path.join(env.artifacts, 'code-server-zh-cn.log'),
    settings: { 'files.autoSave': 'off' },
  });
  useDisplayLanguage(codeServer, 'zh-cn');
  const folder = workspaceCopy('ui-offline-zh');
  note = writeNoteWithRemoteImages(folder, TRACK, TITLE, imageServer.base);
  wb = await openWorkbench({ name: 'offline-images-zh', base: codeServer.url, folder });
});
after(async () => {
  await imageServer?.close();
  await wb?.close();
  await codeServer?.stop();
});

test('in Chinese: from the sidebar’s context menu, told in Chinese, drawn without the host', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  const talks = viewPane(page, '演讲');
  const track = await waitForTreeItem(page, new RegExp(`^${TRACK}`), { within: talks });
  // A small conference opens its tracks expanded; a click would fold this one.
  if ((await track.getAttribute('aria-expanded')) === 'false') await track.click();
  const item = await waitForTreeItem(page, new RegExp(TITLE), { within: talks });
  await item.click({ button: 'right' });
  await chooseMenuItem(page, '离线保存图片');
  await waitForFile(note, text => text.includes('](images/stage.jpg "Keynote — original: '));
  await waitForMessage(page, new RegExp(`已将“${TITLE}”的 2 张图片离线保存到 ${TRACK}/images。`));

  await imageServer.close();
  imageServer = null;
  await item.click();
  const view = webviewFrame(page);
  await view.locator('h1.tn-title', { hasText: TITLE }).waitFor({ timeout: 30_000 });
  const shown = await drawnImages(page, view, 2);
  assert.deepEqual(
    shown.map(i => [i.original, i.width]),
    [
      ['images/pipeline.png', 560],
      ['images/stage.jpg', 320],
    ],
  );
  // The notes view's own texts are Chinese too.
  assert.equal(await view.locator('button[data-command="addPersonalNote"]').textContent(), '添加个人笔记');
  await wb.screenshot('keep-images-offline-zh.png');
  assert.ok(fs.existsSync(path.join(path.dirname(note), 'images', 'pipeline.png')));
});
