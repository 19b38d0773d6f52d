// Writes the files of an import as one transaction: every new content is first written to a
// hidden temporary file next to its target (and a copy of every file about to be replaced goes
// to the backup folder), and only when all of that succeeded are the temporary files moved into
// place, each by one rename. A full disk or a read-only folder therefore fails while staging and
// leaves the notes folder exactly as it was; no reader ever sees an empty or half-written note.
//
// Hand-written rather than through an atomic-write package: those write one file at a time,
// while an import needs all of its files staged before the first one replaces anything, a
// no-clobber create (a file that appears meanwhile is not overwritten) and a file-system seam
// through which tests inject ENOSPC or EACCES without root-only tricks.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { containment } from './containment';
import type { Problem } from './model';
import { errorReason } from './errors';

/** The file-system calls an import makes, so tests can make any of them fail. */
export interface ImportFileSystem {
  /** Follows symbolic links; rejects with an errno-style error (ENOENT when nothing is there). */
  stat(p: string): Promise<{ isFile(): boolean; isDirectory(): boolean; mode: number }>;
  /** Does not follow a symbolic link at `p` itself. */
  lstat(p: string): Promise<{ isSymbolicLink(): boolean }>;
  readFile(p: string): Promise<Uint8Array>;
  /** Creates one folder (its parent exists); rejects with EEXIST when something is there. */
  mkdir(p: string): Promise<void>;
  /** Creates `p`, which must not exist, with `data` on disk (flushed) and the permission bits `mode`. */
  writeNewFile(p: string, data: Uint8Array, mode?: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** A hard link: the no-clobber way to put a finished file in place. */
  link(existing: string, newPath: string): Promise<void>;
  unlink(p: string): Promise<void>;
  rmdir(p: string): Promise<void>;
}

export const nodeImportFileSystem: ImportFileSystem = {
  stat: p => fsp.stat(p),
  lstat: p => fsp.lstat(p),
  readFile: p => fsp.readFile(p),
  mkdir: async p => {
    await fsp.mkdir(p);
  },
  async writeNewFile(p, data, mode) {
    const handle = await fsp.open(p, 'wx');
    try {
      await handle.writeFile(data);
      // Without the flush a crash right after the rename can leave an empty note on ext4 & co.
      await handle.datasync();
      if (mode !== undefined) await handle.chmod(mode);
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  unlink: p => fsp.unlink(p),
  rmdir: p => fsp.rmdir(p),
};

/** One file the import wants on disk. */
export type WriteAction =
  /** A file that does not exist yet. */
  | { kind: 'create'; file: string; abs: string; content: Uint8Array }
  /** An existing file, read as `original`, that gets `content` (a copy of `original` is kept). */
  | { kind: 'replace'; file: string; abs: string; content: Uint8Array; original: Uint8Array; mode: number };

export interface Backup {
  /** The file that was replaced, relative to the notes folder, forward slashes. */
  file: string;
  /** Where its previous content was kept, relative to the notes folder, forward slashes. */
  backup: string;
}

export type WriteResult =
  | { ok: true; committed: Set<string>; backups: Backup[]; problems: Problem[] }
  /** Nothing was changed; `problem` says which file failed, why, and what to do. */
  | { ok: false; problem: Problem };

/** Where backups go, relative to the notes folder; hidden, so the loader never lists them. */
export const BACKUP_FOLDER = '.talk-notes/backup';

/** What to do when writing into the notes folder failed with `code`. */
export function writeAdvice(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'the folder is not writable; check its permissions or import into another folder';
    case 'EROFS':
      return 'the disk is read-only; import into a folder on a writable disk';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full (or over quota); free some space and import again';
    case 'ENAMETOOLONG':
      return 'a path is too long for this file system; import into a folder with a shorter path';
    default:
      return 'check the folder and import again';
  }
}

const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

const toPosix = (rel: string) => rel.split(path.sep).join('/');

/** `2024-05-01T12-30-45.123Z`: sorts by time and is a valid file name everywhere. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/:/g, '-');
}

class Transaction {
  /** Folders this import created, in creation order, so a rollback can remove them again. */
  private readonly createdDirs: string[] = [];
  /** Temporary files and backups written so far. */
  private readonly ownFiles: string[] = [];
  constructor(
    private readonly root: string,
    private readonly fs: ImportFileSystem,
  ) {}

  /** Creates `dir` and any missing parents, remembering each one created. */
  async ensureDir(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let d = dir; ; d = path.dirname(d)) {
      const st = await this.fs.stat(d).catch((err: unknown) => {
        if (errorReason(err) === 'ENOENT') return null;
        throw err;
      });
      if (st) {
        if (!st.isDirectory()) throw Object.assign(new Error(`${d} is not a folder`), { code: 'ENOTDIR' });
        break;
      }
      missing.push(d);
      if (path.dirname(d) === d) break;
    }
    for (const d of missing.reverse()) {
      try {
        await this.fs.mkdir(d);
        this.createdDirs.push(d);
      } catch (err) {
        // Someone else made it meanwhile: fine, as long as it is a folder.
        if (errorReason(err) !== 'EEXIST' || !(await this.fs.stat(d).catch(() => null))?.isDirectory()) throw err;
      }
    }
  }

