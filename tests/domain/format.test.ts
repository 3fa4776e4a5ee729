// Dates shown to people: dd/mm/yyyy and HH:mm dd/mm/yyyy in Vietnam time, whatever the server's zone.
// formatDateTime uses Intl for speed; luxon (the calendar's reference) must agree on every instant.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatDate, formatDateTime, VN_ZONE } from '../../domain/calendar.ts';

describe('date formats', () => {
  it('formatDateTime agrees with luxon in Vietnam time on any instant 1976-2100', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1976-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        expect(formatDateTime(d)).toBe(DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('HH:mm dd/MM/yyyy'));
      }),
      { numRuns: 2000 },
    );
  });

  for (const [iso, shown] of [
    ['2026-11-30T16:59:00Z', '23:59 30/11/2026'],
    ['2026-11-30T17:00:00Z', '00:00 01/12/2026'],
    ['2026-12-31T17:30:00Z', '00:30 01/01/2027'],
  ] as const) {
    it(`${iso} is ${shown}`, () => expect(formatDateTime(new Date(iso))).toBe(shown));
  }

  it('formatDate shows a day as dd/mm/yyyy', () => {
    expect(formatDate('2026-06-05')).toBe('05/06/2026');
  });
});
