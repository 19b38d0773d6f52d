#!/usr/bin/env node
// Everything in one go, with one code-server: setup (installs on first run), the extension-host
// suite (mocha in code-server's extension host), then the UI tests (node:test + Chromium).
// Server and browsers run inside a loopback-only network namespace when the machine permits it.
// Builds nothing: `npm run test:vscode` bundles first.
//
// Prints a summary line `vscode: <n> passed, <m> failed` and exits non-zero if anything failed
// (or the harness itself broke). Artifacts (logs, screenshots): test-results/vscode/.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, copyWorkspace, log, requireBuilt, seconds } from './common.mjs';
import { ensureSetup } from './setup.mjs';
import { inLoopbackNetns, relaunchInLoopbackNetns, startServer, withCleanup } from './server.mjs';
import { runExtensionTests } from './runExtensionTests.mjs';
import { runUiTests, uiTestFiles } from './runUiTests.mjs';

async function main() {
  const t0 = Date.now();
  requireBuilt();
  // Setup needs the network (npm registry, apt): done before entering the namespace.
  const tools = await ensureSetup();
  // Measured once, outside the namespace (the relaunched copy finds everything installed).
  process.env.TALK_NOTES_SETUP_MS ??= String(Date.now() - t0);
  const setupMs = Number(process.env.TALK_NOTES_SETUP_MS);
  const relaunched = await relaunchInLoopbackNetns();
  if (relaunched !== null) return relaunched;

  return withCleanup(async cleanups => {
    const timings = { setup: setupMs };
    const results = [];
    let t = Date.now();
    const server = await startServer({ tools, logFile: path.join(ARTIFACTS, 'code-server.log') });
    cleanups.push(() => server.stop());
    timings.server = Date.now() - t;
    log(`code-server ${server.url} ready in ${seconds(server.readyMs)}` + (inLoopbackNetns() ? ' (loopback-only network namespace)' : ''));

    // Separate throwaway copies of notes/: tests may write, and the two runs must not see
    // each other's changes.
    log('extension-host tests (mocha in the extension host)');
    const ws1 = copyWorkspace(undefined, 'ext-tests');
    cleanups.push(async () => ws1.remove());
    const ext = await runExtensionTests({ server, folder: ws1.dir, cleanups });
    results.push(['extension host', ext]);
    timings['extension tests'] = ext.ms;

    const files = uiTestFiles();
    if (files.length) {
      log(`UI tests (${files.length} file${files.length > 1 ? 's' : ''}, node --test + Chromium)`);
      const ws2 = copyWorkspace(undefined, 'ui-tests');
      cleanups.push(async () => ws2.remove());
      const ui = await runUiTests({ server, folder: ws2.dir, files, chromium: tools.chromium, cleanups });
      results.push(['UI', ui]);
      timings['UI tests'] = ui.ms;
    }

    t = Date.now();
    await server.stop();
    timings.stop = Date.now() - t;

    const passed = results.reduce((n, [, r]) => n + r.passes, 0);
    const failed = results.reduce((n, [, r]) => n + r.failures, 0);
    const ok = results.every(([, r]) => r.code === 0) && failed === 0;
    console.log('');
    for (const [name, r] of results) {
      console.log(`  ${name.padEnd(15)} ${r.passes} passed, ${r.failures} failed (exit ${r.code}, ${seconds(r.ms)})`);
    }
    console.log(
      `  timings: ${Object.entries(timings)
        .map(([k, v]) => `${k} ${seconds(v)}`)
        .join(', ')}; total ${seconds(Date.now() - t0 + (inLoopbackNetns() ? setupMs : 0))}`,
    );
    console.log(`  artifacts: ${ARTIFACTS}`);
    console.log(`vscode: ${passed} passed, ${failed} failed`);
    return ok ? 0 : 1;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    code => process.exit(code),
    e => {
      console.error(`[vscode] ERROR: ${e.stack ?? e}`);
      console.log('vscode: 0 passed, 1 failed (harness error)');
      process.exit(2);
    },
  );
}
