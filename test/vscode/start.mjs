#!/usr/bin/env node
// `npm start`: build, then open the extension from source in VS Code on a scratch copy of the
// bundled notes (.talk-notes-cache/notes, kept between runs: status changes and personal notes
// made while trying things must not change the tracked notes/).
//
// - With a `code` CLI on PATH (desktop VS Code): `code --extensionDevelopmentPath=<repo> <copy>`
//   opens an Extension Development Host window, like F5.
// - Without one (or with TALK_NOTES_START=web): VS Code in the browser. Runs setup (first time:
//   Node 24 + code-server into ~/.cache/talk-notes-vscode), starts code-server on 127.0.0.1 with the
//   extension linked in as an installed extension (not through the test driver, which would
//   silence every notification into the bell), prints the URL to open and keeps running until
//   Ctrl-C. The server is NOT in a network namespace here (your browser must reach it), but it
//   still binds 127.0.0.1 only, has no extension gallery and sends no telemetry.
//
// Options: --watch     keep esbuild watching; reload the window (F1 > Developer: Reload Window)
//                      to pick up changes
//          PORT=8080   fixed port (default: a free one)
//          --fresh     start from a new copy of notes/ (the scratch copy is kept otherwise)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, log } from './common.mjs';
import { scratchNotes } from './scratchNotes.mjs';
import { ensureSetup } from './setup.mjs';
import { spawnGroup, startServer, withCleanup } from './server.mjs';

const watch = process.argv.includes('--watch');

/**
 * code-server as a person uses it: the extension linked in as an installed extension rather than
 * loaded through the test driver (which silences every notification into the bell), files saved
 * only when saved. Also used by the UI test that checks notifications pop up.
 */
export function startServerForPeople({ tools, port = 0, logFile }) {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return startServer({
    tools,
    port,
    logFile,
    smokeTestDriver: false,
    // The desktop default; the browser build would otherwise save every keystroke.
    settings: { 'files.autoSave': 'off' },
    linkedExtensions: [{ id: `${manifest.publisher}.${manifest.name}`, version: manifest.version, path: REPO }],
  });
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null;
}

async function main() {
  const folder = scratchNotes({ fresh: process.argv.includes('--fresh') });
  log('building (node esbuild.config.mjs)');
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;

  const code = process.env.TALK_NOTES_START === 'web' ? null : which('code');
  if (code && !watch) {
    log(`opening desktop VS Code: code --extensionDevelopmentPath=${REPO} ${folder}`);
    return spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, folder], { stdio: 'inherit' }).status ?? 1;
  }

  const tools = await ensureSetup();
  return withCleanup(
    async cleanups => {
      if (watch) {
        const w = spawnGroup(process.execPath, ['esbuild.config.mjs', '--watch'], { cwd: REPO, stdio: 'inherit' });
        cleanups.push(() => w.stop());
      }
      if (code) {
        log(`opening desktop VS Code: code --extensionDevelopmentPath=${REPO} ${folder}`);
        spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, folder], { stdio: 'inherit' });
        log('watching for changes; Ctrl-C to stop');
        await new Promise(() => {}); // until a signal ends the process through withCleanup
      }
      const server = await startServerForPeople({ tools, port: Number(process.env.PORT) || 0 });
      let stopping = false;
      cleanups.push(() => {
        stopping = true;
        return server.stop();
      });
      const url = server.workbenchUrl({ folder });
      console.log(`
  Talk Notes in VS Code (code-server ${tools.codeServerVersion}) is running.
  Open in a browser on this machine:

    ${url}

  (The extension is loaded from ${REPO}; after a rebuild reload the window: F1 > Developer: Reload Window.
   The notes are a scratch copy in ${folder}; \`npm start -- --fresh\` starts over from notes/.
   Remote machine? Forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <host>)
  Server log: ${server.logFile}
  Ctrl-C to stop.
`);
      const ended = await server.exited;
      if (stopping) return 0;
      console.error(`[vscode] code-server exited by itself (${JSON.stringify(ended)}); log: ${server.logFile}`);
      return 1;
    },
    { exitCodeOnSignal: () => 0 },
  ); // Ctrl-C is how `npm start` is meant to end
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    c => process.exit(c),
    e => {
      console.error(`[vscode] ERROR: ${e.message ?? e}`);
      process.exit(1);
    },
  );
}
