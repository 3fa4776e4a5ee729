// The per-row decision of a reminder wave (domain/reminder-wave.ts): a table of the cases, and a
// property that it picks, at any wave instant, the reminder the obligation workflow's machine
// (workflows/obligation-machine.ts) would send at that instant, over random schedules, reports,
// exemptions and extensions, with the wave knowing only what the database holds (status, deadline,
// schedule, the reminder keys it sent itself).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { reminderAt, type WaveDecision, type WaveObligation } from '../../domain/reminder-wave.ts';
import type { ObligationStatus } from '../../domain/statuses.ts';
import * as m from '../../workflows/obligation-machine.ts';
import { nextReminder } from '../../workflows/reminder-schedule.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (h: number) => T0 + h * H;
const iso = (t: number) => new Date(t).toISOString();

// reminders at 10h, 20h, 30h; due 40h
const row = (o: Partial<WaveObligation> = {}): WaveObligation => ({ status: 'open', dueAt: at(40), remindersAt: [10, 20, 30].map(at), sent: new Set(), ...o });
const remind = (h: number): WaveDecision => ({ kind: 'remind', scheduledFor: at(h) });

describe('the reminder a wave sends to one obligation', () => {
  const table: [string, Partial<WaveObligation>, number, WaveDecision][] = [
    ['before the first reminder: nothing', {}, 5, { kind: 'skip', why: 'nothing-due' }],
    ['at a reminder: that one', {}, 10, remind(10)],
    ['missed reminders collapse into the latest', {}, 25, remind(20)],
    ['all missed: only the last one', {}, 39, remind(30)],
    ['the latest already sent: nothing new', { status: 'reminded', sent: new Set([at(10)]) }, 15, { kind: 'already-sent', scheduledFor: at(10) }],
    ['an earlier one sent, the latest not: the latest', { status: 'reminded', sent: new Set([at(10)]) }, 20, remind(20)],
    ['an unsent earlier one is not sent once a later is', { status: 'reminded', sent: new Set([at(20)]) }, 25, { kind: 'already-sent', scheduledFor: at(20) }],
    ['at the deadline: nothing', {}, 40, { kind: 'skip', why: 'past-deadline' }],
    ['overdue: nothing', { status: 'overdue' }, 30, { kind: 'skip', why: 'past-deadline' }],
    ['escalated: nothing', { status: 'escalated' }, 30, { kind: 'skip', why: 'past-deadline' }],
    ['reported on time', { status: 'submitted_on_time' }, 10, { kind: 'skip', why: 'reported' }],
    ['reported late (and accepted: the status stays)', { status: 'submitted_late' }, 10, { kind: 'skip', why: 'reported' }],
    ['nothing to report', { status: 'nothing_to_report' }, 10, { kind: 'skip', why: 'reported' }],
    ['exempted', { status: 'exempted' }, 10, { kind: 'skip', why: 'exempted' }],
    ['missing (closed)', { status: 'missing' }, 10, { kind: 'skip', why: 'closed' }],
    ['returned for revision: its own schedule', { status: 'returned', dueAt: at(80), remindersAt: [60, 70].map(at), scheduleSince: at(50) }, 65, remind(60)],
    // An extension given at 45h (after the cycle's deadline) with reminders at 42h and 70h: 42h was
    // already past when it was given, so the workflow skipped it and so does the wave.
    ['extended: a reminder already past when it was given is skipped', { status: 'extended', dueAt: at(80), remindersAt: [42, 70].map(at), scheduleSince: at(45) }, 50, { kind: 'skip', why: 'nothing-due' }],
    ['extended: its own reminder at its own instant', { status: 'extended', dueAt: at(80), remindersAt: [42, 70].map(at), scheduleSince: at(45) }, 70, remind(70)],
    ['extended: past the cycle deadline, before its own', { status: 'extended', dueAt: at(80), remindersAt: [50].map(at) }, 45, { kind: 'skip', why: 'nothing-due' }],
    ['no reminders at all', { remindersAt: [] }, 39, { kind: 'skip', why: 'nothing-due' }],
  ];
  it.each(table)('%s', (_name, o, hour, decision) => {
    expect(reminderAt(row(o), at(hour))).toStrictEqual(decision);
  });

  it('collapses as the workflow schedule does (nextReminder from the first unsent index)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 5 }), fc.integer({ min: 0, max: 39 }), (hours, t) => {
        const remindersAt = [...hours].sort((a, b) => a - b).map(at);
        const i = nextReminder(remindersAt, 0, at(t));
        const expected: WaveDecision = i >= 0 && remindersAt[i]! <= at(t) ? { kind: 'remind', scheduledFor: remindersAt[i]! } : { kind: 'skip', why: 'nothing-due' };
        expect(reminderAt(row({ remindersAt }), at(t))).toStrictEqual(expected);
      }),
    );
  });
});

