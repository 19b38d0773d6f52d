// The core reads notes through this interface so it can run on Node's fs (CLI, extension host)
// or on an in-memory tree (tests, fuzzing) without knowing which.
import { promises as fsp, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type EntryKind = 'file' | 'directory' | 'other';

export interface DirEntry {
  name: string;
  kind: EntryKind;
}

export interface NotesFileSystem {
  readFile(absPath: string): Promise<Uint8Array>;
  readDirectory(absPath: string): Promise<DirEntry[]>;
  /** null when nothing exists at the path. */
  stat(absPath: string): Promise<{ kind: EntryKind; size: number } | null>;
}

function kindOf(d: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'directory' : 'other';
}

/**
 * Notes are small files read by the thousand. Node's promise-based readFile costs an open, a
 * stat, reads and a close, each a round trip through the 4-thread pool; the synchronous read of a
 * 1 KB note takes a few microseconds. Measured by `npm run bench` on 10,000 notes: 400+ ms with
 * fs.promises against ~50 ms with readFileSync. A single read never blocks for long, and the loader
 * yields between files, so the extension host stays responsive.
 */
export const nodeFileSystem: NotesFileSystem = {
  readFile: async p => readFileSync(p),
  async readDirectory(p) {
    return readdirSync(p, { withFileTypes: true }).map(e => ({ name: e.name, kind: kindOf(e) }));
  },
  async stat(p) {
    try {
      const s = await fsp.stat(p);
      return { kind: kindOf(s), size: s.size };
    } catch {
      return null;
    }
  },
};

/** An in-memory tree keyed by absolute POSIX paths; directories are implied by file paths. */
export function memoryFileSystem(files: Record<string, string | Uint8Array>): NotesFileSystem {
  const norm = (p: string) => path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/$/, '');
  const table = new Map<string, Uint8Array>();
  for (const [p, content] of Object.entries(files)) {
    table.set(norm(p), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  const isDir = (p: string) => {
    const prefix = p === '/' ? '/' : p + '/';
    for (const k of table.keys()) if (k.startsWith(prefix)) return true;
    return false;
  };
  return {
    async readFile(p) {
      const data = table.get(norm(p));
      if (!data) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return data;
    },
    async readDirectory(p) {
      const dir = norm(p);
      const prefix = dir === '' || dir === '/' ? '/' : dir + '/';
      const seen = new Map<string, EntryKind>();
      for (const k of table.keys()) {
        if (!k.startsWith(prefix)) continue;
        const rest = k.slice(prefix.length);
        const slash = rest.indexOf('/');
        seen.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
      }
      if (!seen.size && !isDir(dir)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return [...seen].map(([name, kind]) => ({ name, kind }));
    },
    async stat(p) {
      const k = norm(p);
      const data = table.get(k);
      if (data) return { kind: 'file', size: data.byteLength };
      return isDir(k) ? { kind: 'directory', size: 0 } : null;
    },
  };
}
