// Finding the notes folders of a workspace folder: the ones the settings name, else a guess.
import path from 'node:path';
import { nodeFileSystem, type DirEntry, type NotesFileSystem } from './fileSystem';
import { isIgnoredName, isIndexName, isMarkdownName } from './noteNames';

async function listing(fs: NotesFileSystem, dir: string) {
  try {
    return await fs.readDirectory(dir);
  } catch {
    return [];
  }
}

const folders = (entries: DirEntry[]) => entries.filter(e => e.kind === 'directory' && !isIgnoredName(e.name));
const holdsMarkdown = (entries: DirEntry[]) => entries.some(e => e.kind === 'file' && isMarkdownName(e.name));

/**
 * A folder looks like notes when it has an `index.md` with conference data, a sub-folder holding
 * Markdown files (a track, or a conference with its index.md), or a sub-folder holding such
 * folders (a shelf of conferences without index.md files). Only names are read, never contents;
 * the deeper level is looked at only when the first two say no.
 */
export async function looksLikeNotesRoot(dir: string, fs: NotesFileSystem = nodeFileSystem): Promise<boolean> {
  let entries;
  try {
    entries = await fs.readDirectory(dir);
  } catch {
    return false;
  }
  if (entries.some(e => e.kind === 'file' && isIndexName(e.name))) return true;
  const subs: string[] = [];
  for (const e of folders(entries)) {
    const inner = await listing(fs, path.join(dir, e.name));
    if (holdsMarkdown(inner)) return true;
    for (const i of folders(inner)) subs.push(path.join(dir, e.name, i.name));
  }
  for (const sub of subs) if (holdsMarkdown(await listing(fs, sub))) return true;
  return false;
}

/**
 * The notes root for a workspace folder: the configured path when given (relative to the
 * workspace folder), else `notes/` when it looks like notes, else the folder itself when it does.
 */
export async function findNotesRoot(
  workspaceFolder: string,
  configured: string,
  fs: NotesFileSystem = nodeFileSystem,
): Promise<string | null> {
  if (configured.trim()) {
    const dir = path.resolve(workspaceFolder, configured.trim());
    const stat = await fs.stat(dir);
    return stat?.kind === 'directory' ? dir : null;
  }
  const notes = path.join(workspaceFolder, 'notes');
  if (await looksLikeNotesRoot(notes, fs)) return notes;
  return (await looksLikeNotesRoot(workspaceFolder, fs)) ? workspaceFolder : null;
}

/**
 * The notes roots for a workspace folder: each configured path (relative to the workspace folder,
 * or absolute) that is a folder, in order and without repeats; none configured: findNotesRoot's
 * guess. A NotesLibrary reads them all, whether each is one conference or a shelf of them.
 */
export async function findNotesRoots(
  workspaceFolder: string,
  configured: readonly string[],
  fs: NotesFileSystem = nodeFileSystem,
): Promise<string[]> {
  const given = configured.map(c => c.trim()).filter(Boolean);
  if (!given.length) {
    const guess = await findNotesRoot(workspaceFolder, '', fs);
    return guess ? [guess] : [];
  }
  const roots: string[] = [];
  for (const c of given) {
    const dir = await findNotesRoot(workspaceFolder, c, fs);
    if (dir && !roots.includes(dir)) roots.push(dir);
  }
  return roots;
}
