// The one status vocabulary (domain/statuses.ts) and its zod schemas (domain/status-schema.ts).
import { describe, expect, it } from '@jest/globals';
import { ANSWERED_STATUSES, CYCLE_STATUSES, DONDOC_STATUSES, OBLIGATION_STATUSES, PENDING_STATUSES, STATUS_LABELS } from '../../domain/statuses.ts';
import { cycleStatusOf, dondocStatusOf, obligationStatusOf, obligationStatusSchema } from '../../domain/status-schema.ts';

describe('the status vocabulary', () => {
  it('DondocStatus is every obligation status plus the closed cycle, each once', () => {
    expect([...DONDOC_STATUSES].sort()).toStrictEqual([...new Set([...OBLIGATION_STATUSES, ...CYCLE_STATUSES])].sort());
    expect(DONDOC_STATUSES).not.toContain('submitted'); // the old search attribute word, never in the database
  });

  it('pending and answered statuses do not overlap, and every status has both labels', () => {
    expect(PENDING_STATUSES.filter((s) => ANSWERED_STATUSES.includes(s))).toStrictEqual([]);
    for (const s of OBLIGATION_STATUSES) expect(STATUS_LABELS[s].vi && STATUS_LABELS[s].en).toBeTruthy();
  });

  it.each(OBLIGATION_STATUSES)('reads the stored obligation status %s', (s) => expect(obligationStatusOf(s)).toBe(s));

  it.each([['submitted'], ['Overdue'], [''], ['closed']])('refuses %j as an obligation status', (s) => {
    expect(obligationStatusSchema.safeParse(s).success).toBe(false);
    expect(() => obligationStatusOf(s)).toThrow();
  });

  it('reads cycle statuses and search attribute values', () => {
    expect(CYCLE_STATUSES.map(cycleStatusOf)).toStrictEqual(['open', 'closed']);
    expect(() => cycleStatusOf('missing')).toThrow();
    expect(dondocStatusOf('closed')).toBe('closed');
    expect(dondocStatusOf('submitted_late')).toBe('submitted_late');
    expect(() => dondocStatusOf('submitted')).toThrow();
  });
});
