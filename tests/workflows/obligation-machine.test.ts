// The obligation workflow's decisions without Temporal (workflows/obligation-machine.ts): what is due
// next at each moment (a table), what each message changes, the status in the database's words, and
// properties of whole runs driven by a simulated clock with random schedules, reports and office actions.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import * as m from '../../workflows/obligation-machine.ts';
import type { ExtendDeadline } from '../../workflows/messages.ts';
import { OBLIGATION_STATUSES, type ObligationStatus } from '../../domain/statuses.ts';

const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
// reminders at 10h, 20h, 30h; due 40h; overdue notice 50h; closes 100h
const INPUT = { obligationId: 'p/c/u', remindersAt: [10, 20, 30].map((h) => iso(T0 + h * H)), dueAt: iso(T0 + 40 * H), overdueAt: iso(T0 + 50 * H), closesAt: iso(T0 + 100 * H) };
const at = (h: number) => T0 + h * H;

function obligation(change: (o: m.Obligation) => void = () => {}): m.Obligation {
  const o = m.initialObligation(INPUT);
  change(o);
  return o;
}

const extension = (dueH: number, remindersH: number[] = [], overdueH = dueH + 10): ExtendDeadline => ({
  lastDay: '2026-03-05',
  dueAt: iso(at(dueH)),
  remindersAt: remindersH.map((h) => iso(at(h))),
  overdueAt: iso(at(overdueH)),
  reason: 'test',
  by: 'office',
});

describe('what is due next', () => {
  const table: [string, (o: m.Obligation) => void, number, m.Step][] = [
    ['before the first reminder: wait for it', () => {}, 5, { kind: 'wait', until: at(10) }],
    ['at a reminder: send it', () => {}, 10, { kind: 'remind', index: 0, at: at(10) }],
    ['reminders missed while down collapse into the latest', () => {}, 25, { kind: 'remind', index: 1, at: at(20) }],
    ['all missed: only the last one', () => {}, 39, { kind: 'remind', index: 2, at: at(30) }],
    ['reminders done: wait for the deadline', (o) => (o.nextIndex = 3), 31, { kind: 'wait', until: at(40) }],
    ['a resend comes before everything', (o) => o.resends.push('r1'), 5, { kind: 'resend' }],
    ['deadline passed: mark overdue', (o) => (o.nextIndex = 3), 40, { kind: 'mark-overdue' }],
    ['a reminder left at the deadline is not sent', () => {}, 41, { kind: 'mark-overdue' }],
    ['overdue: wait for the notice', (o) => ((o.nextIndex = 3), (o.markedOverdue = true)), 45, { kind: 'wait', until: at(50) }],
    ['notice due: send it', (o) => ((o.nextIndex = 3), (o.markedOverdue = true)), 50, { kind: 'overdue-notice', at: at(50) }],
    ['notice sent: wait for the close', (o) => ((o.markedOverdue = true), (o.noticeSent = true)), 60, { kind: 'wait', until: at(100) }],
    ['submitted: finished', (o) => (o.submission = { submissionId: 's', receivedAt: iso(at(1)), onTime: true }), 10, { kind: 'finished' }],
    ['exempted: finished', (o) => (o.exempted = true), 10, { kind: 'finished' }],
    ['closed: finished', () => {}, 100, { kind: 'finished' }],
  ];
  it.each(table)('%s', (_name, setup, hour, step) => {
    expect(m.nextStep(obligation(setup), at(hour))).toStrictEqual(step);
  });

  it('never waits past the close', () => {
    const o = m.initialObligation({ ...INPUT, overdueAt: iso(at(150)) });
    o.nextIndex = 3;
    o.markedOverdue = true;
    expect(m.nextStep(o, at(60))).toStrictEqual({ kind: 'wait', until: at(100) });
  });

  it('beginning a step marks it under way (a message during its activity sees it done)', () => {
    const o = obligation((x) => x.resends.push('r1', 'r2'));
    m.beginStep(o, { kind: 'resend' });
    expect(o.resends).toStrictEqual(['r2']);
    m.beginStep(o, { kind: 'remind', index: 1, at: at(20) });
    expect(o.nextIndex).toBe(2);
    m.beginStep(o, { kind: 'overdue-notice', at: at(50) });
    expect(o.noticeSent).toBe(true);
  });
});

