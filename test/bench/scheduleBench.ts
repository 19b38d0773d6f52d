// `npm run bench`, schedule part: importing the generated FOSDEM-sized schedule.xml (about 900
// talks in 60 tracks), then loading what was written, side by side with a plain read of the same
// files; then a library of 10 such conferences (libraryBench.ts). Figures for people, never a
// failed build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importOutline } from '../../src/core/importer';
import { readImportSource } from '../../src/core/schedules/importSource';
import { NotesIndex } from '../../src/core/workspace';
import { fosdemSizedSchedule } from '../fixtures/schedules/fosdemSized';
import { libraryBench } from './libraryBench';
import { fmt, median, rawRead, time } from './measure';

const RUNS = 5;

function printTable(rows: [string, string, string][]): void {
  const w = [0, 1, 2].map(c => Math.max(...rows.map(row => row[c].length), ['measure', 'figure', 'ratio'][c].length));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(w[c]))
      .join('  ')
      .trimEnd();
  console.log(line(['measure', 'figure', 'ratio']));
  console.log(line(w.map(n => '-'.repeat(n))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const { xml, talks, tracks } = fosdemSizedSchedule();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tn-schedule-bench-'));
  try {
    const file = path.join(dir, 'schedule.xml');
    writeFileSync(file, xml);
    const parse: number[] = [];
    const imports: number[] = [];
    const loads: number[] = [];
    const raws: number[] = [];
    let written = 0;
    let bytes = 0;
    // One warm-up of each, then the contenders interleaved so the machine's drift hits all.
    await readImportSource(xml, 'schedule.xml');
    for (let r = 0; r <= RUNS; r++) {
      const out = path.join(dir, `notes-${r}`);
      const p = await time(() => readImportSource(xml, 'schedule.xml'));
      const i = await time(async () => {
        written = (await importOutline(file, out, {})).written.length;
      });
      const raw = await time(() => {
        bytes = rawRead(out);
      });
      const load = await time(() => new NotesIndex(out).load());
      if (r === 0) continue;
      parse.push(p);
      imports.push(i);
      raws.push(raw);
      loads.push(load);
    }
    const rawMs = median(raws);
    const loadMs = median(loads);
    console.log(
      `\nSchedule import: generated FOSDEM-sized schedule.xml, ${talks} talks in ${tracks} tracks, ${(xml.length / 1e6).toFixed(1)} MB; ${RUNS} runs each, median\n`,
    );
    const rows: [string, string, string][] = [
      ['read schedule.xml into an outline (parse, convert abstracts)', fmt(median(parse)), ''],
      [
        `import into a new folder (${written} files written)`,
        fmt(median(imports)),
        `${((median(imports) / talks) * 1000).toFixed(0)} µs per talk`,
      ],
      [`raw read of the written notes (readFileSync, ${(bytes / 1e6).toFixed(2)} MB)`, fmt(rawMs), ''],
      ['cold load of the written notes (NotesIndex.load)', fmt(loadMs), `${(loadMs / rawMs).toFixed(2)}× raw read`],
    ];
    printTable(rows);
    const library = await libraryBench(path.resolve(__dirname, '..'), xml);
    console.log(
      `\nLibrary: a shelf of ${library.conferences} FOSDEM-sized conferences, ${library.talks} talks (kept in .talk-notes-cache/bench/library); ${RUNS} runs each, median\n`,
    );
    printTable(library.rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(err => {
  console.error(err);
  process.exitCode = 0;
});
