// `npm run bench`: every core entry point on every pathological input (test/fixtures/pathological.ts),
// in ms, next to a linear anchor on the same text (one pass reading every character) as a ratio.
// The unit test only guards against hangs; these are the figures.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { anchor, ENTRY_POINTS, PATHOLOGICAL_INPUTS } from '../fixtures/pathological';

export interface PathologicalRow {
  entry: string;
  input: string;
  kb: number;
  ms: number;
  anchorMs: number;
}

async function timed(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Every entry point on every input, each in an empty scratch folder of its own. */
export async function pathologicalRows(entries = Object.keys(ENTRY_POINTS)): Promise<PathologicalRow[]> {
  const rows: PathologicalRow[] = [];
  for (const [input, make] of Object.entries(PATHOLOGICAL_INPUTS)) {
    const text = make();
    // Best of three: the first pass also compiles the loop.
    const anchorMs = Math.min(await timed(() => anchor(text)), await timed(() => anchor(text)), await timed(() => anchor(text)));
    for (const entry of entries) {
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'tn-patho-bench-'));
      try {
        const ms = await timed(() => ENTRY_POINTS[entry].run(text, scratch));
        rows.push({ entry, input, kb: text.length / 1024, ms, anchorMs });
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
  }
  return rows;
}

/** The rows as a table: one line per input, one column per entry point (ms, and × the anchor). */
export function pathologicalTable(rows: PathologicalRow[]): string[] {
  const entries = [...new Set(rows.map(r => r.entry))];
  const inputs = [...new Set(rows.map(r => r.input))];
  const cell = (r: PathologicalRow) =>
    `${r.ms < 10 ? r.ms.toFixed(1) : r.ms.toFixed(0)} ms ${(r.ms / Math.max(r.anchorMs, 0.001)).toFixed(0)}×`;
  const header = ['input', 'KB', 'anchor', ...entries];
  const body = inputs.map(input => {
    const of = rows.filter(r => r.input === input);
    return [input, of[0].kb.toFixed(0), `${of[0].anchorMs.toFixed(2)} ms`, ...entries.map(e => cell(of.find(r => r.entry === e)!))];
  });
  const slowest = entries.map(e => rows.filter(r => r.entry === e).reduce((a, b) => (b.ms > a.ms ? b : a)));
  body.push(['slowest', '', '', ...slowest.map(r => `${r.ms.toFixed(0)} ms`)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map(r => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c < 1 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
  return [line(header), line(widths.map(w => '-'.repeat(w))), ...body.map(line)];
}
