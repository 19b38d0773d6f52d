// Fenced code blocks: the one rule every scanner of notes and outlines uses, so that a heading or
// a link inside code never counts, wherever Talk Notes looks.
//
// A fence is a run of at least three backticks or tildes, after any indentation of spaces and
// tabs (notes and outlines nest code under list items, where CommonMark's three-space limit is
// relative to the item). A backtick fence's info string may not contain a backtick. The block is
// closed by a line holding only a run of the same character, at least as long. A fence that is
// never closed would swallow the rest of the file — every later heading, talk and section — so it
// is not a fence at all: its line is text (and the outline reader reports it).
import { isSpaceOrTab } from '../chars';

interface FenceRun {
  /** 96 for a backtick, 126 for a tilde. */
  char: number;
  length: number;
  /** Nothing but spaces and tabs after the run: the line may close a block. */
  bare: boolean;
  /** The line may open a block (a backtick run followed by a backtick cannot). */
  opens: boolean;
}

/** The fence run of a line, or null. */
function fenceRun(line: string): FenceRun | null {
  let i = 0;
  while (i < line.length && isSpaceOrTab(line.charCodeAt(i))) i++;
  const char = line.charCodeAt(i);
  if (char !== 96 && char !== 126) return null;
  let k = i;
  while (line.charCodeAt(k) === char) k++;
  if (k - i < 3) return null;
  let rest = k;
  while (rest < line.length && isSpaceOrTab(line.charCodeAt(rest))) rest++;
  return { char, length: k - i, bare: rest === line.length, opens: char === 126 || line.indexOf('`', k) < 0 };
}

/**
 * Which lines belong to fenced code blocks (the fences included), and the lines of fences that
 * are never closed (text, see above). Linear in the number of lines for all practical inputs: one
 * forward-only cursor per fence character and length.
 */
export function fencedLines(lines: readonly string[]): { fenced: boolean[]; unclosed: number[] } {
  const fenced = new Array<boolean>(lines.length).fill(false);
  const unclosed: number[] = [];
  const runs = lines.map(fenceRun);
  const closers: Record<number, { index: number; length: number }[]> = { 96: [], 126: [] };
  runs.forEach((run, index) => {
    if (run?.bare) closers[run.char].push({ index, length: run.length });
  });
  const cursors = new Map<number, number>();
  let i = 0;
  while (i < lines.length) {
    const run = runs[i];
    if (!run || !run.opens) {
      i++;
      continue;
    }
    const key = run.char * 65536 + run.length;
    const list = closers[run.char];
    let c = cursors.get(key) ?? 0;
    while (c < list.length && (list[c].index <= i || list[c].length < run.length)) c++;
    cursors.set(key, c);
    if (c < list.length) {
      const end = list[c].index;
      for (let k = i; k <= end; k++) fenced[k] = true;
      i = end + 1;
    } else {
      unclosed.push(i);
      i++;
    }
  }
  return { fenced, unclosed };
}
