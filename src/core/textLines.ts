// Lines of a note with their offsets and line ends, for edits that must keep every byte (CRLF
// included) and the front matter where it is.

export interface Line {
  start: number;
  text: string;
  eol: string;
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ start, text: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length || !out.length) out.push({ start, text: text.slice(start), eol: '' });
  return out;
}

/** Index of the first line after a leading `---` front matter block (0 when there is none). */
export function frontMatterEndLine(lines: readonly Line[]): number {
  if (!lines.length || lines[0].text.replace(/^\uFEFF/, '') !== '---') return 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].text === '---' || lines[i].text === '...') return i + 1;
  }
  return 0;
}

export const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/**
 * The `## ` section whose heading is one of `knownHeadings` (any case): `start` is its heading's
 * line (-1 when there is none), `end` the line of the next `#`/`##` heading or `lines.length`.
 * Headings inside code fences and in the front matter do not count.
 */
export function findSection(lines: readonly Line[], knownHeadings: readonly string[]): { start: number; end: number } {
  const known = new Set(knownHeadings.map(h => h.trim().toLowerCase()));
  let fence: string | null = null;
  let start = -1;
  for (let i = frontMatterEndLine(lines); i < lines.length; i++) {
    const f = FENCE.exec(lines[i].text);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence) continue;
    const h = HEADING.exec(lines[i].text);
    if (!h) continue;
    if (start >= 0 && h[1].length <= 2) return { start, end: i };
    if (start < 0 && h[1].length === 2 && known.has(h[2].trim().toLowerCase())) start = i;
  }
  return { start, end: lines.length };
}
