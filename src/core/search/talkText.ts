// What of a talk's note is searched: its title, speakers and tags (with the front matter line each
// is written on) and every line of its body, numbered as in the file.
import type { Talk } from '../model';
import type { HeaderUnit, TextUnit } from './searchIndex';

/** The lines of `text` from 1-based line `first` on, with their numbers; CRLF and BOM aware. */
export function textLines(text: string, first = 1): TextUnit[] {
  const out: TextUnit[] = [];
  let line = 1;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (line >= first) {
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (stop > start) out.push({ text: text.slice(start, stop), at: line });
    }
    if (end === text.length) break;
    start = end + 1;
    line++;
  }
  return out;
}

/** 1-based lines of the top-level `keys` in the front matter (lines 2 to `bodyLine - 1`). */
function keyLines(text: string, bodyLine: number, keys: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  if (bodyLine <= 1) return found;
  let line = 1;
  let start = 0;
  while (line < bodyLine && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    for (const key of keys) {
      if (!found.has(key) && text.startsWith(key, start) && text.charCodeAt(start + key.length) === 58 /* : */) found.set(key, line);
    }
    start = end + 1;
    line++;
  }
  return found;
}

const HEADER_KEYS = ['title', 'speakers', 'tags'] as const;

/** The header units of a talk; `text` (the note's text, when it could be read) gives their lines. */
export function headerUnits(talk: Talk, text: string | null): HeaderUnit[] {
  const lines = text === null ? new Map<string, number>() : keyLines(text, talk.bodyLine, HEADER_KEYS);
  const units: HeaderUnit[] = [{ field: 'title', text: talk.title, line: lines.get('title') ?? null }];
  if (talk.speakers.length) units.push({ field: 'speakers', text: talk.speakers.join(', '), line: lines.get('speakers') ?? null });
  if (talk.tags.length) units.push({ field: 'tags', text: talk.tags.join(', '), line: lines.get('tags') ?? null });
  return units;
}

/** The body lines of a note (after its front matter). */
export function noteLines(talk: Talk, text: string): TextUnit[] {
  return textLines(text, talk.bodyLine);
}
