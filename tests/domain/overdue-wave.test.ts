// The overdue part of a wave's per-row decision (domain/overdue-wave.ts): a table of the cases, and a
// property that at any wave instant it marks and notices exactly when the obligation workflow's machine
// (workflows/obligation-machine.ts) would, over random deadlines, notice instants, reports, exemptions
// and extensions (given before or after the deadline), knowing only what the database holds.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { overdueAt, type OverdueDecision, type OverdueObligation } from '../../domain/overdue-wave.ts';
import * as m from '../../workflows/obligation-machine.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const at = (h: number) => T0 + h * H;
const iso = (t: number) => new Date(t).toISOString();

// due 40h, notice 50h
const row = (o: Partial<OverdueObligation> = {}): OverdueObligation => ({ status: 'reminded', dueAt: at(40), overdueAt: at(50), noticesSent: new Set(), ...o });
const none = { kind: 'none' } as const;
const notice = (h: number) => ({ kind: 'notice', scheduledFor: at(h) }) as const;

describe('the overdue mark and notice a wave gives one obligation', () => {
  const table: [string, Partial<OverdueObligation>, number, OverdueDecision][] = [
    ['before the deadline: nothing', {}, 39, { mark: false, notice: none }],
    ['at the deadline: the mark', {}, 40, { mark: true, notice: none }],
    ['open (never reminded) at the deadline: the mark', { status: 'open' }, 41, { mark: true, notice: none }],
    ['marked, before the notice instant: nothing', { status: 'overdue' }, 45, { mark: false, notice: none }],
    ['marked, at the notice instant: the notice', { status: 'overdue' }, 50, { mark: false, notice: notice(50) }],
    ['a missed deadline and notice: both at once', { status: 'open' }, 60, { mark: true, notice: notice(50) }],
    ['escalated, notice not sent: the notice', { status: 'escalated' }, 70, { mark: false, notice: notice(50) }],
    ['the notice went out before', { status: 'overdue', noticesSent: new Set([at(50)]) }, 55, { mark: false, notice: { kind: 'already-sent', scheduledFor: at(50) } }],
    ['extended: its own deadline, not the cycle\'s', { status: 'extended', dueAt: at(80), overdueAt: at(90), noticesSent: new Set([at(50)]) }, 60, { mark: false, notice: none }],
    ['extended: marked at its own deadline', { status: 'extended', dueAt: at(80), overdueAt: at(90), noticesSent: new Set([at(50)]) }, 80, { mark: true, notice: none }],
    ['extended after a notice: a new notice at its own instant', { status: 'overdue', dueAt: at(80), overdueAt: at(90), noticesSent: new Set([at(50)]) }, 90, { mark: false, notice: notice(90) }],
    ['returned: its new day', { status: 'returned', dueAt: at(80), overdueAt: at(90) }, 85, { mark: true, notice: none }],
    ['reported on time', { status: 'submitted_on_time' }, 60, { mark: false, notice: none }],
    ['reported late', { status: 'submitted_late' }, 60, { mark: false, notice: none }],
    ['nothing to report', { status: 'nothing_to_report' }, 60, { mark: false, notice: none }],
    ['exempted', { status: 'exempted' }, 60, { mark: false, notice: none }],
    ['missing (closed)', { status: 'missing' }, 60, { mark: false, notice: none }],
  ];
  it.each(table)('%s', (_name, o, hour, decision) => {
    expect(overdueAt(row(o), at(hour))).toStrictEqual(decision);
  });
});

type Event = { at: number; kind: 'report' | 'exempt' | 'extend'; dueH: number; noticeAfter: number };

describe('agrees with the obligation machine', () => {
  const event = fc.record({
    at: fc.integer({ min: 1, max: 150 }),
    kind: fc.constantFrom('report', 'exempt', 'extend') as fc.Arbitrary<Event['kind']>,
    dueH: fc.integer({ min: 41, max: 180 }),
    noticeAfter: fc.integer({ min: 0, max: 12 }),
  });
  const waves = fc.uniqueArray(fc.integer({ min: 0, max: 199 }), { minLength: 1, maxLength: 12 });

  it('at every wave instant, the wave marks and sends the notice the machine does, knowing only the database', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 0, max: 12 }), fc.array(event, { maxLength: 3 }), waves, fc.boolean(), (due, after, events, waveHours, atOwnInstants) => {
        const input = { obligationId: 'p/c/u', remindersAt: [], dueAt: iso(at(due)), overdueAt: iso(at(due + after)), closesAt: iso(at(200)) };
        const o = m.initialObligation(input);
        // What the database holds: the deadline, the notice instant, the notice keys sent.
        const db = { dueAt: at(due), overdueAt: at(due + after), noticesSent: new Set<number>() };
        const ownInstants = [due, due + after, ...events.flatMap((e) => [e.dueH, e.dueH + e.noticeAfter])];
        const instants = [...new Set([...waveHours, ...(atOwnInstants ? ownInstants : [])])].filter((h) => h < 200).sort((a, b) => a - b).map(at);
        const pending = [...events].sort((a, b) => a.at - b.at);
        for (const t of instants) {
          while (pending.length > 0 && at(pending[0]!.at) <= t) {
            const e = pending.shift()!;
            const when = at(e.at);
            if (m.finished(o, when)) continue;
            if (e.kind === 'report') m.receive(o, { submissionId: 's', receivedAt: iso(when), onTime: true });
            else if (e.kind === 'exempt') m.exemptUnit(o);
            else {
              const x = { lastDay: '2026-03-09', dueAt: iso(at(e.dueH)), remindersAt: [], overdueAt: iso(at(e.dueH + e.noticeAfter)), reason: 'r', by: 'b' };
              if (m.extensionRefusal(o, x, when)) continue;
              m.applyExtension(o, x, when);
              Object.assign(db, { dueAt: Date.parse(x.dueAt), overdueAt: Date.parse(x.overdueAt) });
            }
          }
          // The database's status when the wave reads it: what the machine had made it before t.
          const d = overdueAt({ status: m.statusOf(o, t), ...db }, t);
          // The machine at t: every step due now, until it waits.
          let machineMarked = false;
          let machineMailed: number | undefined;
          for (let guard = 0; guard < 10; guard++) {
            const step = m.nextStep(o, t);
            if (step.kind === 'wait' || step.kind === 'finished') break;
            m.beginStep(o, step);
            if (step.kind === 'mark-overdue') {
              machineMarked = true;
              m.overdueMarked(o);
            }
            // Its activity sends under the key of the instant, once: a key sent before is "already-sent".
            if (step.kind === 'overdue-notice' && !db.noticesSent.has(step.at)) machineMailed = step.at;
          }
          const waveMailed = d.notice.kind === 'notice' ? d.notice.scheduledFor : undefined;
          if (waveMailed !== undefined) db.noticesSent.add(waveMailed);
          expect({ mark: d.mark, mailed: waveMailed }).toStrictEqual({ mark: machineMarked, mailed: machineMailed });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
