// One build for every target: the extension host bundle, the CLI, the benchmark, the webview
// scripts and the test bundles. `node esbuild.config.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // `vscode` is provided by the extension host at run time.
  external: ['vscode'],
  define: { TALK_NOTES_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

/**
 * Libraries the core needs only now and then, each in a bundle of its own under dist/chunks/: the
 * code that uses one requires it at first need (js-yaml for YAML beyond the byte reader, markdown-it
 * for the first rendered note, saxes and htmlparser2 for an imported schedule), and esbuild's CommonJS output has no code splitting, so without
 * this every start would parse them. Every other bundle refers to a chunk by its path relative to
 * where that bundle is written, so the extension, the CLI and the test bundles share one copy.
 */
const CHUNKS = { 'js-yaml': 'yaml.js', 'markdown-it': 'markdownIt.js', saxes: 'xml.js', htmlparser2: 'html.js' };
const CHUNK_DIR = 'dist/chunks';

function lazyChunks(outputDir) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /^(?:js-yaml|markdown-it|saxes|htmlparser2)$/ }, args => {
        // Libraries bring their own copies (gray-matter's js-yaml 3): only our code uses the chunks.
        if (args.importer.split(path.sep).includes('node_modules')) return undefined;
        const rel = path.relative(outputDir, path.join(CHUNK_DIR, CHUNKS[args.path])).split(path.sep).join('/');
        return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
      });
    },
  };
}

/** A Node target whose bundles are all written to `outputDir` (so chunk paths are the same for all). */
function nodeTarget(entryPoints, outdir, extra = {}) {
  const dirs = new Set(Object.keys(entryPoints).map(key => path.dirname(path.join(outdir, key))));
  if (dirs.size > 1) throw new Error(`one target per output folder, got ${[...dirs].join(', ')}`);
  const outputDir = [...dirs][0] ?? outdir;
  return { ...node, ...extra, entryPoints, outdir, plugins: [lazyChunks(outputDir)] };
}

/** Every `*.test.ts` below a folder, as esbuild entry points keyed by their path without extension. */
function testEntries(dir) {
  if (!existsSync(dir)) return {};
  const out = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    out[path.relative('test', full).replace(/\.ts$/, '')] = full;
  }
  return out;
}

const targets = [
  nodeTarget({ extension: 'src/extension/extension.ts' }, 'dist'),
  // The notes view's renderer runs in a worker thread of the extension host (its own bundle).
  nodeTarget({ renderWorker: 'src/core/renderWorker.ts' }, 'dist'),
  nodeTarget({ cli: 'src/cli/main.ts' }, 'dist'),
  nodeTarget({ bench: 'test/bench/bench.ts' }, 'dist'),
  nodeTarget({ scheduleBench: 'test/bench/scheduleBench.ts' }, 'dist'),
  // Slide text for search: pdf.js (legacy build) in a worker thread of the extension host and the
  // CLI. Its `import.meta` mentions are in code paths the worker never takes (wasm, canvas).
  nodeTarget({ pdfTextWorker: 'src/core/search/pdfTextWorker.ts' }, 'dist', { logOverride: { 'empty-import-meta': 'silent' } }),
  nodeTarget({ searchBench: 'test/bench/searchBench.ts' }, 'dist', { logOverride: { 'empty-import-meta': 'silent' } }),
  // The chunks themselves: the libraries as they are, one CommonJS bundle each.
  { ...node, entryPoints: { yaml: 'js-yaml', markdownIt: 'markdown-it', xml: 'saxes', html: 'htmlparser2' }, outdir: CHUNK_DIR },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
    entryPoints: { notesView: 'src/webview/notesView.ts' },
    outdir: 'media/build',
  },
  // Slides viewer (pdf.js). pdf.js's Node-only branches mention `import.meta`, which an IIFE
  // leaves empty; they never run in a webview.
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' },
    entryPoints: { slidesViewer: 'src/webview/slidesViewer/main.ts' },
    outdir: 'media/build',
  },
  // Unit tests run in plain Node (`node --test dist/test/unit`); extension-host tests run inside
  // VS Code and are bundled like the extension itself.
  nodeTarget(testEntries('test/unit'), 'dist/test'),
  nodeTarget(testEntries('test/vscode/suite'), 'dist/test', { external: ['vscode', 'mocha'] }),
].filter(t => Object.keys(t.entryPoints).length && (t.outdir === CHUNK_DIR || Object.values(t.entryPoints).every(p => existsSync(p))));

/**
 * pdf.js's worker and the data it loads at run time (CMaps for CJK text, the 14 standard fonts),
 * copied beside the viewer: the webview loads them from the extension, never from the network.
 * The worker is copied, not bundled: it runs from a Blob URL as the module pdf.js ships.
 */
function copyPdfjsAssets() {
  const from = 'node_modules/pdfjs-dist';
  const to = 'media/build/pdfjs';
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  copyFileSync(path.join(from, 'build/pdf.worker.min.mjs'), path.join(to, 'pdf.worker.mjs'));
  copyFileSync(path.join(from, 'LICENSE'), path.join(to, 'LICENSE'));
  for (const dir of ['cmaps', 'standard_fonts']) cpSync(path.join(from, dir), path.join(to, dir), { recursive: true });
}
// The slides viewer and the search's slide-text worker both read them.
copyPdfjsAssets();

/**
 * In watch mode every target rebuilds on its own; one "started" line before the first and one
 * "finished" line after the last of a burst is what the editor's background task waits for
 * (.vscode/tasks.json), so F5 starts only once the bundles are written.
 */
function burstReporter() {
  let running = 0;
  let errors = 0;
  return {
    name: 'burst-reporter',
    setup(build) {
      build.onStart(() => {
        if (running++ === 0) {
          errors = 0;
          console.log('esbuild: build started');
        }
      });
      build.onEnd(result => {
        errors += result.errors.length;
        if (--running === 0) console.log(`esbuild: build finished with ${errors} error(s)`);
      });
    },
  };
}

if (watch) {
  const reporter = burstReporter();
  const contexts = await Promise.all(targets.map(t => esbuild.context({ ...t, plugins: [...(t.plugins ?? []), reporter] })));
  await Promise.all(contexts.map(c => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(targets.map(t => esbuild.build(t)));
}
