// Gathers what layout.ts decides from — the names in a notes root's first three levels of
// folders — and keeps it current one changed path at a time. Only names are read, never notes;
// a symbolic link is looked at by its real path and never listed when it leads out of the root.
import path from 'node:path';
import type { DirEntry, EntryKind, NotesFileSystem } from './fileSystem';
import type { FolderShape, RootEntry, RootShape, SubFolderShape } from './layout';
import { forEachLimited } from './limited';
import { isIgnoredName, isIndexName, isMarkdownName, isReadmeName } from './noteNames';
import { brokenLinkProblem } from './noteReads';

/** Folders listed at once. */
const LIST_CONCURRENCY = 64;

/** What is at a path: a file or folder inside the root, one behind a link out of it, a broken link, nothing. */
type Seen = { kind: EntryKind | 'none' } | { kind: 'outside'; realPath: string; entry: EntryKind } | { kind: 'broken'; entry: RootEntry };

async function look(fs: NotesFileSystem, root: string, abs: string, name: string, listed: EntryKind | null): Promise<Seen> {
  if (listed === 'file' || listed === 'directory') return { kind: listed };
  const inspection = await fs.inspect(root, abs);
  switch (inspection.kind) {
    case 'inside':
      return { kind: inspection.entry };
    case 'outside':
      return { kind: 'outside', realPath: inspection.realPath, entry: inspection.entry };
    case 'missing':
      return { kind: 'none' };
    default: {
      const problem = brokenLinkProblem(name, inspection);
      return problem ? { kind: 'broken', entry: { kind: 'broken', problem } } : { kind: 'none' };
    }
  }
}

/** A note or index.md counts when it is a file, even one behind a link out (the index lists it, locked). */
const isFile = (seen: Seen) => seen.kind === 'file' || (seen.kind === 'outside' && seen.entry !== 'directory');

/** Whether a folder's listing holds notes and an `index.md`. */
async function noteFlags(fs: NotesFileSystem, root: string, dir: string, entries: readonly DirEntry[]): Promise<SubFolderShape> {
  const flags: SubFolderShape = { notes: false, index: false };
  for (const e of entries) {
    if (e.kind === 'directory' || isIgnoredName(e.name) || !isMarkdownName(e.name) || isReadmeName(e.name)) continue;
    const index = isIndexName(e.name);
    if (index ? flags.index : flags.notes) continue;
    if (!isFile(await look(fs, root, path.join(dir, e.name), e.name, e.kind))) continue;
    if (index) flags.index = true;
    else flags.notes = true;
  }
  return flags;
}

async function listOrNothing(fs: NotesFileSystem, dir: string): Promise<DirEntry[]> {
  try {
    return await fs.readDirectory(dir);
  } catch {
    // An unreadable folder holds nothing for the layout; its index reports it when it loads.
    return [];
  }
}

/** A sub-folder of a root's folder: whether it holds notes, an index.md. null: not a folder inside the root. */
async function scanSub(fs: NotesFileSystem, root: string, abs: string, listed: EntryKind | null): Promise<SubFolderShape | null> {
  if (listed === 'file' || (await look(fs, root, abs, path.basename(abs), listed)).kind !== 'directory') return null;
  return noteFlags(fs, root, abs, await listOrNothing(fs, abs));
}

async function scanFolder(fs: NotesFileSystem, root: string, abs: string): Promise<FolderShape> {
  const entries = await listOrNothing(fs, abs);
  const shape: FolderShape = { ...(await noteFlags(fs, root, abs, entries)), subs: new Map() };
  await forEachLimited(entries, LIST_CONCURRENCY, async e => {
    if (e.kind === 'file' || isIgnoredName(e.name)) return;
    const sub = await scanSub(fs, root, path.join(abs, e.name), e.kind);
    if (sub) shape.subs.set(e.name, sub);
  });
  return shape;
}

/** Looks at one entry of the root again: a folder (scanned whole), a link not followed, or gone. */
async function scanRootEntry(fs: NotesFileSystem, shape: RootShape, root: string, name: string, listed: EntryKind | null): Promise<void> {
  const seen = await look(fs, root, path.join(root, name), name, listed);
  if (seen.kind === 'directory') shape.entries.set(name, { kind: 'folder', shape: await scanFolder(fs, root, path.join(root, name)) });
  else if (seen.kind === 'outside' && seen.entry === 'directory') shape.entries.set(name, { kind: 'outside', realPath: seen.realPath });
  else if (seen.kind === 'broken') shape.entries.set(name, seen.entry);
  else shape.entries.delete(name);
}

/** The root's shape. Throws (errno-style) when the root itself cannot be listed. */
export async function scanRoot(fs: NotesFileSystem, root: string): Promise<RootShape> {
  const entries = await fs.readDirectory(root);
  const shape: RootShape = { ...(await noteFlags(fs, root, root, entries)), entries: new Map() };
  await forEachLimited(entries, LIST_CONCURRENCY, async e => {
    if (e.kind === 'file' || isIgnoredName(e.name)) return;
    await scanRootEntry(fs, shape, root, e.name, e.kind);
  });
  return shape;
}

/**
 * After a note or index.md named `name` in `dir` changed: a file there now sets its flag; one
 * gone means listing `dir` again, as another note may still be there.
 */
async function updateFlags(fs: NotesFileSystem, flags: SubFolderShape, root: string, dir: string, name: string): Promise<void> {
  if (isFile(await look(fs, root, path.join(dir, name), name, null))) {
    if (isIndexName(name)) flags.index = true;
    else flags.notes = true;
    return;
  }
  const now = await noteFlags(fs, root, dir, await listOrNothing(fs, dir));
  flags.notes = now.notes;
  flags.index = now.index;
}

const countsAsNote = (name: string) => isMarkdownName(name) && !isReadmeName(name);

/**
 * Brings `shape` up to date after something changed at `parts` (the path's segments below the
 * root; not the root itself): a few look-ups, or a listing of the one folder that changed.
 * Paths below the third level never change a layout.
 */
export async function rescanPath(fs: NotesFileSystem, shape: RootShape, root: string, parts: readonly string[]): Promise<void> {
  if (!parts.length || parts.length > 3 || parts.some(isIgnoredName)) return;
  const [first, second, third] = parts;
  const entry = shape.entries.get(first);
  if (parts.length === 1 || entry?.kind !== 'folder') {
    // A note or index.md of the root itself, or a folder of it (new, gone, or not known yet).
    if (parts.length === 1 && countsAsNote(first)) await updateFlags(fs, shape, root, root, first);
    return scanRootEntry(fs, shape, root, first, null);
  }
  const folder = path.join(root, first);
  const sub = entry.shape.subs.get(second);
  if (parts.length === 2 || !sub) {
    if (parts.length === 2 && countsAsNote(second)) return updateFlags(fs, entry.shape, root, folder, second);
    const now = await scanSub(fs, root, path.join(folder, second), null);
    if (now) entry.shape.subs.set(second, now);
    else entry.shape.subs.delete(second);
    return;
  }
  if (countsAsNote(third)) await updateFlags(fs, sub, root, path.join(folder, second), third);
}
