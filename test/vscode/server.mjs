// Starts and stops code-server (VS Code's own server + web workbench) for tests and `npm start`.
//
// - Binds 127.0.0.1 only, `--auth none`, on a free port (or the one asked for).
// - Throwaway state: user data, extensions dir, config file and XDG dirs live in a temp folder
//   that stop() deletes, so nothing is written to the home folder and every run starts clean.
// - Offline: no extension gallery (EXTENSIONS_GALLERY={} — otherwise the server queries a public
//   gallery), telemetry/update checks off, settings that stop built-in extensions from fetching.
// - `smokeTestDriver`: passes `--vscode-option enable-smoke-test-driver`. Without it the built
//   workbench ignores the `payload` URL parameter, which is how we load the extension from source
//   (extensionDevelopmentPath) and run extension-host tests (extensionTestsPath), like F5.
// - The server runs in its own process group (spawned detached = setsid); stop() ends the whole
//   group (server, extension hosts, watchers, pty hosts), and an exit hook does the same if the
//   calling process dies first.
//
// Network isolation: relaunchInLoopbackNetns() re-runs the calling script inside a fresh network
// namespace that only has `lo` (`unshare -n`). Everything the script then starts — code-server,
// Chromium, node --test workers — can reach 127.0.0.1 and nothing else. Where permitted it is also
// a PID namespace, so every process started inside ends when the script ends, even on a crash.
// Setup (npm/apt) must run before that, in the normal namespace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { withoutOuterNpm } from './setup.mjs';

/** code-server's remote authority is literally "remote"; vscode-remote URIs map to server paths. */
export const remoteUri = absPath => `vscode-remote://remote${path.resolve(absPath)}`;

/**
 * The workbench URL of the server at `base` for `folder`, optionally loading the extension at
 * `devPath` from source and running the extension-host tests module `testsPath` (both need the
 * server's smoke-test driver, see startServer).
 */
export function buildWorkbenchUrl(base, { folder, workspace, devPath, testsPath } = {}) {
  const u = new URL(base);
  // A .code-workspace file (a multi-root workspace) is opened instead of the folder when given.
  if (workspace) u.searchParams.set('workspace', path.resolve(workspace));
  else if (folder) u.searchParams.set('folder', path.resolve(folder));
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', remoteUri(devPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(testsPath)]);
  if (payload.length) u.searchParams.set('payload', JSON.stringify([...payload, ['skipWelcome', 'true']]));
  return u.toString();
}

/** User settings for the throwaway profile: quiet, offline, nothing opens by itself. */
export const OFFLINE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
};

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * Parent folder for throwaway state: the runner's per-run temp folder (TALK_NOTES_TMP, inherited
 * by test processes, removed as a whole at the end) or the system temp folder.
 */
export const tempRoot = () => process.env.TALK_NOTES_TMP ?? os.tmpdir();

/** A free TCP port on 127.0.0.1 (the OS picks one; tiny race until the server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True while any process of the group `pgid` exists. */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Ends a whole process group: SIGTERM, then SIGKILL for whatever is left after `graceMs`. */
export async function stopGroup(pgid, graceMs = 5000) {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* gone */
  }
  for (let t = 0; t < graceMs && groupAlive(pgid); t += 100) await sleep(100);
  if (groupAlive(pgid))
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(50);
}

/**
 * Spawns a command as the leader of a new process group (detached = setsid), so it and all its
 * children can be ended together with stop(), also when the caller exits unexpectedly.
 */
export function spawnGroup(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  const pid = child.pid;
  // 'exit' handlers must be synchronous: SIGKILL is all that can be done there.
  const onExit = () => {
    if (groupAlive(pid))
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  };
  process.on('exit', onExit);
  const stop = async graceMs => {
    await stopGroup(pid, graceMs);
    process.off('exit', onExit);
  };
  return { child, pid, stop };
}

