// Link destinations as people write them in Markdown outlines and notes: where `](…)` ends when
// the target holds spaces or parentheses, and the optional title after it.

/** Lookup tables that keep scanning many `](` on one line linear instead of quadratic. */
export interface LinkTables {
  /** For each index, the first `)` at nesting depth 0 from there (balanced groups skipped), or -1. */
  close: Int32Array;
  /** For each index, the next `>` at or after it, or -1. */
  nextGt: Int32Array;
  /** For each index, the next `)` at or after it, or -1. */
  nextParen: Int32Array;
}

export function linkTables(text: string): LinkTables {
  const n = text.length;
  const close = new Int32Array(n + 1).fill(-1);
  const nextGt = new Int32Array(n + 1).fill(-1);
  const nextParen = new Int32Array(n + 1).fill(-1);
  for (let s = n - 1; s >= 0; s--) {
    const c = text.charCodeAt(s);
    nextGt[s] = c === 0x3e ? s : nextGt[s + 1];
    nextParen[s] = c === 0x29 ? s : nextParen[s + 1];
    if (c === 0x29) close[s] = s;
    else if (c === 0x28) close[s] = close[s + 1] < 0 ? -1 : close[close[s + 1] + 1];
    else close[s] = close[s + 1];
  }
  return { close, nextGt, nextParen };
}

/**
 * Index of the `)` closing a link destination that starts at `start` (just after `(`), or null.
 * Parentheses must balance (`file (1).pdf`), except that a `)` reachable without whitespace also
 * counts, because people write unbalanced names like `a 1).pdf`. Backslashes are not escapes:
 * outlines written on Windows use them as path separators.
 */
export function linkDestinationEnd(text: string, start: number, tables: LinkTables = linkTables(text)): number | null {
  if (text[start] === '<') {
    const gt = tables.nextGt[start + 1] ?? -1;
    if (gt < 0) return null;
    const end = tables.nextParen[gt];
    return end < 0 ? null : end;
  }
  let end = tables.close[start] ?? -1;
  if (end < 0) return null;
  for (;;) {
    let k = end + 1;
    while (k < text.length && text[k] !== ')' && text[k] !== '(' && !/\s/.test(text[k])) k++;
    if (k < text.length && text[k] === ')' && k > end + 1) end = k;
    else return end;
  }
}

/** Splits `target "title"` into its parts; targets may contain spaces, so only a final quoted part counts. */
export function splitLinkTitle(destination: string): { target: string; title: string } {
  const text = destination.trim();
  const q = text[text.length - 1];
  if (text.length > 2 && (q === '"' || q === "'")) {
    const open = text.lastIndexOf(q, text.length - 2);
    if (open > 0 && /\s/.test(text[open - 1]) && !text.startsWith('<')) {
      return { target: text.slice(0, open).trimEnd(), title: text.slice(open) };
    }
  }
  return { target: text, title: '' };
}
