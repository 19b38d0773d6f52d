#!/usr/bin/env node
// Installs what test/vscode needs to run the extension in a real VS Code on a machine that can
// reach only the npm registry and Debian's apt mirrors (desktop VS Code cannot be downloaded):
//
//   1. apt packages, only when missing: chromium (headless browser for the web workbench),
//      iproute2 (brings up `lo` in the loopback-only network namespace), a CJK font (the notes
//      are Chinese; without one screenshots show boxes), and, only when
//      code-server still has to be built, libkrb5-dev + build-essential + python3 (node-gyp).
//   2. Node 24 from the npm package pinned in server/package.json (`talkNotes.node`): code-server
//      4.139 refuses any other Node major. The tarball's integrity is checked against the pin.
//   3. code-server from server/package.json + package-lock.json (`npm ci`), compiled against
//      Node 24, then its native modules are loaded once to prove they really got built.
//
// Everything goes to a cache outside the repo's tracked files:
//   ${TALK_NOTES_CACHE:-$HOME/.cache/talk-notes-vscode}/
// Each install lands in a folder named after what it was built from (versions + lockfile hash) and
// is renamed into place only when complete, so a second run finds it and does nothing (< 1 s), and
// an interrupted run never leaves a half install that looks finished.
//
// Usage: node test/vscode/setup.mjs [--check] [--verify]
//   --check: report what is missing, install nothing
//   --verify: also load code-server's native modules again (and rebuild those that fail)
// As a module: `const tools = await ensureSetup()` -> { nodeBin, nodeHome, codeServerEntry, chromium }
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
const SERVER_PKG_DIR = path.join(HERE, 'server');
export const CACHE = path.resolve(process.env.TALK_NOTES_CACHE || path.join(os.homedir(), '.cache', 'talk-notes-vscode'));

// Native modules code-server's server side loads (all must load under Node 24). Paths are
// relative to node_modules/code-server; the nested install in lib/vscode is run by code-server's
// own postinstall, with its own npm-shrinkwrap.json.
const NATIVE_MODULES = [
  ['.', 'argon2'],
  ['lib/vscode', '@vscode/spdlog'],
  ['lib/vscode', '@vscode/sqlite3'],
  ['lib/vscode', '@vscode/native-watchdog'],
  ['lib/vscode', 'node-pty'],
  ['lib/vscode', 'kerberos'],
  ['lib/vscode', '@parcel/watcher'],
];

const log = (...a) => console.log('[setup]', ...a);
const sha = s => createHash('sha256').update(s).digest('hex');
const seconds = t0 => ((Date.now() - t0) / 1000).toFixed(1) + ' s';

/** Runs a command, streaming its output; throws with the command line when it fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`failed (exit ${r.status ?? r.signal}): ${cmd} ${args.join(' ')}`);
  return r;
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

function readServerPkg() {
  const pkg = JSON.parse(fs.readFileSync(path.join(SERVER_PKG_DIR, 'package.json'), 'utf8'));
  const lock = fs.readFileSync(path.join(SERVER_PKG_DIR, 'package-lock.json'), 'utf8');
  return { pkg, lock, node: pkg.talkNotes.node, codeServerVersion: pkg.dependencies['code-server'] };
}

/** The Chromium binary: $CHROMIUM, else `chromium` on PATH (Debian's package), else null. */
export function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return which('chromium') ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null);
}

