// A note's bytes as text: UTF-8 (a BOM dropped), or a message saying why not and what to do.
import { isUtf8 } from 'node:buffer';

export type DecodeResult = { text: string } | { error: string };

export function notUtf8(bytes: Uint8Array, file: string): string | null {
  if (bytes.indexOf(0) >= 0) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    return `${name} is not UTF-8 text (it contains NUL bytes, so it looks like a binary file); save it as UTF-8 Markdown or move it out of the notes folder`;
  }
  // Same verdict as TextDecoder('utf-8', { fatal: true }), but validating without building the
  // string lets a talk decode only its front matter (UTF-16 conversion of CJK text dominates).
  if (!isUtf8(bytes)) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    return `${name} is not UTF-8 text; re-save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) — other encodings such as GBK cannot be read`;
  }
  return null;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function utf8(bytes: Uint8Array): string {
  const text = asBuffer(bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-8 text (a BOM is dropped), or an error for binary or otherwise-encoded files. */
export function decodeNote(bytes: Uint8Array, file: string): DecodeResult {
  const error = notUtf8(bytes, file);
  return error ? { error } : { text: utf8(bytes) };
}
