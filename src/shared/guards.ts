// Checks for values that cross the boundary between the extension host and a webview. Both sides
// treat what the other posts as untrusted (the webviews render other people's notes and PDFs), and
// both protocols validate with these, so a shape means the same thing on either side.

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A string no longer than `max` UTF-16 code units: link targets and file names never come near. */
export function isShortString(x: unknown, max: number): x is string {
  return typeof x === 'string' && x.length <= max;
}

/** A finite number in 0..1 (scroll positions). */
export function isRatio(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;
}

export function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every(s => typeof s === 'string');
}

/**
 * The `default:` of a `switch` over a validated message type: the compiler fails when a message
 * type is added without a case, so no validated message is silently dropped.
 */
export function assertNever(x: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
