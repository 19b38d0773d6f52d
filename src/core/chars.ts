// Character classes for hand-written scanners (which replace regexes that backtrack on user text).

/** Whether the UTF-16 unit is whitespace as a regex's `\s` means it. */
export function isWhitespace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Whether the character at `i` is backslash-escaped: an odd number of backslashes right before
 * it (`\\[` is a backslash, then a bracket). Each run of backslashes is counted for the one
 * character after it only, so a scan asking this at every position stays linear.
 */
export function isEscaped(text: string, i: number): boolean {
  let k = i;
  while (k > 0 && text.charCodeAt(k - 1) === 92 /* \ */) k--;
  return (i - k) % 2 === 1;
}
