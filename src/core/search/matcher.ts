// Where a query clause occurs in folded text. One rule for the index, the snippets and the tests:
// a clause starting with a Latin word must start at a word (a space, a line break or the start of
// the text before it); a clause starting with a CJK character may start anywhere. Nothing is
// required at the end, so the last Latin word of a clause matches as a prefix. Folded text holds
// only words, CJK characters and single spaces (units of an index are joined by line breaks),
// so that rule is all a phrase needs. No regular expressions: `indexOf` over a clause of at most
// MAX_QUERY_LENGTH characters keeps every search linear in the text.

import { CharClass, charClass } from './fold';

function startsWithWord(pattern: string): boolean {
  return charClass(pattern.codePointAt(0) ?? 32) === CharClass.Word;
}

/** First start of `pattern` in `folded` at or after `from`, or -1. */
export function findClause(folded: string, pattern: string, from: number): number {
  if (!pattern) return -1;
  const needsBoundary = startsWithWord(pattern);
  let at = folded.indexOf(pattern, from);
  while (at > 0 && needsBoundary) {
    const before = folded.charCodeAt(at - 1);
    if (before === 32 || before === 10) break;
    at = folded.indexOf(pattern, at + 1);
  }
  return at;
}

/** Every start of `pattern` in `folded`, without overlaps. */
export function findAll(folded: string, pattern: string): number[] {
  const out: number[] = [];
  for (let at = findClause(folded, pattern, 0); at >= 0; at = findClause(folded, pattern, at + pattern.length)) out.push(at);
  return out;
}

/**
 * Units (ranges of `folded` separated by `\n`, starting at `starts[i]`) that contain every
 * pattern, in order, reported to `onUnit` until it returns false. Each pattern's next occurrence
 * is searched forward only, so the whole walk is linear in the text however many units there are.
 */
export function forEachMatchingUnit(
  folded: string,
  starts: ArrayLike<number>,
  patterns: string[],
  onUnit: (unit: number) => boolean,
): void {
  const units = starts.length;
  if (!units || !patterns.length) return;
  const next = new Array<number>(patterns.length).fill(-2);
  let pos = 0;
  let unit = 0;
  for (;;) {
    // The farthest next occurrence decides the first unit that can hold them all.
    let far = -1;
    for (let k = 0; k < patterns.length; k++) {
      if (next[k] < pos) next[k] = next[k] === -1 ? -1 : findClause(folded, patterns[k], pos);
      if (next[k] < 0) return;
      if (next[k] > far) far = next[k];
    }
    while (unit + 1 < units && starts[unit + 1] <= far) unit++;
    const start = starts[unit];
    if (patterns.every((_, k) => next[k] >= start)) {
      if (!onUnit(unit)) return;
      if (unit + 1 >= units) return;
      pos = starts[++unit];
    } else {
      pos = start;
    }
  }
}
