// Inline code spans: a run of n backticks opens one, the next run of exactly n backticks closes
// it; a run with no partner is literal. Found in one pass over the runs (a regex with a
// backreference rescans the rest of the line from every backtick). A backslash before a run
// escapes its first backtick, so the rest of the run opens (a backslash inside a span is literal,
// so it never stops a run from closing).
import { isEscaped } from '../chars';

/** The code spans of a line, as [start, end) offsets including the backticks, in order. */
export function codeSpans(line: string): [number, number][] {
  // Runs of backticks by length: where each starts.
  const starts: number[] = [];
  const lengths: number[] = [];
  const byLength = new Map<number, number[]>();
  for (let i = line.indexOf('`'); i >= 0; i = line.indexOf('`', i)) {
    let k = i;
    while (line.charCodeAt(k) === 96) k++;
    const run = starts.length;
    starts.push(i);
    lengths.push(k - i);
    let list = byLength.get(k - i);
    if (!list) byLength.set(k - i, (list = []));
    list.push(run);
    i = k;
  }
  const spans: [number, number][] = [];
  // For each length, how far its list has been searched; runs are visited in order, so the
  // cursors only move forward.
  const cursor = new Map<number, number>();
  let until = 0;
  for (let run = 0; run < starts.length; run++) {
    if (starts[run] < until) continue;
    let start = starts[run];
    let length = lengths[run];
    if (isEscaped(line, start)) {
      start++;
      length--;
    }
    const list = byLength.get(length);
    if (!list) continue;
    let c = cursor.get(length) ?? 0;
    while (c < list.length && list[c] <= run) c++;
    cursor.set(length, c);
    if (c === list.length) continue;
    const close = list[c];
    until = starts[close] + length;
    spans.push([start, until]);
  }
  return spans;
}
