#!/usr/bin/env node
// Runs the extension-host test suite (dist/test/vscode/suite/index.js, mocha) inside a real VS Code:
// code-server's Node extension host, with the extension loaded from source, opened by headless
// Chromium. Builds nothing: run `npm run bundle` first.
//
// How: the workbench URL carries a `payload` with extensionDevelopmentPath (the repo) and
// extensionTestsPath (the suite); the server runs with the smoke-test driver, so the workbench
// honours them, starts the extension host in test mode and, when run() settles, calls
// window.codeAutomationExit(code) in the page — that is where the result comes from (code-server's
// own log always says exit 0). mocha's output reaches the page through window.codeAutomationLog.
//
// Usage: node test/vscode/runExtensionTests.mjs [folder]
//   folder: opened in the workbench; default a throwaway copy of <repo>/notes.
//   Env: TALK_NOTES_TEST_TIMEOUT_S (default 600) for the whole run; TALK_NOTES_TEST_GREP=<text>
//   runs only matching tests; TALK_NOTES_FAIL_ON_NETWORK=1 fails the run when the workbench
//   tried to reach another host (always blocked; a warning otherwise); TALK_NOTES_NETNS=0 skips
//   the loopback-only network namespace.
// Exit code: 0 all passed, 1 failures, 124 timeout, 2 harness error.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, REPO, SUITE_INDEX, copyWorkspace, log, requireBuilt, seconds } from './common.mjs';
import { ensureSetup } from './setup.mjs';
import { relaunchInLoopbackNetns, startServer, withCleanup } from './server.mjs';
import { launchBrowser } from './ui/workbench.mjs';

// Printed by suite/index.ts: test output starts after START, results follow RESULT.
const START_MARKER = 'TALK_NOTES_MOCHA_START';
const RESULT_MARKER = 'TALK_NOTES_MOCHA_RESULT';
// Workbench chatter mirrored into the same log channel (kept in the log file only).
const NOISE = /Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache/;

/**
 * Runs the suite against a running server. Resolves { code, passes, failures, pending, ms }.
 * `server` is what startServer() returned (it must run with the smoke-test driver).
 */
export async function runExtensionTests({
  server,
  folder,
  testsPath = SUITE_INDEX,
  devPath = REPO,
  timeoutMs = Number(process.env.TALK_NOTES_TEST_TIMEOUT_S ?? 600) * 1000,
  logFile = path.join(ARTIFACTS, 'extension-tests.log'),
  cleanups = [],
}) {
  const t0 = Date.now();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logOut = fs.createWriteStream(logFile);
  const b = await launchBrowser({ handleSignals: false });
  cleanups.push(b.close); // on Ctrl-C/SIGTERM
  const result = { code: 2, passes: 0, failures: 0, pending: 0 };
  try {
    const page = await b.context.newPage();
    let finish;
    const finished = new Promise(res => (finish = res));
    page.on('pageerror', e => logOut.write(`[pageerror] ${e.message}\n`));
    // Webviews (iframes) log to the browser console, not to the workbench log: keep console
    // errors and warnings of every frame in the log file, they are often the only trace of a
    // webview that fails.
    page.on('console', m => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      const where = (m.location()?.url ?? '').replace(/^https?:\/\/[^/]+/, '').slice(0, 120);
      logOut.write(`[console.${m.type()}] ${m.text()} (${where})\n`);
    });
    // With the smoke-test driver the workbench mirrors its log, including the extension host's
    // console output (mocha's spec reporter), into window.codeAutomationLog(level, args).
    // With the smoke-test driver the workbench mirrors its log, including the extension host's
    // console output (mocha's spec reporter), into window.codeAutomationLog(level, args).
    // Everything goes to the log file; the terminal gets what comes between the markers.
    // (If the marker never comes — a suite/index.js of another shape — the lines held back are
    // printed at the end instead, so nothing is lost.)
    let started = false,
      ended = false;
    const heldBack = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      logOut.write(`[${type}] ${text}\n`);
      for (const line of text.split('\n')) {
        if (line.startsWith(START_MARKER)) started = true;
        else if (line.startsWith(RESULT_MARKER)) {
          Object.assign(result, JSON.parse(line.slice(RESULT_MARKER.length)));
          ended = true; // what follows is the workbench shutting down
        } else if (NOISE.test(line)) continue;
        else if (started && !ended) process.stdout.write(`  ${line}\n`);
        else if (!started) heldBack.push(line);
      }
    });
    await page.exposeFunction('codeAutomationExit', code => finish(code));
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    await page.goto(server.workbenchUrl({ folder, devPath, testsPath }));
    const code = await finished;
    clearTimeout(timer);
    // What the window showed at the end (e.g. the webview a failing test was waiting for).
    await page.screenshot({ path: path.join(ARTIFACTS, 'extension-tests-final.png') }).catch(() => {});
    if (!started) for (const line of heldBack) process.stdout.write(`  ${line}\n`);
    if (code === 'timeout') {
      console.error(
        `[vscode] TIMEOUT: the extension-host tests did not finish within ${timeoutMs / 1000} s ` +
          `(raise TALK_NOTES_TEST_TIMEOUT_S; logs: ${logFile}, ${server.logFile})`,
      );
      result.code = 124;
      result.failures += 1;
    } else {
      result.code = code;
      // run() rejected without our marker: the suite never ran (load error, activation crash).
      if (code !== 0 && result.failures === 0) {
        result.failures = 1;
        console.error(`[vscode] the suite did not run to the end (exit ${code}); see ${logFile}`);
      }
    }
    if (b.blocked.length) {
      // Nothing got out (blocked), but the product tried: a failure only when asked for.
      const strict = process.env.TALK_NOTES_FAIL_ON_NETWORK === '1';
      console.error(
        `[vscode] ${strict ? 'FAIL' : 'WARN'}: the workbench tried to reach the network (blocked): ` + [...new Set(b.blocked)].join(', '),
      );
      if (strict) {
        if (result.code === 0) result.code = 1;
        result.failures += 1;
      }
    }
  } finally {
    await b.close();
    await new Promise(res => logOut.end(res));
  }
  result.ms = Date.now() - t0;
  return result;
}

async function main() {
  requireBuilt();
  const tools = await ensureSetup();
  const relaunched = await relaunchInLoopbackNetns();
  if (relaunched !== null) return relaunched;

  return withCleanup(async cleanups => {
    const ws = process.argv[2] ? { dir: path.resolve(process.argv[2]), remove() {} } : copyWorkspace();
    cleanups.push(async () => ws.remove());
    const server = await startServer({ tools, logFile: path.join(ARTIFACTS, 'code-server.log') });
    cleanups.push(() => server.stop());
    log(`code-server ${server.url} ready in ${seconds(server.readyMs)}; running extension-host tests on ${ws.dir}`);
    const r = await runExtensionTests({ server, folder: ws.dir, cleanups });
    log(`extension-host tests: ${r.passes} passed, ${r.failures} failed, ${r.pending} pending in ${seconds(r.ms)} (exit ${r.code})`);
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
