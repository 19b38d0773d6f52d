// Keep Images Offline, for one note or a whole notes folder: finds the remote images of each note,
// downloads every distinct URL once (a few at a time, cancellable, with progress), saves each into
// the `images/` folder beside the notes that use it, and says per note which URL now has which
// local copy and which could not be kept, and why. Rewriting the links is the caller's, on the text
// as it is by then (offlineEdits): the extension edits the open document through VS Code, the CLI
// writes the file (noteFile.ts).
import path from 'node:path';
import { nodeImportFileSystem, type ImportFileSystem } from '../importWriter';
import { DEFAULT_LIMITS, downloadImage, type Download, type DownloadLimits, type ImageFailure } from './download';
import { IMAGES_FOLDER, ImageFolder, imageStem } from './imageFiles';
import { findRemoteImages } from './remoteImages';

export interface OfflineNote {
  /** The note relative to the notes folder, forward slashes (as `Talk.file`). */
  file: string;
  /** Its text as the user has it: the open editor's, else the file's. */
  text: string;
}

export interface OfflineFailure {
  url: string;
  /** 1-based line of the image (or of its definition) in the note. */
  line: number;
  failure: ImageFailure;
}

export interface NoteOffline {
  file: string;
  /** How many places in the note pointed at a remote image. */
  remote: number;
  /** URL → path relative to the note (`images/x.png`) of each image kept locally. */
  saved: Map<string, string>;
  failures: OfflineFailure[];
}

export interface OfflineReport {
  notes: NoteOffline[];
  /** Image files this run created, relative to the notes folder, forward slashes. */
  written: string[];
  /** Distinct URLs this run tried to download. */
  downloads: number;
  cancelled: boolean;
}

export interface OfflineOptions {
  limits?: Partial<DownloadLimits>;
  signal?: AbortSignal;
  /** After each distinct URL: how many are done, of how many. */
  onProgress?(done: number, total: number): void;
  /** The writes, for tests that make them fail. */
  fs?: ImportFileSystem;
}

/** Downloads at once: enough to hide latency, few enough not to look like an attack on one host. */
const CONCURRENCY = 4;

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Downloads and saves the remote images of `notes` (inside `root`, already checked by the caller). Never throws. */
export async function keepImagesOffline(root: string, notes: readonly OfflineNote[], opts: OfflineOptions = {}): Promise<OfflineReport> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const fs = opts.fs ?? nodeImportFileSystem;
  const found = notes.map(note => ({ note, images: findRemoteImages(note.text) }));
  const urls = [...new Set(found.flatMap(f => f.images.remote.map(r => r.url)))];

  const downloads = new Map<string, Download>();
  let done = 0;
  await pool(urls, CONCURRENCY, async url => {
    const result: Download = opts.signal?.aborted
      ? { ok: false, failure: { kind: 'cancelled' } }
      : await downloadImage(url, limits, opts.signal);
    downloads.set(url, result);
    opts.onProgress?.(++done, urls.length);
  });

  // Saved in document order, note after note, so names come out the same on every run.
  const folders = new Map<string, ImageFolder | { failure: ImageFailure }>();
  const written: string[] = [];
  const results: NoteOffline[] = [];
  for (const { note, images } of found) {
    const result: NoteOffline = {
      file: note.file,
      remote: images.remote.length,
      saved: new Map(),
      failures: images.unplaced.map(u => ({ url: u.url, line: u.line, failure: { kind: 'unplaced' } })),
    };
    results.push(result);
    const noteFolder = path.posix.dirname(note.file);
    for (const image of images.remote) {
      if (result.saved.has(image.url)) continue;
      const download = downloads.get(image.url);
      if (!download?.ok) {
        result.failures.push({ url: image.url, line: image.line, failure: download?.failure ?? { kind: 'cancelled' } });
        continue;
      }
      let folder = folders.get(noteFolder);
      if (!folder) {
        folder = await ImageFolder.open(root, path.join(root, ...noteFolder.split('/').filter(p => p !== '.')), fs);
        folders.set(noteFolder, folder);
      }
      const saved = 'failure' in folder ? folder : await folder.save(imageStem(image.url), download.bytes, download.type);
      if ('failure' in saved) {
        result.failures.push({ url: image.url, line: image.line, failure: saved.failure });
        continue;
      }
      if (saved.written) written.push(path.posix.join(noteFolder, IMAGES_FOLDER, saved.name));
      result.saved.set(image.url, `${IMAGES_FOLDER}/${saved.name}`);
    }
    result.failures.sort((a, b) => a.line - b.line);
  }
  return { notes: results, written, downloads: urls.length, cancelled: opts.signal?.aborted ?? false };
}