describe('the status, in the database words', () => {
  const table: [string, (o: m.Obligation) => void, number, string][] = [
    ['nothing sent yet', () => {}, 5, 'open'],
    ['a reminder went out', (o) => m.reminderSent(o, at(10)), 11, 'reminded'],
    ['marked overdue', (o) => m.overdueMarked(o), 41, 'overdue'],
    ['extended, even after a reminder of the new schedule', (o) => (m.applyExtension(o, extension(60, [55]), at(41)), m.reminderSent(o, at(55))), 56, 'extended'],
    ['a report on time', (o) => m.receive(o, { submissionId: 's', receivedAt: iso(at(1)), onTime: true }), 5, 'submitted_on_time'],
    ['a late report', (o) => m.receive(o, { submissionId: 's', receivedAt: iso(at(45)), onTime: false, kind: 'report' }), 45, 'submitted_late'],
    ['nothing to report', (o) => m.receive(o, { submissionId: 's', receivedAt: iso(at(1)), onTime: true, kind: 'nothing' }), 5, 'nothing_to_report'],
    ['exempted', (o) => m.exemptUnit(o), 5, 'exempted'],
    ['closed without a report', (o) => m.overdueMarked(o), 100, 'missing'],
    ['a report wins over the close', (o) => m.receive(o, { submissionId: 's', receivedAt: iso(at(99)), onTime: false }), 100, 'submitted_late'],
  ];
  it.each(table)('%s: %s', (_name, setup, hour, status) => {
    const o = obligation(setup);
    expect(m.statusOf(o, at(hour))).toBe(status);
    expect(m.stateOf(o, at(hour)).status).toBe(status);
  });

  it('before the vocabulary patch shows no "extended" and no "missing"', () => {
    const o = obligation((x) => m.applyExtension(x, extension(60), at(41)));
    expect(m.legacyShownStatus(o)).toBe('open');
    m.overdueMarked(o);
    expect(m.legacyShownStatus(o)).toBe('overdue');
  });
});

describe('messages', () => {
  it('keeps the first submission: a second delivery changes nothing', () => {
    const o = obligation();
    m.receive(o, { submissionId: 'a', receivedAt: iso(at(1)), onTime: true });
    m.receive(o, { submissionId: 'b', receivedAt: iso(at(2)), onTime: true });
    expect(m.stateOf(o, at(3))).toMatchObject({ submissionId: 'a', receivedAt: iso(at(1)), onTime: true });
  });

  const refusals: [string, (o: m.Obligation) => void, ExtendDeadline, number, string | undefined][] = [
    ['a later deadline before the close', () => {}, extension(60), 41, undefined],
    ['the same deadline', () => {}, extension(40), 30, 'the new deadline must be later than the current one'],
    ['an earlier deadline', () => {}, extension(35), 30, 'the new deadline must be later than the current one'],
    ['at the close', () => {}, extension(100), 30, 'the new deadline must come before the cycle closes'],
    ['after a report', (o) => m.receive(o, { submissionId: 's', receivedAt: iso(at(1)), onTime: true }), extension(60), 30, 'already submitted, exempted or closed'],
    ['after the close', () => {}, extension(60), 100, 'already submitted, exempted or closed'],
  ];
  it.each(refusals)('extension: %s', (_name, setup, x, hour, why) => {
    expect(m.extensionRefusal(obligation(setup), x, at(hour))?.[1]).toBe(why);
  });

  it('an extension skips the new reminders already past, and reopens the overdue steps', () => {
    const o = obligation((x) => ((x.nextIndex = 3), m.overdueMarked(x), (x.noticeSent = true)));
    m.applyExtension(o, extension(70, [40, 50, 60]), at(55));
    expect({ nextIndex: o.nextIndex, markedOverdue: o.markedOverdue, noticeSent: o.noticeSent, changed: o.changed }).toStrictEqual({ nextIndex: 2, markedOverdue: false, noticeSent: false, changed: 1 });
    expect(m.nextStep(o, at(55))).toStrictEqual({ kind: 'wait', until: at(60) });
  });

  it('a resend request ID is accepted once', () => {
    const o = obligation();
    expect([m.requestResend(o, 'r1'), m.requestResend(o, 'r1'), m.requestResend(o, 'r2')]).toStrictEqual([true, false, true]);
    expect({ resends: o.resends, changed: o.changed }).toStrictEqual({ resends: ['r1', 'r2'], changed: 2 });
  });

  it('office actions are refused once nothing is owed', () => {
    expect(m.actionRefusal(obligation(), at(5))).toBe(undefined);
    expect(m.actionRefusal(obligation(m.exemptUnit), at(5))?.[1]).toBe('already submitted, exempted or closed');
    expect(m.actionRefusal(obligation(), at(100))?.[1]).toBe('already submitted, exempted or closed');
  });
});

