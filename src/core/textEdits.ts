// Applying TextEdits to a string, as an editor applies them to a document: for writers that have
// no editor (the CLI), and for the tests.
import type { TextEdit } from './model';

/** The text after `edits`, which must not overlap; they may come in any order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const parts: string[] = [];
  let pos = 0;
  for (const edit of sorted) {
    if (edit.offset < pos) throw new Error(`overlapping edits at offset ${edit.offset}`);
    parts.push(text.slice(pos, edit.offset), edit.text);
    pos = edit.offset + edit.length;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
