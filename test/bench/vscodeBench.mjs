#!/usr/bin/env node
// Past 450 lines: every figure here is one session of the same workbench driver (window, tree,
// notes view, inspector), and the sessions share its helpers and the report table.
// Talk Notes in the real VS Code (code-server + headless Chromium, the test harness' own), with
// the bundled 25 talks and with 10,000 generated ones (test/bench/largeWorkspace.mjs), each figure
// next to what VS Code itself does with the same files:
//   - window load → the Talk Notes tree shows its tracks, against the built-in Explorer showing
//     the same folder's entries (each in a fresh window and browser profile);
//   - click → notes view text visible, against click → the same note's text in the text editor,
//     for the first of a window and for a later one;
//   - a library (the shelf of 10 FOSDEM-sized conferences `npm run bench`'s schedule part keeps
//     in .talk-notes-cache/bench/library): window load → the tree shows every conference, against
//     the Explorer showing the shelf's folders;
//   - the extension host's memory after load (RSS and V8 heap through its inspector), with the
//     Explorer-only window (Talk Notes not activated) as the baseline;
//   - hostile notes at the notes view's size cap: click → text visible, the longest stall of the
//     extension host's event loop meanwhile, and the render time in the worker for comparison
//     (what the extension host would stall for if it rendered the note itself).
// Sessions alternate (Explorer, Talk Notes, Explorer, …) so both sides see the same machine; the
// table shows medians and ratios. Prints figures and never fails on them: exit 0, also when there
// is no VS Code to run (skipped, with a note); exit 1 only when the harness itself breaks.
//
//   node test/bench/vscodeBench.mjs [--runs 3] [--tracks 50] [--talks 200] [--only 25|large|library|hostile]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The extension host's inspector speaks CDP over a WebSocket, which Node 20 has behind a flag.
if (typeof WebSocket === 'undefined' && !process.execArgv.includes('--experimental-websocket')) {
  const r = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const { ensureSetup } = await import('../vscode/setup.mjs');
const { freePort, relaunchInLoopbackNetns, remoteUri, startServer, withCleanup } = await import('../vscode/server.mjs');
const { copyWorkspace } = await import('../vscode/common.mjs');
const { launchBrowser, openViewContainer, viewPane } = await import('../vscode/ui/workbench.mjs');
const { generateLargeWorkspace } = await import('./largeWorkspace.mjs');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const RUNS = Number(opt('runs', 3));
const ONLY = opt('only', null);
/** Generous: a figure that never comes is reported as such, not waited for forever. */
const TIMEOUT_MS = 120_000;

const median = xs => {
  const s = xs.filter(x => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const ms = x => (Number.isFinite(x) ? `${x >= 10_000 ? (x / 1000).toFixed(1) + ' s' : Math.round(x) + ' ms'}` : 'n/a');
const mb = x => (Number.isFinite(x) ? `${(x / 1024 / 1024).toFixed(0)} MB` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** A minimal CDP client for the extension host's inspector (Node's `--inspect` endpoint). */
async function inspector(port, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  let target;
  while (!target) {
    try {
      target = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json())[0];
    } catch {
      /* not listening yet */
    }
    if (!target) {
      if (Date.now() > end) throw new Error(`no extension host inspector on port ${port}`);
      await new Promise(r => setTimeout(r, 100));
    }
  }
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('inspector connection failed'));
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = e => {
    const m = JSON.parse(e.data);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      pending.set(++id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async evaluate(expression) {
      const r = await send('Runtime.evaluate', { expression, returnByValue: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
      return r.result.value;
    },
    close: () => ws.close(),
  };
}

/** Text of the note's title line in the editor: its longest run without spaces (Monaco shows spaces as nbsp). */
const editorNeedle = title => title.split(/\s+/).sort((a, b) => b.length - a.length)[0];

/** One window: fresh browser profile, the folder, the extension from source, an inspector on the extension host. */
async function openWindow(server, folder) {
  const browser = await launchBrowser({ handleSignals: false });
  const page = await browser.context.newPage();
  // The moment of each click as the page saw it: Playwright's own checks before clicking are not the user's time.
  await page.addInitScript(() => {
    window.addEventListener('mousedown', () => (window.__tnClickAt = Date.now()), true);
  });
  const port = await freePort();
  const u = new URL(server.url);
  u.searchParams.set('folder', folder);
  u.searchParams.set(
    'payload',
    JSON.stringify([
      ['extensionDevelopmentPath', remoteUri(REPO)],
      ['skipWelcome', 'true'],
      ['inspect-extensions', String(port)],
    ]),
  );
  const t0 = Date.now();
  await page.goto(u.toString());
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: TIMEOUT_MS });
  return { browser, page, t0, port };
}

/**
 * Milliseconds from the click on `target` (as the page saw it) until `probe` holds. The probe runs
 * in the page's frame, or in the webview frame the click creates, on every animation frame, and
 * reports the moment it first held: Playwright's own waits poll too coarsely for these figures.
 */
async function clickUntil(page, target, probe) {
  const before = new Set(page.frames());
  await target.click();
  const clickedAt = await page.evaluate(() => window.__tnClickAt);
  const end = Date.now() + TIMEOUT_MS;
  for (;;) {
    const frame = probe.webview ? await newWebviewFrame(page, before, end) : page.mainFrame();
    try {
      const seen = await frame.waitForFunction(probe.fn, probe.arg, { polling: 'raf', timeout: Math.max(1, end - Date.now()) });
      return (await seen.jsonValue()) - clickedAt;
    } catch (err) {
      // VS Code may replace a webview's frame while it loads: look for the new one.
      if (!probe.webview || !frame.isDetached() || Date.now() > end) throw err;
    }
  }
}

/** The content frame of a webview created after `before` was taken. */
async function newWebviewFrame(page, before, end) {
  for (;;) {
    const frame = page.frames().find(f => !before.has(f) && !f.isDetached() && f.url().includes('/webview/browser/pre/fake.html'));
    if (frame) return frame;
    if (Date.now() > end) throw new Error('no webview frame appeared');
    await new Promise(r => setTimeout(r, 5));
  }
}

/** The notes view shows the talk: its title is drawn. */
const notesProbe = title => ({
  webview: true,
  fn: t =>
    document.querySelector('h1.tn-title')?.textContent === t && document.querySelector('#tn-body')?.firstElementChild ? Date.now() : 0,
  arg: title,
});

/** The text editor shows the note: its title line is drawn. */
const editorProbe = title => ({
  webview: false,
  fn: needle => ([...document.querySelectorAll('.editor-instance .view-lines')].some(v => v.textContent.includes(needle)) ? Date.now() : 0),
  arg: editorNeedle(title),
});

const treeItem = (scope, name) => scope.getByRole('treeitem', { name, exact: typeof name === 'string' }).first();
const startsWith = s => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

async function memory(port) {
  const cdp = await inspector(port);
  try {
    return await cdp.evaluate('(() => { const m = process.memoryUsage(); return { rss: m.rss, heap: m.heapUsed }; })()');
  } finally {
    cdp.close();
  }
}

/** The built-in Explorer and text editor on the same files. */
async function explorerSession(server, ws) {
  const w = await openWindow(server, ws.dir);
  try {
    const explorer = w.page.locator('.explorer-folders-view');
    const track = treeItem(explorer, ws.first.folder);
    await track.waitFor({ timeout: TIMEOUT_MS });
    const load = Date.now() - w.t0;
    await new Promise(r => setTimeout(r, 2000)); // what the window does right after load settles
    const mem = await memory(w.port);
    await track.click();
    const first = await clickUntil(w.page, treeItem(explorer, path.basename(ws.first.file)), editorProbe(ws.first.title));
    const later = await clickUntil(w.page, treeItem(explorer, path.basename(ws.second.file)), editorProbe(ws.second.title));
    return { load, first, later, ...mem };
  } catch (err) {
    await failureShot(w.page, 'explorer');
    throw err;
  } finally {
    await w.browser.close();
  }
}

const ARTIFACTS = path.join(REPO, 'test-results', 'vscode');

async function failureShot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `bench-${name}-failure.png`);
  await page.screenshot({ path: file }).catch(() => {});
  console.error(`  screenshot of the failure: ${file}`);
}

