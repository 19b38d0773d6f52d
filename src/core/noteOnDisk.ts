// What a note is on disk right now, judged from its bytes and its real path, for whoever is about
// to show or change it: the index may be seconds old, and the file can change, move or turn into
// a link at any time. Nothing is read through a link that leads out of the notes folder.
import { readFileSync, statSync } from 'node:fs';
import { containmentSync } from './containment';
import { decodeNote } from './decodeNote';

export type NoteOnDisk =
  /** UTF-8 text (a BOM removed, as editors show it). */
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  /** The note, or a folder on its way, is a symbolic link whose real path is outside the root. */
  | { kind: 'outsideRoot'; realPath: string }
  /**
   * Not UTF-8: another encoding such as GBK, or binary (NUL bytes). `text` is a lossy decoding
   * (U+FFFD for what is not UTF-8), for showing only: writing it back would destroy the bytes.
   */
  | { kind: 'notUtf8'; binary: boolean; text: string }
  /** A folder or a device where a note should be, a link cycle, permissions… */
  | { kind: 'unreadable'; reason: string };

/**
 * Reads the note at `file` (absolute) if its real path lies inside the real path of `root`.
 * Synchronous, like the loader (fileSystem.ts): for a note of a few KB the promise-based calls
 * cost ten times the read itself, and this runs on every render of the notes view.
 */
export function readNoteOnDisk(root: string, file: string): NoteOnDisk {
  const where = containmentSync(root, file);
  switch (where.kind) {
    case 'missing':
      return { kind: 'missing' };
    case 'outside':
      return { kind: 'outsideRoot', realPath: where.realPath };
    case 'unresolvable':
      return { kind: 'unreadable', reason: where.reason };
    case 'inside':
      break;
  }
  let bytes: Uint8Array;
  try {
    if (!statSync(where.realPath).isFile()) return { kind: 'unreadable', reason: 'it is not a file' };
    // Read from the real path just checked, not through the links on the way to it.
    bytes = readFileSync(where.realPath);
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
  const decoded = decodeNote(bytes, file);
  if ('text' in decoded) return { kind: 'text', text: decoded.text };
  return { kind: 'notUtf8', binary: bytes.indexOf(0) >= 0, text: new TextDecoder('utf-8').decode(bytes) };
}

/**
 * Whether an editor's text is the file's text. Editors may normalise mixed line ends to one
 * style, so line ends are not compared; every other character is.
 */
export function sameNoteText(a: string, b: string): boolean {
  if (a === b) return true;
  const lf = (s: string) => s.replace(/\r\n?/g, '\n');
  return lf(a) === lf(b);
}