// Whole runs: the workflow's loop, with activities that always succeed, a clock that jumps to each wake-up
// (or to a message arriving first), and a worker that may be down for a while (the clock jumps further).
type Event = { at: number; kind: 'report' | 'exempt' | 'resend' | 'extend'; days: number };

interface Run {
  sent: { at: number; sentAt: number }[]; // reminders: scheduled instant and when it went out
  marks: number[];
  notices: number[];
  final: m.Obligation;
  end: number;
  steps: number;
}

function simulate(input: typeof INPUT, events: Event[], downtime: number): Run {
  const o = m.initialObligation(input);
  const pending = [...events].sort((a, b) => a.at - b.at);
  const run: Run = { sent: [], marks: [], notices: [], final: o, end: 0, steps: 0 };
  let now = Date.parse('2026-02-28T00:00:00.000Z');
  const deliver = (upTo: number) => {
    while (pending.length > 0 && pending[0]!.at <= upTo) {
      const e = pending.shift()!;
      if (m.finished(o, Math.max(now, e.at))) continue;
      if (e.kind === 'report') m.receive(o, { submissionId: `s${e.at}`, receivedAt: iso(e.at), onTime: e.at < o.schedule.dueAt });
      if (e.kind === 'exempt') m.exemptUnit(o);
      if (e.kind === 'resend') m.requestResend(o, `r${e.at}`);
      if (e.kind === 'extend') {
        const due = o.schedule.dueAt + e.days * 24 * H;
        const x: ExtendDeadline = { lastDay: '2026-03-09', dueAt: iso(due), remindersAt: [iso(due - 3 * 24 * H), iso(due - 24 * H)], overdueAt: iso(due + 24 * H), reason: 'r', by: 'o' };
        if (!m.extensionRefusal(o, x, e.at)) m.applyExtension(o, x, e.at);
      }
    }
  };
  while (!m.finished(o, now)) {
    if (++run.steps > 1000) throw new Error('no end');
    const step = m.nextStep(o, now);
    m.beginStep(o, step);
    if (step.kind === 'wait') {
      expect(step.until).toBeGreaterThan(now); // every wait moves time forward
      const next = pending[0]?.at;
      now = next !== undefined && next < step.until ? Math.max(now, next) : step.until + downtime;
      deliver(now);
      continue;
    }
    if (step.kind === 'remind' || step.kind === 'resend') {
      const scheduled = step.kind === 'remind' ? step.at : now;
      run.sent.push({ at: scheduled, sentAt: now });
      m.reminderSent(o, scheduled);
    } else if (step.kind === 'mark-overdue') {
      run.marks.push(now);
      m.overdueMarked(o);
    } else if (step.kind === 'overdue-notice') run.notices.push(now);
    deliver(now);
  }
  run.end = now;
  return run;
}

const hours = (from: number, to: number) => fc.integer({ min: from, max: to }).map((h) => at(h));
const schedule = fc
  .record({ reminders: fc.uniqueArray(fc.integer({ min: 1, max: 39 }), { maxLength: 4 }), due: fc.integer({ min: 40, max: 60 }), notice: fc.integer({ min: 0, max: 30 }) })
  .map(({ reminders, due, notice }) => ({ ...INPUT, remindersAt: reminders.sort((a, b) => a - b).map((h) => iso(at(h))), dueAt: iso(at(due)), overdueAt: iso(at(due + notice)), closesAt: iso(at(due + notice + 40)) }));