/** Talk Notes: its tree and its notes view. */
async function talkNotesSession(server, ws) {
  const w = await openWindow(server, ws.dir);
  try {
    await openViewContainer(w.page, 'Talk Notes', { timeout: TIMEOUT_MS });
    const talks = viewPane(w.page, 'Talks');
    const track = treeItem(talks, startsWith(ws.first.track));
    await track.waitFor({ timeout: TIMEOUT_MS });
    const load = Date.now() - w.t0;
    await new Promise(r => setTimeout(r, 2000)); // the first check of the notes runs meanwhile
    const mem = await memory(w.port);
    await track.click();
    const first = await clickUntil(w.page, treeItem(talks, startsWith(`${ws.first.title},`)), notesProbe(ws.first.title));
    const later = await clickUntil(w.page, treeItem(talks, startsWith(`${ws.second.title},`)), notesProbe(ws.second.title));
    return { load, first, later, ...mem };
  } catch (err) {
    await failureShot(w.page, 'talk-notes');
    throw err;
  } finally {
    await w.browser.close();
  }
}

/** Hostile notes at the notes view's size cap (500,000 characters of body each). */
const CAP = 500_000;
const fill = unit => unit.repeat(Math.ceil(CAP / unit.length)).slice(0, CAP);
const HOSTILE = [
  ['plain CJK text (baseline)', fill('数据正确性问题难以排查（丢数、乱序），需要端到端的 Trace 系统。Checkpoint 在反压时更慢。\n\n')],
  ['a table of 80,000 rows', `| a | b | c |\n| --- | --- | --- |\n${fill('| 1 | **2** | [x](https://e.org) |\n')}`.slice(0, CAP)],
  ['quotes nested 100,000 deep', `${'>'.repeat(100_000)} x\n`],
  ['lines of 200 `>`', fill(`${'>'.repeat(200)} quote\n`)],
  ['30,000 links', fill('[链接](https://example.org/a?b=1&c=2) ')],
  ['500,000 unclosed `[`', '['.repeat(CAP)],
  ['70,000 bare e-mail addresses', fill('a@b.co ')],
];

