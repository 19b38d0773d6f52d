// Downloads one remote image for Keep Images Offline, with the limits a tool fetching URLs that
// other people wrote needs: http(s) only, redirects followed a few times and only to http(s), a
// timeout while the server says nothing, a deadline for the whole download, a size cap (checked
// against Content-Length first, then while reading), and a body that really is an image.
import { errorText } from '../errors';
import { httpUrl } from '../links';
import { isSvg, sniffImage, type ImageType } from './imageTypes';

export interface DownloadLimits {
  /** Give up when the server sends nothing for this long (connecting, headers, each chunk). */
  idleTimeoutMs: number;
  /** Give up when the whole download takes longer than this (a server trickling bytes). */
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: DownloadLimits = {
  idleTimeoutMs: 20_000,
  totalTimeoutMs: 120_000,
  maxBytes: 20 * 1024 * 1024,
  maxRedirects: 5,
};

/** Why an image was not kept offline; `describeFailure` says it in English, the extension in the UI language. */
export type ImageFailure =
  | { kind: 'status'; status: number }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'tooLarge'; limitMb: number }
  | { kind: 'notImage'; contentType: string }
  | { kind: 'svg' }
  | { kind: 'tooManyRedirects'; count: number }
  | { kind: 'redirectScheme'; target: string }
  | { kind: 'network'; reason: string }
  | { kind: 'cancelled' }
  /** markdown-it shows the image, but where it is written could not be told apart (so it cannot be rewritten). */
  | { kind: 'unplaced' }
  | { kind: 'write'; reason: string }
  /** The images folder beside the note is a link leading out of the notes folder. */
  | { kind: 'outside'; folder: string };

export type Download = { ok: true; bytes: Uint8Array; type: ImageType } | { ok: false; failure: ImageFailure };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp;q=0.9,image/*;q=0.5';

/** The cause Node's fetch gives for a failed connection (`ECONNREFUSED`, `ENOTFOUND`…), else its message. */
function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return errorText(err);
}

/** An AbortController that also fires when the server is idle too long or the deadline passes. */
class Watchdog {
  readonly controller = new AbortController();
  private why: 'idle' | 'deadline' | 'cancelled' | null = null;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly deadline: ReturnType<typeof setTimeout>;
  private readonly onCancel = () => this.stop('cancelled');

  constructor(
    private readonly limits: DownloadLimits,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.deadline = setTimeout(() => this.stop('deadline'), limits.totalTimeoutMs);
    signal?.addEventListener('abort', this.onCancel);
    if (signal?.aborted) this.stop('cancelled');
    this.alive();
  }

  /** The server just said something: the idle timer starts again. */
  alive(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop('idle'), this.limits.idleTimeoutMs);
  }

  private stop(why: 'idle' | 'deadline' | 'cancelled'): void {
    this.why ??= why;
    this.controller.abort();
  }

  /** What an abort meant, or null when the error is the network's own. */
  failure(): ImageFailure | null {
    if (this.why === 'cancelled') return { kind: 'cancelled' };
    if (this.why === 'idle') return { kind: 'timeout', seconds: Math.round(this.limits.idleTimeoutMs / 100) / 10 };
    if (this.why === 'deadline') return { kind: 'timeout', seconds: Math.round(this.limits.totalTimeoutMs / 100) / 10 };
    return null;
  }

  dispose(): void {
    clearTimeout(this.idle);
    clearTimeout(this.deadline);
    this.signal?.removeEventListener('abort', this.onCancel);
  }
}

/** Downloads `url` (http or https) within `limits`; never throws. */
export async function downloadImage(url: string, limits: DownloadLimits = DEFAULT_LIMITS, signal?: AbortSignal): Promise<Download> {
  const watchdog = new Watchdog(limits, signal);
  try {
    return await follow(url, limits, watchdog);
  } catch (err) {
    return { ok: false, failure: watchdog.failure() ?? { kind: 'network', reason: networkReason(err) } };
  } finally {
    watchdog.dispose();
  }
}

async function follow(url: string, limits: DownloadLimits, watchdog: Watchdog): Promise<Download> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current, {
      redirect: 'manual',
      signal: watchdog.controller.signal,
      headers: { accept: ACCEPT },
    });
    watchdog.alive();
    if (REDIRECTS.has(response.status) && response.headers.has('location')) {
      await response.body?.cancel().catch(() => undefined);
      let next: string;
      try {
        next = new URL(response.headers.get('location') ?? '', current).href;
      } catch {
        return { ok: false, failure: { kind: 'status', status: response.status } };
      }
      if (!/^https?:/i.test(next) || !httpUrl(next)) return { ok: false, failure: { kind: 'redirectScheme', target: next } };
      if (redirects >= limits.maxRedirects) return { ok: false, failure: { kind: 'tooManyRedirects', count: redirects + 1 } };
      current = next;
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, failure: { kind: 'status', status: response.status } };
    }
    return read(response, limits, watchdog);
  }
}

async function read(response: Response, limits: DownloadLimits, watchdog: Watchdog): Promise<Download> {
  const tooLarge: Download = { ok: false, failure: { kind: 'tooLarge', limitMb: Math.round((limits.maxBytes / 1024 / 1024) * 10) / 10 } };
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return tooLarge;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    watchdog.alive();
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limits.maxBytes) {
      await reader?.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(chunk.value);
  }
  const bytes = Buffer.concat(chunks, size);
  const contentType = response.headers.get('content-type') ?? '';
  if (isSvg(bytes, contentType)) return { ok: false, failure: { kind: 'svg' } };
  const type = sniffImage(bytes);
  if (!type) return { ok: false, failure: { kind: 'notImage', contentType: contentType.split(';')[0].trim() } };
  return { ok: true, bytes, type };
}

/** The reason in English, for the CLI and the log. */
export function describeFailure(failure: ImageFailure): string {
  switch (failure.kind) {
    case 'status':
      return failure.status === 404 || failure.status === 410
        ? `the server says it is gone (HTTP ${failure.status}); the link is kept as it is`
        : `the server answered HTTP ${failure.status}; try again later`;
    case 'timeout':
      return `no answer within ${failure.seconds} s; try again later (or with a longer --timeout)`;
    case 'tooLarge':
      return `larger than ${failure.limitMb} MB, the limit for one image`;
    case 'notImage':
      return `not an image (${failure.contentType ? `the server sent ${failure.contentType}` : 'unknown content'}); only PNG, JPEG, GIF and WebP images are kept`;
    case 'svg':
      return 'an SVG image: SVG can carry scripts, so it is not downloaded; save it as PNG to keep it offline';
    case 'tooManyRedirects':
      return `redirected more than ${failure.count - 1} times`;
    case 'redirectScheme':
      return `redirected to ${failure.target}, which is not an http(s) address`;
    case 'network':
      return `could not connect (${failure.reason}); check the address and your connection`;
    case 'cancelled':
      return 'cancelled';
    case 'unplaced':
      return 'the image could not be located in the text (a reference inside a quote or list?); edit its link by hand';
    case 'write':
      return `could not save the file (${failure.reason}); check that the note's folder is writable`;
    case 'outside':
      return `${failure.folder} is a link to a folder outside the notes folder, so nothing is saved there; remove the link`;
  }
}
