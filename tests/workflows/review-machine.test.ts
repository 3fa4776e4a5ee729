// The office's review of a version in the obligation's decisions (workflows/obligation-machine.ts),
// without Temporal: when a return or an acceptance is refused (a table), what a return changes (the
// version no longer counts, the new schedule, the notice first, "returned" until overdue or answered),
// and the wait after the receipt.
import { describe, expect, it } from '@jest/globals';
import * as m from '../../workflows/obligation-machine.ts';
import type { ReturnForRevision, SubmissionReceived } from '../../workflows/messages.ts';

const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
// reminders at 10h, 20h, 30h; due 40h; overdue notice 50h; closes 100h
const INPUT = { obligationId: 'p/c/u', remindersAt: [10, 20, 30].map((h) => iso(T0 + h * H)), dueAt: iso(T0 + 40 * H), overdueAt: iso(T0 + 50 * H), closesAt: iso(T0 + 100 * H) };
const at = (h: number) => T0 + h * H;
const report = (id: string, h: number, onTime = true): SubmissionReceived => ({ submissionId: id, receivedAt: iso(at(h)), onTime, kind: 'report' });
const back = (submissionId: string, dueH: number, remindersH: number[] = [], overdueH = dueH + 5): ReturnForRevision => ({
  submissionId,
  lastDay: '2026-03-04',
  dueAt: iso(at(dueH)),
  remindersAt: remindersH.map((h) => iso(at(h))),
  overdueAt: iso(at(overdueH)),
  reason: 'Thiếu phụ lục số liệu',
  by: 'office@x',
});

/** Received v1 at 35h, all reminders sent. */
function submitted(change: (o: m.Obligation) => void = () => {}): m.Obligation {
  const o = m.initialObligation(INPUT);
  o.nextIndex = 3;
  o.remindersSent = [10, 20, 30].map((h) => iso(at(h)));
  m.receive(o, report('v1', 35));
  change(o);
  return o;
}

describe('when the office may not review', () => {
  const table: [string, m.Obligation, ReturnForRevision, number, string | undefined][] = [
    ['a received version, a day to come: allowed', submitted(), back('v1', 60), 45, undefined],
    ['a later version of the unit than the one held: allowed', submitted(), back('v2', 60), 45, undefined],
    ['nothing received yet', m.initialObligation(INPUT), back('v1', 60), 45, 'there is no submitted report to review'],
    ['already accepted', submitted((o) => m.accept(o, 'v1')), back('v1', 60), 45, 'the report was already accepted'],
    ['this version was returned already', submitted((o) => { m.applyReturn(o, back('v1', 60), at(45)); m.receive(o, report('v2', 50)); }), back('v1', 70), 55, 'this version was already returned'],
    ['exempted', submitted((o) => m.exemptUnit(o)), back('v1', 60), 45, 'exempted or the cycle is closed'],
    ['the cycle closed', submitted(), back('v1', 120), 100, 'exempted or the cycle is closed'],
    ['a new day already past', submitted(), back('v1', 44), 45, 'the new last day must be today or later'],
    ['a new day at or after the close', submitted(), back('v1', 100), 45, 'the new last day must come before the cycle closes'],
  ];
  it.each(table)('%s', (_name, o, x, hour, refusal) => {
    expect(m.returnRefusal(o, x, at(hour))?.[1]).toBe(refusal);
    // every refusal is bilingual, Vietnamese first
    if (refusal) expect(m.returnRefusal(o, x, at(hour))![0]).toMatch(/[ạảãáàăâđêôơưệộ]/i);
  });

  it('acceptance is refused for what refuses a review, not for the day', () => {
    expect(m.reviewRefusal(submitted(), 'v1', at(45))).toBeUndefined();
    expect(m.reviewRefusal(m.initialObligation(INPUT), 'v1', at(45))?.[1]).toBe('there is no submitted report to review');
    expect(m.reviewRefusal(submitted((o) => m.accept(o, 'v1')), 'v1', at(45))?.[1]).toBe('the report was already accepted');
  });
});

