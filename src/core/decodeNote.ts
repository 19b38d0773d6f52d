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

/**
 * UTF-8 text (a BOM is dropped), or an error for binary or otherwise-encoded files. `size` larger
 * than the bytes says they are the beginning of a longer file (cut, perhaps inside a character).
 */
export function decodeNote(bytes: Uint8Array, file: string, size = bytes.byteLength): DecodeResult {
  const whole = size > bytes.byteLength ? wholeCharacters(bytes) : bytes;
  const error = notUtf8(whole, file);
  return error ? { error } : { text: utf8(whole) };
}

/**
 * The bytes without an incomplete UTF-8 sequence at their end: a prefix of a longer file may be
 * cut inside a character, and the cut must not make the note look like something else than UTF-8.
 */
export function wholeCharacters(bytes: Uint8Array): Uint8Array {
  let i = bytes.byteLength;
  // Back over at most three continuation bytes to the lead byte of the last character.
  let back = 0;
  while (back < 3 && i > 0 && (bytes[i - 1] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i === 0) return bytes;
  const lead = bytes[i - 1];
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  // Complete (or not a lead byte at all: then it is for isUtf8 to judge).
  return length === 1 || back + 1 >= length ? bytes : bytes.subarray(0, i - 1);
}
