// One build for every target: the extension host bundle, the CLI, the benchmark, the webview
// scripts and the test bundles. `node esbuild.config.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife',
    sourcemap: false, minify: production, logLevel: 'warning',
    entryPoints: { notesView: 'src/webview/notesView.ts' }, outdir: 'media/build',
  },
  // Unit tests run in plain Node (`node --test dist/test/unit`); extension-host tests run inside
  // VS Code and are bundled like the extension itself.
  { ...node, entryPoints: testEntries('test/unit'), outdir: 'dist/test' },
  { ...node, entryPoints: testEntries('test/vscode/suite'), outdir: 'dist/test', external: ['vscode', 'mocha'] },
].filter(t => Object.values(t.entryPoints).every(p => existsSync(p)) && Object.keys(t.entryPoints).length);

if (watch) {
  const contexts = await Promise.all(targets.map(t => esbuild.context(t)));
  await Promise.all(contexts.map(c => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(targets.map(t => esbuild.build(t)));
}
