// What the names of files and folders in a notes folder mean: which are notes, which are skipped,
// and the order and title a name gives (`03-Intro.md` → order 3, title "Intro").

/** `.md` / `.markdown`, any case. */
export function isMarkdownName(name: string): boolean {
  // Called for every listed file; `.md` is checked without the regex.
  const n = name.length;
  if (
    n >= 3 &&
    name.charCodeAt(n - 3) === 46 /* . */ &&
    (name.charCodeAt(n - 2) | 0x20) === 109 /* m */ &&
    (name.charCodeAt(n - 1) | 0x20) === 100 /* d */
  )
    return true;
  return /\.markdown$/i.test(name);
}

/** `index.md` (any case, `.markdown` too): the conference file at the root, a track's file in a folder. */
export function isIndexName(name: string): boolean {
  // `index.md` or `index.markdown`: the length check spares most names the regex.
  return (name.length === 8 || name.length === 14) && /^index\.(md|markdown)$/i.test(name);
}

/** `README.md` is the repository's read-me at the root, not a talk. */
export function isReadmeName(name: string): boolean {
  return /^readme\.(md|markdown)$/i.test(name);
}

/** Hidden entries (`.git`, `.vscode`) and `node_modules` are never part of the notes. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

const NUMERIC_PREFIX = /^(\d{1,9})(?:[-_]|[ \t]+)(?=\S)/;

/**
 * Splits a leading order number off a file or folder name: `01-Intro`, `1_Intro`, `01 Intro`.
 * The rest must not be empty, so a file called `2022.md` keeps its name.
 */
export function splitNumericPrefix(name: string): { order: number | null; rest: string } {
  const m = NUMERIC_PREFIX.exec(name);
  return m ? { order: Number(m[1]), rest: name.slice(m[0].length) } : { order: null, rest: name };
}

function stripExtension(name: string): string {
  return name.replace(/\.(md|markdown)$/i, '');
}

export interface FileNameTitle {
  title: string;
  order: number | null;
}

/** `03-Intro.md` → order 3, title "Intro"; `2022.md` keeps its whole name as title. */
export function fileNameTitle(file: string): FileNameTitle {
  const name = stripExtension(file.slice(file.lastIndexOf('/') + 1));
  const prefix = splitNumericPrefix(name);
  return { title: prefix.rest.trim() || name, order: prefix.order };
}

/** Title of a track folder without `index.md` (or whose `index.md` has no title). */
export function folderTitle(folder: string): { title: string; order: number | null } {
  const { order, rest } = splitNumericPrefix(folder);
  return { title: rest.trim() || folder, order };
}