/** Writes the hostile notes into a track of their own; returns their titles. */
function addHostileNotes(dir) {
  fs.mkdirSync(path.join(dir, 'zz-Hostile'));
  fs.writeFileSync(path.join(dir, 'zz-Hostile', 'index.md'), '---\ntitle: Hostile notes\norder: 99\n---\n');
  HOSTILE.forEach(([title, body], i) =>
    fs.writeFileSync(path.join(dir, 'zz-Hostile', `${i + 1}.md`), `---\ntitle: "${title}"\norder: ${i + 1}\n---\n${body}\n`),
  );
}

/** How long the renderer itself takes on each hostile note, in a worker of this process (idle otherwise). */
async function renderTimes() {
  const script = path.join(REPO, 'dist', 'renderWorker.js');
  if (!fs.existsSync(script)) return HOSTILE.map(() => NaN);
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(script);
  const render = (id, markdown) =>
    new Promise(resolve => {
      worker.once('message', resolve);
      worker.postMessage({ id, markdown, noteDir: REPO, root: REPO, token: 'tn-image-bench-' });
    });
  try {
    await render(0, 'warm up');
    const out = [];
    for (const [i, [, body]] of HOSTILE.entries()) {
      const t0 = performance.now();
      await render(i + 1, body);
      out.push(performance.now() - t0);
    }
    return out;
  } finally {
    await worker.terminate();
  }
}

/**
 * Each hostile note's view opened in one Talk Notes window: click → text visible, and the longest
 * the extension host's event loop stalled meanwhile (Node's event-loop delay histogram, read
 * through the inspector).
 */
async function hostileSession(server, ws) {
  const w = await openWindow(server, ws.dir);
  const cdp = await inspector(w.port);
  try {
    await openViewContainer(w.page, 'Talk Notes', { timeout: TIMEOUT_MS });
    const talks = viewPane(w.page, 'Talks');
    const track = treeItem(talks, startsWith('Hostile notes'));
    await track.waitFor({ timeout: TIMEOUT_MS });
    await new Promise(r => setTimeout(r, 2000));
    await track.click();
    const out = [];
    for (const [title] of HOSTILE) {
      await cdp.evaluate(
        `(globalThis.__tnLoop ??= (() => { const h = process.getBuiltinModule('perf_hooks').monitorEventLoopDelay({ resolution: 5 }); h.enable(); return h; })()).reset()`,
      );
      const shown = await clickUntil(w.page, treeItem(talks, startsWith(`${title},`)), notesProbe(title));
      // Whatever the update still does after the text is there counts too.
      await new Promise(r => setTimeout(r, 500));
      const stall = await cdp.evaluate('globalThis.__tnLoop.max / 1e6');
      out.push({ title, shown, stall });
      await w.page.keyboard.press('Control+W').catch(() => {});
    }
    return out;
  } catch (err) {
    await failureShot(w.page, 'hostile');
    throw err;
  } finally {
    cdp.close();
    await w.browser.close();
  }
}

function reportHostile(rows, renders) {
  console.log(`\nhostile notes at the size cap (${CAP.toLocaleString('en')} characters), each opened once in one window`);
  console.log(
    `  ${'note'.padEnd(34)} ${'click → text'.padStart(13)} ${'longest host stall'.padStart(19)} ${'render (worker)'.padStart(16)}`,
  );
  rows.forEach((r, i) =>
    console.log(`  ${r.title.padEnd(34)} ${ms(r.shown).padStart(13)} ${ms(r.stall).padStart(19)} ${ms(renders[i]).padStart(16)}`),
  );
}

