// Where a dated personal entry goes in a talk note, computed on the text so the editor can apply
// it as one small edit (undo works, unsaved changes around it stay).
import type { TextEdit } from './model';
import { appendPoint, findSection } from './textLines';

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

/**
 * Adds `### <stamp>` plus an empty line for typing at the end of the personal-notes section
 * (a `## ` heading whose text is one of `knownHeadings`), creating the section at the end of the
 * file when it is missing. Headings inside code fences do not count.
 */
export function personalNoteInsertion(text: string, opts: PersonalNoteOptions): PersonalNoteInsertion {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { lines, start: sectionStart, end } = findSection(text, opts.knownHeadings);
  const hasNext = end < lines.length;

  const entry = `### ${opts.stamp}${eol}${eol}`;
  if (sectionStart >= 0) {
    // Insert after the section's last non-blank line, so entries stay together.
    let last = end - 1;
    while (last > sectionStart && !lines[last].text.trim()) last--;
    const after = lines[last];
    const offset = after.start + after.text.length + after.eol.length;
    const needsEol = after.eol === '' ? eol : '';
    const insert = `${needsEol}${eol}${entry}`;
    const trailing = hasNext ? eol : '';
    return {
      edit: { offset, length: 0, text: insert + trailing },
      cursor: offset + insert.length - eol.length,
    };
  }

  // No section yet: append one, separated from the existing text by one blank line.
  const { offset, separator } = appendPoint(text, eol);
  const insert = `${separator}## ${opts.heading}${eol}${eol}${entry}`;
  return {
    edit: { offset, length: text.length - offset, text: insert },
    cursor: offset + insert.length - eol.length,
  };
}
