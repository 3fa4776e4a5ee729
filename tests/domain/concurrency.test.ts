// The one concurrency helper: never more than n calls at once, results in the items' order, the first
// error rejects and stops further starts, a limiter's permits all come back after failures.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createLimiter, forEachLimited, mapLimited } from '../../domain/concurrency.ts';

const tick = () => new Promise((r) => setImmediate(r));
const ticks = async (n: number) => {
  for (let t = 0; t < n; t++) await tick();
};

/** Counts the calls running at once. */
function gauge() {
  let running = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    async around<T>(fn: () => Promise<T>): Promise<T> {
      running++;
      peak = Math.max(peak, running);
      try {
        return await fn();
      } finally {
        running--;
      }
    },
  };
}

describe('mapLimited', () => {
  it('never runs more than n at once, uses all n, and returns results in the items\' order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), async (n, delays) => {
        const g = gauge();
        const out = await mapLimited(delays, n, (d, i) => g.around(async () => { await ticks(d); return `${i}:${d}`; }));
        expect(out).toStrictEqual(delays.map((d, i) => `${i}:${d}`));
        expect(g.peak).toBeLessThanOrEqual(n);
        expect(g.peak).toBe(Math.min(n, delays.length));
      }),
      { numRuns: 80 },
    );
  });

  it('rejects with the first error, starts nothing after it, and waits for the calls already running', async () => {
    const started: number[] = [];
    let finished = 0;
    const run = mapLimited([0, 1, 2, 3, 4, 5, 6, 7], 3, async (i) => {
      started.push(i);
      await ticks(i === 1 ? 1 : 5);
      finished++;
      if (i === 1) throw new Error('item 1 failed');
      return i;
    });
    await expect(run).rejects.toThrow('item 1 failed');
    // 0, 1, 2 start; 1 fails first; 3 was never started; 0 and 2 had finished before the rejection.
    expect(started).toStrictEqual([0, 1, 2]);
    expect(finished).toBe(3);
  });

  it('an empty list resolves at once; a limit below one is refused', async () => {
    expect(await mapLimited([], 4, async () => 1)).toStrictEqual([]);
    await expect(mapLimited([1], 0, async () => 1)).rejects.toThrow(/at least one permit, got 0/);
    await expect(forEachLimited([1], 1.5, async () => 1)).rejects.toThrow(/at least one permit, got 1.5/);
  });
});

describe('forEachLimited', () => {
  it('calls fn once for every item, at most n at once', async () => {
    const seen: number[] = [];
    const g = gauge();
    await forEachLimited([5, 4, 3, 2, 1], 2, (x) => g.around(async () => { await ticks(x); seen.push(x); }));
    expect([...seen].sort()).toStrictEqual([1, 2, 3, 4, 5]);
    expect(g.peak).toBe(2);
  });
});

describe('createLimiter', () => {
  it('runs every call, never more than its permits at once, and gets every permit back after failures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 40 }), async (permits, calls) => {
        const limit = createLimiter(permits);
        const g = gauge();
        const results = await Promise.allSettled(
          calls.map(([d, fail], i) =>
            limit(() => g.around(async () => {
              await ticks(d);
              if (fail) throw new Error(`call ${i}`);
              return i;
            })),
          ),
        );
        expect(g.peak).toBeLessThanOrEqual(permits);
        results.forEach((r, i) => expect(r).toStrictEqual(calls[i]![1] ? { status: 'rejected', reason: new Error(`call ${i}`) } : { status: 'fulfilled', value: i }));
        // The permits all came back: a full batch can still run at once afterwards.
        const after = gauge();
        await Promise.all(Array.from({ length: permits }, () => limit(() => after.around(tick))));
        expect(after.peak).toBe(permits);
      }),
      { numRuns: 60 },
    );
  });

  it('serves waiters first come, first served', async () => {
    const limit = createLimiter(1);
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c', 'd'].map((x) => limit(async () => { await tick(); order.push(x); })));
    expect(order).toStrictEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a limiter without permits', () => {
    expect(() => createLimiter(0)).toThrow(/at least one permit/);
  });
});
