#!/usr/bin/env node
// Past 450 lines: one benchmark run drives one browser through every figure in turn (load, jump,
// find, the stock viewer side by side), and the figures share the page set-up and the timing helpers.
// Slides viewer figures, measured in headless Chromium on the real viewer bundle
// (media/build/slidesViewer.js) inside the real HTML shell and CSP (src/extension/slidesViewerHtml.ts).
// A stub `acquireVsCodeApi` plays the extension: the PDF's bytes arrive through the same `load`
// message VS Code would deliver.
// 1. A generated 50-page text deck: first page drawn, jumps, find, memory, canvas budget at 400 %.
// 2. A realistic deck (test/fixtures/decks.ts: a 1920×1080 photo and Chinese and English text on
//    every page, ~35 MB, cached in .talk-notes-cache/): jump to the last page against pdf.js's
//    stock PDFViewer, and find right after that jump against the pdf.js floor (bare getTextContent
//    over the same pages), side by side in the same browser on the same bytes, medians and ratios.
// Prints figures and never fails on them: exit 0, also when there is no Chromium to run in
// (skipped, with a note); exit 1 only when the viewer itself breaks (an error, a wrong find count,
// never a time).
//
//   node test/bench/slidesViewerBench.mjs [--pages 50] [--runs 5] [--deck-pages 50] [--seed 1]
//        [--fake-worker] [--only realistic] [--screenshot file.png]
//
// --fake-worker serves the page with `worker-src 'none'`, forcing the main-thread fallback.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : fallback;
};
const PAGES = Number(opt('pages', 50));
const RUNS = Number(opt('runs', 5));
const FAKE_WORKER = args.includes('--fake-worker');
const SCREENSHOT = opt('screenshot', null);
const DECK_PAGES = Number(opt('deck-pages', 50));
const SEED = Number(opt('seed', 1));
const ONLY = opt('only', null);
/** A word on a few pages of the realistic deck ("watermark"), for the find measurements. */
const REALISTIC_QUERY = '水位线';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Generated bundles and decks live here (gitignored); inside the repo, so node_modules resolve. */
const CACHE = path.join(REPO, '.talk-notes-cache');