const event = fc.record({ at: hours(0, 140), kind: fc.constantFrom('report', 'exempt', 'resend', 'extend') as fc.Arbitrary<Event['kind']>, days: fc.integer({ min: 1, max: 3 }) });

describe('whole runs (properties)', () => {
  it('ends, each scheduled reminder at most once and never early, no reminder at or after the deadline', () => {
    fc.assert(
      fc.property(schedule, fc.array(event.filter((e) => e.kind === 'report' || e.kind === 'exempt'), { maxLength: 2 }), fc.constantFrom(0, 5 * H, 30 * H), (input, events, downtime) => {
        const run = simulate(input, events, downtime);
        const scheduled = input.remindersAt.map(Date.parse);
        const instants = run.sent.map((s) => s.at);
        expect(new Set(instants).size).toBe(instants.length);
        expect(instants).toStrictEqual([...instants].sort((a, b) => a - b));
        for (const s of run.sent) {
          expect(scheduled).toContain(s.at);
          expect(s.sentAt).toBeGreaterThanOrEqual(s.at);
          expect(s.sentAt).toBeLessThan(Date.parse(input.dueAt));
        }
      }),
    );
  });

  it('with no downtime every reminder goes out at its instant; downtime collapses missed ones into one', () => {
    fc.assert(
      fc.property(schedule, fc.constantFrom(0, 50 * H), (input, downtime) => {
        const run = simulate(input, [], downtime);
        const scheduled = input.remindersAt.map(Date.parse);
        if (downtime === 0) expect(run.sent).toStrictEqual(scheduled.map((t) => ({ at: t, sentAt: t })));
        // a worker that wakes after the whole reminder span sends the latest reminder, if still before the deadline
        else expect(run.sent.map((s) => s.at)).toStrictEqual(run.sent.length ? [scheduled.at(-1)] : []);
      }),
    );
  });

  it('marks overdue and sends one notice per deadline, never before it, only when nothing was answered', () => {
    fc.assert(
      fc.property(schedule, fc.array(event, { maxLength: 4 }), fc.constantFrom(0, 5 * H), (input, events, downtime) => {
        const run = simulate(input, events, downtime);
        const extensions = events.filter((e) => e.kind === 'extend').length;
        expect(run.marks.length).toBeLessThanOrEqual(1 + extensions);
        expect(run.notices.length).toBeLessThanOrEqual(run.marks.length);
        for (const t of run.marks) expect(t).toBeGreaterThanOrEqual(Date.parse(input.dueAt));
        for (const t of run.notices) expect(t).toBeGreaterThanOrEqual(Date.parse(input.overdueAt));
        const o = run.final;
        const status = m.statusOf(o, run.end);
        expect(OBLIGATION_STATUSES).toContain(status);
        // the end is an answer, an exemption, or the close: never a pending status
        expect(['submitted_on_time', 'submitted_late', 'nothing_to_report', 'exempted', 'missing']).toContain(status);
        if (o.submission === undefined && !o.exempted) expect(run.end).toBeGreaterThanOrEqual(o.closesAt);
      }),
    );
  });

  it('a resend request sends exactly one reminder more, before anything else is due', () => {
    fc.assert(
      fc.property(schedule, hours(0, 30).map((t) => t + H / 2), (input, when) => {
        const plain = simulate(input, [], 0);
        const resent = simulate(input, [{ at: when, kind: 'resend', days: 0 }], 0);
        expect(resent.sent.length).toBe(plain.sent.length + 1);
        expect(resent.sent.filter((s) => !input.remindersAt.map(Date.parse).includes(s.at)).map((s) => s.sentAt)).toStrictEqual([when]);
      }),
    );
  });
});