type Event = { at: number; kind: 'report' | 'exempt' | 'extend'; dueH: number; reminders: number[] };

describe('agrees with the obligation machine', () => {
  const hourSet = (min: number, max: number) => fc.uniqueArray(fc.integer({ min, max }), { maxLength: 4 }).map((hs) => [...hs].sort((a, b) => a - b));
  const schedule = fc.record({ reminders: hourSet(0, 39), due: fc.integer({ min: 40, max: 60 }) });
  const event = fc.record({
    at: fc.integer({ min: 1, max: 150 }),
    kind: fc.constantFrom('report', 'exempt', 'extend') as fc.Arbitrary<Event['kind']>,
    dueH: fc.integer({ min: 41, max: 180 }),
    reminders: hourSet(0, 180),
  });
  // Wave instants: some exactly at reminder instants (as the cycle's waves are), some anywhere.
  const waves = fc.uniqueArray(fc.integer({ min: 0, max: 190 }), { minLength: 1, maxLength: 12 });

  it('at every wave instant, the wave sends the reminder the machine sends, knowing only the database', () => {
    fc.assert(
      fc.property(schedule, fc.array(event, { maxLength: 3 }), waves, fc.boolean(), (s, events, waveHours, atReminders) => {
        const input = { obligationId: 'p/c/u', remindersAt: s.reminders.map((h) => iso(at(h))), dueAt: iso(at(s.due)), overdueAt: iso(at(s.due + 10)), closesAt: iso(at(200)) };
        const o = m.initialObligation(input);
        // What the database holds: the deadline, the schedule, when it was given, the keys sent by the wave.
        const db = { dueAt: at(s.due), remindersAt: s.reminders.map(at), scheduleSince: undefined as number | undefined, sent: new Set<number>() };
        const instants = [...new Set([...waveHours, ...(atReminders ? s.reminders : [])])].sort((a, b) => a - b).map(at);
        const pending = [...events].sort((a, b) => a.at - b.at);
        for (const t of instants) {
          // The unit-particular events up to t, as the per-unit workflow applies them.
          while (pending.length > 0 && at(pending[0]!.at) <= t) {
            const e = pending.shift()!;
            const when = at(e.at);
            if (m.finished(o, when)) continue;
            if (e.kind === 'report') m.receive(o, { submissionId: 's', receivedAt: iso(when), onTime: true });
            else if (e.kind === 'exempt') m.exemptUnit(o);
            else {
              const x = { lastDay: '2026-03-09', dueAt: iso(at(e.dueH)), remindersAt: e.reminders.filter((h) => h < e.dueH).map((h) => iso(at(h))), overdueAt: iso(at(e.dueH + 5)), reason: 'r', by: 'b' };
              if (m.extensionRefusal(o, x, when)) continue;
              m.applyExtension(o, x, when);
              Object.assign(db, { dueAt: Date.parse(x.dueAt), remindersAt: x.remindersAt.map(Date.parse), scheduleSince: when });
            }
          }
          // The machine at t: every step due now, until it waits (at most one reminder).
          let machineSent: number | undefined;
          for (let guard = 0; guard < 10; guard++) {
            const step = m.nextStep(o, t);
            if (step.kind === 'wait' || step.kind === 'finished') break;
            m.beginStep(o, step);
            if (step.kind === 'remind') {
              expect(machineSent).toBeUndefined();
              machineSent = step.at;
              m.reminderSent(o, step.at);
            }
            if (step.kind === 'mark-overdue') m.overdueMarked(o);
          }
          const status: ObligationStatus = m.statusOf(o, t);
          const d = reminderAt({ status, ...db }, t);
          const waveSent = d.kind === 'remind' ? d.scheduledFor : undefined;
          if (waveSent !== undefined) db.sent.add(waveSent);
          expect(waveSent).toBe(machineSent);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
