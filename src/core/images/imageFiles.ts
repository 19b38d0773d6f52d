// Where the local copy of an image goes and what it is called: a folder `images/` beside the note
// (VS Code's Markdown paste and drop is set up to put pasted images there too), a name taken from
// the URL's last path segment, made safe and unique in that folder, with the extension of what the
// bytes really are. The same image saved twice is one file: a name already holding the same bytes
// is reused, so running Keep Images Offline again writes nothing new.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { containment } from '../containment';
import { errorReason } from '../errors';
import { nameKey, sanitizeFileName } from '../fileNames';
import { createNoClobber, nodeImportFileSystem, tempName, type ImportFileSystem } from '../importWriter';
import type { ImageFailure } from './download';
import type { ImageType } from './imageTypes';

/** The folder beside a note that holds its images, relative to the note's folder. */
export const IMAGES_FOLDER = 'images';

/** How many `-2`, `-3`… names are tried before giving up on a folder full of look-alikes. */
const MAX_SUFFIX = 1000;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A file name stem from the URL's last path segment, percent-escapes decoded, its extension
 * dropped (the content decides it), reduced to letters, digits, `-`, `_` and `.` so the link
 * needs no escaping, never empty.
 */
export function imageStem(url: string): string {
  let segment = '';
  try {
    segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  } catch {
    /* no usable path: the fallback below */
  }
  // `%2F` decodes to a separator: only what follows the last one names the file.
  const name = (decoded(segment).split(/[\\/]/).pop() ?? '').normalize('NFC');
  const dot = name.lastIndexOf('.');
  const stem = (dot > 0 ? name.slice(0, dot) : name)
    .replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '');
  // Runs of `-` are single by now: at most one to drop at the end.
  return sanitizeFileName(stem.endsWith('-') ? stem.slice(0, -1) : stem, { maxLength: 60, fallback: 'image' });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export type SavedImage = { name: string; written: boolean } | { failure: ImageFailure };

/** One `images/` folder during a run: the names already there, and those this run gave out. */
export class ImageFolder {
  /** Name keys (nameKey) to the bytes this run saved (or found) under them. */
  private readonly claimed = new Map<string, Uint8Array>();
  /** The same claims by size, and each claim's name as written. */
  private readonly claimedBySize = new Map<number, [string, Uint8Array][]>();
  private readonly names = new Map<string, string>();

  private constructor(
    private readonly root: string,
    /** Absolute path of the folder. */
    readonly dir: string,
    private readonly existing: Set<string>,
    private readonly fs: ImportFileSystem,
  ) {}

  /**
   * The `images/` folder of the note folder `noteDir` (absolute, inside `root`), created when
   * missing; a failure when it is (or leads through) a link out of the notes folder, or is no folder.
   */
  static async open(
    root: string,
    noteDir: string,
    fs: ImportFileSystem = nodeImportFileSystem,
  ): Promise<ImageFolder | { failure: ImageFailure }> {
    const dir = path.join(noteDir, IMAGES_FOLDER);
    const shown = path.relative(root, dir).split(path.sep).join('/');
    let where = await containment(root, dir);
    if (where.kind === 'missing') {
      try {
        await fs.mkdir(dir);
      } catch (err) {
        return { failure: { kind: 'write', reason: errorReason(err) } };
      }
      where = await containment(root, dir);
    }
    if (where.kind === 'outside') return { failure: { kind: 'outside', folder: shown } };
    if (where.kind !== 'inside') return { failure: { kind: 'write', reason: where.kind === 'unresolvable' ? where.reason : 'ENOENT' } };
    try {
      const entries = await fsp.readdir(where.realPath);
      return new ImageFolder(root, where.realPath, new Set(entries.map(nameKey)), fs);
    } catch (err) {
      return { failure: { kind: 'write', reason: errorReason(err) } };
    }
  }

  /**
   * Saves an image (written atomically: a temporary file, then a link that
   * never replaces a file), or finds it already there; resolves with its file name.
   */
  async save(stem: string, bytes: Uint8Array, type: ImageType): Promise<SavedImage> {
    // The same bytes under another URL (a redirect, a `?v=2`) are the file saved a moment ago.
    for (const [key, claimed] of this.claimedBySize.get(bytes.byteLength) ?? []) {
      if (sameBytes(claimed, bytes)) return { name: this.names.get(key)!, written: false };
    }
    for (let n = 1; n <= MAX_SUFFIX;) {
      const name = n === 1 ? `${stem}${type.ext}` : `${stem}-${n}${type.ext}`;
      const key = nameKey(name);
      const claimed = this.claimed.get(key);
      if (claimed !== undefined) {
        if (sameBytes(claimed, bytes)) return { name, written: false };
        n++;
        continue;
      }
      if (this.existing.has(key)) {
        if (await this.holds(name, bytes)) {
          this.claim(key, name, bytes);
          return { name, written: false };
        }
        n++;
        continue;
      }
      const temp = path.join(this.dir, tempName());
      try {
        await this.fs.writeNewFile(temp, bytes);
        await createNoClobber(this.fs, temp, path.join(this.dir, name));
      } catch (err) {
        await this.fs.unlink(temp).catch(() => undefined);
        // Someone else wrote that name meanwhile: compare with it like any existing file.
        if (errorReason(err) === 'EEXIST') {
          this.existing.add(key);
          continue;
        }
        return { failure: { kind: 'write', reason: errorReason(err) } };
      }
      this.existing.add(key);
      this.claim(key, name, bytes);
      return { name, written: true };
    }
    return { failure: { kind: 'write', reason: `${MAX_SUFFIX} files named ${stem}-… already there` } };
  }

  private claim(key: string, name: string, bytes: Uint8Array): void {
    this.claimed.set(key, bytes);
    this.names.set(key, name);
    let list = this.claimedBySize.get(bytes.byteLength);
    if (!list) this.claimedBySize.set(bytes.byteLength, (list = []));
    list.push([key, bytes]);
  }

  /** Whether the file `name` of the folder holds exactly `bytes` (read only inside the notes folder). */
  private async holds(name: string, bytes: Uint8Array): Promise<boolean> {
    const file = path.join(this.dir, name);
    const where = await containment(this.root, file);
    if (where.kind !== 'inside') return false;
    try {
      const st = await fsp.stat(where.realPath);
      if (!st.isFile() || st.size !== bytes.byteLength) return false;
      return sameBytes(bytes, await this.fs.readFile(where.realPath));
    } catch {
      return false;
    }
  }
}