  async writeOwn(p: string, data: Uint8Array, mode?: number): Promise<void> {
    this.ownFiles.push(p);
    await this.fs.writeNewFile(p, data, mode);
  }

  /** A fresh folder for this import's backups (a second import in the same millisecond gets `-2`). */
  async backupDir(): Promise<string> {
    const parent = path.join(this.root, ...BACKUP_FOLDER.split('/'));
    await this.ensureDir(parent);
    const where = await containment(this.root, parent);
    if (where.kind !== 'inside') {
      throw Object.assign(new Error(`${BACKUP_FOLDER} leads outside the notes folder`), { code: 'EOUTSIDE' });
    }
    const stamp = backupStamp(new Date());
    for (let n = 1; ; n++) {
      const dir = path.join(parent, n === 1 ? stamp : `${stamp}-${n}`);
      try {
        await this.fs.mkdir(dir);
        this.createdDirs.push(dir);
        return dir;
      } catch (err) {
        if (errorReason(err) !== 'EEXIST' || n > 100) throw err;
      }
    }
  }

  /** Undoes everything staged: own files first, then the folders, deepest first. Never throws. */
  async rollback(): Promise<void> {
    for (const p of this.ownFiles) await this.fs.unlink(p).catch(() => undefined);
    for (const d of [...this.createdDirs].reverse()) await this.fs.rmdir(d).catch(() => undefined);
  }
}

export function tempName(): string {
  return `.talk-notes-${randomBytes(6).toString('hex')}.tmp`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

const CANCELLED = Symbol('cancelled');

/** What a cancelled import reports. */
export function cancelledProblem(): Problem {
  return { file: '', line: null, severity: 'warning', message: 'The import was cancelled; nothing was imported.' };
}

/** A staging step that failed, and the file (relative to the notes folder) it was working on. */
class StagingFailure {
  constructor(
    readonly file: string,
    readonly cause: unknown,
  ) {}
}

async function step<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new StagingFailure(file, err);
  }
}

/**
 * Files staged at once. Each is flushed to disk before the rename (see writeNewFile); with a few
 * in flight the flushes overlap, which makes a large import several times faster on real disks.
 */
const STAGING_CONCURRENCY = 8;

/**
 * Runs `fn` over `items`, a few at a time. After a failure no new call starts, and it waits for
 * the calls in flight before rejecting with the first failure, so a rollback never races a write
 * that is still running.
 */
async function stageLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAGING_CONCURRENCY, items.length) }, worker));
  if (failure) throw (failure as { err: unknown }).err;
}

/**
 * Writes `actions` under `root` all or nothing (see the top of this file); `signal` cancels it up
 * to the moment files start being put in place. Once everything is staged, each file is moved
 * into place on its own; a file that changed (or appeared) since it
 * was inspected is left alone with a warning. Never throws.
 */
