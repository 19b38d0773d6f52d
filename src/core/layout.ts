// What a notes root is — one conference, or a shelf whose sub-folders are conferences — decided
// from the names in its first three levels of folders (no note is read for it). layoutScan.ts
// gathers those names; this module only decides, so the rules can be tested on plain data.
//
// The rules (the README's "A library of conferences" is written from them):
//  - A folder's *notes* are its Markdown files other than `index.md` and `README.md`; a *track
//    folder* is a sub-folder holding notes. A sub-folder S of the root is
//      track-shaped       when S holds notes and no track folder,
//      conference-shaped  when S holds track folders and no notes,
//      both               when S holds notes and track folders,
//      index-only         when S's only Markdown is its `index.md`,
//      shelf-shaped       when S holds neither, but sub-folders of S have an `index.md` of their own.
//  1. The root is one conference when it has an `index.md` or notes of its own, or when none of
//     its sub-folders is conference-shaped — today's layout, its sub-folders are its tracks.
//     A root holding no Markdown at all (nor index-only folders) is an empty shelf instead.
//  2. Otherwise, when some sub-folder is track-shaped the root is ambiguous: it is read as one
//     conference (as before shelves existed), with a warning on each conference-shaped folder.
//  3. Otherwise the root is a shelf: its conference-shaped, both and index-only sub-folders are
//     its conferences. A shelf-shaped folder is a shelf inside the shelf: a warning, not read.
// A conference-shaped folder inside a conference is reported in every case (its track folders
// are two levels down, where a conference does not look), naming the way to make a shelf.
// Why structure rather than `index.md`: imports write an `index.md` into every track folder too.
import type { Problem } from './model';
import { naturalCompare } from './naturalOrder';

/** What names say about one folder's sub-folder (a track folder when it holds notes). */
export interface SubFolderShape {
  notes: boolean;
  index: boolean;
}

/** What names say about one sub-folder of a notes root. */
export interface FolderShape {
  notes: boolean;
  index: boolean;
  subs: Map<string, SubFolderShape>;
}

/** An entry of the root that matters to its layout: a folder, or a link that is not followed. */
export type RootEntry =
  | { kind: 'folder'; shape: FolderShape }
  /** A folder behind a symbolic link leading out of the notes root: never listed. */
  | { kind: 'outside'; realPath: string }
  /** A symbolic link to nothing, or one that cannot be followed. */
  | { kind: 'broken'; problem: Problem };

export interface RootShape {
  index: boolean;
  notes: boolean;
  entries: Map<string, RootEntry>;
}

export type Layout = { kind: 'conference'; problems: Problem[] } | { kind: 'shelf'; conferences: string[]; problems: Problem[] };

type FolderClass = 'track' | 'conference' | 'both' | 'index' | 'shelf' | 'none';

function classify(shape: FolderShape): FolderClass {
  let tracks = false;
  let indexes = false;
  for (const sub of shape.subs.values()) {
    if (sub.notes) tracks = true;
    if (sub.index) indexes = true;
  }
  if (shape.notes) return tracks ? 'both' : 'track';
  if (tracks) return 'conference';
  if (shape.index) return 'index';
  return indexes ? 'shelf' : 'none';
}

/** `"a", "b", "c" and 4 more`: names in messages, a few at most. */
function listNames(names: string[], max = 3): string {
  const shown = names
    .slice(0, max)
    .map(n => `"${n}"`)
    .join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function subNames(shape: FolderShape, pick: (sub: SubFolderShape) => boolean): string[] {
  return [...shape.subs]
    .filter(([, sub]) => pick(sub))
    .map(([name]) => name)
    .sort(naturalCompare);
}

export function decideLayout(root: RootShape): Layout {
  const classes = new Map<string, FolderClass>();
  const folders: [string, FolderShape][] = [];
  for (const [name, entry] of root.entries) {
    if (entry.kind !== 'folder') continue;
    classes.set(name, classify(entry.shape));
    folders.push([name, entry.shape]);
  }
  folders.sort((a, b) => naturalCompare(a[0], b[0]));
  const named = (...wanted: FolderClass[]) => folders.filter(([name]) => wanted.includes(classes.get(name)!));
  const conferenceShaped = named('conference');
  const trackShaped = named('track');

  if (!root.index && !root.notes && !conferenceShaped.length && !named('track', 'both', 'index').length) {
    const problems = [...shelfProblems(root, named('shelf'))];
    problems.unshift({
      file: '.',
      line: null,
      severity: 'info',
      message:
        'the notes folder holds no notes yet; import a conference (its schedule or outline) into a sub-folder of its own — each conference is a folder with its index.md and track folders — or create index.md here to make this folder one conference',
    });
    return { kind: 'shelf', conferences: [], problems };
  }
  if (root.index || root.notes || !conferenceShaped.length || trackShaped.length) {
    const reason = root.index
      ? { why: 'it has an index.md of its own', move: 'its index.md, notes and track folders' }
      : root.notes
        ? { why: 'it holds notes of its own', move: 'its notes and track folders' }
        : {
            why: `${listNames(trackShaped.map(([name]) => name))} hold notes directly, as track folders do`,
            move: listNames(trackShaped.map(([name]) => name)),
          };
    const problems = conferenceShaped.map(([name, shape]): Problem => ({
      file: name,
      line: null,
      severity: 'warning',
      message: `folder ${name} holds track folders (${listNames(subNames(shape, s => s.notes))}), like a conference, but the notes folder is read as one conference because ${reason.why}, so the notes in the sub-folders of ${name} are not listed; to keep several conferences here, move ${reason.move} into a conference folder of their own so that this folder becomes a shelf of conferences, or move ${name} out of it`,
    }));
    return { kind: 'conference', problems };
  }
  return {
    kind: 'shelf',
    conferences: named('conference', 'both', 'index').map(([name]) => name),
    problems: shelfProblems(root, named('shelf')),
  };
}

/** Problems only a shelf reports: its links (a conference's are its index's) and shelves inside it. */
function shelfProblems(root: RootShape, nested: [string, FolderShape][]): Problem[] {
  const problems: Problem[] = [];
  for (const [name, entry] of [...root.entries].sort((a, b) => naturalCompare(a[0], b[0]))) {
    if (entry.kind === 'broken') problems.push(entry.problem);
    else if (entry.kind === 'outside')
      problems.push({
        file: name,
        line: null,
        severity: 'error',
        message: `${name} is a symbolic link to ${entry.realPath}, outside the notes folder, so Talk Notes does not read it; if it is a conference, add ${entry.realPath} as a notes folder of its own (or move the folder into this one)`,
      });
  }
  for (const [name, shape] of nested) {
    problems.push({
      file: name,
      line: null,
      severity: 'warning',
      message: `folder ${name} holds folders with an index.md of their own (${listNames(subNames(shape, s => s.index))}) but no notes, like a shelf of conferences; a shelf inside a shelf is not read — move those conferences up into this folder, or add ${name} as a notes folder of its own`,
    });
  }
  return problems;
}
