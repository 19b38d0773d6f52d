// What a search query means. Words separated by spaces must all match (AND); text in double
// quotes ("…", “…” or ＂…＂) must match as one phrase. Each part is folded like the text it is
// matched against (fold.ts), so a part such as `state-backend` or `Flink状态` is a short phrase
// of its own. The last Latin word of a part matches as a prefix (`check` finds `checkpoint`);
// CJK text matches anywhere, as a substring.

import { fold } from './fold';

/** Longer queries are cut here: no one types more, and matching cost grows with the length. */
export const MAX_QUERY_LENGTH = 256;
/** Parts beyond this many are ignored (every one must match, so more rarely change the result). */
export const MAX_CLAUSES = 12;

export interface Clause {
  /** Folded text to find: words and CJK characters separated by single spaces. */
  pattern: string;
  /** What the user wrote for this part. */
  source: string;
  /** Whether it came from quotes. */
  quoted: boolean;
}

export interface Query {
  clauses: Clause[];
  /** The query was longer than MAX_QUERY_LENGTH or had more than MAX_CLAUSES parts. */
  truncated: boolean;
}

const OPEN_QUOTES = new Set(['"', '“', '＂', '„']);
const CLOSE_QUOTES = new Set(['"', '”', '＂', '“']);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000' || ch === '\u00a0';
}

/** Splits a query into clauses. Never throws; an empty or punctuation-only query has none. */
export function parseQuery(input: string): Query {
  let truncated = input.length > MAX_QUERY_LENGTH;
  const text = truncated ? input.slice(0, MAX_QUERY_LENGTH) : input;
  const parts: { source: string; quoted: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (OPEN_QUOTES.has(ch)) {
      // An unclosed quote runs to the end: the user is still typing the phrase.
      let j = i + 1;
      while (j < text.length && !CLOSE_QUOTES.has(text[j])) j++;
      parts.push({ source: text.slice(i + 1, j), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !isSpace(text[j]) && !OPEN_QUOTES.has(text[j])) j++;
    parts.push({ source: text.slice(i, j), quoted: false });
    i = j;
  }
  const clauses: Clause[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const pattern = fold(part.source);
    if (!pattern || seen.has(pattern)) continue;
    if (clauses.length === MAX_CLAUSES) {
      truncated = true;
      break;
    }
    seen.add(pattern);
    clauses.push({ pattern, source: part.source.trim(), quoted: part.quoted });
  }
  return { clauses, truncated };
}
