// The core reads notes through this interface so it can run on Node's fs (CLI, extension host)
// or on an in-memory tree (the tests' memoryFileSystem) without knowing which.
import { closeSync, fstatSync, lstatSync, openSync, promises as fsp, readdirSync, readlinkSync, readSync, statSync } from 'node:fs';
import { containmentSync } from './containment';
import { errorCode, errorText } from './errors';

export type EntryKind = 'file' | 'directory' | 'other';

export interface DirEntry {
  name: string;
  /** 'other' for symbolic links (whatever they point at), sockets and the like. */
  kind: EntryKind;
}

/** The beginning of a file, and how large the whole file is. */
export interface FilePrefix {
  /** The first `min(size, maxBytes)` bytes. */
  bytes: Uint8Array;
  /** Size of the whole file in bytes. */
  size: number;
}

/**
 * What is really at a path, by its real path: inside the notes root (and what it is there),
 * outside it (through a symbolic link on the way), a link to nothing, or not there at all.
 */
export type Inspection =
  | { kind: 'inside'; entry: EntryKind }
  | { kind: 'outside'; realPath: string; entry: EntryKind }
  /** A symbolic link whose target does not exist. */
  | { kind: 'dangling'; target: string }
  /** A link that cannot be followed (a loop) or an entry that cannot be looked at. */
  | { kind: 'unresolvable'; reason: string }
  | { kind: 'missing' };

export interface NotesFileSystem {
  /** The first `maxBytes` bytes of a file and its size. Throws errno-style errors (ENOENT, EISDIR…). */
  readPrefix(absPath: string, maxBytes: number): Promise<FilePrefix>;
  readDirectory(absPath: string): Promise<DirEntry[]>;
  /** null when nothing exists at the path. Follows symbolic links. */
  stat(absPath: string): Promise<{ kind: EntryKind; size: number } | null>;
  /** Where `absPath` really is relative to the real path of `root`. Never throws. */
  inspect(root: string, absPath: string): Promise<Inspection>;
  /**
   * Optional fast path for cold loads: `readPrefix`, synchronously, into a buffer and a result
   * object that the next call overwrites. Callers must be done with them before they next call
   * it or yield to the event loop (they are shared by every user of this file system), and must
   * not keep views of the bytes.
   */
  readPrefixShared?(absPath: string, maxBytes: number): FilePrefix;
}

function kindOf(d: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'directory' : 'other';
}

/**
 * Notes are small files read by the thousand. Node's promise-based readFile costs an open, a
 * stat, reads and a close, each a round trip through the 4-thread pool; the synchronous read of a
 * 1 KB note takes a few microseconds. Measured by `npm run bench` on 10,000 notes: 400+ ms with
 * fs.promises against ~50 ms with readFileSync. A single read never blocks for long (reads are
 * bounded by `maxBytes`), and the loader yields every few milliseconds, so the extension host
 * stays responsive. Cold loads use `readPrefixShared`, which also skips a Buffer per file.
 */
export const nodeFileSystem: NotesFileSystem = {
  readPrefix: async (p, maxBytes) => {
    const { bytes, size } = readPrefixInto(p, maxBytes, false);
    return { bytes: Buffer.from(bytes), size };
  },
  readPrefixShared: (p, maxBytes) => readPrefixInto(p, maxBytes, true),
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
  // Synchronous calls: a few microseconds each, where a promise round trip costs tens.
  async inspect(root, p) {
    try {
      if (!lstatSync(p).isSymbolicLink()) {
        // Not a link itself, but a folder on the way may be one.
        const real = containmentSync(root, p);
        if (real.kind === 'outside') return { kind: 'outside', realPath: real.realPath, entry: kindOf(statSync(p)) };
      }
    } catch (err) {
      const code = errorCode(err);
      return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unresolvable', reason: errorText(err) };
    }
    const real = containmentSync(root, p);
    // What the link leads to is only looked at (a stat), never read.
    const entry = (): EntryKind => {
      try {
        return kindOf(statSync(p));
      } catch {
        return 'other';
      }
    };
    switch (real.kind) {
      case 'inside':
        return { kind: 'inside', entry: entry() };
      case 'outside':
        return { kind: 'outside', realPath: real.realPath, entry: entry() };
      case 'missing':
        return { kind: 'dangling', target: linkText(p) };
      case 'unresolvable':
        return { kind: 'unresolvable', reason: real.reason };
    }
  },
};

/** What a link says it points at, as written. */
function linkText(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '?';
  }
}

/** Notes are ~1 KB; a file larger than the buffer grows it, up to SHARED_KEEP_BYTES for good. */
const SHARED_INITIAL_BYTES = 64 * 1024;
const SHARED_KEEP_BYTES = 1024 * 1024;
let shared = Buffer.allocUnsafe(SHARED_INITIAL_BYTES);
const sharedResult: FilePrefix = { bytes: shared, size: 0 };

/**
 * readFileSync costs an fstat and a fresh Buffer per file, and those Buffers are most of the
 * garbage of a cold load; reading into one reused buffer until end of file (or `maxBytes`) needs
 * neither. Only a file that fills `maxBytes` is asked its size.
 */
function readPrefixInto(absPath: string, maxBytes: number, reuse: boolean): FilePrefix {
  const fd = openSync(absPath, 'r');
  try {
    let buffer = reuse ? shared : Buffer.allocUnsafe(Math.min(SHARED_INITIAL_BYTES, maxBytes + 1));
    let length = 0;
    for (;;) {
      const want = Math.min(buffer.length, maxBytes) - length;
      const n = want > 0 ? readSync(fd, buffer, length, want, null) : 0;
      length += n;
      // A regular file gives less than asked for only at its end: asking again just to be told
      // "end of file" would cost a system call per note (what readFileSync's fstat costs).
      if (n < want || length >= maxBytes) break;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, Math.max(maxBytes, 1)));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
      if (reuse && buffer.length <= SHARED_KEEP_BYTES) shared = buffer;
    }
    const size = length >= maxBytes ? fstatSync(fd).size : length;
    const result = reuse ? sharedResult : { bytes: buffer, size };
    result.bytes = buffer.subarray(0, length);
    result.size = size;
    return result;
  } finally {
    closeSync(fd);
  }
}
