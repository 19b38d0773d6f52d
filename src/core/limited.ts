// Running async work with a bounded number in flight: over many items (reads, listings, stats;
// enough to keep the disk busy, few enough for file descriptor limits), or one task at a time.

/** Runs tasks one after another in the order given; a failing task does not stop later ones. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** Calls `run(i)` for every i below `count`, at most `limit` calls in flight. */
async function pool(count: number, limit: number, run: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await run(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  return pool(items.length, limit, i => fn(items[i]));
}

/** `fn` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  await pool(items.length, limit, async i => {
    out[i] = await fn(items[i]);
  });
  return out;
}