function bundledWorkspace(cleanups) {
  const copy = copyWorkspace(path.join(REPO, 'notes'), 'bench');
  cleanups.push(async () => copy.remove());
  const track = '平台建设';
  const files = fs
    .readdirSync(path.join(copy.dir, track))
    .filter(f => /^\d.*\.md$/.test(f))
    .sort();
  const talk = file => ({
    folder: track,
    track,
    file: `${track}/${file}`,
    title: /^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(copy.dir, track, file), 'utf8'))[1].trim(),
  });
  return { name: '25 talks (bundled notes)', dir: copy.dir, first: talk(files[0]), second: talk(files[1]) };
}

function largeWorkspace(cleanups) {
  const parent = fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), 'talk-notes-bench-large-'));
  cleanups.push(async () => fs.rmSync(parent, { recursive: true, force: true }));
  const t0 = Date.now();
  const g = generateLargeWorkspace(path.join(parent, 'conference'), {
    tracks: Number(opt('tracks', 50)),
    talksPerTrack: Number(opt('talks', 200)),
  });
  const problems = Object.values(g.files).reduce((a, b) => a + b, 0);
  console.log(`  generated ${g.talks} talks in ${g.tracks} tracks (${problems} notes with problems) in ${ms(Date.now() - t0)}`);
  const folder = file => file.slice(0, file.indexOf('/'));
  const talk = t => ({ ...t, folder: folder(t.file) });
  // The first two talks of the first track: the first rows both trees show.
  const first = talk(g.firstTalks[0]);
  const secondFile = fs
    .readdirSync(path.join(g.dir, first.folder))
    .filter(f => f.endsWith('.md') && f !== 'index.md')
    .sort()[1];
  const text = fs.readFileSync(path.join(g.dir, first.folder, secondFile), 'utf8');
  const second = {
    folder: first.folder,
    track: first.track,
    file: `${first.folder}/${secondFile}`,
    title: /^title: "(.+)"$/m.exec(text)[1],
  };
  return { name: `${g.talks.toLocaleString('en')} talks (generated)`, dir: g.dir, first, second };
}

/** The shelf the library bench wrote, or null when it has not run yet. */
function libraryWorkspace() {
  const dir = path.join(REPO, '.talk-notes-cache', 'bench', 'library');
  if (!fs.existsSync(path.join(dir, '.stamp'))) return null;
  const folders = fs.readdirSync(dir).filter(n => !n.startsWith('.'));
  // Each folder holds one conference titled like its folder (fosdem-2016 → FOSDEM 2016).
  const titles = folders.map(f => f.replace('fosdem-', 'FOSDEM ')).sort();
  return { name: `a shelf of ${folders.length} FOSDEM-sized conferences`, dir, folders: folders.sort(), titles };
}

/** Window load until the last of the shelf's rows shows: its folders (Explorer) or conferences (Talk Notes). */
async function libraryLoad(server, ws, side) {
  const w = await openWindow(server, ws.dir);
  try {
    if (side === 'explorer') {
      await treeItem(w.page.locator('.explorer-folders-view'), ws.folders.at(-1)).waitFor({ timeout: TIMEOUT_MS });
    } else {
      await openViewContainer(w.page, 'Talk Notes', { timeout: TIMEOUT_MS });
      await treeItem(viewPane(w.page, 'Talks'), startsWith(ws.titles.at(-1))).waitFor({ timeout: TIMEOUT_MS });
    }
    return Date.now() - w.t0;
  } catch (err) {
    await failureShot(w.page, `library-${side}`);
    throw err;
  } finally {
    await w.browser.close();
  }
}

async function libraryBench(server) {
  const ws = libraryWorkspace();
  if (!ws) {
    console.log('\nlibrary: skipped, the shelf is not there yet (node dist/scheduleBench.js writes it)');
    return;
  }
  const explorer = [];
  const talkNotes = [];
  for (let run = 0; run < RUNS; run++) {
    for (const side of run % 2 ? ['talkNotes', 'explorer'] : ['explorer', 'talkNotes']) {
      (side === 'explorer' ? explorer : talkNotes).push(await libraryLoad(server, ws, side));
    }
  }
  console.log(`\n${ws.name}: medians of ${RUNS} windows each`);
  console.log(
    `  ${'window load → tree shows every conference'.padEnd(44)} ${ms(median(talkNotes)).padStart(9)}   ` +
      `${'Explorer shows the folders'.padEnd(26)} ${ms(median(explorer)).padStart(9)}   ${ratio(median(talkNotes), median(explorer)).padStart(7)}`,
  );
  console.log(`  (each window, Talk Notes: ${talkNotes.map(ms).join(' / ')}; Explorer: ${explorer.map(ms).join(' / ')})`);
}

