// Where a dated personal entry goes in a talk note, computed on the text so the editor can apply
// it as one small edit (undo works, unsaved changes around it stay).
import type { TextEdit } from './model';

export interface PersonalNoteOptions {
  /** Heading text of the section to create when none exists (follows the UI language). */
  heading: string;
  /** Every heading text that counts as the personal-notes section, whatever language wrote it. */
  knownHeadings: readonly string[];
  /** The entry's date/time label, e.g. `2026-11-25 14:03`. */
  stamp: string;
}

export interface PersonalNoteInsertion {
  edit: TextEdit;
  /** Offset in the text after the edit where the cursor should go to type the entry. */
  cursor: number;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Adds `### <stamp>` plus an empty line for typing at the end of the personal-notes section
 * (a `## ` heading whose text is one of `knownHeadings`), creating the section at the end of the
 * file when it is missing. Headings inside code fences do not count.
 */
export function personalNoteInsertion(text: string, opts: PersonalNoteOptions): PersonalNoteInsertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const known = new Set(opts.knownHeadings.map(h => h.trim().toLowerCase()));
  const lines = splitLines(text);
  let fence: string | null = null;
  let sectionStart = -1;
  let sectionEnd = -1;
  const bodyStart = frontMatterEndLine(lines);
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i].text;
    const f = FENCE.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence) continue;
    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    if (sectionStart >= 0 && h[1].length <= 2) {
      sectionEnd = i;
      break;
    }
    if (sectionStart < 0 && h[1].length === 2 && known.has(h[2].trim().toLowerCase())) sectionStart = i;
  }

  const entry = `### ${opts.stamp}${eol}${eol}`;
  if (sectionStart >= 0) {
    // Insert after the section's last non-blank line, so entries stay together.
    const end = sectionEnd >= 0 ? sectionEnd : lines.length;
    let last = end - 1;
    while (last > sectionStart && !lines[last].text.trim()) last--;
    const after = lines[last];
    const offset = after.start + after.text.length + after.eol.length;
    const needsEol = after.eol === '' ? eol : '';
    const insert = `${needsEol}${eol}${entry}`;
    const trailing = sectionEnd >= 0 ? eol : '';
    return {
      edit: { offset, length: 0, text: insert + trailing },
      cursor: offset + insert.length - eol.length,
    };
  }

  // No section yet: append one, separated from the existing text by one blank line.
  const trimmedEnd = text.replace(/(\r?\n|\s)*$/, '');
  const sep = trimmedEnd.length ? `${eol}${eol}` : '';
  const insert = `${sep}## ${opts.heading}${eol}${eol}${entry}`;
  return {
    edit: { offset: trimmedEnd.length, length: text.length - trimmedEnd.length, text: insert },
    cursor: trimmedEnd.length + insert.length - eol.length,
  };
}

interface Line {
  start: number;
  text: string;
  eol: string;
}

function splitLines(text: string): Line[] {
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
function frontMatterEndLine(lines: Line[]): number {
  if (!lines.length || lines[0].text.replace(/^\uFEFF/, '') !== '---') return 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].text === '---' || lines[i].text === '...') return i + 1;
  }
  return 0;
}
