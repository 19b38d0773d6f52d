#!/usr/bin/env node
// Runs the UI tests (test/vscode/ui/*.test.mjs: node:test + playwright-core) against a real VS Code
// web workbench: starts code-server with the smoke-test driver, points the tests at it through the
// environment (see ui/workbench.mjs), runs `node --test`, and exits with its code. Builds nothing:
// run `npm run bundle` first.
//
// Usage: node test/vscode/runUiTests.mjs [test files...]      (default: every ui/*.test.mjs)
//   Env: TALK_NOTES_UI_TIMEOUT_S per test (default 120), TALK_NOTES_NETNS=0 to skip the
//   loopback-only network namespace. Screenshots go to test-results/vscode/.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, HERE, REPO, copyWorkspace, log, requireBuilt, seconds } from './common.mjs';
import { ensureSetup } from './setup.mjs';
import { relaunchInLoopbackNetns, spawnGroup, startServer, withCleanup } from './server.mjs';

export const uiTestFiles = () =>
  fs
    .readdirSync(path.join(HERE, 'ui'))
    .filter(f => f.endsWith('.test.mjs'))
    .sort()
    .map(f => path.join(HERE, 'ui', f));

/**
 * Runs `node --test` on `files` against a running server (started with the smoke-test driver).
 * Resolves { code, passes, failures, ms }. Output is streamed and also kept in ui-tests.log.
 */
export async function runUiTests({
  server,
  folder,
  files = uiTestFiles(),
  chromium,
  cleanups = [],
  timeoutMs = Number(process.env.TALK_NOTES_UI_TIMEOUT_S ?? 120) * 1000,
}) {
  const t0 = Date.now();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logOut = fs.createWriteStream(path.join(ARTIFACTS, 'ui-tests.log'));
  const env = {
    ...process.env,
    TALK_NOTES_VSCODE_URL: server.url,
    TALK_NOTES_WORKSPACE: folder,
    TALK_NOTES_EXT_PATH: REPO,
    TALK_NOTES_ARTIFACTS: ARTIFACTS,
    ...(chromium ? { CHROMIUM: chromium } : {}),
  };
  // One file at a time: each drives its own browser against the one server, and 2 cores are
  // easily saturated by a workbench + extension host.
  const args = ['--test', '--test-reporter=spec', '--test-concurrency=1', `--test-timeout=${timeoutMs}`, ...files];
  // Own process group: on Ctrl-C/SIGTERM the caller's cleanup ends the test processes together
  // with the Chromiums they launched (Playwright closes its browser on SIGTERM).
  const { child, stop } = spawnGroup(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => stop());
  let out = '';
  const tee = (stream, dest) =>
    stream.on('data', d => {
      out += d;
      logOut.write(d);
      dest.write(d);
    });
  tee(child.stdout, process.stdout);
  tee(child.stderr, process.stderr);
  const code = await new Promise(res => child.on('close', (c, s) => res(c ?? (s ? 1 : 0))));
  await new Promise(res => logOut.end(res));
  // The spec reporter ends with "ℹ pass N" / "ℹ fail N" (plus cancelled: timeouts, crashes).
  const count = name => Number(out.match(new RegExp(`^ℹ ${name} (\\d+)`, 'm'))?.[1] ?? 0);
  const passes = count('pass');
  let failures = count('fail') + count('cancelled');
  if (code !== 0 && failures === 0) failures = 1; // crashed before reporting
  return { code, passes, failures, ms: Date.now() - t0 };
}

async function main() {
  requireBuilt([path.join(REPO, 'dist', 'extension.js')]);
  const tools = await ensureSetup();
  const relaunched = await relaunchInLoopbackNetns();
  if (relaunched !== null) return relaunched;

  const files = process.argv.slice(2).map(f => path.resolve(f));
  return withCleanup(async cleanups => {
    const ws = copyWorkspace(undefined, 'ui');
    cleanups.push(async () => ws.remove());
    const server = await startServer({ tools, logFile: path.join(ARTIFACTS, 'code-server.log') });
    cleanups.push(() => server.stop());
    log(`code-server ${server.url} ready in ${seconds(server.readyMs)}; UI tests on ${ws.dir}`);
    const r = await runUiTests({ server, folder: ws.dir, chromium: tools.chromium, cleanups, ...(files.length ? { files } : {}) });
    log(`UI tests: ${r.passes} passed, ${r.failures} failed in ${seconds(r.ms)} (exit ${r.code})`);
    return r.code;
  });
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
