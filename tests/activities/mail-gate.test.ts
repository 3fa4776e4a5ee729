// The mail gate: never more than its permits at once, every caller served, a failure frees its permit.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createMailGate } from '../../activities/mail-gate.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('mail gate', () => {
  it('runs every call, never more than its permits at once, failures included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 40 }), async (permits, calls) => {
        const gate = createMailGate(permits);
        let running = 0;
        let peak = 0;
        const results = await Promise.allSettled(
          calls.map(([ticks, fail], i) =>
            gate.run(async () => {
              running++;
              peak = Math.max(peak, running);
              for (let t = 0; t < ticks; t++) await tick();
              running--;
              if (fail) throw new Error(`call ${i}`);
              return i;
            }),
          ),
        );
        // on failure, look at: `peak ${peak} > ${permits}`
        expect(peak).toBeLessThanOrEqual(permits);
        results.forEach((r, i) => expect(r.status).toBe(calls[i]![1] ? 'rejected' : 'fulfilled'));
        // The permits all came back: a full batch can still run at once afterwards.
        let concurrent = 0;
        let most = 0;
        await Promise.all(Array.from({ length: permits }, () => gate.run(async () => { concurrent++; most = Math.max(most, concurrent); await tick(); concurrent--; })));
        expect(most).toBe(permits);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a gate without permits', () => {
    expect(() => createMailGate(0)).toThrow(/at least one permit/);
  });
});
