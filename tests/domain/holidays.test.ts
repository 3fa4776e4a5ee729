// Public holidays (domain/holidays.ts): the Labor Code's defaults and the announced 2026 calendar.
import { describe, expect, it } from '@jest/globals';
import { ANNOUNCED, dayOffOn, holidaysOf, holidayYear, isWorkedWeekendDay } from '../../domain/holidays.ts';
import { isWorkingDay } from '../../domain/working-days.ts';

const offDates = (year: number, holiday?: string) =>
  holidaysOf(year)
    .daysOff.filter((d) => !holiday || d.holiday === holiday)
    .map((d) => d.date);

describe('holidays: computed defaults (Labor Code 2019 art. 111-112)', () => {
  it('2016: Hùng Kings day on Saturday 16/4 gives Monday 18/4; 30/4 and 1/5 on a weekend give 2/5 and 3/5', () => {
    expect(offDates(2016, 'hung-kings')).toStrictEqual(['2016-04-16', '2016-04-18']);
    expect(offDates(2016, 'reunification')).toStrictEqual(['2016-04-30', '2016-05-02']);
    expect(offDates(2016, 'labour-day')).toStrictEqual(['2016-05-01', '2016-05-03']);
    expect(dayOffOn('2016-05-03')?.basis).toBe('compensatory');
  });

  it('2016: Tết is the last day of the old year and the first four of the new, plus a compensatory day', () => {
    // 7/2/2016 (30 Tết) was a Sunday, so Friday 12/2 is off too.
    expect(offDates(2016, 'tet')).toStrictEqual(['2016-02-07', '2016-02-08', '2016-02-09', '2016-02-10', '2016-02-11', '2016-02-12']);
  });

  it('before 2014 Tết had four days; before 2021 National Day one', () => {
    expect(offDates(2012, 'tet')).toStrictEqual(['2012-01-22', '2012-01-23', '2012-01-24', '2012-01-25', '2012-01-26']);
    expect(offDates(2016, 'national-day')).toStrictEqual(['2016-09-02']);
    expect(offDates(2020, 'national-day')).toStrictEqual(['2020-09-02']);
  });

  it('from 2021 National Day is 2/9 and the adjacent day that joins the weekend', () => {
    expect(offDates(2021, 'national-day')).toStrictEqual(['2021-09-02', '2021-09-03']); // Thursday → Friday 3/9
    expect(offDates(2022, 'national-day')).toStrictEqual(['2022-09-01', '2022-09-02']); // Friday → Thursday 1/9
    expect(offDates(2023, 'national-day')).toStrictEqual(['2023-09-01', '2023-09-02', '2023-09-04']); // Saturday → 1/9 + Monday 4/9
    expect(offDates(2024, 'national-day')).toStrictEqual(['2024-09-02', '2024-09-03']); // Monday → Tuesday 3/9
    expect(offDates(2025, 'national-day')).toStrictEqual(['2025-09-01', '2025-09-02']); // Tuesday → Monday 1/9
  });

  it('a compensatory day skips days already off (2023: 29/4 Sat, 30/4 Sun, 1/5 Mon → 2/5 and 3/5)', () => {
    expect(offDates(2023).filter((d) => d >= '2023-04-29' && d <= '2023-05-05')).toStrictEqual(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']);
  });

  it('2025 (not announced here): Tết 28/1-1/2 with Monday 3/2 for Saturday 1/2, Hùng Kings Monday 7/4', () => {
    expect(offDates(2025, 'tet')).toStrictEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-03']);
    expect(offDates(2025, 'hung-kings')).toStrictEqual(['2025-04-07']);
  });
});

describe('holidays: the announced 2026 calendar overrides the defaults', () => {
  it('ships an announcement for 2026', () => {
    expect(ANNOUNCED['2026']).toBeTruthy();
    expect(holidaysOf(2026).announced).toBe(true);
  });

  it('New Year 1-4/1 off, Saturday 10/1 worked', () => {
    expect(offDates(2026, 'new-year')).toStrictEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(isWorkingDay('2026-01-02')).toBe(false);
    expect(isWorkedWeekendDay('2026-01-10')).toBe(true);
    expect(isWorkingDay('2026-01-10')).toBe(true);
    expect(isWorkingDay('2026-01-11')).toBe(false);
  });

  it('Tết 14-22/2 off, nothing else in February', () => {
    const feb = offDates(2026).filter((d) => d.startsWith('2026-02'));
    expect(feb).toStrictEqual(['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22']);
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(true);
  });

  it('Hùng Kings day on Sunday 26/4 gives Monday 27/4; 30/4-3/5 off', () => {
    expect(isWorkingDay('2026-04-27')).toBe(false);
    for (const d of ['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']) {
      // on failure, look at: d
      expect(isWorkingDay(d)).toBe(false);
    }
    expect(isWorkingDay('2026-04-28')).toBe(true);
    expect(isWorkingDay('2026-05-04')).toBe(true);
  });

  it('a holiday the announcement leaves out keeps its computed default (National Day 2026)', () => {
    expect(offDates(2026, 'national-day')).toStrictEqual(['2026-09-01', '2026-09-02']);
    expect(dayOffOn('2026-09-02')?.basis).toBe('statutory');
  });

  it('an announcement replaces only the holidays it names', () => {
    const y = holidayYear(2016, { source: 'test', holidays: { tet: { off: [{ from: '2016-02-06', to: '2016-02-14' }] } }, workedDays: [] });
    expect(y.daysOff.filter((d) => d.holiday === 'tet').map((d) => d.date)).toStrictEqual(['2016-02-06', '2016-02-07', '2016-02-08', '2016-02-09', '2016-02-10', '2016-02-11', '2016-02-12', '2016-02-13', '2016-02-14']);
    expect(y.daysOff.some((d) => d.date === '2016-04-18' && d.basis === 'compensatory')).toBeTruthy();
  });
});
