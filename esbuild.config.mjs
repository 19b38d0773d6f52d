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
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { bench: 'test/bench/bench.ts' }, outdir: 'dist' },
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
  { ...node, entryPoints: testEntries('test/unit'), outdir: 'dist/test' },
  { ...node, entryPoints: testEntries('test/vscode/suite'), outdir: 'dist/test', external: ['vscode', 'mocha'] },
].filter(t => Object.values(t.entryPoints).every(p => existsSync(p)) && Object.keys(t.entryPoints).length);

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
if (existsSync('src/webview/slidesViewer/main.ts')) copyPdfjsAssets();

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