describe('a return for revision', () => {
  it('sets the version aside, moves to the new schedule skipping what is past, and tells the unit first', () => {
    const o = submitted();
    const seen = o.changed;
    m.applyReturn(o, back('v1', 70, [42, 60]), at(45));
    expect(o.submission).toBeUndefined();
    expect(o.returned).toStrictEqual(['v1']);
    expect(o.changed).toBe(seen + 1);
    expect(m.finished(o, at(45))).toBe(false);
    expect(m.statusOf(o, at(45))).toBe('returned');
    // the notice before anything else, then the reminder at 60h (42h was past), then the new deadline
    expect(m.nextStep(o, at(45))).toStrictEqual({ kind: 'return-notice', submissionId: 'v1' });
    m.beginStep(o, m.nextStep(o, at(45)));
    expect(m.nextStep(o, at(45))).toStrictEqual({ kind: 'wait', until: at(60) });
    expect(m.nextStep(o, at(60))).toStrictEqual({ kind: 'remind', index: 1, at: at(60) });
    expect(m.nextStep(o, at(70))).toStrictEqual({ kind: 'mark-overdue' });
    m.overdueMarked(o);
    expect(m.statusOf(o, at(71))).toBe('overdue');
    expect(m.nextStep(o, at(75))).toStrictEqual({ kind: 'overdue-notice', at: at(75) });
  });

  it('a redelivery of the returned version is not a new report; the next version is, with its own time', () => {
    const o = submitted();
    m.applyReturn(o, back('v1', 70), at(45));
    m.receive(o, report('v1', 35));
    expect(o.submission).toBeUndefined();
    m.receive(o, report('v2', 50, false));
    expect(o.submission?.submissionId).toBe('v2');
    expect(m.statusOf(o, at(50))).toBe('submitted_late');
    expect(m.stateOf(o, at(50))).toMatchObject({ submissionId: 'v2', returned: ['v1'], status: 'submitted_late' });
  });

  it('the notice still goes when the unit answers again before it went out', () => {
    const o = submitted();
    m.applyReturn(o, back('v1', 70), at(45));
    m.receive(o, report('v2', 45));
    expect(m.finished(o, at(45))).toBe(true);
    expect(m.loopDone(o, at(45))).toBe(false);
    expect(m.nextStep(o, at(45))).toStrictEqual({ kind: 'return-notice', submissionId: 'v1' });
    m.beginStep(o, m.nextStep(o, at(45)));
    expect(m.loopDone(o, at(45))).toBe(true);
  });

  it('reviewing a later version sets the held one aside too', () => {
    const o = submitted();
    m.applyReturn(o, back('v2', 70), at(45));
    expect(o.returned).toStrictEqual(['v1', 'v2']);
    m.receive(o, report('v1', 35));
    m.receive(o, report('v2', 40));
    expect(o.submission).toBeUndefined();
  });

  it('an extension after a return says "extended"; a cycle closing without a new version says "missing"', () => {
    const o = submitted();
    m.applyReturn(o, back('v1', 60), at(45));
    m.applyExtension(o, { ...back('v1', 80), lastDay: '2026-03-05' }, at(46));
    expect(m.statusOf(o, at(46))).toBe('extended');
    expect(m.statusOf(o, at(100))).toBe('missing');
  });
});

describe('the wait after the receipt', () => {
  it('ends on acceptance (nothing more is due) or on a return (a new version is owed), not before', () => {
    const o = submitted();
    expect(m.reviewEnded(o)).toBe(false);
    m.accept(o, 'v1');
    expect(m.reviewEnded(o)).toBe(true);
    expect(m.stateOf(o, at(45))).toMatchObject({ accepted: 'v1', status: 'submitted_on_time' });
    const r = submitted();
    m.applyReturn(r, back('v1', 60), at(45));
    expect(m.reviewEnded(r)).toBe(true);
  });

  it('without a return the loop ends exactly when it always did', () => {
    const o = m.initialObligation(INPUT);
    for (const h of [0, 39, 99, 100]) expect(m.loopDone(o, at(h))).toBe(m.finished(o, at(h)));
    m.receive(o, report('v1', 5));
    expect(m.loopDone(o, at(5))).toBe(true);
    expect(m.stateOf(o, at(5))).not.toHaveProperty('returned');
  });
});
