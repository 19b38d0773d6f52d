// Small shared bits of the test/vscode runners.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repo root (the extension under development). */
export const REPO = path.resolve(HERE, '../..');
/** Screenshots, server logs, test logs (gitignored). */
export const ARTIFACTS = path.resolve(process.env.TALK_NOTES_ARTIFACTS ?? path.join(REPO, 'test-results', 'vscode'));
/** The compiled extension-host test module (esbuild output of test/vscode/suite/index.ts). */
export const SUITE_INDEX = path.join(REPO, 'dist', 'test', 'vscode', 'suite', 'index.js');

export const log = (...a) => console.log('[vscode]', ...a);
export const seconds = ms => `${(ms / 1000).toFixed(1)} s`;

/**
 * A throwaway copy of `src` (default: the repo's notes/) so tests may write files freely.
 * Returns { dir, remove() }.
 */
export function copyWorkspace(src = path.join(REPO, 'notes'), label = 'workspace') {
  const parent = fs.mkdtempSync(path.join(process.env.TALK_NOTES_TMP ?? os.tmpdir(), `talk-notes-${label}-`));
  const dir = path.join(parent, path.basename(src));
  if (fs.existsSync(src)) fs.cpSync(src, dir, { recursive: true });
  else fs.mkdirSync(dir);
  return { dir, remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

/** Fails early with a clear message when the bundle the tests need was not built. */
export function requireBuilt(files = [path.join(REPO, 'dist', 'extension.js'), SUITE_INDEX]) {
  const missing = files.filter(f => !fs.existsSync(f));
  if (missing.length) {
    throw new Error(`not built: ${missing.map(f => path.relative(REPO, f)).join(', ')} — run \`npm run bundle\` first`);
  }
}