export async function writeAll(
  root: string,
  actions: readonly WriteAction[],
  fs: ImportFileSystem,
  signal?: AbortSignal,
): Promise<WriteResult> {
  const tx = new Transaction(root, fs);
  const staged: { action: WriteAction; temp: string; backup: string | null }[] = [];
  try {
    // Folders first, one after the other (a few per import), then the files through a small pool.
    const backupRoot = actions.some(a => a.kind === 'replace') ? await step(BACKUP_FOLDER, () => tx.backupDir()) : null;
    for (const action of actions) {
      staged.push({
        action,
        temp: path.join(path.dirname(action.abs), tempName()),
        backup: backupRoot && action.kind === 'replace' ? path.join(backupRoot, ...action.file.split('/')) : null,
      });
    }
    const folders = new Map<string, string>();
    for (const { action, backup } of staged) {
      folders.set(path.dirname(action.abs), action.file);
      if (backup) folders.set(path.dirname(backup), toPosix(path.relative(root, backup)));
    }
    for (const [dir, file] of folders) await step(file, () => tx.ensureDir(dir));
    await stageLimited(staged, async ({ action, temp, backup }) => {
      if (signal?.aborted) throw new StagingFailure('', CANCELLED);
      if (backup && action.kind === 'replace') {
        const original = action.original;
        await step(toPosix(path.relative(root, backup)), () => tx.writeOwn(backup, original));
      }
      await step(action.file, () => tx.writeOwn(temp, action.content, action.kind === 'replace' ? action.mode & 0o7777 : undefined));
    });
    // The last moment to cancel: from here on files are being put in place.
    if (signal?.aborted) throw new StagingFailure('', CANCELLED);
  } catch (err) {
    await tx.rollback();
    const failure = err instanceof StagingFailure ? err : new StagingFailure('', err);
    if (failure.cause === CANCELLED) return { ok: false, problem: cancelledProblem() };
    const code = errorReason(failure.cause);
    const message =
      code === 'EOUTSIDE'
        ? `${BACKUP_FOLDER} is a link to a folder outside the notes folder, so no backup could be kept; nothing was imported — remove the link and import again`
        : `Could not write this file (${code}); nothing was imported — ${writeAdvice(code)}.`;
    return { ok: false, problem: { file: failure.file, line: null, severity: 'error', message } };
  }

  const committed = new Set<string>();
  const backups: Backup[] = [];
  const problems: Problem[] = [];
  const warn = (file: string, severity: Problem['severity'], message: string) => problems.push({ file, line: null, severity, message });
  for (const { action, temp, backup } of staged) {
    try {
      if (action.kind === 'replace') {
        const now = await fs.readFile(action.abs).catch(() => null);
        if (!now || !sameBytes(now, action.original)) {
          await fs.unlink(temp).catch(() => undefined);
          if (backup) await fs.unlink(backup).catch(() => undefined);
          warn(action.file, 'warning', 'This file changed while importing, so it was left as it is now; import again to update it.');
          continue;
        }
        await fs.rename(temp, action.abs);
        if (backup) backups.push({ file: action.file, backup: toPosix(path.relative(root, backup)) });
      } else {
        await createNoClobber(fs, temp, action.abs);
      }
      committed.add(action.file);
    } catch (err) {
      await fs.unlink(temp).catch(() => undefined);
      if (backup) await fs.unlink(backup).catch(() => undefined);
      const code = errorReason(err);
      if (code === 'EEXIST') {
        warn(action.file, 'warning', 'This file appeared while importing, so it was left as it is; import again to update it.');
      } else {
        warn(action.file, 'error', `Could not put this file in place (${code}); it is unchanged — ${writeAdvice(code)}.`);
      }
    }
  }
  return { ok: true, committed, backups, problems };
}

/** Moves a finished temporary file to `target`, never replacing a file that got there first. */
export async function createNoClobber(fs: ImportFileSystem, temp: string, target: string): Promise<void> {
  try {
    await fs.link(temp, target);
  } catch (err) {
    if (!LINK_UNSUPPORTED.has(errorReason(err))) throw err;
    // No hard links on this file system (FAT, some network shares): check, then rename.
    const there = await fs.stat(target).then(
      () => true,
      (e: unknown) => errorReason(e) !== 'ENOENT',
    );
    if (there) throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST' });
    await fs.rename(temp, target);
    return;
  }
  await fs.unlink(temp).catch(() => undefined);
}
