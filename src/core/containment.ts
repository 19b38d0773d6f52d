// Whether a path really lies inside a folder. Lexical checks (`path.relative` without `..`) are not
// enough for notes from other people: `track/x.md -> ~/.bashrc` is lexically inside the notes
// folder and really outside it. Every read or write Talk Notes makes on a note's behalf asks here.
import { promises as fsp, realpathSync } from 'node:fs';
import path from 'node:path';
import { errorCode, errorText } from './errors';

export type Containment =
  | { kind: 'inside'; realPath: string }
  /** The path, or a folder on the way to it, is a link leading out of the root. */
  | { kind: 'outside'; realPath: string }
  /** Nothing exists at the path (or a link on the way dangles). */
  | { kind: 'missing' }
  /** A link cycle, or an error other than "does not exist" (permissions…). */
  | { kind: 'unresolvable'; reason: string };

/** Lexical containment of two absolute, resolved paths (no file system access). */
export function isLexicallyInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function classify(realRoot: string, realPath: string): Containment {
  return isLexicallyInside(realRoot, realPath) ? { kind: 'inside', realPath } : { kind: 'outside', realPath };
}

function failure(err: unknown): Containment {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'ELOOP') return { kind: 'unresolvable', reason: 'the symbolic links on its path form a loop' };
  return { kind: 'unresolvable', reason: errorText(err) };
}

/** Where `target` really is, relative to the real path of `root`. Never throws. */
export async function containment(root: string, target: string): Promise<Containment> {
  try {
    const [realRoot, realPath] = await Promise.all([fsp.realpath(root), fsp.realpath(target)]);
    return classify(realRoot, realPath);
  } catch (err) {
    return failure(err);
  }
}

/** The same, synchronously (the loader reads synchronously; see fileSystem.ts). */
export function containmentSync(root: string, target: string): Containment {
  try {
    return classify(realpathSync(root), realpathSync(target));
  } catch (err) {
    return failure(err);
  }
}
