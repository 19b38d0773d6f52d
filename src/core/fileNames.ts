// File and folder names derived from titles people wrote. Notes are shared between Windows, macOS
// and Linux and re-imported over time, so a name must be valid everywhere, readable, and the same
// every time it is computed from the same title.
import { isWhitespace } from './chars';

/** Default cap for a sanitised name, in UTF-16 code units (before any ` (2)` suffix). */
export const MAX_NAME_LENGTH = 80;

/**
 * UTF-8 budget for a sanitised name. Linux limits a name to 255 bytes; a CJK title at 80 code units
 * is 240 bytes, which leaves too little room for a `NN-` prefix, ` (2)` and `.md`.
 */
const MAX_NAME_BYTES = 200;

const RESERVED_WINDOWS = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

export interface SanitizeOptions {
  /** Cap in UTF-16 code units; defaults to MAX_NAME_LENGTH. */
  maxLength?: number;
  /** Used when nothing usable is left of the name. */
  fallback?: string;
}

/** Lone surrogates cannot be encoded in UTF-8 file names. */
function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}

let segmenter: Intl.Segmenter | null | undefined;

/** Grapheme clusters when ICU is available, else code points: never split a surrogate pair. */
function graphemes(text: string): string[] {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'grapheme' }) : null;
  }
  return segmenter ? Array.from(segmenter.segment(text), s => s.segment) : Array.from(text);
}

function isSpaceOrDot(c: number): boolean {
  return c === 46 /* . */ || isWhitespace(c);
}

function trimEnds(text: string): string {
  // Leading dots would hide the file on Unix (and `..` is not a name at all); Windows silently
  // drops trailing dots and spaces, which would make the name differ between systems. By hand:
  // `/[\s.]+$/` retries from every dot and space of a long run.
  let a = 0;
  let b = text.length;
  while (a < b && isSpaceOrDot(text.charCodeAt(a))) a++;
  while (b > a && isSpaceOrDot(text.charCodeAt(b - 1))) b--;
  return text.slice(a, b);
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength && utf8Length(text) <= MAX_NAME_BYTES) return text;
  let out = '';
  let bytes = 0;
  // Segmenting only a prefix keeps this linear; the cut always falls well inside it.
  for (const g of graphemes(text.slice(0, maxLength + 64))) {
    const b = utf8Length(g);
    if (out.length + g.length > maxLength || bytes + b > MAX_NAME_BYTES) break;
    out += g;
    bytes += b;
  }
  // Ending on a whole word reads better, as long as that does not throw away much of the title.
  const space = out.lastIndexOf(' ');
  if (space > 0 && out.length - space <= 15) out = out.slice(0, space);
  return out;
}

/**
 * Turns a title into one path segment that is valid on Windows, macOS and Linux: NFC, no
 * `<>:"/\|?*` or control characters, single spaces, no leading dots, no trailing dots or spaces,
 * no reserved Windows device name, at most `maxLength` code units, never empty.
 */
export function sanitizeFileName(title: string, opts: SanitizeOptions = {}): string {
  const maxLength = Math.max(8, opts.maxLength ?? MAX_NAME_LENGTH);
  const fallback = opts.fallback ?? 'untitled';
  let text = toWellFormed(typeof title === 'string' ? title : '').normalize('NFC');
  // Separators between words become spaces so `CI/CD` stays two words; the rest just go away.
  text = text.replace(/[/\\|:]/g, ' ').replace(/[<>"?*]/g, '');
  // C0/C1 controls are invalid on Windows; zero-width and bidi controls make names that look
  // identical but differ, or display reversed.
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  text = text.replace(/[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g, '');
  text = trimEnds(text.replace(/\s+/g, ' '));
  text = trimEnds(truncate(text, maxLength));
  if (!text) return fallback === '' ? 'untitled' : sanitizeFileName(fallback, { maxLength });
  // Windows reserves device names whatever the extension (`con.md` is the console too).
  const stem = text.split('.')[0].trimEnd();
  if (RESERVED_WINDOWS.test(stem)) text = text.slice(0, stem.length) + '_' + text.slice(stem.length);
  return text;
}

/** The key two names collide under on case-insensitive file systems (Windows, default macOS). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Hands out names unique within one folder, compared case-insensitively. */
export class UniqueNames {
  private readonly taken = new Set<string>();
  /** Next suffix to try per name, so a thousand talks with one title stay linear. */
  private readonly next = new Map<string, number>();

  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.taken.add(nameKey(name));
  }

  /** `stem + ext`, else `stem (2) + ext`, `stem (3) + ext`… whichever is still free. */
  take(stem: string, ext = ''): string {
    const key = nameKey(stem + ext);
    let name = stem + ext;
    let n = this.next.get(key) ?? 2;
    if (this.taken.has(nameKey(name))) {
      while (this.taken.has(nameKey((name = `${stem} (${n})${ext}`)))) n++;
      this.next.set(key, n + 1);
    }
    this.taken.add(nameKey(name));
    return name;
  }
}
