// What the schedule and library benchmarks measure with: a timer, the median, a figure for
// people, and the floor every load is set against (a raw read of the same Markdown files).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

/** Every Markdown file below `dir`, read whole with readFileSync: the floor for loading them. Returns the bytes read. */
export function rawRead(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += rawRead(p);
    else if (entry.name.endsWith('.md')) bytes += readFileSync(p).byteLength;
  }
  return bytes;
}
