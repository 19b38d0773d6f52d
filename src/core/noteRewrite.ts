// Rewriting notes on disk where no editor holds them (the CLI): each file is replaced atomically (a
// temporary file beside it, then a rename), only if it still holds the bytes that were read, keeps
// its BOM and permissions, and a copy of what it held is kept under .talk-notes/backup/<time>/ —
// the folder an import keeps its copies in — before anything is replaced.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { containment } from './containment';
import { errorReason } from './errors';
import { backupStamp, BACKUP_FOLDER, nodeImportFileSystem, tempName, type ImportFileSystem } from './importWriter';

export type RewriteResult =
  /** `backup` is relative to the notes folder, forward slashes. */
  { ok: true; backup: string } | { ok: false; reason: string };

const BOM = [0xef, 0xbb, 0xbf];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export class NoteRewriter {
  /** One backup folder per run, made when the first note is rewritten. */
  private backupDir: string | null = null;

  constructor(
    private readonly root: string,
    private readonly fs: ImportFileSystem = nodeImportFileSystem,
    private readonly now: Date = new Date(),
  ) {}

  /**
   * Replaces the note `file` (relative to the root, forward slashes), which held `before` when it
   * was read, with `text`. Never throws: a failure says why, and the note is then unchanged.
   */
  async rewrite(file: string, before: Uint8Array, text: string): Promise<RewriteResult> {
    const abs = path.join(this.root, ...file.split('/'));
    const where = await containment(this.root, abs);
    if (where.kind !== 'inside') return { ok: false, reason: 'it is no longer a file inside the notes folder' };
    const bom = before.length >= 3 && BOM.every((b, i) => before[i] === b);
    const content = Buffer.concat([Buffer.from(bom ? BOM : []), Buffer.from(text, 'utf8')]);
    let backup: string | null = null;
    let temp: string | null = null;
    try {
      const { mode } = await this.fs.stat(where.realPath);
      backup = path.join(await this.ensureBackupDir(), ...file.split('/'));
      await fsp.mkdir(path.dirname(backup), { recursive: true });
      await this.fs.writeNewFile(backup, before);
      temp = path.join(path.dirname(where.realPath), tempName());
      await this.fs.writeNewFile(temp, content, mode & 0o7777);
      const now = await this.fs.readFile(where.realPath);
      if (!sameBytes(now, before)) {
        await this.discard(temp, backup);
        return { ok: false, reason: 'it changed while the images were downloaded; run the command again' };
      }
      await this.fs.rename(temp, where.realPath);
      return { ok: true, backup: path.relative(this.root, backup).split(path.sep).join('/') };
    } catch (err) {
      await this.discard(temp, backup);
      return { ok: false, reason: `it could not be written (${errorReason(err)})` };
    }
  }

  /** The folder this run's copies went to, relative to the notes folder; null while there is none. */
  get backupFolder(): string | null {
    return this.backupDir && path.relative(this.root, this.backupDir).split(path.sep).join('/');
  }

  private async ensureBackupDir(): Promise<string> {
    if (this.backupDir) return this.backupDir;
    // Checked before anything is created: a link on the way must not get folders made outside.
    const parts = BACKUP_FOLDER.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const where = await containment(this.root, path.join(this.root, ...parts.slice(0, i)));
      if (where.kind !== 'inside' && where.kind !== 'missing') {
        throw Object.assign(new Error(`${BACKUP_FOLDER} leads outside the notes folder`), { code: 'EOUTSIDE' });
      }
    }
    const dir = path.join(this.root, ...parts, backupStamp(this.now));
    await fsp.mkdir(dir, { recursive: true });
    this.backupDir = dir;
    return dir;
  }

  private async discard(...files: (string | null)[]): Promise<void> {
    for (const f of files) if (f) await this.fs.unlink(f).catch(() => undefined);
  }
}
