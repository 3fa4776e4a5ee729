// The Vietnamese lunar calendar (domain/lunar.ts) against dates published by the Vietnamese government.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../../domain/calendar.ts';
import { lunarToSolar, solarToLunar, tetOf } from '../../domain/lunar.ts';

describe('lunar calendar (UTC+7)', () => {
  const tet: [number, string][] = [
    [2012, '2012-01-23'],
    [2014, '2014-01-31'],
    [2016, '2016-02-08'],
    [2020, '2020-01-25'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    // Vietnam's calendar, computed for UTC+7, differs from China's (UTC+8: 3 February) this year.
    [2030, '2030-02-02'],
  ];
  for (const [year, date] of tet) {
    it(`Tết ${year} is ${date}`, () => {
      expect(tetOf(year)).toBe(date);
      expect(solarToLunar(date)).toStrictEqual({ day: 1, month: 1, year, leap: false });
      // the day before Tết is in the old year
      expect(solarToLunar(addDays(date, -1)).year).toBe(year - 1);
    });
  }

  const hungKings: [number, string][] = [
    [2016, '2016-04-16'],
    [2023, '2023-04-29'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ];
  for (const [year, date] of hungKings) {
    it(`Hùng Kings day (10/3 lunar) ${year} is ${date}`, () => {
      expect(lunarToSolar(10, 3, year)).toBe(date);
    });
  }

  it('knows leap months: 2023 has a leap 2nd month starting 22/3', () => {
    expect(solarToLunar('2023-03-22')).toStrictEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(() => lunarToSolar(1, 5, 2023, true)).toThrow(RangeError);
  });

  it('converts every day 1950-2150 there and back', () => {
    const day = fc.integer({ min: 0, max: 73_000 }).map((n) => addDays('1950-01-01', n));
    fc.assert(
      fc.property(day, (date) => {
        const l = solarToLunar(date);
        expect(l.day >= 1 && l.day <= 30 && l.month >= 1 && l.month <= 12).toBeTruthy();
        expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });
});
