// Days typed by people: dd/mm/yyyy (and yyyy-mm-dd from older pages and the CLI) become a calendar day,
// anything else a named problem with a bilingual message; and days shown on pages carry their weekday.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { formatDay } from '../../domain/calendar.ts';
import { DAY_INPUT_PATTERN, DayInput, dayInputMessage, parseDayInput, type DayInputProblem } from '../../domain/day-input.ts';

describe('parseDayInput', () => {
  for (const [typed, day] of [
    ['05/06/2027', '2027-06-05'], // day first: 5 June, never May 6th
    ['5/6/2027', '2027-06-05'],
    [' 05/06/2027 ', '2027-06-05'],
    ['31/12/2026', '2026-12-31'],
    ['29/02/2028', '2028-02-29'], // leap year
    ['29/02/2000', '2000-02-29'], // divisible by 400
    ['2027-06-05', '2027-06-05'], // an older page's date input, the CLI
    ['01/01/1900', '1900-01-01'],
    ['31/12/2999', '2999-12-31'],
  ] as const) {
    it(`${JSON.stringify(typed)} is ${day}`, () => expect(parseDayInput(typed)).toEqual({ ok: true, day }));
  }

  for (const [typed, problem] of [
    ['', 'empty'],
    ['   ', 'empty'],
    ['31/02/2026', 'impossible'],
    ['29/02/2026', 'impossible'], // not a leap year
    ['29/02/2100', 'impossible'], // divisible by 100, not by 400
    ['31/04/2027', 'impossible'],
    ['00/06/2027', 'impossible'],
    ['05/13/2027', 'impossible'], // mm/dd typed by an English habit: month 13
    ['05/06/0205', 'impossible'], // a slip for 2025, not a day anyone reports on
    ['2026-02-31', 'impossible'],
    ['2026-13-01', 'impossible'],
    ['05/06/27', 'format'], // two-digit year: refused, not guessed
    ['05-06-2027', 'format'],
    ['05.06.2027', 'format'],
    ['2027-6-5', 'format'],
    ['2026-12-10T00:00', 'format'],
    ['005/06/2027', 'format'],
    ['ngày mai', 'format'],
    ['05/06/2027'.repeat(3), 'format'],
  ] as const) {
    it(`${JSON.stringify(typed)} is refused: ${problem}`, () => expect(parseDayInput(typed)).toEqual({ ok: false, problem }));
  }

  it('agrees with luxon on every dd/mm/yyyy from 1..31 / 1..12 / 1990..2110', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2110 }), (d, m, y) => {
        const typed = `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
        const luxon = DateTime.fromFormat(typed, 'dd/MM/yyyy', { zone: 'UTC' });
        expect(parseDayInput(typed)).toEqual(luxon.isValid ? { ok: true, day: luxon.toISODate() } : { ok: false, problem: 'impossible' });
      }),
      { numRuns: 3000 },
    );
  });

  it('every accepted dd/mm/yyyy matches the HTML pattern, and so does yyyy-mm-dd', () => {
    const pattern = new RegExp(`^(?:${DAY_INPUT_PATTERN})$`, 'v'); // browsers compile `pattern` with the v flag
    for (const s of ['05/06/2027', '5/6/2027', '2027-06-05', '31/02/2026']) expect(pattern.test(s)).toBe(true);
    for (const s of ['05-06-2027', '05/06/27', 'x05/06/2027', '05/06/2027x']) expect(pattern.test(s)).toBe(false);
  });
});

describe('dayInputMessage', () => {
  it('names what was typed in both languages, Vietnamese first', () => {
    expect(dayInputMessage('impossible', '31/02/2026')).toEqual({
      vi: 'Không có ngày 31/02/2026 trong lịch; vui lòng kiểm tra lại (ngày trước, tháng sau: dd/mm/yyyy).',
      en: 'There is no day 31/02/2026 in the calendar; please check it (day first, then month: dd/mm/yyyy).',
    });
    expect(dayInputMessage('format', 'mai')).toEqual(expect.objectContaining({ vi: expect.stringMatching(/^"mai" không phải là một ngày; .*dd\/mm\/yyyy/) }));
    expect(dayInputMessage('empty', '').en).toMatch(/Please enter the day as dd\/mm\/yyyy/);
  });

  it('cuts a long text short', () => {
    const m = dayInputMessage('format', 'x'.repeat(500));
    expect(m.vi).toContain(`"${'x'.repeat(20)}"`);
    expect(m.vi).not.toContain('x'.repeat(21));
  });
});

describe('DayInput (the route schema)', () => {
  const Body = z.object({ lastDay: DayInput });

  it('turns dd/mm/yyyy into yyyy-mm-dd', () => {
    expect(Body.parse({ lastDay: '05/06/2027' })).toEqual({ lastDay: '2027-06-05' });
    expect(Body.parse({ lastDay: '2027-06-05' })).toEqual({ lastDay: '2027-06-05' });
  });

  for (const [typed, problem] of [['31/02/2026', 'impossible'], ['soon', 'format'], ['', 'empty']] as [string, DayInputProblem][]) {
    it(`refuses ${JSON.stringify(typed)} on the field, saying why`, () => {
      const r = Body.safeParse({ lastDay: typed });
      expect(r.success).toBe(false);
      const issue = r.error!.issues[0]!;
      expect(issue.path).toEqual(['lastDay']);
      expect((issue as { params?: { dayInput?: string } }).params?.dayInput).toBe(problem);
      expect(issue.message).toBe(`${dayInputMessage(problem, typed).vi} / ${dayInputMessage(problem, typed).en}`);
    });
  }

  it('refuses what is not text', () => expect(Body.safeParse({ lastDay: 20270605 }).success).toBe(false));
});

describe('formatDay', () => {
  for (const [day, vi, en] of [
    ['2026-12-14', 'Thứ Hai, 14/12/2026', 'Monday, 14/12/2026'],
    ['2027-06-05', 'Thứ Bảy, 05/06/2027', 'Saturday, 05/06/2027'],
    ['2027-06-06', 'Chủ nhật, 06/06/2027', 'Sunday, 06/06/2027'],
    ['2028-02-29', 'Thứ Ba, 29/02/2028', 'Tuesday, 29/02/2028'],
  ] as const) {
    it(`${day} is "${vi}" / "${en}"`, () => {
      expect(formatDay(day, 'vi')).toBe(vi);
      expect(formatDay(day, 'en')).toBe(en);
      expect(formatDay(day, 'vi')).toBe(vi); // the remembered value is the same
    });
  }

  it('agrees with luxon on any day 1990-2100, whatever was shown before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const d = DateTime.fromISO('1990-01-01', { zone: 'UTC' }).plus({ days: n });
        expect(formatDay(d.toISODate()!, 'en')).toBe(d.setLocale('en').toFormat('cccc, dd/MM/yyyy'));
      }),
      { numRuns: 3000 },
    );
  });
});
