#!/usr/bin/env node
// Slides viewer figures: time to the first drawn page of a generated 50-page deck, and the
// viewer's memory, measured in headless Chromium on the real viewer bundle (media/build/slidesViewer.js)
// inside the real HTML shell and CSP (src/extension/slidesViewerHtml.ts). A stub `acquireVsCodeApi` plays
// the extension: the PDF's bytes arrive through the same `load` message VS Code would deliver.
// Prints figures and never fails on them: exit 0, also when there is no Chromium to run in
// (skipped, with a note); exit 1 only when the viewer itself breaks (an error, never a time).
//
//   node test/bench/slidesViewerBench.mjs [--pages 50] [--runs 5] [--fake-worker] [--screenshot file.png]
//
// --fake-worker serves the page with `worker-src 'none'`, forcing the main-thread fallback.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
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
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The TypeScript helpers this script shares with the tests, bundled for Node on the fly. */
async function loadHelpers() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tn-pdfbench-')), 'helpers.cjs');
  await esbuild.build({
    stdin: {
      contents: `export * from './test/fixtures/pdfs'; export { slidesViewerHtml } from './src/extension/slidesViewerHtml'; export { ENGLISH_PDF_LABELS } from './src/shared/slidesViewerProtocol';`,
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

const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

/** Serves the shell at / and files below media/ only, like a webview's localResourceRoots. */
function serve(html) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html());
      return;
    }
    const file = path.join(REPO, decodeURIComponent(url.pathname));
    if (!file.startsWith(path.join(REPO, 'media') + path.sep) || !fs.existsSync(file)) {
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
  const deck = Buffer.from(await helpers.makeDeck({ pages: PAGES, outlineEvery: 10, title: 'Bench deck' }));

  let origin = '';
  const webview = {
    get cspSource() {
      return origin;
    },
    asWebviewUri: uri => ({ toString: () => `${origin}${uri.path.slice(REPO.length)}` }),
  };
  const extensionUri = { path: REPO, with: ({ path: p }) => ({ path: p }) };
  const html = () => {
    let page = helpers.slidesViewerHtml(webview, extensionUri, { title: 'deck.pdf', lang: 'en', labels: helpers.ENGLISH_PDF_LABELS });
    if (FAKE_WORKER) page = page.replace('worker-src blob:', "worker-src 'none'");
    // VS Code puts the theme on <body>; the dark one exercises the inverted pages.
    return page.replace('<body ', '<body class="vscode-dark" ');
  };
  const server = await serve(html);
  origin = `http://127.0.0.1:${server.address().port}`;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--headless', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
    const inbox = [];
    const waiters = [];
    await page.exposeFunction('__tnPost', message => {
      inbox.push({ at: performance.now(), message });
      for (const w of [...waiters])
        if (w.test(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
    });
    const next = (test, timeoutMs = 30_000) =>
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
              `timed out waiting (${test}); viewer ${JSON.stringify(state)}; last messages ${JSON.stringify(inbox.slice(-4).map(m => m.message))}; console ${JSON.stringify(consoleTail.slice(-6))}`,
            ),
          );
        }, timeoutMs);
      });
    await page.addInitScript(() => {
      let state;
      window.acquireVsCodeApi = () => ({
        postMessage: m => window.__tnPost(m),
        getState: () => state,
        setState: s => {
          state = s;
        },
      });
    });
    const errors = [];
    const consoleTail = [];
    page.on('console', m => {
      consoleTail.push(`${m.type()}: ${m.text().slice(0, 200)}`);
      if (consoleTail.length > 20) consoleTail.shift();
    });
    page.on('pageerror', e => errors.push(e.message));
    // Resource errors are reported with their URL by the response listener below.
    page.on('console', m => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    const fetched = new Set();
    page.on('response', r => {
      fetched.add(r.url().startsWith('blob:') ? '(blob: the worker)' : new URL(r.url()).pathname);
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });

    const ready = next(m => m.type === 'ready');
    await page.goto(origin + '/');
    await ready;
    const b64 = deck.toString('base64');
    // The bytes are decoded in the page before the clock starts: VS Code hands over a Uint8Array.
    await page.evaluate(data => {
      window.__deck = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    }, b64);
    const send = (extra = {}) =>
      page.evaluate(extra => {
        window.postMessage(
          { type: 'load', fileName: 'deck.pdf', data: window.__deck.slice(), page: 1, zoom: 'fitPage', darkPages: true, ...extra },
          '*',
        );
      }, extra);

    const firstRender = [];
    const wall = [];
    for (let run = 0; run < RUNS; run++) {
      const t0 = performance.now();
      // Pages of the previous load may still report; count from this load's `loaded` on.
      let loaded = false;
      const rendered = next(m => m.type === 'error' || ((loaded ||= m.type === 'loaded') && m.type === 'rendered'));
      await send();
      const m = await rendered;
      if (m.type === 'error') throw new Error(`the viewer reported: ${m.message}`);
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
        heap: performance.memory?.usedJSHeapSize ?? 0,
      };
    });

    // Find across the deck: the text of every page is extracted once.
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

    const row = (k, v) => console.log(`  ${k.padEnd(34)} ${v}`);
    console.log(
      `pdf viewer bench — ${PAGES}-page deck (${(deck.length / 1024).toFixed(0)} KB), Chromium ${browser.version()}, 1280×800 @2x, engine: ${engine}${FAKE_WORKER ? ' (forced)' : ''}`,
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
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch(err => {
  console.error(`pdf bench could not run: ${err.stack ?? err}`);
  process.exitCode = 1;
});