// A unit of a waves cycle (ObligationInput.waveDriven): the cycle's waves send its reminders, overdue
// mark and notice; its own workflow does the rest, and says the status the database holds.
describe('a wave-driven obligation', () => {
  const wave = (statusAtStart?: ObligationStatus) =>
    m.initialObligation({ ...INPUT, waveDriven: true, ...(statusAtStart ? { statusAtStart } : {}) });
  const report = { submissionId: 's', receivedAt: iso(at(1)), onTime: true };

  const steps: [string, (o: m.Obligation) => void, number, m.Step][] = [
    ['before the first reminder: waits for it, to show "reminded"', () => {}, 5, { kind: 'wait', until: at(10) }],
    ['at a reminder: no reminder, waits for the deadline', () => {}, 10, { kind: 'wait', until: at(40) }],
    ['reminders missed: still none', () => {}, 39, { kind: 'wait', until: at(40) }],
    ['at the deadline: no overdue mark, waits for the close', () => {}, 40, { kind: 'wait', until: at(100) }],
    ['at the notice instant: no notice', () => {}, 50, { kind: 'wait', until: at(100) }],
    ['a resend is sent', (o) => o.resends.push('r1'), 5, { kind: 'resend' }],
    ['a return notice is sent', (o) => o.returnNotices.push('s1'), 45, { kind: 'return-notice', submissionId: 's1' }],
    ['extended: waits for its new deadline', (o) => m.applyExtension(o, extension(60, [55]), at(41)), 45, { kind: 'wait', until: at(55) }],
    ['submitted: finished', (o) => m.receive(o, report), 10, { kind: 'finished' }],
    ['exempted: finished', (o) => m.exemptUnit(o), 10, { kind: 'finished' }],
    ['closed: finished', () => {}, 100, { kind: 'finished' }],
  ];
  it.each(steps)('%s', (_name, setup, hour, step) => {
    const o = wave();
    setup(o);
    expect(m.nextStep(o, at(hour))).toStrictEqual(step);
  });

  it('never reminds, marks overdue or sends the notice, at any hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.constantFrom(undefined, 'open', 'reminded', 'overdue', 'extended', 'returned' as const), (hour, was) => {
        const kind = m.nextStep(wave(was), at(hour)).kind;
        expect(['remind', 'mark-overdue', 'overdue-notice']).not.toContain(kind);
      }),
    );
  });

  const statuses: [string, Parameters<typeof wave>[0], (o: m.Obligation) => void, number, string][] = [
    ['open before the first reminder', undefined, () => {}, 5, 'open'],
    ['reminded by the wave at the first reminder', 'open', () => {}, 10, 'reminded'],
    ['the database said reminded at start', 'reminded', () => {}, 5, 'reminded'],
    ['overdue from its deadline (the wave marks it)', 'reminded', () => {}, 40, 'overdue'],
    ['started overdue (the database said so)', 'overdue', () => {}, 45, 'overdue'],
    ['escalated in the database: overdue here, as a per-unit obligation says', 'escalated', () => {}, 45, 'overdue'],
    ['started extended: extended until its own deadline', 'extended', () => {}, 20, 'extended'],
    ['started returned', 'returned', () => {}, 20, 'returned'],
    ['extended after its old deadline: no longer overdue', 'overdue', (o) => m.applyExtension(o, extension(60, [55]), at(41)), 45, 'extended'],
    ['overdue again after the extended deadline', 'overdue', (o) => m.applyExtension(o, extension(60, [55]), at(41)), 61, 'overdue'],
    ['a report', 'overdue', (o) => m.receive(o, report), 45, 'submitted_on_time'],
    ['exempted', 'reminded', (o) => m.exemptUnit(o), 20, 'exempted'],
    ['started exempted', 'exempted', () => {}, 20, 'exempted'],
    ['missing at the close', 'overdue', () => {}, 100, 'missing'],
  ];
  it.each(statuses)('status: %s', (_name, was, change, hour, status) => {
    const o = wave(was);
    change(o);
    expect(m.statusOf(o, at(hour))).toBe(status);
  });

  it('an input without waveDriven ignores statusAtStart (old inputs behave as before)', () => {
    const o = m.initialObligation({ ...INPUT, statusAtStart: 'extended' });
    expect({ status: m.statusOf(o, at(10)), step: m.nextStep(o, at(10)) }).toStrictEqual({ status: 'open', step: { kind: 'remind', index: 0, at: at(10) } });
  });
});
