// The reminder-collapsing rule the obligation workflow follows (pure; table and property tests).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { nextReminder } from '../../workflows/reminder-schedule.ts';

describe('nextReminder', () => {
  const r = [100, 200, 300];
  it('waits for the first future reminder', () => {
    expect(nextReminder(r, 0, 50)).toBe(0);
    expect(nextReminder(r, 1, 150)).toBe(1);
  });
  it('collapses every passed reminder into the latest one', () => {
    expect(nextReminder(r, 0, 250)).toBe(1);
    expect(nextReminder(r, 0, 300)).toBe(2);
    expect(nextReminder(r, 0, 10_000)).toBe(2);
  });
  it('returns -1 when nothing is left', () => {
    expect(nextReminder(r, 3, 0)).toBe(-1);
    expect(nextReminder([], 0, 0)).toBe(-1);
  });

  const sortedUnique = fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y));

  it('never sends a reminder twice and never more than one that is already past (property)', () => {
    fc.assert(
      fc.property(sortedUnique, fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 20 }), fc.integer({ min: 0, max: 1_000_000 }), (rs, steps, start) => {
        // Simulate a workflow woken at arbitrary (possibly late) times.
        let now = start;
        const sent: number[] = [];
        let i = nextReminder(rs, 0, now);
        for (const step of steps) {
          if (i < 0) break;
          now = Math.max(now + step, rs[i]!); // woken at or after the reminder's time
          i = nextReminder(rs, i, now);
          sent.push(i);
          i = nextReminder(rs, i + 1, now);
        }
        // strictly increasing, no repeats
        expect(sent).toStrictEqual([...new Set(sent)].sort((a, b) => a - b));
        const pastAtStart = rs.filter((t) => t <= start).length;
        // reminders already past when loaded collapse into at most one
        expect(sent.filter((k) => k < pastAtStart).length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