/**
 * Starts code-server and waits until /healthz answers.
 * @param {object} o
 * @param {{nodeBin: string, codeServerEntry: string}} o.tools  from setup.mjs ensureSetup()
 * @param {number} [o.port]            0 or absent: a free port
 * @param {boolean} [o.smokeTestDriver=true]  honour the `payload` URL parameter (dev path, tests)
 * @param {string} [o.logFile]         server output; default <state>/code-server.log
 * @param {object} [o.settings]        extra user settings
 * @param {{id: string, version: string, path: string}[]} [o.linkedExtensions]  extensions the server
 *   loads as installed ones, from a folder linked into its extensions dir (a source checkout: a
 *   rebuild and a window reload pick up changes). Unlike extensionDevelopmentPath this needs no
 *   smoke-test driver, so notifications show as toasts, as people see them.
 * @param {number} [o.timeoutMs=60000]
 */
export async function startServer({
  tools,
  port = 0,
  smokeTestDriver = true,
  logFile,
  settings = {},
  linkedExtensions = [],
  timeoutMs = 60_000,
}) {
  const t0 = Date.now();
  port ||= await freePort();
  const state = fs.mkdtempSync(path.join(tempRoot(), 'talk-notes-code-server-'));
  const userData = path.join(state, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(path.join(state, 'extensions'));
  for (const ext of linkedExtensions) fs.symlinkSync(ext.path, path.join(state, 'extensions', `${ext.id}-${ext.version}`), 'dir');
  fs.mkdirSync(path.join(state, 'xdg'));
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...OFFLINE_SETTINGS, ...settings }, null, 2));
  // An explicit (empty) config file, otherwise code-server writes ~/.config/code-server/config.yaml.
  fs.writeFileSync(path.join(state, 'config.yaml'), '');
  logFile ??= path.join(state, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');

  const args = [
    tools.codeServerEntry,
    '--config',
    path.join(state, 'config.yaml'),
    '--user-data-dir',
    userData,
    '--extensions-dir',
    path.join(state, 'extensions'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Extension hosts of closed pages otherwise linger for hours waiting for a reconnect.
    '--reconnection-grace-time',
    '30',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const env = {
    ...withoutOuterNpm(),
    // Node 24 first: the server forks its extension host and helpers with this Node.
    PATH: `${path.dirname(tools.nodeBin)}${path.delimiter}${process.env.PATH}`,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(state, 'xdg'),
    XDG_DATA_HOME: path.join(state, 'xdg'),
    XDG_CACHE_HOME: path.join(state, 'xdg'),
  };
  // Options meant for the project's Node (e.g. --require hooks) must not leak into Node 24.
  delete env.NODE_OPTIONS;
  // A new process group (setsid): one kill(-pid) stops the server with all its children, and
  // Ctrl-C in a terminal does not reach it directly (we stop it in order instead).
  const { child, pid, stop: stopProcesses } = spawnGroup(tools.nodeBin, args, { env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  const exitedPromise = new Promise(res => child.on('exit', (code, signal) => res((exited = { code, signal }))));

  // Idempotent: a second caller (e.g. the signal handler while the normal path is stopping)
  // waits for the same stop instead of returning early.
  let stopping = null;
  const stop = ({ keepState = false } = {}) =>
    (stopping ??= (async () => {
      await stopProcesses();
      if (!keepState) fs.rmSync(state, { recursive: true, force: true, maxRetries: 3 });
    })());

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
      await stop({ keepState: true });
      throw new Error(`code-server exited early (${JSON.stringify(exited)}); log ${logFile}:\n${tail}`);
    }
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop({ keepState: true });
      throw new Error(`code-server did not answer ${base}/healthz within ${timeoutMs / 1000} s; log: ${logFile}`);
    }
    await sleep(100);
  }
  const readyMs = Date.now() - t0;

  return {
    url: base,
    port,
    pid,
    stateDir: state,
    logFile,
    readyMs,
    stop,
    /** Resolves { code, signal } when the server process ends (by stop() or by itself). */
    exited: exitedPromise,
    /** buildWorkbenchUrl() for this server. */
    workbenchUrl: opts => buildWorkbenchUrl(base, opts),
  };
}

// Loopback-only network namespace ---------------------------------------------------------------
const NETNS_ENV = 'TALK_NOTES_IN_NETNS';

/**
 * The `unshare` arguments that work here, or null. Preferred: a new network namespace (only `lo`)
 * plus a PID namespace with its own /proc: when the relaunched script (PID 1 there) exits, the
 * kernel ends every process left inside, so not even a crashed run can leave a server or browser
 * behind. Unprivileged users get the same through a user namespace (-r) where permitted.
 */
function unshareArgs() {
  const variants = [
    ['-n', '-p', '-f', '--kill-child', '--mount-proc'],
    ['-r', '-n', '-p', '-f', '--kill-child', '--mount-proc'],
    ['-n'],
    ['-r', '-n'],
  ];
  for (const a of variants) {
    if (spawnSync('unshare', [...a, 'true'], { stdio: 'ignore' }).status === 0) return a;
  }
  return null;
}

export const inLoopbackNetns = () => process.env[NETNS_ENV] === '1';

/**
 * Re-runs this Node script (same argv) inside a new network namespace with only `lo` up, and
 * resolves with its exit code. Resolves null — the caller then just goes on — when already inside,
 * when TALK_NOTES_NETNS=0, or when namespaces are not permitted here (with a warning: the offline
 * flags and request blocking still apply, but nothing enforces them).
 */
export async function relaunchInLoopbackNetns() {
  if (inLoopbackNetns() || process.env.TALK_NOTES_NETNS === '0') return null;
  const ua = unshareArgs();
  const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].find(p => fs.existsSync(p));
  if (!ua || !ip) {
    console.warn(
      `[vscode] WARN: ${ua ? '`ip` (iproute2) missing' : '`unshare -n` not permitted'}; ` +
        'running without a loopback-only network namespace',
    );
    return null;
  }
  // A new netns starts with `lo` down; bring it up, then run the same node + script + args.
  // No `exec`: sh stays PID 1 of the PID namespace and reaps orphaned processes (a Node PID 1
  // would leave them as zombies, which keep a process group "alive" for stop()); Node runs with
  // normal signal semantics as its child.
  const script = `${ip} link set lo up || exit 1; "$@"; exit $?`;
  const child = spawn('unshare', [...ua, '--', 'sh', '-c', script, 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [NETNS_ENV]: '1' },
  });
  // Ctrl-C in a terminal reaches the relaunched script directly (same process group). A signal
  // sent to this process alone is passed on to it: with --fork, `unshare` itself ignores
  // SIGINT/SIGTERM, so the target is its child (if it cannot be found, killing `unshare` ends the
  // namespace through --kill-child).
  const childrenOf = pid => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number).filter(Boolean);
    } catch {
      return [];
    }
  };
  const forward = sig => () => {
    // unshare [-> forked child] -> sh -> node
    let pid = child.pid;
    for (let hops = ua.includes('-f') ? 2 : 1; hops > 0 && pid; hops--) pid = childrenOf(pid)[0];
    try {
      if (pid) process.kill(pid, sig);
      else child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  };
  const onInt = forward('SIGINT'),
    onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const code = await new Promise(res => child.on('exit', (c, s) => res(c ?? (s ? 128 + (os.constants.signals[s] ?? 0) : 1))));
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  return code;
}

/**
 * Runs `fn(cleanups)` and then always runs the cleanups, last pushed first, also on SIGINT/SIGTERM
 * (then exits with exitCodeOnSignal(sig), default 130/143). The caller pushes an async function
 * per resource it acquires.
 */
export async function withCleanup(fn, { exitCodeOnSignal = sig => (sig === 'SIGINT' ? 130 : 143) } = {}) {
  // One temp folder for the whole run (server state, workspace copies, browser profiles of this
  // process and of the test processes it starts): whatever a killed child leaves there goes too.
  const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'talk-notes-run-'));
  process.env.TALK_NOTES_TMP = runTmp;
  const cleanups = [async () => fs.rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 })];
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const c of cleanups.reverse()) {
        try {
          await c();
        } catch (e) {
          console.error('[vscode] cleanup:', e.message);
        }
      }
    })());
  const onSignal = sig => async () => {
    console.error(`\n[vscode] ${sig}: stopping`);
    await cleanup();
    process.exit(exitCodeOnSignal(sig));
  };
  const onInt = onSignal('SIGINT'),
    onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await fn(cleanups);
  } finally {
    await cleanup();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