function report(ws, explorer, talkNotes) {
  const m = (rows, key) => median(rows.map(r => r[key]));
  const row = (label, ours, theirs, anchor) =>
    console.log(
      `  ${label.padEnd(40)} ${ms(ours).padStart(9)}   ${anchor.padEnd(26)} ${ms(theirs).padStart(9)}   ${ratio(ours, theirs).padStart(7)}`,
    );
  console.log(`\n${ws.name}: medians of ${talkNotes.length} windows each`);
  console.log(`  ${'Talk Notes'.padEnd(40)} ${''.padStart(9)}   ${'VS Code anchor'.padEnd(26)} ${''.padStart(9)}   ratio`);
  row('window load → tree shows the tracks', m(talkNotes, 'load'), m(explorer, 'load'), 'Explorer shows the folder');
  row('click → first notes view text', m(talkNotes, 'first'), m(explorer, 'first'), 'first note in text editor');
  row('click → later notes view text', m(talkNotes, 'later'), m(explorer, 'later'), 'later note in text editor');
  row('first notes view vs later one', m(talkNotes, 'first'), m(talkNotes, 'later'), 'later notes view');
  const mem = (rows, key) => mb(m(rows, key));
  console.log(
    `  ${'extension host after load: RSS, heap'.padEnd(40)} ${mem(talkNotes, 'rss')}, ${mem(talkNotes, 'heap')}   ` +
      `without Talk Notes: ${mem(explorer, 'rss')}, ${mem(explorer, 'heap')}`,
  );
  const all = (rows, key) => rows.map(r => ms(r[key])).join(' / ');
  console.log(
    `  (each window, Talk Notes: load ${all(talkNotes, 'load')}; first ${all(talkNotes, 'first')}; later ${all(talkNotes, 'later')})`,
  );
  console.log(
    `  (each window, Explorer:   load ${all(explorer, 'load')}; first ${all(explorer, 'first')}; later ${all(explorer, 'later')})`,
  );
}

async function main() {
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
    console.log('vscode bench skipped: dist/extension.js is not built (npm run bundle)');
    return 0;
  }
  let tools;
  try {
    // Installs on first use, as `npm run test:vscode` does (npm registry and apt only).
    tools = await ensureSetup();
  } catch (err) {
    console.log(`vscode bench skipped: ${err.message} (node test/vscode/setup.mjs installs it)`);
    return 0;
  }
  const relaunched = await relaunchInLoopbackNetns();
  if (relaunched !== null) return relaunched;
  return withCleanup(async cleanups => {
    const server = await startServer({
      tools,
      logFile: path.join(ARTIFACTS, 'bench-code-server.log'),
      // Notes before the PDFs beside them (the Explorer sorts `【12】….pdf` first by name), so the
      // note the text editor opens is in view without scrolling, as in the Talk Notes tree.
      // Port forwarding scans processes every few seconds in the extension host; that stall is
      // not Talk Notes', and would blur the figures for the notes view's.
      settings: { 'explorer.sortOrder': 'type', 'remote.autoForwardPorts': false },
    });
    cleanups.push(() => server.stop());
    console.log(`vscode bench — code-server ${server.url}, Chromium headless, ${os.cpus().length} cores, ${RUNS} windows per figure`);
    const workspaces = [];
    if (!ONLY || ONLY === '25') workspaces.push(bundledWorkspace(cleanups));
    if (!ONLY || ONLY === 'large') workspaces.push(largeWorkspace(cleanups));
    for (const ws of workspaces) {
      const explorer = [];
      const talkNotes = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternating, and the other way round every other run: neither side always goes first.
        const order = run % 2 ? [talkNotesSession, explorerSession] : [explorerSession, talkNotesSession];
        for (const session of order) {
          const r = await session(server, ws);
          (session === explorerSession ? explorer : talkNotes).push(r);
        }
      }
      report(ws, explorer, talkNotes);
    }
    if (!ONLY || ONLY === 'library') await libraryBench(server);
    if (!ONLY || ONLY === 'hostile') {
      const ws = bundledWorkspace(cleanups);
      addHostileNotes(ws.dir);
      const renders = await renderTimes();
      reportHostile(await hostileSession(server, ws), renders);
    }
    return 0;
  });
}

main().then(
  code => process.exit(code),
  err => {
    console.error(`vscode bench could not run: ${err.stack ?? err}`);
    process.exit(1);
  },
);
