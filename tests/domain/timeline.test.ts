// A cycle's timeline (domain/timeline.ts): the Civil Code shift, reminders on working days, the
// escalation in working days, and the invariants the workflows rely on.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, localDateAt, VN_ZONE } from '../../domain/calendar.ts';
import { DateTime } from 'luxon';
import { ReminderPolicySchema, type PlanCycle, type ReminderPolicy } from '../../domain/plan-schema.ts';
import { cycleTimeline } from '../../domain/timeline.ts';
import { isWorkingDay } from '../../domain/working-days.ts';

const cycle = (date: string, rule: 'before' | 'by' = 'before', opensOn?: string): PlanCycle => ({
  key: 'c',
  kind: 'annual',
  title: 'Báo cáo',
  due: { date, rule },
  opensOn,
  units: 'all',
  figures: [],
});
const policy = (p: Partial<ReminderPolicy> = {}): ReminderPolicy => ReminderPolicySchema.parse(p);
const vn = (d: Date) => DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('yyyy-MM-dd HH:mm');

describe('cycleTimeline', () => {
  it('Lạng Sơn annual "before 5/12/2016": 4/12 was a Sunday, so the last day is Monday 5/12', () => {
    const t = cycleTimeline(cycle('2016-12-05'), policy());
    expect(t.nominalLastDay).toBe('2016-12-04');
    expect(t.lastDay).toBe('2016-12-05');
    expect(vn(t.dueAt)).toBe('2016-12-06 00:00'); // 24:00 on Monday 5/12
  });

  it('without the shift (calendar.civilCodeShift: false) the last day stays as written', () => {
    const t = cycleTimeline(cycle('2016-12-05'), policy(), { civilCodeShift: false });
    expect(t.lastDay).toBe('2016-12-04');
  });

  it('counts escalationAfterDays in working days after the last day', () => {
    const t = cycleTimeline(cycle('2016-12-05'), policy({ escalationAfterDays: 5 }));
    expect(vn(t.escalationAt)).toBe('2016-12-12 08:00'); // Monday 5/12 + 5 working days
    const c = cycleTimeline(cycle('2016-12-05'), policy({ escalationAfterDays: 5, escalationDays: 'calendar' }));
    expect(vn(c.escalationAt)).toBe('2016-12-10 08:00');
  });

  it('moves reminders that fall on a day off to the working day before, and merges those that meet', () => {
    // Last day Monday 5/12/2016; 1 day before is Sunday 4/12 → Friday 2/12; 3 days before is Friday 2/12 too.
    const t = cycleTimeline(cycle('2016-12-05'), policy({ daysBefore: [7, 3, 1, 0], workingDaysOnly: true }));
    expect(t.reminders.map((r) => [vn(r.at), r.daysBefore])).toStrictEqual([
        ['2016-11-28 08:00', 7],
        ['2016-12-02 08:00', 3],
        ['2016-12-05 08:00', 0],
      ]);
    const plain = cycleTimeline(cycle('2016-12-05'), policy({ daysBefore: [7, 3, 1, 0] }));
    expect(plain.reminders.length).toBe(4);
    expect(vn(plain.reminders[2]!.at)).toBe('2016-12-04 08:00');
  });

  it('drops reminders before the cycle opens', () => {
    const t = cycleTimeline(cycle('2016-12-05', 'before', '2016-12-01'), policy({ daysBefore: [14, 7, 3, 1] }));
    expect(t.reminders.map((r) => r.daysBefore)).toStrictEqual([3, 1]);
  });

  it('repeats the escalation every escalationRepeatDays until the cycle closes', () => {
    const t = cycleTimeline(cycle('2016-12-05'), policy({ escalationAfterDays: 5, escalationRepeatDays: 5, closeAfterDays: 30 }));
    expect(t.escalationRepeatsAt!.map(vn)).toStrictEqual(['2016-12-19 08:00', '2016-12-26 08:00', '2017-01-03 08:00']);
    expect(t.escalationRepeatsAt!.every((d) => d < t.closesAt)).toBeTruthy();
  });

  it('closes after the escalation even when working days push the escalation late (Tết 2026)', () => {
    const t = cycleTimeline(cycle('2026-02-13', 'by'), policy({ escalationAfterDays: 20, closeAfterDays: 21 }));
    expect(t.closesAt.getTime()).toBeGreaterThan(t.escalationAt.getTime());
  });
});

describe('cycleTimeline: properties', () => {
  const dueDate = fc.integer({ min: 0, max: 365 * 20 }).map((n) => addDays('2011-01-01', n));
  const policies = fc.record({
    daysBefore: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }),
    at: fc.constantFrom('07:30', '08:00', '14:00'),
    workingDaysOnly: fc.boolean(),
    overdueNoticeDaysAfter: fc.integer({ min: 1, max: 5 }),
    escalationAfterDays: fc.integer({ min: 5, max: 15 }),
    escalationDays: fc.constantFrom('working' as const, 'calendar' as const),
    escalationRepeatDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    closeAfterDays: fc.integer({ min: 16, max: 60 }),
  });
  const args = fc.tuple(dueDate, fc.constantFrom('before' as const, 'by' as const), fc.integer({ min: 1, max: 60 }), policies, fc.boolean());

  it('reminders are ordered, unique, after the opening and before the deadline; on working days when required', () => {
    fc.assert(
      fc.property(args, ([date, rule, openDays, p, shift]) => {
        const t = cycleTimeline(cycle(date, rule, addDays(date, -openDays)), p, { civilCodeShift: shift });
        const times = t.reminders.map((r) => r.at.getTime());
        expect(times).toStrictEqual([...times].sort((a, b) => a - b));
        expect(new Set(times).size).toBe(times.length);
        for (const r of t.reminders) {
          expect(r.at < t.dueAt && r.at >= t.opensAt).toBeTruthy();
          expect(r.daysBefore).toBe(Math.round((Date.parse(t.lastDay) - Date.parse(localDateAt(r.at))) / 86_400_000));
          if (p.workingDaysOnly) {
            // on failure, look at: `reminder on ${localDateAt(r.at)}`
            expect(isWorkingDay(localDateAt(r.at))).toBeTruthy();
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the deadline, overdue notice, escalation and close come in order; the shifted last day is a working day', () => {
    fc.assert(
      fc.property(args, ([date, rule, openDays, p, shift]) => {
        const t = cycleTimeline(cycle(date, rule, addDays(date, -openDays)), p, { civilCodeShift: shift });
        expect(t.dueAt <= t.overdueAt && t.overdueAt <= t.escalationAt && t.escalationAt < t.closesAt).toBeTruthy();
        if (shift) expect(isWorkingDay(t.lastDay)).toBeTruthy();
        else expect(t.lastDay).toBe(t.nominalLastDay);
        if (p.escalationDays === 'working' || p.workingDaysOnly) expect(isWorkingDay(localDateAt(t.escalationAt))).toBeTruthy();
        const repeats = t.escalationRepeatsAt!.map((d) => d.getTime());
        expect(repeats).toStrictEqual([...new Set(repeats)].sort((a, b) => a - b));
        for (const r of t.escalationRepeatsAt!) expect(r > t.escalationAt && r < t.closesAt).toBeTruthy();
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(args, ([date, rule, openDays, p, shift]) => {
        const c = cycle(date, rule, addDays(date, -openDays));
        expect(cycleTimeline(c, p, { civilCodeShift: shift })).toStrictEqual(cycleTimeline(c, p, { civilCodeShift: shift }));
      }),
      { numRuns: 50 },
    );
  });
});