/** Where everything ends up, computed without touching the disk or the network. */
export function layout() {
  const { pkg, lock, node, codeServerVersion } = readServerPkg();
  const nodeHome = path.join(CACHE, `node-v${node.version}`);
  // The folder name changes whenever the lockfile, the allowlist or the Node version changes.
  const csKey = sha(JSON.stringify([pkg.dependencies, pkg.allowScripts, node.version]) + lock).slice(0, 12);
  const csHome = path.join(CACHE, `code-server-${codeServerVersion}-${csKey}`);
  return {
    node,
    codeServerVersion,
    nodeHome,
    nodeBin: path.join(nodeHome, 'bin', 'node'),
    csHome,
    codeServerEntry: path.join(csHome, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

// 1. apt ----------------------------------------------------------------------------------------
function aptInstall(pkgs, { check }) {
  if (!pkgs.length) return;
  const cmd = `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
  if (check) {
    log(`missing apt packages: ${pkgs.join(' ')}`);
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const sudo = !asRoot && which('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!asRoot && !sudo) throw new Error(`missing system packages; as root run: ${cmd}`);
  const t0 = Date.now();
  log(`apt-get install ${pkgs.join(' ')} (chromium takes ~30 s)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const exec = args => {
    const full = asRoot ? args : ['sudo', '-n', ...args];
    run(full[0], full.slice(1), { env });
  };
  exec(['apt-get', 'update', '-q']);
  // With recommends, as in the verified recipe (chromium's recommends include its fonts).
  exec(['apt-get', 'install', '-y', '-q', ...pkgs]);
  log(`apt done in ${seconds(t0)}`);
}

function missingAptPackages({ needBuildTools }) {
  const pkgs = [];
  if (!findChromium()) pkgs.push('chromium');
  if (!which('ip') && !fs.existsSync('/usr/sbin/ip') && !fs.existsSync('/sbin/ip')) pkgs.push('iproute2');
  // The bundled notes are Chinese: without a CJK font, screenshots show boxes (and text widths,
  // hence ellipsis and wrapping, differ from a real desktop). WenQuanYi Micro Hei is 1.6 MB.
  const cjk = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (cjk.status !== 0 || !cjk.stdout.trim()) pkgs.push('fonts-wqy-microhei');
  if (needBuildTools) {
    // code-server's `kerberos` native module needs gssapi headers; node-gyp needs a compiler + python.
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) pkgs.push('libkrb5-dev');
    if (!which('g++') || !which('make')) pkgs.push('build-essential');
    if (!which('python3')) pkgs.push('python3');
  }
  return pkgs;
}

// 2. Node 24 ------------------------------------------------------------------------------------
function ensureNode(L, { check }) {
  if (fs.existsSync(L.nodeBin)) return false;
  if (check) {
    log(`missing: Node ${L.node.version} (${L.nodeHome})`);
    return false;
  }
  const t0 = Date.now();
  log(`fetching ${L.node.package}@${L.node.version} from the npm registry`);
  const partial = `${L.nodeHome}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    const r = spawnSync('npm', ['pack', '--json', `${L.node.package}@${L.node.version}`], {
      cwd: partial,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`npm pack ${L.node.package}@${L.node.version} failed`);
    const [info] = JSON.parse(r.stdout);
    // npm verified the download against the registry's integrity; this also pins it to the
    // value committed in server/package.json, so a re-published tarball cannot slip in.
    if (info.integrity !== L.node.integrity) {
      throw new Error(`integrity mismatch for ${info.id}: got ${info.integrity}, pinned ${L.node.integrity}`);
    }
    run('tar', ['xzf', info.filename, '--strip-components=1'], { cwd: partial });
    fs.rmSync(path.join(partial, info.filename));
    const v = spawnSync(path.join(partial, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (v !== `v${L.node.version}`) throw new Error(`unexpected node version ${v}`);
    fs.renameSync(partial, L.nodeHome);
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  log(`Node ${L.node.version} ready in ${seconds(t0)}: ${L.nodeBin}`);
  return true;
}

/**
 * The environment minus what an outer `npm run` exports about itself. PITFALL: under
 * `npm run test:vscode`, npm_config_user_agent says "node/v20…"; an inner npm takes it as its own
 * user-agent setting, and code-server's postinstall reads the Node major from it and refuses to
 * install ("requires node v24"). The user's real settings (registry, cafile, cache…) stay.
 */
export function withoutOuterNpm(env = process.env) {
  const out = { ...env };
  for (const k of Object.keys(out)) {
    if (
      /^npm_(package_|lifecycle_|command$|execpath$|node_execpath$)/.test(k) ||
      /^npm_config_(user_agent|local_prefix|npm_version|allow_scripts|node_gyp|prefix|global_prefix)$/.test(k) ||
      k === 'NODE' ||
      k === 'INIT_CWD'
    )
      delete out[k];
  }
  return out;
}

/** Environment for npm/node-gyp/code-server: Node 24 first on PATH, headers from Node 24. */
export function node24Env(L, extra = {}) {
  return {
    ...withoutOuterNpm(),
    PATH: `${path.dirname(L.nodeBin)}${path.delimiter}${process.env.PATH}`,
    // PITFALL: a user ~/.npmrc may set nodedir=/usr (the system Node 20 headers); node-gyp would
    // then build code-server's native modules for the wrong ABI. Point it at Node 24's headers.
    npm_config_nodedir: L.nodeHome,
    JOBS: String(os.availableParallelism?.() ?? os.cpus().length),
    ...extra,
  };
}

// 3. code-server --------------------------------------------------------------------------------
/** The folder of package `mod` as Node would find it from `cwd` (walking up node_modules). */
function packageDir(cwd, mod) {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'node_modules', mod);
    if (fs.existsSync(path.join(p, 'package.json'))) return p;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Loads each native module with Node 24; returns the ones that fail, with the error. */
function brokenNativeModules(L, csDir) {
  const broken = [];
  for (const [rel, mod] of NATIVE_MODULES) {
    const cwd = path.join(csDir, rel);
    const r = spawnSync(L.nodeBin, ['-e', `require(${JSON.stringify(mod)})`], { cwd, encoding: 'utf8' });
    if (r.status !== 0) broken.push({ cwd, mod, error: (r.stderr || '').split('\n').find(l => /Error/.test(l)) ?? r.stderr });
  }
  return broken;
}

/** node-gyp as shipped inside the npm that runs this setup (no extra download). */
function nodeGypScript() {
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const candidates = [
    path.join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(fs.realpathSync(which('npm'))), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find(p => fs.existsSync(p));
}

/**
 * Checks that code-server's native modules load under Node 24 and builds the ones that do not
 * with node-gyp; throws if some still fail.
 */
export function verifyNativeModules(L, csDir) {
  let broken = brokenNativeModules(L, csDir);
  if (broken.length) {
    // The nested installs in lib/vscode have no allowScripts of their own; an npm that skips
    // unreviewed dependency scripts would leave their native modules unbuilt. Build exactly
    // those with node-gyp directly (what their `install: node-gyp rebuild` script would do).
    const gyp = nodeGypScript();
    log(`native modules not loadable: ${broken.map(b => b.mod).join(', ')}; building them with node-gyp`);
    if (!gyp) throw new Error('node-gyp not found next to npm');
    for (const b of broken) {
      const dir = packageDir(b.cwd, b.mod);
      if (!dir) throw new Error(`${b.mod} is not installed below ${b.cwd}`);
      run(L.nodeBin, [gyp, 'rebuild'], { cwd: dir, env: node24Env(L) });
    }
    broken = brokenNativeModules(L, csDir);
  }
  if (broken.length) {
    throw new Error('native modules failed to load under Node 24:\n' + broken.map(b => `  ${b.mod}: ${b.error}`).join('\n'));
  }
  log(`native modules load under Node ${L.node.version}: ${NATIVE_MODULES.map(m => m[1]).join(', ')}`);
}

function ensureCodeServer(L, { check }) {
  if (fs.existsSync(L.codeServerEntry)) return false;
  if (check) {
    log(`missing: code-server ${L.codeServerVersion} (${L.csHome})`);
    return false;
  }
  const t0 = Date.now();
  const partial = `${L.csHome}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(SERVER_PKG_DIR, f), path.join(partial, f));
    log(`npm ci code-server@${L.codeServerVersion} with Node ${L.node.version} (compiles native modules, ~1-2 min)`);
    // The install scripts of code-server (its postinstall runs `npm install` in lib/vscode and
    // lib/vscode/extensions, which compiles the native modules) and argon2 must run. npm 11 only
    // runs dependency install scripts that package.json's `allowScripts` covers (or, in some
    // versions, runs them with a warning); server/package.json lists exactly these two, by name:
    // pinned `name@version` entries are refused when the lockfile has no `resolved` URLs
    // (omit-lockfile-registry-resolved), which is how the committed lockfile is written.
    // `--allow-scripts` on the command line is an error for project installs, so no flag here.
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: partial, env: node24Env(L) });
    verifyNativeModules(L, path.join(partial, 'node_modules', 'code-server'));
    fs.renameSync(partial, L.csHome);
  } catch (e) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  // Older installs (other versions/lockfiles) are ~600 MB each: drop them.
  for (const name of fs.readdirSync(CACHE)) {
    const p = path.join(CACHE, name);
    if (name.startsWith('code-server-') && p !== L.csHome && !name.includes('.partial-')) {
      log(`removing old install ${p}`);
      fs.rmSync(p, { recursive: true, force: true });
    }
  }
  log(`code-server ${L.codeServerVersion} ready in ${seconds(t0)}: ${L.csHome}`);
  return true;
}

