// How much of a note the notes view shows: all of it, or its beginning with a notice, so that one
// update stays bounded however large or markup-dense the note is.

/**
 * Beyond this the view shows the beginning only. Rendering runs in a worker, so the extension host
 * stays free whatever the size; this bounds how long the view itself takes (hostile Markdown of
 * this size renders in up to ~3 s).
 */
export const MAX_RENDERED_CHARS = 500_000;

/**
 * HTML beyond this is rendered again from a shorter beginning: posting 3.4 MB of HTML (70,000
 * links) held the extension host ~70 ms in VS Code's message serialization, and laying it out holds
 * the page for seconds.
 */
export const MAX_HTML_CHARS = 1_000_000;

export interface Limits {
  maxChars: number;
  maxHtml: number;
}

export interface Bounded<R extends { html: string }> {
  rendered: R;
  /** Lines the notice added before the body (0 when the whole note is shown). */
  shift: number;
}

/**
 * Renders `body`, or a beginning of it after `notice` (Markdown ending in a blank line), such that
 * at most `maxChars` of the body are rendered and, when the result would exceed `maxHtml`, a
 * beginning short enough for it (one more render, proportionally shorter).
 */
export async function renderBeginning<R extends { html: string }>(
  body: string,
  notice: string,
  render: (markdown: string) => Promise<R>,
  limits: Limits = { maxChars: MAX_RENDERED_CHARS, maxHtml: MAX_HTML_CHARS },
): Promise<Bounded<R>> {
  const noticeLines = notice.split('\n').length - 1;
  const beginning = (chars: number) =>
    chars < body.length ? { markdown: notice + body.slice(0, chars), shift: noticeLines } : { markdown: body, shift: 0 };
  let shown = beginning(limits.maxChars);
  let rendered = await render(shown.markdown);
  if (rendered.html.length > limits.maxHtml) {
    const chars = Math.floor((Math.min(body.length, limits.maxChars) * limits.maxHtml * 0.9) / rendered.html.length);
    shown = beginning(chars);
    rendered = await render(shown.markdown);
  }
  return { rendered, shift: shown.shift };
}
