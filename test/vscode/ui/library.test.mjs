// UI tests through the real workbench: a folder that is a shelf of two conferences shows both at
// the top of the Talks tree, each with its progress, and expanding one shows its tracks; a
// multi-root workspace shows the conferences of every folder. Run with test/vscode/runUiTests.mjs
// (it starts the server).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openViewContainer, openWorkbench, viewPane, waitForTreeItem, workspaceCopy } from './workbench.mjs';

const note = (title, extra = '') => `---\ntitle: ${title}\n${extra}---\n\nBody.\n`;

let wb;
let shelf;
before(async () => {
  shelf = path.join(fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), 'talk-notes-shelf-')), 'talks');
  const files = {
    'kubecon-9/index.md': note('KubeCon 9'),
    'kubecon-9/k8s/01-pods.md': note('Pods at scale', 'status: done\n'),
    'kubecon-9/k8s/02-nodes.md': note('Nodes'),
    'fosdem-2025/index.md': note('FOSDEM 2025'),
    'fosdem-2025/rust/01-kernel.md': note('Rust in the kernel'),
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(shelf, rel)), { recursive: true });
    fs.writeFileSync(path.join(shelf, rel), text);
  }
  wb = await openWorkbench({ name: 'library', folder: shelf });
});
after(async () => {
  await wb?.close();
});

test('a shelf of two conferences: both at the top of the tree with their progress; one expands to its tracks', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  const talks = viewPane(page, 'Talks');
  const fosdem = await waitForTreeItem(page, /^FOSDEM 2025/, { within: talks });
  const kubecon = await waitForTreeItem(page, /^KubeCon 9/, { within: talks });
  // Titles in order (numbers as numbers, F before K), each row with its done/total.
  const rows = talks.getByRole('treeitem');
  const first = await rows.nth(0).innerText();
  const second = await rows.nth(1).innerText();
  assert.match(first, /FOSDEM 2025\s*0\/1/);
  assert.match(second, /KubeCon 9\s*1\/2/);
  assert.equal(await fosdem.getAttribute('aria-level'), '1');
  assert.equal(await kubecon.getAttribute('aria-level'), '1');
  await kubecon.click();
  const track = await waitForTreeItem(page, /^k8s/, { within: talks });
  assert.equal(await track.getAttribute('aria-level'), '2');
  console.log(`screenshot: ${await wb.screenshot('library-two-conferences.png')}`);
});

test('a multi-root workspace: the conferences of every folder are at the top of the tree', async () => {
  await wb.close();
  // The bundled notes (one conference) and the shelf, as two folders of one workspace.
  const notes = workspaceCopy('multi-root');
  const file = path.join(path.dirname(notes), 'study.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: notes }, { path: shelf }] }));
  wb = await openWorkbench({ name: 'library-multi-root', workspace: file });
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  const talks = viewPane(page, 'Talks');
  await waitForTreeItem(page, /^Flink Forward Asia 2022/, { within: talks });
  await waitForTreeItem(page, /^KubeCon 9/, { within: talks });
  const rows = talks.getByRole('treeitem');
  const labels = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    labels.push([await row.locator('.label-name').innerText(), await row.locator('.label-description').innerText()]);
  }
  // By title, numbers compared as numbers and case set aside ("Flink" before "FOSDEM").
  assert.deepEqual(labels, [
    ['Flink Forward Asia 2022', '0/25'],
    ['FOSDEM 2025', '0/1'],
    ['KubeCon 9', '1/2'],
  ]);
  console.log(`screenshot: ${await wb.screenshot('library-multi-root.png')}`);
});
