// No input can make the core slow: every entry point on every pathological input, each entry point
// in a worker that is terminated when one input takes longer than the guard, failing the test
// with the entry point and the input. (Timings are `npm run bench`'s; this only catches hangs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ENTRY_POINTS, PATHOLOGICAL_INPUTS } from '../fixtures/pathological';

/** Generous: linear work on these inputs takes milliseconds, quadratic work minutes. */
const GUARD_MS = 10_000;

type Message = { start: string } | { done: string } | { error: string; input: string };

const INPUT_NAMES = Object.keys(PATHOLOGICAL_INPUTS);

async function runInWorker({ entry, from }: { entry: string; from: number }): Promise<void> {
  const point = ENTRY_POINTS[entry];
  for (const name of INPUT_NAMES.slice(from)) {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'tn-patho-'));
    parentPort!.postMessage({ start: name } satisfies Message);
    try {
      await point.run(PATHOLOGICAL_INPUTS[name](), scratch);
      parentPort!.postMessage({ done: name } satisfies Message);
    } catch (err) {
      parentPort!.postMessage({ error: String(err), input: name } satisfies Message);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

/**
 * Runs one entry point over the inputs from `from` on in a worker. Resolves with the input that
 * hung (the worker is then terminated) or null, and collects the inputs that threw.
 */
function runGuarded(entry: string, from: number, errors: string[]): Promise<string | null> {
  return new Promise(resolve => {
    const worker = new Worker(__filename, { workerData: { entry, from } });
    let timer: NodeJS.Timeout | undefined;
    let current = '';
    let hung: string | null = null;
    worker.on('message', (m: Message) => {
      clearTimeout(timer);
      if ('start' in m) {
        current = m.start;
        timer = setTimeout(() => {
          hung = current;
          void worker.terminate();
        }, GUARD_MS);
      } else if ('error' in m) errors.push(`threw on "${m.input}": ${m.error}`);
    });
    worker.on('error', err => errors.push(`worker failed on "${current}": ${String(err)}`));
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve(hung);
    });
  });
}

/** Every input of the entry point, a fresh worker after each hang; the failures, by input. */
async function failures(entry: string): Promise<string[]> {
  const errors: string[] = [];
  for (let from = 0; from < INPUT_NAMES.length;) {
    const hung = await runGuarded(entry, from, errors);
    if (hung === null) break;
    errors.push(`did not finish "${hung}" within ${GUARD_MS / 1000} s`);
    from = INPUT_NAMES.indexOf(hung) + 1;
  }
  return errors;
}

if (!isMainThread) {
  void runInWorker(workerData as { entry: string; from: number }).then(() => process.exit(0));
} else {
  for (const entry of Object.keys(ENTRY_POINTS)) {
    test(`${entry}: finishes every pathological input within the guard`, async () => {
      assert.deepEqual(await failures(entry), [], entry);
    });
  }
}
