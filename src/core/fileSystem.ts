// The core reads notes through this interface so it can run on Node's fs (CLI, extension host)
// or on an in-memory tree (the tests' memoryFileSystem) without knowing which.
import { closeSync, openSync, promises as fsp, readdirSync, readFileSync, readSync } from 'node:fs';

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
  /**
   * Optional fast path for cold loads: the whole file, read synchronously into a buffer that the
   * next call overwrites. Callers must be done with the bytes before they next call it or yield
   * to the event loop (the buffer is shared by every user of this file system), and must not keep
   * views of it. Throws errno-style errors like `readFile`.
   */
  readFileShared?(absPath: string): Uint8Array;
}

function kindOf(d: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'directory' : 'other';
}

/**
 * Notes are small files read by the thousand. Node's promise-based readFile costs an open, a
 * stat, reads and a close, each a round trip through the 4-thread pool; the synchronous read of a
 * 1 KB note takes a few microseconds. Measured by `npm run bench` on 10,000 notes: 400+ ms with
 * fs.promises against ~50 ms with readFileSync. A single read never blocks for long, and the loader
 * yields every few milliseconds, so the extension host stays responsive. Cold loads use
 * `readFileShared`, which also skips readFileSync's fstat and per-file Buffer.
 */
export const nodeFileSystem: NotesFileSystem = {
  readFile: async p => readFileSync(p),
  readFileShared,
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

/** Notes are ~1 KB; a file larger than the buffer grows it, up to SHARED_KEEP_BYTES for good. */
const SHARED_INITIAL_BYTES = 64 * 1024;
const SHARED_KEEP_BYTES = 1024 * 1024;
let shared = Buffer.allocUnsafe(SHARED_INITIAL_BYTES);

/**
 * readFileSync costs an fstat and a fresh Buffer per file, and those Buffers are most of the
 * garbage of a cold load; reading into one reused buffer until end of file needs neither.
 */
function readFileShared(absPath: string): Uint8Array {
  const fd = openSync(absPath, 'r');
  try {
    let buffer = shared;
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
      // A regular file gives less than asked for only at its end: asking again just to be told
      // "end of file" would cost a system call per note (what readFileSync's fstat costs).
      if (length < buffer.length) break;
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
      if (buffer.length <= SHARED_KEEP_BYTES) shared = buffer;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
