// The preview's events (domain/preview.ts): per cycle and per owing unit, in time order, within range.
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { parsePlan } from '../../domain/plan-file.ts';
import { cycleEvents, planPreview, unitEvents } from '../../domain/preview.ts';
import { cycleTimeline } from '../../domain/timeline.ts';

const plan = (() => {
  const r = parsePlan(
    stringify({
      version: 1,
      id: 'p',
      province: 'Tỉnh',
      title: 'Kế hoạch',
      standingOffice: { name: 'Sở', email: 'o@t.dondoc.invalid' },
      standingCommittee: [{ name: 'TB', role: 'head', email: 'h@t.dondoc.invalid' }],
      units: [
        { code: 'a', name: 'A', kind: 'department', focalPersons: [{ name: 'x', email: 'a@t.dondoc.invalid' }] },
        { code: 'b', name: 'B', kind: 'district', closesOn: '2016-07-01', focalPersons: [{ name: 'y', email: 'b@t.dondoc.invalid' }] },
      ],
      cycles: [
        { key: 'h1', kind: 'semiannual', title: 'H1', due: { date: '2016-06-05', rule: 'before' } },
        { key: 'y', kind: 'annual', title: 'Y', due: { date: '2016-12-05', rule: 'before' } },
      ],
      reminders: { daysBefore: [3, 1], workingDaysOnly: false, escalationRepeatDays: 10 },
    }),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.plan;
})();

describe('preview', () => {
  it('lists reminders, due, overdue and escalations (with repeats) in time order', () => {
    const events = cycleEvents(cycleTimeline(plan.cycles[1]!, plan.reminders, plan.calendar));
    expect(events.map((e) => e.kind)).toStrictEqual(['reminder', 'reminder', 'due', 'overdue', 'escalation', 'escalation']);
    // Escalation on 12/12/2016, repeated 10 working days later (26/12); the next (10/1/2017) is after the close (4/1).
    expect(events.filter((e) => e.kind === 'escalation').map((e) => [e.repeat, e.at.toISOString()])).toStrictEqual([
      [0, '2016-12-12T01:00:00.000Z'],
      [1, '2016-12-26T01:00:00.000Z'],
    ]);
  });

  it('multiplies the events by the units that owe each cycle (a closed unit drops out)', () => {
    const previews = planPreview(plan);
    expect(previews.map((p) => p.units.map((u) => u.code))).toStrictEqual([['a', 'b'], ['a']]);
    const rows = unitEvents(previews);
    expect(rows.length).toBe(previews[0]!.events.length * 2 + previews[1]!.events.length);
    const times = rows.map((r) => r.at.getTime());
    expect(times).toStrictEqual([...times].sort((x, y) => x - y));
  });

  it('keeps only the events whose Vietnam date is in range', () => {
    const previews = planPreview(plan, { from: '2016-06-01', to: '2016-06-07' });
    expect(previews[1]!.events.length).toBe(0);
    // "before 5/6/2016": last day Saturday 4/6 → Monday 6/6; the deadline passes at 00:00 on 7/6.
    expect(previews[0]!.events.map((e) => e.kind)).toStrictEqual(['reminder', 'reminder', 'due', 'overdue']);
  });
});

describe('preview of the default working-day calendar', () => {
  it('names the reminders that met on one working day (Tết 2026: 7, 3 and 1 days before, all sent on Friday 13/2)', () => {
    const r = parsePlan(
      stringify({
        version: 1,
        id: 'tet',
        province: 'Tỉnh',
        title: 'Kế hoạch',
        standingOffice: { name: 'Sở', email: 'o@t.dondoc.invalid' },
        standingCommittee: [{ name: 'TB', role: 'head', email: 'h@t.dondoc.invalid' }],
        units: [{ code: 'a', name: 'A', kind: 'department', focalPersons: [{ name: 'x', email: 'a@t.dondoc.invalid' }] }],
        cycles: [{ key: 'q1', kind: 'quarterly', title: 'Q1', due: { date: '2026-02-23', rule: 'by' } }],
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const reminders = planPreview(r.plan)[0]!.events.filter((e) => e.kind === 'reminder');
    expect(reminders.map((e) => [e.at.toISOString(), e.daysBefore, e.asked])).toStrictEqual([['2026-02-13T01:00:00.000Z', 10, [7, 3, 1]]]);
  });
});
