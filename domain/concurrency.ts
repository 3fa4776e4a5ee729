// Bounded concurrency, written once: the fan-out's workflow starts, the cycle-wide extension's signals,
// the mail gate's permits and the benchmark's starts all go through here. No I/O of its own.
// Why not p-limit: it is in node_modules only as a dependency of jest (3.1.0, CommonJS), not of dondoc,
// and adding a package for thirty lines was not worth a new supply-chain entry; p-limit also keeps
// handing out work after a failure, where the callers here want to stop at the first error.

/** Runs `fn` once a permit is free; at most `n` such calls run at any moment. */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

function checkLimit(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`a concurrency limit needs at least one permit, got ${n}`);
}

/**
 * A semaphore for calls that arrive over time (several activities sharing one mail gate). A finishing
 * call hands its permit straight to the first waiter, so a newcomer can never overtake the queue.
 */
export function createLimiter(n: number): Limiter {
  checkLimit(n);
  let free = n;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/**
 * Applies `fn` to every item, at most `n` at once, and returns the results in the items' order. After
 * the first failure no further item is started; the calls already running are awaited (nothing keeps
 * running behind the caller's back) and the first error is thrown.
 */
export async function mapLimited<T, R>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  checkLimit(n);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}

/** `mapLimited` for calls whose results are not needed. */
export async function forEachLimited<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  await mapLimited(items, n, fn);
}
