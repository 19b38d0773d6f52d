// Shared by the import tests: temporary folders, a byte-exact snapshot of a folder, and the real
// file system with failures injected through the importer's seam.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeImportFileSystem, type ImportFileSystem } from '../../src/core/importWriter';

export const repo = path.resolve(__dirname, '../../..');
export const seed = path.join(repo, 'test/fixtures/outlines/ffa2022.md');

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talk-notes-reimport-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file below `dir` (hidden ones included) with its bytes, so "nothing changed" can be asserted. */
export function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const p of readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, p);
    out[p.split(path.sep).join('/')] = statSync(abs).isFile() ? readFileSync(abs).toString('base64') : '(folder)';
  }
  return out;
}

export function errno(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

export type Op = keyof ImportFileSystem;

/** The real file system, with `hook` run before every call (it may throw to make the call fail). */
export function faultyFs(hook: (op: Op, p: string) => void | Promise<void>, overrides: Partial<ImportFileSystem> = {}): ImportFileSystem {
  const wrapped: Record<string, unknown> = {};
  for (const [op, fn] of Object.entries({ ...nodeImportFileSystem, ...overrides })) {
    wrapped[op] = async (...args: unknown[]) => {
      await hook(op as Op, args[op === 'link' ? 1 : 0] as string);
      return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return wrapped as unknown as ImportFileSystem;
}

export function writeOutline(dir: string, text: string): string {
  const file = path.join(dir, 'outline.md');
  writeFileSync(file, text);
  return file;
}
