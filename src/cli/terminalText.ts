// Text from notes (titles, file names, messages quoting front matter) reaches the terminal through
// the CLI's human-readable output. A terminal obeys what it is sent: ESC [ 2 J clears the screen,
// ESC ] 0 ; … BEL retitles the window, a carriage return lets the rest of a line overwrite a
// warning, the C1 byte pair C2 9B is a CSI on UTF-8 terminals, and bidi overrides display text in
// another order than it is stored. Every line the CLI prints for people goes through here; the
// JSON output needs none of it (JSON escaping already makes it exact and inert).

/**
 * C0 controls (tab and line breaks included: a title must not start a line of its own), DEL, C1
 * controls, the Unicode line and paragraph separators, and the bidi controls (embeddings,
 * overrides, isolates and the implicit marks).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One line as the terminal may see it: every control character written out visibly (`\x1b`, `\u202e`). */
export function terminalSafe(line: string): string {
  return line.replace(UNSAFE, escapeOne);
}
