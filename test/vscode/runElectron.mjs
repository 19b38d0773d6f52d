#!/usr/bin/env node
// The same extension-host suite as runExtensionTests.mjs, but in desktop VS Code (Electron) via
// @vscode/test-electron — for machines that can download VS Code (it is cached in .vscode-test/).
// Where the download is impossible (e.g. only the npm registry is reachable) it fails fast with a
// message pointing at `npm run test:vscode`, which runs the suite in code-server instead.
//
// Usage: node test/vscode/runElectron.mjs [folder]     (builds nothing: run `npm run bundle` first)
//   Env: VSCODE_EXECUTABLE_PATH  use this VS Code instead of downloading one
//        VSCODE_VERSION          'stable' (default), 'insiders' or e.g. '1.90.0'
// On Linux without a display it re-runs itself under `xvfb-run -a` when that is installed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { REPO, SUITE_INDEX, copyWorkspace, log, requireBuilt } from './common.mjs';

const DOWNLOAD_TIMEOUT_MS = 15_000;

async function main() {
  requireBuilt();
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    try {
      // Offline, this falls back to a copy already in .vscode-test/, if any.
      vscodeExecutablePath = await downloadAndUnzipVSCode({
        version: process.env.VSCODE_VERSION ?? 'stable',
        cachePath: path.join(REPO, '.vscode-test'),
        timeout: DOWNLOAD_TIMEOUT_MS,
      });
    } catch (e) {
      console.error(
        `[vscode] cannot download desktop VS Code (${e.message ?? e}).\n` +
          '  This machine cannot reach the VS Code update service. Run the same suite in code-server\n' +
          '  instead: `npm run test:vscode`. Or point VSCODE_EXECUTABLE_PATH at an installed VS Code.',
      );
      return 3;
    }
  }

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.TALK_NOTES_XVFB) {
    const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
    if (xvfb) {
      log('no display: re-running under xvfb-run');
      const r = spawnSync(xvfb, ['-a', process.execPath, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, TALK_NOTES_XVFB: '1', VSCODE_EXECUTABLE_PATH: vscodeExecutablePath },
      });
      return r.status ?? 1;
    }
    log('WARN: no display and no xvfb-run (apt-get install xvfb); Electron may fail to start');
  }

  const ws = process.argv[2] ? { dir: path.resolve(process.argv[2]), remove() {} } : copyWorkspace(undefined, 'electron');
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE_INDEX,
      // Only the extension under development: the user's other extensions stay out.
      launchArgs: [ws.dir, '--disable-extensions'],
    });
  } catch (e) {
    // runTests rejects when VS Code exits non-zero (failed tests) or cannot start.
    console.error(`[vscode] ${e.message ?? e}`);
    return 1;
  } finally {
    ws.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    code => process.exit(code),
    e => {
      console.error(`[vscode] ERROR: ${e.stack ?? e}`);
      process.exit(2);
    },
  );
}
