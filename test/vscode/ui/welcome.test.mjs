// A workspace without notes: the Talks view explains itself and offers the ways to get notes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openViewContainer, openWorkbench, viewPane } from './workbench.mjs';

let wb;
let folder;
before(async () => {
  folder = fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), 'talk-notes-empty-'));
  fs.writeFileSync(path.join(folder, 'README.txt'), 'not a notes folder\n');
  wb = await openWorkbench({ name: 'welcome', folder });
});
after(async () => {
  await wb?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

test('without notes, the Talks view offers to copy the bundled notes, import an outline or choose a folder', async () => {
  const { page } = wb;
  await openViewContainer(page, 'Talk Notes');
  const talks = viewPane(page, 'Talks');
  await talks.getByText('No notes folder found in this workspace', { exact: false }).waitFor({ timeout: 30_000 });
  for (const label of ['Create a Copy of the Flink Forward Asia 2022 Notes', 'Import an Outline…', 'Choose Notes Folder…']) {
    assert.equal(await talks.getByRole('button', { name: label }).count(), 1, `button "${label}"`);
  }
  await wb.screenshot('welcome.png');
});
