// A mutable in-memory NotesFileSystem for loader tests: files can be written and deleted between
// `update` calls, reads are counted, failures injected, and concurrency observed.
import path from 'node:path';
import type { DirEntry, EntryKind, NotesFileSystem } from '../../src/core/fileSystem';

export interface TestFs extends NotesFileSystem {
  write(p: string, content: string | Uint8Array): void;
  delete(p: string): void;
  /** Makes every operation on exactly this path fail with an errno-style error. */
  fail(p: string, code: string): void;
  /** Paths passed to readFile, in call order. */
  reads: string[];
  /** readDirectory calls. */
  lists: string[];
  stats: string[];
  /** Highest number of readFile calls in flight at once. */
  maxInFlight: number;
  reset(): void;
}

const norm = (p: string) => path.posix.normalize(p.replace(/\\/g, '/')).replace(/(.)\/$/, '$1');

function errno(code: string, p: string): Error {
  return Object.assign(new Error(`${code}: ${p}`), { code });
}

export function testFs(files: Record<string, string | Uint8Array> = {}, opts: { delay?: boolean } = {}): TestFs {
  const table = new Map<string, Uint8Array>();
  const failures = new Map<string, string>();
  let inFlight = 0;
  const enc = (c: string | Uint8Array) => (typeof c === 'string' ? new TextEncoder().encode(c) : c);
  for (const [p, c] of Object.entries(files)) table.set(norm(p), enc(c));
  const isDir = (p: string) => {
    const prefix = p === '/' ? '/' : p + '/';
    for (const k of table.keys()) if (k.startsWith(prefix)) return true;
    return false;
  };
  const check = (p: string) => {
    const code = failures.get(p);
    if (code) throw errno(code, p);
  };
  const fs: TestFs = {
    reads: [],
    lists: [],
    stats: [],
    maxInFlight: 0,
    write(p, c) {
      table.set(norm(p), enc(c));
    },
    delete(p) {
      const k = norm(p);
      table.delete(k);
      for (const key of [...table.keys()]) if (key.startsWith(k + '/')) table.delete(key);
    },
    fail(p, code) {
      failures.set(norm(p), code);
    },
    reset() {
      fs.reads.length = 0;
      fs.lists.length = 0;
      fs.stats.length = 0;
      fs.maxInFlight = 0;
    },
    async readFile(p) {
      const k = norm(p);
      fs.reads.push(k);
      inFlight++;
      fs.maxInFlight = Math.max(fs.maxInFlight, inFlight);
      try {
        if (opts.delay) await new Promise(resolve => setImmediate(resolve));
        check(k);
        const data = table.get(k);
        if (data) return data;
        if (isDir(k)) throw errno('EISDIR', p);
        throw errno('ENOENT', p);
      } finally {
        inFlight--;
      }
    },
    async readDirectory(p) {
      const dir = norm(p);
      fs.lists.push(dir);
      check(dir);
      if (table.has(dir)) throw errno('ENOTDIR', p);
      const prefix = dir === '/' ? '/' : dir + '/';
      const seen = new Map<string, EntryKind>();
      for (const k of table.keys()) {
        if (!k.startsWith(prefix)) continue;
        const rest = k.slice(prefix.length);
        const slash = rest.indexOf('/');
        seen.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
      }
      if (!seen.size) throw errno('ENOENT', p);
      return [...seen].map(([name, kind]): DirEntry => ({ name, kind }));
    },
    async stat(p) {
      const k = norm(p);
      fs.stats.push(k);
      const data = table.get(k);
      if (data) return { kind: 'file', size: data.byteLength };
      return isDir(k) ? { kind: 'directory', size: 0 } : null;
    },
  };
  return fs;
}
