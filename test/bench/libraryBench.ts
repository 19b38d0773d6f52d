// `npm run bench`, library part: a shelf of 10 FOSDEM-sized conferences (~9,000 talks), each the
// generated schedule imported under a folder of its own. The shelf is written once and kept in
// .talk-notes-cache/bench/library (gitignored), stamped with a hash of the schedule, so later runs
// only measure. Its cold load (a new NotesLibrary each time) is set beside a raw read of the same
// files and beside loading each conference alone with NotesIndex, interleaved, median of RUNS.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importOutline } from '../../src/core/importer';
import { NotesLibrary } from '../../src/core/library';
import { NotesIndex } from '../../src/core/workspace';
import { fmt, median, rawRead, time } from './measure';

const CONFERENCES = 10;
const RUNS = 5;

export interface LibraryBenchResult {
  rows: [string, string, string][];
  conferences: number;
  talks: number;
}

/** The shelf, imported now unless the cached one was made from this very schedule. */
async function shelf(repo: string, xml: string): Promise<{ dir: string; importMs: number | null }> {
  const dir = path.join(repo, '.talk-notes-cache', 'bench', 'library');
  const stamp = path.join(dir, '.stamp');
  const want = `${createHash('sha256').update(xml).digest('hex')} ${CONFERENCES}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return { dir, importMs: null };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '.schedule.xml');
  writeFileSync(file, xml);
  let importMs = 0;
  for (let i = 1; i <= CONFERENCES; i++) {
    const title = `FOSDEM ${2015 + i}`;
    importMs += await time(() => importOutline(file, path.join(dir, `fosdem-${2015 + i}`), { title }));
  }
  rmSync(file);
  writeFileSync(stamp, want);
  return { dir, importMs: importMs / CONFERENCES };
}

export async function libraryBench(repo: string, xml: string): Promise<LibraryBenchResult> {
  const { dir, importMs } = await shelf(repo, xml);
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => path.join(dir, e.name));
  const raws: number[] = [];
  const libs: number[] = [];
  const each: number[] = [];
  let talks = 0;
  let conferences = 0;
  let bytes = 0;
  // One warm-up pass of each (page cache, JIT), then the three interleaved.
  for (let r = 0; r <= RUNS; r++) {
    const raw = await time(() => {
      bytes = rawRead(dir);
    });
    const lib = await time(async () => {
      const snapshot = await new NotesLibrary([dir]).load();
      conferences = snapshot.conferences.length;
      talks = snapshot.conferences.reduce((n, c) => n + c.progress.talks, 0);
    });
    const alone = await time(async () => {
      for (const f of folders) await new NotesIndex(f).load();
    });
    if (r === 0) continue;
    raws.push(raw);
    libs.push(lib);
    each.push(alone);
  }
  const rawMs = median(raws);
  const libMs = median(libs);
  const eachMs = median(each);
  const rows: [string, string, string][] = [
    [`raw read of the shelf's notes (readFileSync, ${(bytes / 1e6).toFixed(1)} MB)`, fmt(rawMs), ''],
    [`cold load of the shelf (NotesLibrary.load, ${conferences} conferences)`, fmt(libMs), `${(libMs / rawMs).toFixed(2)}× raw read`],
    ['each conference loaded alone, one after another (NotesIndex.load)', fmt(eachMs), `${(eachMs / rawMs).toFixed(2)}× raw read`],
  ];
  if (importMs !== null) rows.unshift(['import of one conference into the shelf (written this run)', fmt(importMs), '']);
  return { rows, conferences, talks };
}
