// The front matter at the top of an outline: the conference's title and links.
import { splitFrontMatter } from '../frontMatter/read';
import { httpUrl } from '../links';
import { atxHeading } from '../markdown/headings';
import type { ConferenceField, OutlineConference, Report } from './types';

export interface OutlineFrontMatter {
  data: Record<string, unknown>;
  /** Index in the outline's lines of the first line after the block. */
  bodyLine: number;
}

/**
 * The YAML front matter block at the very top of an outline (Typora and Obsidian often write
 * one), or null. Where it ends is the notes' rule (`locateFrontMatter`), read as notes are read;
 * but an outline is Markdown whose `---` lines are often thematic breaks, so the block counts only
 * when it is a readable mapping with at least one key, and none of its lines is a Markdown heading
 * or in a code fence (`---`, `# Track`, `Video: https://…`, `---` is a track, not front matter).
 * `lines` and `fenced` are those of `text` as `parse` splits it (at `\r\n`, `\r` and `\n`).
 */
export function outlineFrontMatter(text: string, lines: readonly string[], fenced: readonly boolean[]): OutlineFrontMatter | null {
  const split = splitFrontMatter(text);
  if (!split.block || split.issues.length || !Object.keys(split.data).length) return null;
  // The block's lines in the outline's own split (a lone `\r` inside the block is a line break
  // there): the closing line's index, plus one.
  const bodyLine = lineBreaks(text, split.block.yamlEnd) + 1;
  for (let i = 1; i < bodyLine; i++) if (fenced[i] || atxHeading(lines[i])) return null;
  return { data: split.data, bodyLine };
}

/** Line breaks (`\r\n`, `\r`, `\n`) in text[0, end). */
function lineBreaks(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Takes the conference title and links from the outline's front matter; returns the first line after it. */
export function readFrontMatter(
  text: string,
  lines: readonly string[],
  fenced: readonly boolean[],
  conference: OutlineConference,
  from: Partial<Record<ConferenceField, number>>,
  problem: Report,
): number {
  const front = outlineFrontMatter(text, lines, fenced);
  if (!front) return 0;
  const record = front.data;
  if (typeof record.title === 'string' && record.title.trim()) {
    conference.title = record.title.trim();
    from.title = 1;
  }
  for (const field of ['slidesDownload', 'replay'] as const) {
    if (record[field] === undefined || record[field] === null) continue;
    const url = httpUrl(record[field]);
    if (url) {
      conference[field] = url;
      from[field] = 1;
    } else {
      problem(1, 'warning', `The front matter's ${field} is not an http(s) URL, so it was not imported. Write the full https:// address.`);
    }
  }
  return front.bodyLine;
}