/** The TypeScript helpers this script shares with the tests, bundled for Node on the fly. */
async function loadHelpers() {
  const out = path.join(CACHE, 'bench', 'slidesViewerHelpers.cjs');
  await esbuild.build({
    stdin: {
      contents: `export * from './test/fixtures/pdfs'; export * from './test/fixtures/decks'; export { slidesViewerHtml } from './src/extension/slidesViewerHtml'; export { ENGLISH_PDF_LABELS } from './src/shared/slidesViewerProtocol';`,
      resolveDir: REPO,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(out);
}

/** pdf.js's stock viewer and the bare text extraction, bundled for the browser (benchmark only). */
async function bundlePeers() {
  const out = path.join(CACHE, 'bench', 'pdfjs', 'peers.js');
  await esbuild.build({
    entryPoints: [path.join(REPO, 'test/bench/slidesViewerBenchPdfjs.mjs')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    outfile: out,
    logLevel: 'error',
  });
  return out;
}

const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
};

/**
 * Serves the viewer's shell at /, the peers' page at /pdfjs, the realistic deck at /deck.pdf, and
 * files below media/ (like a webview's localResourceRoots), the bundled peers and pdf.js's viewer
 * stylesheet; nothing else.
 */
function serve(routes) {
  const roots = [path.join(REPO, 'media'), path.join(CACHE, 'bench'), path.join(REPO, 'node_modules/pdfjs-dist/web')];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (route) {
      const { type, body } = route();
      res.writeHead(200, { 'content-type': type });
      res.end(body);
      return;
    }
    const file = path.join(REPO, decodeURIComponent(url.pathname));
    if (!roots.some(root => file.startsWith(root + path.sep)) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ratio = (x, anchor) => `${(x / anchor).toFixed(2)}×`;
const row = (k, v) => console.log(`  ${k.padEnd(44)} ${v}`);

/**
 * A browser page with the viewer's shell. Everything the viewer posts is kept with its time in the
 * page (window.__tnInbox), so times are measured where the viewer runs, and mirrored here.
 */
async function viewerPage(browser, origin) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const inbox = [];
  const waiters = [];
  const errors = [];
  const consoleTail = [];
  await page.exposeFunction('__tnPost', message => {
    inbox.push(message);
    for (const w of [...waiters])
      if (w.test(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
  });
  const next = (test, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const w = { test, resolve };
      waiters.push(w);
      setTimeout(async () => {
        // Say what the viewer was doing: its state, and the last things it said.
        const state = await page
          .evaluate(() => ({ ...document.body.dataset, labels: undefined, worker: undefined, cmaps: undefined, fonts: undefined }))
          .catch(e => e.message);
        reject(
          new Error(
            `timed out waiting (${test}); viewer ${JSON.stringify(state)}; last messages ${JSON.stringify(inbox.slice(-4))}; console ${JSON.stringify(consoleTail.slice(-6))}`,
          ),
        );
      }, timeoutMs);
    });
  await page.addInitScript(() => {
    let state;
    const inbox = [];
    const waiters = [];
    window.__tnInbox = inbox;
    /** Resolves with the time of the next message of `type` (and `page`, if given) from now on. */
    window.__tnNext = (type, page) =>
      new Promise(resolve => waiters.push({ test: m => m.type === type && (page === undefined || m.page === page), resolve }));
    /** Resolves with the time the find box's result next shows a count ("3 of 20"). */
    window.__tnCounted = () =>
      new Promise(resolve => {
        const result = document.getElementById('findResult');
        const observer = new MutationObserver(() => {
          if (/\d/.test(result.textContent ?? '')) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(result, { childList: true, characterData: true, subtree: true });
      });
    window.acquireVsCodeApi = () => ({
      postMessage: m => {
        const at = performance.now();
        inbox.push({ at, message: m });
        for (const w of [...waiters])
          if (w.test(m)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(at);
          }
        window.__tnPost(m);
      },
      getState: () => state,
      setState: s => {
        state = s;
      },
    });
  });
  page.on('console', m => {
    consoleTail.push(`${m.type()}: ${m.text().slice(0, 200)}`);
    if (consoleTail.length > 20) consoleTail.shift();
    // Resource errors are reported with their URL by the response listener below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('pageerror', e => errors.push(e.message));
  const fetched = new Set();
  page.on('response', r => {
    fetched.add(r.url().startsWith('blob:') ? '(blob: the worker)' : new URL(r.url()).pathname);
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  const ready = next(m => m.type === 'ready');
  await page.goto(origin + '/');
  await ready;
  /** Sends `window.__deck` (a copy, as VS Code transfers one) in a `load` message. */
  const send = (extra = {}) =>
    page.evaluate(extra => {
      window.postMessage(
        { type: 'load', fileName: 'deck.pdf', data: window.__deck.slice(), page: 1, zoom: 'fitPage', darkPages: true, ...extra },
        '*',
      );
    }, extra);
  /** Loads the deck and waits for its first page; pages of an earlier load may still report. */
  const load = async (extra = {}) => {
    let loaded = false;
    const rendered = next(m => m.type === 'error' || ((loaded ||= m.type === 'loaded') && m.type === 'rendered'));
    await send(extra);
    const m = await rendered;
    if (m.type === 'error') throw new Error(`the viewer reported: ${m.message}`);
    return m;
  };
  return { page, next, load, errors, fetched };
}

/** Section 1: the generated text deck (figures comparable with earlier runs). */
async function textDeckSection(browser, origin, helpers, serveDeck) {
  const deck = Buffer.from(await helpers.makeDeck({ pages: PAGES, outlineEvery: 10, title: 'Bench deck' }));
  serveDeck(deck);
  const { page, next, load, errors, fetched } = await viewerPage(browser, origin);
  await page.evaluate(async () => {
    window.__deck = new Uint8Array(await (await fetch('/deck.pdf')).arrayBuffer());
  });

  const firstRender = [];
  const wall = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const m = await load();
    firstRender.push(m.ms);
    wall.push(performance.now() - t0);
  }
  const engine = await page.evaluate(() => document.body.dataset.engine);

  const jumpTo = async target => {
    const t0 = performance.now();
    const done = next(m => m.type === 'rendered' && m.page === target);
    await page.evaluate(p => window.postMessage({ type: 'goTo', page: p }, '*'), target);
    await done;
    return performance.now() - t0;
  };
  const jump50 = await jumpTo(PAGES);
  const jumpMid = await jumpTo(Math.ceil(PAGES / 2));

  // Scroll through the whole deck, then measure: released pages must not pile up.
  for (let p = 1; p <= PAGES; p += 3) {
    await page.evaluate(p => window.postMessage({ type: 'goTo', page: p }, '*'), p);
    await page.waitForTimeout(15);
  }
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = name => metrics.find(x => x.name === name)?.value ?? 0;
  const dom = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas.tn-canvas')];
    return {
      drawnPages: document.querySelectorAll('.tn-page[data-rendered]').length,
      canvasBytes: canvases.reduce((n, c) => n + c.width * c.height * 4, 0),
      textSpans: document.querySelectorAll('.textLayer span').length,
    };
  });

  // Find across the deck as typed (after the input's pause): the text of every page is extracted once.
  const findMs = await page.evaluate(async () => {
    const input = document.getElementById('findInput');
    const result = document.getElementById('findResult');
    const t0 = performance.now();
    input.value = 'marker-4';
    input.dispatchEvent(new Event('input'));
    while (!/\d/.test(result.textContent ?? '')) await new Promise(r => setTimeout(r, 5));
    return { ms: performance.now() - t0 - 150, result: result.textContent };
  });

  // Zoomed in far: one page is tens of MB of bitmap, so the hidden-page budget has to hold.
  await page.selectOption('#zoomSelect', '400');
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => {
      document.getElementById('viewer').scrollTop += 900;
    });
    await page.waitForTimeout(120);
  }
  await page.waitForTimeout(500);
  const zoomed = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas.tn-canvas')];
    return {
      count: canvases.length,
      bytes: canvases.reduce((n, c) => n + c.width * c.height * 4, 0),
      widest: Math.max(...canvases.map(c => c.width)),
    };
  });
  await page.selectOption('#zoomSelect', 'fitPage');

  if (SCREENSHOT) {
    await page.evaluate(() => window.postMessage({ type: 'goTo', page: 3 }, '*'));
    await page.waitForTimeout(400);
    fs.mkdirSync(path.dirname(path.resolve(SCREENSHOT)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  }

  console.log(
    `pdf viewer bench — ${PAGES}-page text deck (${(deck.length / 1024).toFixed(0)} KB), Chromium ${browser.version()}, 1280×800 @2x, engine: ${engine}${FAKE_WORKER ? ' (forced)' : ''}`,
  );
  row('first page drawn, cold (viewer)', `${firstRender[0].toFixed(0)} ms   (target ≤ 500 ms)`);
  row(
    'first page drawn, reload median',
    `${median(firstRender.slice(1)).toFixed(0)} ms over ${RUNS - 1} reloads (each with a fresh worker)`,
  );
  row('load message → rendered (wall)', `${wall.map(x => x.toFixed(0)).join(' / ')} ms`);
  row(`jump to page ${PAGES} drawn`, `${jump50.toFixed(0)} ms`);
  row(`jump to page ${Math.ceil(PAGES / 2)} drawn`, `${jumpMid.toFixed(0)} ms`);
  row('find "marker-4" over all pages', `${findMs.ms.toFixed(0)} ms (${findMs.result})`);
  row('JS heap used (main, CDP)', `${mb(metric('JSHeapUsedSize'))} of ${mb(metric('JSHeapTotalSize'))}`);
  row('DOM nodes', String(metric('Nodes')));
  row('pages holding a canvas', `${dom.drawnPages} of ${PAGES}`);
  row('canvas pixels held', mb(dom.canvasBytes));
  row('text layer spans', String(dom.textSpans));
  row('at 400 %: canvases, bitmap memory', `${zoomed.count} canvases, ${mb(zoomed.bytes)} (widest ${zoomed.widest} px)`);
  row(
    'files the viewer loaded',
    [...fetched]
      .filter(p => p !== '/favicon.ico')
      .map(p => p.split('/').pop() || '/')
      .join(', '),
  );
  if (errors.length) console.log(`  page errors: ${errors.slice(0, 5).join(' | ')}`);
  await page.close();
  return errors;
}

/**
 * Section 2: the realistic deck. Each run, in turn: the viewer jumps to the last page right after
 * its first page is drawn; the viewer jumps and is asked to find at once; the stock PDFViewer
 * jumps the same way; bare pdf.js extracts every page's text. Interleaved, so a noisy moment of
 * the machine hits all of them alike.
 */
async function realisticSection(browser, origin, helpers, serveDeck) {
  const t0 = performance.now();
  const deck = await helpers.cachedRealisticDeck({ pages: DECK_PAGES, seed: SEED }, CACHE);
  const generated = performance.now() - t0;
  serveDeck(Buffer.from(deck.bytes));
  const expected = deck.pageTexts.reduce((n, t) => n + t.split(REALISTIC_QUERY).length - 1, 0);
  const last = DECK_PAGES;

  const viewer = await viewerPage(browser, origin);
  const { page } = viewer;
  await page.evaluate(async () => {
    window.__deck = new Uint8Array(await (await fetch('/deck.pdf')).arrayBuffer());
  });
  const peers = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const peerErrors = [];
  peers.on('pageerror', e => peerErrors.push(e.message));
  await peers.goto(origin + '/pdfjs');
  await peers.waitForFunction(() => document.body.dataset.ready === 'true');
  await peers.evaluate(async () => {
    window.__deck = new Uint8Array(await (await fetch('/deck.pdf')).arrayBuffer());
  });

  const times = { first: [], stockFirst: [], jump: [], stockJump: [], find: [], floor: [], findWithLoad: [], floorWithOpen: [] };
  const notes = { cancelled: [], canvas: '', stockCanvas: '' };
  for (let run = 0; run < RUNS; run++) {
    // The viewer: page 1 drawn, then the reader presses End.
    times.first.push((await viewer.load()).ms);
    const jump = await page.evaluate(async n => {
      const done = window.__tnNext('rendered', n);
      const t = performance.now();
      window.postMessage({ type: 'goTo', page: n }, '*');
      const ms = (await done) - t;
      const canvas = document.querySelector(`.tn-page[data-page-number="${n}"] canvas`);
      return {
        ms,
        canvas: canvas ? `${canvas.width}×${canvas.height}` : '',
        cancelled: Number(document.body.dataset.cancelledRenders ?? 0),
      };
    }, last);
    times.jump.push(jump.ms);
    notes.canvas = jump.canvas;
    notes.cancelled.push(jump.cancelled);

    // The viewer again: End, and at once a search (Enter in the find box: no typing pause).
    await viewer.load();
    const find = await page.evaluate(
      async ({ n, query }) => {
        const input = document.getElementById('findInput');
        const result = document.getElementById('findResult');
        const counted = window.__tnCounted();
        const t = performance.now();
        window.postMessage({ type: 'goTo', page: n }, '*');
        input.value = query;
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        const ms = (await counted) - t;
        return { ms, result: result.textContent };
      },
      { n: last, query: REALISTIC_QUERY },
    );
    const count = Number(/of (\d+)/.exec(find.result ?? '')?.[1] ?? 0);
    if (count !== expected) throw new Error(`find "${REALISTIC_QUERY}" reported "${find.result}", the deck has ${expected} matches`);
    times.find.push(find.ms);
    // Leave the find box empty for the next run's jump.
    await page.evaluate(() => {
      const input = document.getElementById('findInput');
      input.value = '';
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });

    // pdf.js's own viewer, same bytes, same browser, same window size.
    const opened = await peers.evaluate(() => window.__pdfjsBench.open(window.__deck.slice()));
    times.stockFirst.push(opened.firstMs);
    const stock = await peers.evaluate(n => window.__pdfjsBench.jump(n), last);
    times.stockJump.push(stock.ms);
    notes.stockCanvas = stock.canvas;
    await peers.evaluate(() => window.__pdfjsBench.close());

    // The floor: bare text extraction of every page of a loaded document.
    const floor = await peers.evaluate(() => window.__pdfjsBench.textFloor(window.__deck.slice()));
    times.floor.push(floor.ms);
    times.floorWithOpen.push(floor.withOpenMs);

    // A search that arrives with the file (Search All Talks opening a deck at a hit): Enter as
    // soon as the viewer has taken the load message, before anything of the document is known.
    const withLoad = await page.evaluate(
      async ({ query }) => {
        const input = document.getElementById('findInput');
        const result = document.getElementById('findResult');
        let t = 0;
        const counted = window.__tnCounted();
        // The clock starts when the message arrives (its 33 MB copy is the messenger's cost, not
        // the viewer's; the floor starts with the bytes in hand too)...
        const onArrival = () => {
          window.removeEventListener('message', onArrival, true);
          t = performance.now();
        };
        window.addEventListener('message', onArrival, true);
        // ...and Enter goes from a listener registered after the viewer's own, so it runs once the
        // viewer has taken the load.
        const onMessage = () => {
          window.removeEventListener('message', onMessage);
          input.value = query;
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        };
        window.addEventListener('message', onMessage);
        window.postMessage(
          { type: 'load', fileName: 'deck.pdf', data: window.__deck.slice(), page: 1, zoom: 'fitPage', darkPages: true },
          '*',
        );
        const ms = (await counted) - t;
        const text = result.textContent;
        input.value = '';
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
        return { ms, result: text };
      },
      { query: REALISTIC_QUERY },
    );
    const withLoadCount = Number(/of (\d+)/.exec(withLoad.result ?? '')?.[1] ?? 0);
    if (withLoadCount !== expected) throw new Error(`find with the load reported "${withLoad.result}", the deck has ${expected} matches`);
    times.findWithLoad.push(withLoad.ms);
  }
  await viewer.load(); // leave nothing running while the figures are printed
  if (SCREENSHOT) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.resolve(SCREENSHOT).replace(/(\.png)?$/, '-realistic.png') });
  }

  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const all = xs => xs.map(x => x.toFixed(0)).join(' / ');
  console.log(
    `realistic deck — ${DECK_PAGES} pages, ${mb(deck.bytes.length)}, 1920×1080 photo + Chinese and English text per page (seed ${SEED}, ${generated > 2000 ? `generated in ${(generated / 1000).toFixed(0)} s` : 'cached'}); medians of ${RUNS} runs`,
  );
  row('first page drawn: slides viewer', `${m.first.toFixed(0)} ms  (${all(times.first)})`);
  row('first page drawn: pdf.js PDFViewer', `${m.stockFirst.toFixed(0)} ms  (${all(times.stockFirst)})`);
  row('  viewer / PDFViewer', `${ratio(m.first, m.stockFirst)}`);
  row(`jump to page ${last}: slides viewer`, `${m.jump.toFixed(0)} ms  (${all(times.jump)}; canvas ${notes.canvas})`);
  row(`jump to page ${last}: pdf.js PDFViewer`, `${m.stockJump.toFixed(0)} ms  (${all(times.stockJump)}; canvas ${notes.stockCanvas})`);
  row('  viewer / PDFViewer', `${ratio(m.jump, m.stockJump)}   (target ≤ 1.00×)`);
  row(`find "${REALISTIC_QUERY}" right after the jump: viewer`, `${m.find.toFixed(0)} ms  (${all(times.find)}; ${expected} matches)`);
  row('pdf.js floor: getTextContent, all pages', `${m.floor.toFixed(0)} ms  (${all(times.floor)})`);
  row('  viewer / floor', `${ratio(m.find, m.floor)}   (target ≤ 1.50×)`);
  row(`find "${REALISTIC_QUERY}" sent with the file: viewer`, `${m.findWithLoad.toFixed(0)} ms  (${all(times.findWithLoad)})`);
  row('pdf.js floor: open, then getTextContent', `${m.floorWithOpen.toFixed(0)} ms  (${all(times.floorWithOpen)})`);
  row('  viewer / floor', `${ratio(m.findWithLoad, m.floorWithOpen)}`);
  row('renders cancelled by each jump', notes.cancelled.join(' / '));
  const errors = [...viewer.errors, ...peerErrors];
  if (errors.length) console.log(`  page errors: ${errors.slice(0, 5).join(' | ')}`);
  await page.close();
  await peers.close();
  return errors;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`pdf viewer bench skipped: no Chromium at ${CHROMIUM} (set CHROMIUM, or apt-get install chromium)`);
    return;
  }
  if (
    !fs.existsSync(path.join(REPO, 'media/build/slidesViewer.js')) ||
    !fs.existsSync(path.join(REPO, 'media/build/pdfjs/pdf.worker.mjs'))
  ) {
    spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO, stdio: 'inherit' });
  }
  const helpers = await loadHelpers();
  await bundlePeers();

  let origin = '';
  const webview = {
    get cspSource() {
      return origin;
    },
    asWebviewUri: uri => ({ toString: () => `${origin}${uri.path.slice(REPO.length)}` }),
  };
  const extensionUri = { path: REPO, with: ({ path: p }) => ({ path: p }) };
  const media = (...parts) => `${origin}/media/${parts.join('/')}`;
  const html = () => {
    let page = helpers.slidesViewerHtml(webview, extensionUri, { title: 'deck.pdf', lang: 'en', labels: helpers.ENGLISH_PDF_LABELS });
    if (FAKE_WORKER) page = page.replace('worker-src blob:', "worker-src 'none'");
    // VS Code puts the theme on <body>; the dark one exercises the inverted pages.
    return page.replace('<body ', '<body class="vscode-dark" ');
  };
  // The peers' page: pdf.js's viewer stylesheet, a container as big as the slides viewer's.
  const peersHtml = () => `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/node_modules/pdfjs-dist/web/pdf_viewer.css">
<style>html,body{margin:0;height:100%;overflow:hidden}#viewerContainer{position:absolute;top:31px;left:0;right:0;bottom:0;overflow:auto}</style>
</head><body data-worker="${media('build', 'pdfjs', 'pdf.worker.mjs')}" data-cmaps="${media('build', 'pdfjs', 'cmaps')}/" data-fonts="${media('build', 'pdfjs', 'standard_fonts')}/">
<div id="viewerContainer"><div id="viewer" class="pdfViewer"></div></div>
<script type="module" src="/.talk-notes-cache/bench/pdfjs/peers.js"></script></body></html>`;
  let deckBytes = Buffer.alloc(0);
  const server = await serve({
    '/': () => ({ type: 'text/html; charset=utf-8', body: html() }),
    '/pdfjs': () => ({ type: 'text/html; charset=utf-8', body: peersHtml() }),
    '/deck.pdf': () => ({ type: 'application/pdf', body: deckBytes }),
  });
  origin = `http://127.0.0.1:${server.address().port}`;
  const serveDeck = bytes => {
    deckBytes = bytes;
  };

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--headless', '--enable-precise-memory-info'],
  });
  try {
    if (ONLY !== 'realistic') await textDeckSection(browser, origin, helpers, serveDeck);
    if (ONLY !== 'text') await realisticSection(browser, origin, helpers, serveDeck);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch(err => {
  console.error(`pdf bench could not run: ${err.stack ?? err}`);
  process.exitCode = 1;
});
