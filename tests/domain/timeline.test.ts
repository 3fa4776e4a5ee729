// A cycle's timeline (domain/timeline.ts): the Civil Code shift, emails on working days by default
// (and the plan's opt-out), the escalation in working days, and the invariants the workflows rely on.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, localDateAt, VN_ZONE } from '../../domain/calendar.ts';
import { DateTime } from 'luxon';
import { ReminderPolicySchema, type PlanCycle, type ReminderPolicy } from '../../domain/plan-schema.ts';
import { cycleTimeline, plannedReminders } from '../../domain/timeline.ts';
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
    const c = cycleTimeline(cycle('2016-12-05'), policy({ escalationAfterDays: 5, escalationDays: 'calendar', workingDaysOnly: false }));
    expect(vn(c.escalationAt)).toBe('2016-12-10 08:00');
    // By default the email waits for the working day after: Saturday 10/12 → Monday 12/12.
    const d = cycleTimeline(cycle('2016-12-05'), policy({ escalationAfterDays: 5, escalationDays: 'calendar' }));
    expect(vn(d.escalationAt)).toBe('2016-12-12 08:00');
  });

  it('moves reminders that fall on a day off to the working day before, and merges those that meet', () => {
    // Last day Monday 5/12/2016; 1 day before is Sunday 4/12 → Friday 2/12; 3 days before is Friday 2/12 too.
    const t = cycleTimeline(cycle('2016-12-05'), policy({ daysBefore: [7, 3, 1, 0], workingDaysOnly: true }));
    expect(t.reminders.map((r) => [vn(r.at), r.daysBefore])).toStrictEqual([
        ['2016-11-28 08:00', 7],
        ['2016-12-02 08:00', 3],
        ['2016-12-05 08:00', 0],
      ]);
    const plain = cycleTimeline(cycle('2016-12-05'), policy({ daysBefore: [7, 3, 1, 0], workingDaysOnly: false }));
    expect(plain.reminders.length).toBe(4);
    expect(vn(plain.reminders[2]!.at)).toBe('2016-12-04 08:00');
  });

  it('drops reminders before the cycle opens', () => {
    const t = cycleTimeline(cycle('2016-12-05', 'before', '2016-12-01'), policy({ daysBefore: [14, 7, 3, 1], workingDaysOnly: false }));
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

describe('cycleTimeline: emails on working days by default', () => {
  const defaults = () => policy(); // the plan says nothing about working days
  // [cycle, due rule, reminders asked, expected reminders (Vietnam time, days before), overdue, escalation, close]
  const table: [string, string, 'before' | 'by', number[], [string, number][], string, string, string][] = [
    // Tết 2026 is off from Sat 14/2 to Sun 22/2: the reminders 7, 3 and 1 days before Mon 23/2 all fall
    // in it, so all three move to Fri 13/2 and are sent once.
    ['due just after Tết 2026', '2026-02-23', 'by', [7, 3, 1], [['2026-02-13 08:00', 10]], '2026-02-24 08:00', '2026-03-02 08:00', '2026-03-25 08:00'],
    // Last day Fri 2/12/2016: the overdue notice (1 day after) would be Sat 3/12 → Mon 5/12; the close,
    // 30 days after, would be Sun 1/1/2017 → Tue 3/1 (Mon 2/1 is New Year's compensatory day off).
    ['last day on a Friday', '2016-12-02', 'by', [7, 3, 1], [['2016-11-25 08:00', 7], ['2016-11-29 08:00', 3], ['2016-12-01 08:00', 1]], '2016-12-05 08:00', '2016-12-09 08:00', '2017-01-03 08:00'],
    // Last day Mon 5/12/2016: 1 day before is Sun 4/12 → Fri 2/12, where the 3-day reminder already is.
    ['reminders meeting on a Friday', '2016-12-06', 'before', [7, 3, 1], [['2016-11-28 08:00', 7], ['2016-12-02 08:00', 3]], '2016-12-06 08:00', '2016-12-12 08:00', '2017-01-04 08:00'],
  ];
  it.each(table)('%s: %s %s', (_name, date, rule, daysBefore, reminders, overdue, escalation, close) => {
    const t = cycleTimeline(cycle(date, rule, '2015-01-01'), policy({ daysBefore }));
    expect(t.reminders.map((r) => [vn(r.at), r.daysBefore])).toStrictEqual(reminders);
    expect([vn(t.overdueAt), vn(t.escalationAt), vn(t.closesAt)]).toStrictEqual([overdue, escalation, close]);
    expect(defaults().workingDaysOnly).toBe(true);
  });

  it('a plan opts out with workingDaysOnly: false: emails on the calendar days asked, weekends and Tết included', () => {
    const t = cycleTimeline(cycle('2026-02-23', 'by', '2026-01-01'), policy({ daysBefore: [7, 3, 1], workingDaysOnly: false, escalationDays: 'calendar' }), { civilCodeShift: false });
    expect(t.reminders.map((r) => vn(r.at))).toStrictEqual(['2026-02-16 08:00', '2026-02-20 08:00', '2026-02-22 08:00']);
    const friday = cycleTimeline(cycle('2016-12-02', 'by', '2016-11-01'), policy({ workingDaysOnly: false, escalationDays: 'calendar' }), { civilCodeShift: false });
    expect([vn(friday.overdueAt), vn(friday.escalationAt), vn(friday.closesAt)]).toStrictEqual(['2016-12-03 08:00', '2016-12-07 08:00', '2017-01-01 08:00']);
  });

  it('plannedReminders says which asked reminders share a day (the preview names them)', () => {
    expect(plannedReminders('2026-02-23', policy({ daysBefore: [7, 3, 1] }))).toStrictEqual([
      { asked: 7, day: '2026-02-13' },
      { asked: 3, day: '2026-02-13' },
      { asked: 1, day: '2026-02-13' },
    ]);
    expect(plannedReminders('2026-02-23', policy({ daysBefore: [7, 3, 1], workingDaysOnly: false })).map((p) => p.day)).toStrictEqual(['2026-02-16', '2026-02-20', '2026-02-22']);
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
        if (p.workingDaysOnly) for (const at of [t.overdueAt, t.closesAt, ...t.escalationRepeatsAt!]) expect(isWorkingDay(localDateAt(at))).toBeTruthy();
        const repeats = t.escalationRepeatsAt!.map((d) => d.getTime());
        expect(repeats).toStrictEqual([...new Set(repeats)].sort((a, b) => a - b));
        for (const r of t.escalationRepeatsAt!) expect(r > t.escalationAt && r < t.closesAt).toBeTruthy();
      }),
      { numRuns: 300 },
    );
  });

  it('by default every email goes out on a working day at the plan\'s hour; reminders stay before the deadline', () => {
    const defaults = fc.record({
      daysBefore: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }),
      at: fc.constantFrom('07:30', '08:00', '14:00'),
      escalationRepeatDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      escalationDays: fc.constantFrom('working' as const, 'calendar' as const),
    });
    fc.assert(
      fc.property(dueDate, fc.constantFrom('before' as const, 'by' as const), fc.integer({ min: 1, max: 60 }), defaults, fc.boolean(), (date, rule, openDays, d, shift) => {
        const p = policy(d); // workingDaysOnly left to its default
        const c = cycle(date, rule, addDays(date, -openDays));
        const t = cycleTimeline(c, p, { civilCodeShift: shift });
        const emails = [...t.reminders.map((r) => r.at), t.overdueAt, t.escalationAt, ...t.escalationRepeatsAt!, t.closesAt];
        for (const at of emails) {
          // on failure, look at: `email on ${vn(at)}`
          expect(isWorkingDay(localDateAt(at))).toBeTruthy();
          expect(vn(at).slice(11)).toBe(p.at);
        }
        for (const r of t.reminders) expect(r.at < t.dueAt).toBeTruthy();
        // Every asked reminder that can still go out (its day is in the cycle) is one of the reminders sent:
        // reminders that meet are merged, never lost.
        const sentDays = new Set(t.reminders.map((r) => localDateAt(r.at)));
        const opensOn = localDateAt(t.opensAt);
        for (const planned of plannedReminders(t.lastDay, p)) {
          if (planned.day >= opensOn) expect(sentDays.has(planned.day)).toBeTruthy();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('opted out (workingDaysOnly: false, no shift, calendar days): every instant is the exact calendar offset asked', () => {
    fc.assert(
      fc.property(dueDate, fc.integer({ min: 41, max: 60 }), fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }), (date, openDays, daysBefore) => {
        const p = policy({ daysBefore, workingDaysOnly: false, escalationDays: 'calendar', overdueNoticeDaysAfter: 1, escalationAfterDays: 5, closeAfterDays: 30 });
        const t = cycleTimeline(cycle(date, 'by', addDays(date, -openDays)), p, { civilCodeShift: false });
        expect(t.lastDay).toBe(date);
        expect(t.reminders.map((r) => vn(r.at))).toStrictEqual([...daysBefore].sort((a, b) => b - a).map((d) => `${addDays(date, -d)} 08:00`));
        expect([vn(t.overdueAt), vn(t.escalationAt), vn(t.closesAt)]).toStrictEqual([`${addDays(date, 1)} 08:00`, `${addDays(date, 5)} 08:00`, `${addDays(date, 30)} 08:00`]);
      }),
      { numRuns: 200 },
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
