// Start-up figures for `npm run bench`: how long the CLI takes to start and how long loading the
// extension bundle takes, each next to an anchor measured in the same run (a bare `node -e ''`,
// the bundle with its lazy chunks loaded as if they were inline), as ratios. Child processes, so
// every run starts cold.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

const RUNS = 15;

export interface StartupRow {
  measure: string;
  figure: string;
  result: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Wall time of a child `node` process, in ms. */
function wall(args: string[], cwd: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A child that requires `modules` (with a stand-in for `vscode`) and prints how long that took, in ms. */
function requireTime(modules: string[], cwd: string): { ms: number; loaded: string[] } {
  const script = `
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
const stub = new Proxy(function () {}, { get: (_t, k) => (k === 'prototype' ? {} : stub), apply: () => stub, construct: () => ({}) });
// The bundle copies the module's own properties (esbuild's __toESM): give it every name it uses.
const api = {};
for (const m of ${JSON.stringify(modules)}) for (const [, name] of require('node:fs').readFileSync(m, 'utf8').matchAll(/\\bvscode\\d*\\.([A-Za-z_]\\w*)/g)) api[name] = stub;
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
const t0 = process.hrtime.bigint();
for (const m of ${JSON.stringify(modules)}) require(m);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({ ms, loaded: Object.keys(require.cache).filter(k => k.includes('chunks')) }));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`requiring ${modules.join(', ')} failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as { ms: number; loaded: string[] };
}

/** Which chunks a CLI command loads. */
function chunksLoadedBy(args: string[], cwd: string): string[] {
  const script = `
require('./dist/cli.js').main(${JSON.stringify(args)}).then(() =>
  process.stderr.write('\\nCHUNKS ' + JSON.stringify(Object.keys(require.cache).filter(k => k.includes('chunks')).map(k => require('node:path').basename(k)))));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const m = /CHUNKS (.*)$/.exec(r.stderr.toString());
  return m ? (JSON.parse(m[1]) as string[]) : ['?'];
}

const kb = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

export function startupRows(repo: string): StartupRow[] {
  const dist = path.join(repo, 'dist');
  const cli = path.join(repo, 'bin', 'talk-notes.js');
  const extension = path.join(dist, 'extension.js');
  const chunks = ['yaml.js', 'markdownIt.js'].map(c => path.join(dist, 'chunks', c));
  const anchor: number[] = [];
  const help: number[] = [];
  const list: number[] = [];
  const ext: number[] = [];
  const extInline: number[] = [];
  // Warm the file cache, then interleave so drift affects every contender alike.
  wall(['-e', ''], repo);
  wall([cli, 'list', 'notes'], repo);
  for (let r = 0; r < RUNS; r++) {
    anchor.push(wall(['-e', ''], repo));
    help.push(wall([cli, '--help'], repo));
    list.push(wall([cli, 'list', 'notes'], repo));
    ext.push(requireTime([extension], repo).ms);
    extInline.push(requireTime([extension, ...chunks], repo).ms);
  }
  const a = median(anchor);
  const e = median(ext);
  const ei = median(extInline);
  const listChunks = chunksLoadedBy(['list', 'notes'], repo);
  return [
    { measure: "anchor: node -e ''", figure: ms(a), result: '' },
    { measure: 'CLI start: talk-notes --help', figure: ms(median(help)), result: `${(median(help) / a).toFixed(2)}× anchor` },
    {
      measure: `CLI: talk-notes list notes (25 talks; chunks loaded: ${listChunks.length ? listChunks.join(', ') : 'none'})`,
      figure: ms(median(list)),
      result: `${(median(list) / a).toFixed(2)}× anchor`,
    },
    { measure: `require dist/extension.js (${kb(extension)}; vscode stubbed)`, figure: ms(e), result: '' },
    {
      measure: `  … with the chunks too, as if bundled inline (${chunks.map(kb).join(' + ')})`,
      figure: ms(ei),
      result: `activation bundle loads in ${((e / ei) * 100).toFixed(0)}% of that`,
    },
  ];
}