/**
 * Makes sure Node 24, code-server and Chromium are there (installing what is missing unless
 * `check`), and returns where they are. Throws with a clear message when something cannot be had.
 */
export async function ensureSetup({ check = false } = {}) {
  const t0 = Date.now();
  const L = layout();
  fs.mkdirSync(CACHE, { recursive: true });
  const needBuildTools = !fs.existsSync(L.codeServerEntry);
  aptInstall(missingAptPackages({ needBuildTools }), { check });
  ensureNode(L, { check });
  if (!check || fs.existsSync(L.nodeBin)) ensureCodeServer(L, { check });

  const chromium = findChromium();
  let playwright = null;
  try {
    playwright = fileURLToPath(import.meta.resolve('playwright-core'));
  } catch {
    /* below */
  }
  const problems = [];
  if (!fs.existsSync(L.nodeBin)) problems.push(`Node ${L.node.version} not installed`);
  if (!fs.existsSync(L.codeServerEntry)) problems.push(`code-server ${L.codeServerVersion} not installed`);
  if (!chromium) problems.push('chromium not found (apt-get install chromium, or set CHROMIUM)');
  if (!playwright) problems.push('playwright-core not found: run `npm install` in the repo');
  if (problems.length) throw new Error(`setup incomplete:\n  ${problems.join('\n  ')}\n  run: node test/vscode/setup.mjs`);
  log(`ready in ${seconds(t0)}: node ${L.node.version}, code-server ${L.codeServerVersion}, ${chromium} (cache ${CACHE})`);
  return { ...L, chromium };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const tools = await ensureSetup({ check: process.argv.includes('--check') });
    if (process.argv.includes('--verify')) verifyNativeModules(tools, path.join(tools.csHome, 'node_modules', 'code-server'));
  } catch (e) {
    console.error(`[setup] ERROR: ${e.message}`);
    process.exit(1);
  }
}
