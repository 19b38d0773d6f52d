// Finding the notes folder in a workspace when the user has not named one.
import path from 'node:path';
import { nodeFileSystem, type NotesFileSystem } from './fileSystem';
import { isIgnoredName, isIndexName, isMarkdownName } from './noteNames';

/**
 * A folder looks like a notes workspace when it has an `index.md` with conference data or at
 * least one sub-folder holding Markdown files (a track). Only names are read, never contents.
 */
export async function looksLikeNotesRoot(dir: string, fs: NotesFileSystem = nodeFileSystem): Promise<boolean> {
  let entries;
  try {
    entries = await fs.readDirectory(dir);
  } catch {
    return false;
  }
  if (entries.some(e => e.kind === 'file' && isIndexName(e.name))) return true;
  for (const e of entries) {
    if (e.kind !== 'directory' || isIgnoredName(e.name)) continue;
    try {
      const inner = await fs.readDirectory(path.join(dir, e.name));
      if (inner.some(i => i.kind === 'file' && isMarkdownName(i.name))) return true;
    } catch {
      /* unreadable folder: not a track */
    }
  }
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
