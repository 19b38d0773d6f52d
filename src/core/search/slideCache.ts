// The text of slide PDFs kept on disk, so a restart (or the next CLI run) does not read unchanged
// PDFs again. One JSON file per PDF, named by a hash of its real path, valid while the PDF keeps
// its size and modification time. Written atomically (a temporary file renamed over the old one);
// a file that does not parse, or parses to anything else, is a miss, never an error.
import { createHash } from 'node:crypto';
import { promises as fsp, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PdfFailure } from './pdfTextProtocol';

/** Bumped whenever the extraction changes what a page's text is: older records are misses. */
export const CACHE_FORMAT = 1;

export interface SlideTextRecord {
  format: number;
  /** Real path of the PDF. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Text of every page ('' for a page without text); empty when the PDF could not be read. */
  pages: string[];
  /** Why the PDF gave no text, when it did not. Kept so a broken PDF is reported once. */
  failure: { reason: PdfFailure; message: string } | null;
}

const FAILURES: readonly PdfFailure[] = ['password', 'damaged', 'unreadable', 'tooLarge', 'timeout', 'engine'];

function isRecord(x: unknown): x is SlideTextRecord {
  if (!x || typeof x !== 'object') return false;
  const r = x as Record<string, unknown>;
  if (r.format !== CACHE_FORMAT || typeof r.path !== 'string' || typeof r.size !== 'number' || typeof r.mtimeMs !== 'number') return false;
  if (!Array.isArray(r.pages) || !r.pages.every(p => typeof p === 'string')) return false;
  if (r.failure === null) return true;
  const f = r.failure as Record<string, unknown> | undefined;
  return !!f && typeof f === 'object' && FAILURES.includes(f.reason as PdfFailure) && typeof f.message === 'string';
}

/** A PDF's identity for the cache: a changed download has another size or time. */
export interface PdfStamp {
  size: number;
  mtimeMs: number;
}

export class SlideTextCache {
  constructor(readonly dir: string) {}

  private fileFor(realPath: string): string {
    return path.join(this.dir, `${createHash('sha256').update(realPath).digest('hex').slice(0, 32)}.json`);
  }

  /** The record of the PDF at `realPath` when it was made from exactly this version of it. */
  get(realPath: string, stamp: PdfStamp): SlideTextRecord | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.fileFor(realPath), 'utf8'));
    } catch {
      return undefined;
    }
    if (!isRecord(parsed) || parsed.path !== realPath || parsed.size !== stamp.size || parsed.mtimeMs !== stamp.mtimeMs) return undefined;
    return parsed;
  }

  /** Stores a record; a failure to write only costs a later re-read of the PDF. */
  async put(record: SlideTextRecord): Promise<boolean> {
    const file = this.fileFor(record.path);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fsp.mkdir(this.dir, { recursive: true });
      await fsp.writeFile(tmp, JSON.stringify(record));
      await fsp.rename(tmp, file);
      return true;
    } catch {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      return false;
    }
  }

  /** Deletes the records of PDFs not in `keep` (real paths): decks removed from the notes. */
  async prune(keep: Iterable<string>): Promise<void> {
    const wanted = new Set([...keep].map(p => path.basename(this.fileFor(p))));
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    await Promise.all(
      names
        .filter(n => /^[0-9a-f]{32}\.json$/.test(n) && !wanted.has(n))
        .map(n => fsp.rm(path.join(this.dir, n), { force: true }).catch(() => undefined)),
    );
  }

  /** Bytes the records take on disk. */
  sizeOnDisk(): number {
    let total = 0;
    try {
      for (const n of readdirSync(this.dir)) {
        if (n.endsWith('.json')) total += statSync(path.join(this.dir, n)).size;
      }
    } catch {
      /* no cache yet */
    }
    return total;
  }
}
