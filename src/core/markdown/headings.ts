// ATX headings (`# Title`, `## Section ##`): the one heading rule of the core, by hand because the
// regexes for it backtrack (cubically, on a heading line of thousands of spaces).
import { isSpaceOrTab } from '../chars';
import { fencedLines } from './fences';

export interface Heading {
  /** 1 to 6. */
  level: number;
  /** The heading's text, trimmed, without the optional closing run of `#`. */
  text: string;
}

/**
 * The heading a line is, or null: up to three spaces, one to six `#`, then a space, a tab or the
 * end of the line. A closing run of `#` counts only after a space or tab (so `C#` keeps its `#`).
 */
export function atxHeading(line: string): Heading | null {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  let k = i;
  while (k < line.length && k - i <= 6 && line.charCodeAt(k) === 35 /* # */) k++;
  const level = k - i;
  if (level < 1 || level > 6 || (k < line.length && !isSpaceOrTab(line.charCodeAt(k)))) return null;
  let text = line.slice(k).trim();
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 35) end--;
  if (end < text.length && (end === 0 || isSpaceOrTab(text.charCodeAt(end - 1)))) text = text.slice(0, end).trim();
  return { level, text };
}

/** The lines of a text, without their line breaks (`\n`, a `\r` before it dropped). */
export function textLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}

/** The text of the first `# ` heading outside fenced code that has any, or null. */
export function firstHeading(markdown: string): string | null {
  const lines = textLines(markdown);
  const { fenced } = fencedLines(lines);
  for (let i = 0; i < lines.length; i++) {
    if (fenced[i]) continue;
    const heading = atxHeading(lines[i]);
    if (heading?.level === 1 && heading.text) return heading.text;
  }
  return null;
}
