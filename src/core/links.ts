// Link rules shared by the importer, the loader, the renderer and the extension: which URLs may
// leave the editor, how slide paths are normalised, and how video timestamps are written.

/** Trimmed, without angle brackets around it (`<a b.pdf>`, Markdown's way to allow spaces). */
function unbracket(raw: string): string {
  const text = raw.trim();
  return text.length >= 2 && text.charCodeAt(0) === 60 /* < */ && text.charCodeAt(text.length - 1) === 62 /* > */
    ? text.slice(1, -1).trim()
    : text;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * Whether `text` (which starts with `http://` or `https://`, any case) is a URL that the WHATWG
 * parser accepts with a non-empty host, decided without running it: the host is dot-separated
 * non-empty labels of ASCII letters, digits and `-`, none starting with `xn--` (punycode, which
 * the parser validates), the last one starting with a letter (so it is no IPv4 number), and it
 * ends the text or is followed by `/`, `?` or `#` — no port, no user info. Past the host the
 * parser only percent-encodes, it never fails. False means "ask the parser", not "invalid".
 */
function isPlainHttpUrl(text: string): boolean {
  let i = text.charCodeAt(4) === 58 /* : */ ? 7 : 8;
  let labelStart = i;
  for (;;) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (isAsciiAlnum(c) || c === 45 /* - */) {
      i++;
      continue;
    }
    if (i === labelStart) return false;
    if (
      text.charCodeAt(labelStart + 2) === 45 &&
      text.charCodeAt(labelStart + 3) === 45 &&
      i - labelStart >= 4 &&
      (text.charCodeAt(labelStart) | 0x20) === 120 &&
      (text.charCodeAt(labelStart + 1) | 0x20) === 110
    )
      return false;
    if (c !== 46 /* . */) {
      const first = text.charCodeAt(labelStart) | 0x20;
      return first >= 97 && first <= 122 && (c === -1 || c === 47 /* / */ || c === 63 /* ? */ || c === 35); /* # */
    }
    labelStart = ++i;
  }
}

/** A module constant: a regex literal in the function body would be a new object per call. */
const HTTP_SCHEME = /^https?:\/\//i;

/** Returns the URL when it is absolute http(s), else null. Whitespace around it is ignored. */
export function httpUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = unbracket(raw);
  if (!HTTP_SCHEME.test(text)) return null;
  // `new URL` per talk was a tenth of a cold load; the usual link needs no parser to be judged.
  if (isPlainHttpUrl(text)) return text;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return text;
  } catch {
    return null;
  }
}

export type SlidesPathResult = { path: string } | { error: string };

/**
 * Normalises a slides path as written by people: angle brackets, Windows backslashes, `./`
 * prefixes and percent-escapes are accepted; the result uses forward slashes and is relative to
 * the slides root. Absolute paths, URLs and paths escaping the root are refused.
 */
export function normalizeSlidesPath(raw: unknown): SlidesPathResult {
  if (typeof raw !== 'string' || !raw.trim()) return { error: 'slides must be a non-empty path to a PDF' };
  let text = unbracket(raw);
  // Markdown link targets may be percent-encoded (spaces as %20); file names never contain '%xx'
  // sequences in practice, so decoding is the reading people expect.
  if (text.includes('%') && /%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      /* keep the text as written */
    }
  }
  const control = controlCharacter(text);
  if (control) return { error: `slides path contains ${control}, which a file name cannot hold` };
  if (text.includes('\\')) text = text.replace(/\\/g, '/');
  if (text.includes(':') && /^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return { error: `slides must be a path relative to the slides folder, not "${text}"` };
  }
  if (text.startsWith('/')) return { error: `slides must be a relative path, not the absolute path "${text}"` };
  // The usual path has nothing to normalise: no empty, `.` or `..` segment.
  if (isNormalPath(text)) return { path: text };
  const parts: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return { error: `slides path "${text}" points outside the slides folder` };
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  if (!parts.length) return { error: 'slides must name a PDF file' };
  return { path: parts.join('/') };
}

