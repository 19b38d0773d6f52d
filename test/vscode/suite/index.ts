// The extensionTestsPath module: VS Code's extension host loads the extension under development,
// then calls run() and reports its outcome (rejected = failed). Works the same in code-server
// (test/vscode/runExtensionTests.mjs) and in desktop VS Code (@vscode/test-electron,
// test/vscode/runElectron.mjs).
//
// esbuild bundles every test/vscode/suite/*.ts to dist/test/vscode/suite/*.js with `vscode` and
// `mocha` left external: `vscode` comes from the extension host, `mocha` from the repo's
// node_modules (found by walking up from dist/test/vscode/suite).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Printed around the run so runners can tell test output from workbench chatter and count
 * results without parsing the spec reporter. */
export const START_MARKER = 'TALK_NOTES_MOCHA_START';
export const RESULT_MARKER = 'TALK_NOTES_MOCHA_RESULT';

export async function run(): Promise<void> {
  // VS Code in the browser saves a second after each change by default; desktop VS Code does not.
  // The tests check that an edit to a note with unsaved changes stays unsaved, so they run with
  // the desktop default (in this throwaway workspace only).
  if (vscode.workspace.workspaceFolders?.length) {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    // Opening slides or a video marks a talk to watch as watching; the suites that check a note's
    // exact text after opening its slides would race with that edit. study.test.ts turns it on.
    await vscode.workspace.getConfiguration('talkNotes').update('markWatchingOnOpen', false, vscode.ConfigurationTarget.Workspace);
  }
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // The first test pays for the extension's activation and the workbench warming up.
    timeout: Number(process.env.TALK_NOTES_TEST_TIMEOUT_MS ?? 30_000),
    ...(process.env.TALK_NOTES_TEST_GREP ? { grep: process.env.TALK_NOTES_TEST_GREP } : {}),
  });
  const files = fs
    .readdirSync(__dirname)
    .filter(f => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
    try {
      console.log(START_MARKER);
      const runner = mocha.run(failures => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        console.log(`${RESULT_MARKER} ${JSON.stringify({ passes, failures, pending, files: files.length })}`);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else if (files.length === 0) reject(new Error(`no *.test.js files in ${__dirname}`));
        else resolve();
      });
    } catch (err) {
      // A test file that throws while loading (bad import, syntax) ends up here.
      console.error(err);
      reject(err);
    }
  });
}
