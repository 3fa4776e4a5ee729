// Working days and the Civil Code 2015 art. 148 deadline rule (domain/working-days.ts).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, VN_ZONE } from '../../domain/calendar.ts';
import {
  addWorkingDays,
  civilCodeLastDay,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  workingDayOnOrBefore,
} from '../../domain/working-days.ts';

const weekdayOf = (d: string) => DateTime.fromISO(d, { zone: VN_ZONE }).weekday; // 1 = Monday .. 7 = Sunday
const anyDay = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2010-01-01', n));

describe('working days', () => {
  it('weekends and holidays are not working days', () => {
    expect(isWorkingDay('2016-12-03')).toBe(false); // Saturday
    expect(isWorkingDay('2016-12-04')).toBe(false); // Sunday
    expect(isWorkingDay('2016-12-05')).toBe(true); // Monday
    expect(isWorkingDay('2016-09-02')).toBe(false); // National Day, a Friday
    expect(isWorkingDay('2030-02-02')).toBe(false); // Tết 2030
  });

  it('next and previous working day step over weekends and Tết', () => {
    expect(nextWorkingDay('2016-12-02')).toBe('2016-12-05');
    expect(previousWorkingDay('2016-12-05')).toBe('2016-12-02');
    expect(nextWorkingDay('2026-02-13')).toBe('2026-02-23'); // the announced Tết 2026 break
    expect(previousWorkingDay('2026-02-23')).toBe('2026-02-13');
  });

  it('adds working days', () => {
    expect(addWorkingDays('2016-12-05', 0)).toBe('2016-12-05');
    expect(addWorkingDays('2016-12-05', 5)).toBe('2016-12-12'); // Monday + 5 working days = next Monday
    expect(addWorkingDays('2016-04-28', 2)).toBe('2016-05-04'); // over 30/4, 1/5 and their compensatory days
    expect(() => addWorkingDays('2016-12-05', -1)).toThrow(RangeError);
  });

  it('property: addWorkingDays lands on a working day with exactly n working days in between', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 30 }), (d, n) => {
        const end = addWorkingDays(d, n);
        expect(isWorkingDay(end)).toBeTruthy();
        let count = 0;
        for (let x = addDays(d, 1); x <= end; x = addDays(x, 1)) if (isWorkingDay(x)) count++;
        expect(count).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

describe('Civil Code 2015 art. 148: a last day on a day off moves to the next working day', () => {
  // [plan, "before"/"on" date as written, last day as written, weekday, last day after the shift]
  const seeds: [string, string, string, number, string][] = [
    ['Vĩnh Long 2014, 6-month: before 30/5', '2014-05-30', '2014-05-29', 4, '2014-05-29'],
    ['Vĩnh Long 2014, annual: before 30/11', '2014-11-30', '2014-11-29', 6, '2014-12-01'],
    ['Lạng Sơn 2016, 6-month: before 5/6', '2016-06-05', '2016-06-04', 6, '2016-06-06'],
    ['Lạng Sơn 2016, annual: before 5/12', '2016-12-05', '2016-12-04', 7, '2016-12-05'],
    ['Nghệ An 2020, 6-month: on 30/6', '2020-06-30', '2020-06-30', 2, '2020-06-30'],
    ['Nghệ An 2020, annual: on 30/11', '2020-11-30', '2020-11-30', 1, '2020-11-30'],
    ['Quảng Ninh 2012, 6-month: before 10/6', '2012-06-10', '2012-06-09', 6, '2012-06-11'],
    ['Quảng Ninh 2012, annual: before 10/12', '2012-12-10', '2012-12-09', 7, '2012-12-10'],
    ['Quảng Ninh 2013, 6-month: before 10/6', '2013-06-10', '2013-06-09', 7, '2013-06-10'],
    ['Thanh Hóa 2012, 6-month: before 5/6', '2012-06-05', '2012-06-04', 1, '2012-06-04'],
    ['Thanh Hóa 2012, annual: before 5/12', '2012-12-05', '2012-12-04', 2, '2012-12-04'],
    ['a deadline in the 2026 Tết break', '2026-02-16', '2026-02-16', 1, '2026-02-23'],
    ['a deadline on the worked Saturday 10/1/2026', '2026-01-10', '2026-01-10', 6, '2026-01-10'],
  ];
  for (const [label, , lastDay, dow, shifted] of seeds) {
    it(`${label}: ${lastDay} → ${shifted}`, () => {
      // weekday of the written last day
      expect(weekdayOf(lastDay)).toBe(dow);
      expect(civilCodeLastDay(lastDay)).toBe(shifted);
    });
  }

  it('property: the shifted day is the first working day on or after the last day', () => {
    fc.assert(
      fc.property(anyDay, (d) => {
        const s = civilCodeLastDay(d);
        expect(s >= d).toBe(true); // ISO dates compare as strings
        expect(isWorkingDay(s)).toBeTruthy();
        for (let x = d; x < s; x = addDays(x, 1)) {
          // on failure, look at: `${x} is skipped`
          expect(isWorkingDay(x)).toBe(false);
        }
        if (isWorkingDay(d)) expect(s).toBe(d);
      }),
      { numRuns: 500 },
    );
  });

  it('property: shifting twice changes nothing', () => {
    fc.assert(
      fc.property(anyDay, (d) => {
        expect(civilCodeLastDay(civilCodeLastDay(d))).toBe(civilCodeLastDay(d));
        expect(workingDayOnOrBefore(workingDayOnOrBefore(d))).toBe(workingDayOnOrBefore(d));
      }),
      { numRuns: 500 },
    );
  });

  it('property: a working day is never a weekend day unless announced as worked', () => {
    fc.assert(
      fc.property(anyDay, (d) => {
        if (isWorkingDay(d) && weekdayOf(d) >= 6) expect(d).toBe('2026-01-10');
      }),
      { numRuns: 1000 },
    );
  });
});