/** The first C0 or C1 control character (NUL, a line break, a tab…) in `text`, described, or null. */
function controlCharacter(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || (c >= 0x7f && c <= 0x9f)) {
      return c === 0 ? 'a NUL character' : `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return null;
}

function isNormalPath(text: string): boolean {
  for (let start = 0; ;) {
    const slash = text.indexOf('/', start);
    const end = slash < 0 ? text.length : slash;
    const length = end - start;
    if (length === 0) return false;
    if (text.charCodeAt(start) === 46 /* . */ && (length === 1 || (length === 2 && text.charCodeAt(start + 1) === 46))) return false;
    if (slash < 0) return true;
    start = slash + 1;
  }
}

/** Parses `mm:ss`, `h:mm:ss` or plain seconds; null when the text is not a time. */
export function parseTimestamp(text: string): number | null {
  const m = /^\s*(?:(\d+):)?(\d{1,3}):(\d{1,2})\s*$/.exec(text) ?? /^\s*()()(\d+)\s*$/.exec(text);
  if (!m) return null;
  const [h, mm, ss] = [Number(m[1] || 0), Number(m[2] || 0), Number(m[3])];
  if (m[2] !== '' && (ss >= 60 || (m[1] !== undefined && m[1] !== '' && mm >= 60))) return null;
  return h * 3600 + mm * 60 + ss;
}

/**
 * The moment a video link points at, in seconds: its `t` parameter (in the query, or in the
 * fragment as Vimeo and some players write it) as Bilibili and YouTube write it (`90`, `90s`,
 * `1m30s`, `1h2m3s`) or as people paste it (`1:30`). Null for a link that is not http(s) or has no
 * time.
 */
export function videoMomentSeconds(target: string): number | null {
  const text = httpUrl(target);
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const t = url.searchParams.get('t') ?? new URLSearchParams(url.hash.slice(1)).get('t');
  if (!t) return null;
  const seconds = /^(\d{1,9})(?:\.\d+)?s?$/i.exec(t);
  if (seconds) return Number(seconds[1]);
  const units = /^(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,9})s)?$/i.exec(t);
  if (units && (units[1] || units[2] || units[3])) return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  return parseTimestamp(t);
}

/** Formats seconds as `m:ss` or `h:mm:ss`. */
export function formatTimestamp(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The video URL at a moment: `t=` in seconds, every other parameter (Bilibili's `p`) kept. */
export function videoUrlAt(video: string, seconds: number): string {
  const url = new URL(video);
  url.searchParams.set('t', String(Math.max(0, Math.floor(seconds))));
  return url.toString();
}

export type NoteLink =
  | { kind: 'anchor'; id: string }
  | { kind: 'external'; url: string }
  /** A file inside the notes root; `path` is relative to it with forward slashes. */
  | { kind: 'file'; path: string; page: number | null; fragment: string | null }
  | { kind: 'refused'; reason: string };

/**
 * What a link clicked in a note points at. Relative targets resolve against the note's folder
 * (`noteFile` is relative to the notes root) and may not leave the root; only http(s) URLs go out.
 */
export function classifyNoteLink(href: string, noteFile: string): NoteLink {
  const target = href
    .trim()
    .replace(/^<(.*)>$/s, '$1')
    .trim();
  if (!target) return { kind: 'refused', reason: 'empty link' };
  if (target.startsWith('#')) return { kind: 'anchor', id: safeDecode(target.slice(1)) };
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) {
    const url = httpUrl(target);
    return url
      ? { kind: 'external', url }
      : { kind: 'refused', reason: `only http(s) links open outside the editor, not "${target.split(':')[0]}:" links` };
  }
  const hash = target.indexOf('#');
  const rawPath = hash < 0 ? target : target.slice(0, hash);
  const fragment = hash < 0 ? null : target.slice(hash + 1);
  const filePath = safeDecode(rawPath.split('?')[0]).replace(/\\/g, '/');
  if (filePath.startsWith('/') || /^[a-z]:\//i.test(filePath)) {
    return { kind: 'refused', reason: `absolute paths are not opened from notes: "${filePath}"` };
  }
  const noteDir = noteFile.includes('/') ? noteFile.slice(0, noteFile.lastIndexOf('/')) : '';
  const parts = noteDir ? noteDir.split('/') : [];
  for (const part of filePath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return { kind: 'refused', reason: `"${filePath}" points outside the notes folder` };
      parts.pop();
    } else parts.push(part);
  }
  if (!parts.length) return { kind: 'refused', reason: 'the link does not name a file' };
  const page = fragment ? pageFromFragment(fragment) : null;
  return { kind: 'file', path: parts.join('/'), page, fragment };
}

/** `page=12` (also `page=12&zoom=…`, PDF open parameters) → 12. */
export function pageFromFragment(fragment: string): number | null {
  const m = /(?:^|&)page=(\d{1,6})(?:&|$)/i.exec(fragment);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The short form of a slide link: `[p.12](#slide=12)` means "page 12 of this talk's slides",
 * whatever the PDF is called and wherever it is. It is an in-page anchor to every other Markdown
 * tool (harmless on GitHub), and heading anchors never contain `=`, so it cannot clash with one.
 */
const SHORT_SLIDE_LINK = /^#slide=(\d{1,6})$/i;

/** `#slide=12` → 12; null for anything else. */
export function parseShortSlideLink(href: string): number | null {
  const m = SHORT_SLIDE_LINK.exec(
    href
      .trim()
      .replace(/^<(.*)>$/s, '$1')
      .trim(),
  );
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : null;
}

export function shortSlideLink(page: number): string {
  return `#slide=${page}`;
}
