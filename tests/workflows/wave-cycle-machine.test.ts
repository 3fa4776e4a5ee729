// The decisions of a waves cycle (workflows/wave-cycle-machine.ts), without Temporal: its instants
// ordered and de-duplicated, those waveAlsoAt adds (only after the last wave begun and before the
// close), the escalations, what comes next (a wave before an escalation of the same instant), the close.
import { describe, expect, it } from '@jest/globals';
import * as m from '../../workflows/wave-cycle-machine.ts';

const H = 3_600_000;
const T0 = Date.parse('2027-03-01T00:00:00.000Z');
const at = (h: number) => new Date(T0 + h * H).toISOString();
const noWork = { reminders: { sent: 0, alreadySent: 0, rejected: 0 }, marked: 0, notices: { sent: 0, alreadySent: 0, rejected: 0 }, skipped: 0 };

// reminders 10h, 20h; due 40h; notice 50h; escalations 60h, 80h; close 100h
const input = () => ({ cycleId: 'p/c', opensAt: at(0), remindersAt: [at(10), at(20)], dueAt: at(40), overdueAt: at(50), escalationsAt: [at(60), at(80)], closesAt: at(100) });

/** Every event in order, running none of the activities. */
function drain(s: m.WaveCycle): string[] {
  const seen: string[] = [];
  for (let e = m.nextEvent(s); e.kind !== 'close'; e = m.nextEvent(s)) {
    m.beginEvent(s, e);
    seen.push(`${e.kind}@${(Date.parse(e.at) - T0) / H}`);
  }
  return [...seen, `close@${(Date.parse(m.nextEvent(s).at) - T0) / H}`];
}

describe('a waves cycle', () => {
  it('runs its waves and escalations in order, then closes', () => {
    expect(drain(m.initialWaveCycle(input()))).toStrictEqual(['wave@10', 'wave@20', 'wave@40', 'wave@50', 'escalation@60', 'escalation@80', 'close@100']);
  });

  it('de-duplicates instants (a reminder at the deadline, the notice the same as a reminder), and drops those at or after the close', () => {
    const s = m.initialWaveCycle({ ...input(), remindersAt: [at(40), at(10), at(10)], overdueAt: at(100), escalationsAt: [at(60), at(60), at(120)] });
    expect(drain(s)).toStrictEqual(['wave@10', 'wave@40', 'escalation@60', 'close@100']);
  });

  it('a wave before an escalation of the same instant (the digest names the units it has just marked)', () => {
    const s = m.initialWaveCycle({ ...input(), escalationsAt: [at(50)] });
    expect(drain(s).slice(-3)).toStrictEqual(['wave@50', 'escalation@50', 'close@100']);
  });

  it('waveAlsoAt adds instants after the last wave begun and before the close, in order, once', () => {
    const s = m.initialWaveCycle(input());
    m.beginEvent(s, m.nextEvent(s)); // wave@10
    m.beginEvent(s, m.nextEvent(s)); // wave@20
    const before = s.changed;
    // 5h: already past; 20h: the last one done; 30h and 70h new; 40h already there; 100h the close.
    expect(m.addWaves(s, [at(5), at(20), at(70), at(30), at(40), at(100), at(30)])).toBe(2);
    expect(s.changed).toBe(before + 1);
    expect(m.addWaves(s, [at(70)])).toBe(0);
    expect(s.changed).toBe(before + 1); // nothing new: a waiting workflow is not woken
    expect(drain(s)).toStrictEqual(['wave@30', 'wave@40', 'wave@50', 'escalation@60', 'wave@70', 'escalation@80', 'close@100']);
  });

  it('normalises instants so that another ISO spelling of the same instant is the same wave', () => {
    const s = m.initialWaveCycle(input());
    expect(m.addWaves(s, ['2027-03-02T16:00:00Z', '2027-03-02T23:00:00+07:00'])).toBe(0); // both 40h
  });

  it('escalateAlsoAt adds escalations after the last one and before the close', () => {
    const s = m.initialWaveCycle(input());
    expect(m.addEscalation(s, at(90))).toBe(true);
    expect(m.addEscalation(s, at(90))).toBe(false);
    expect(m.addEscalation(s, at(100))).toBe(false);
    for (let e = m.nextEvent(s); e.kind !== 'escalation'; e = m.nextEvent(s)) m.beginEvent(s, e);
    m.beginEvent(s, m.nextEvent(s)); // escalation@60
    expect(m.addEscalation(s, at(55))).toBe(false);
    expect(drain(s)).toStrictEqual(['escalation@80', 'escalation@90', 'close@100']);
  });

  it('shows the waves done with their counts and the next instant', () => {
    const s = m.initialWaveCycle(input());
    expect(m.waveStateOf(s)).toStrictEqual({ waves: [], next: at(10), escalationsDue: [at(60), at(80)] });
    const e = m.nextEvent(s);
    m.beginEvent(s, e);
    m.waveDone(s, e.at, { ...noWork, reminders: { sent: 3, alreadySent: 0, rejected: 0 } });
    expect(m.waveStateOf(s)).toStrictEqual({ waves: [{ at: at(10), ...noWork, reminders: { sent: 3, alreadySent: 0, rejected: 0 } }], next: at(20), escalationsDue: [at(60), at(80)] });
    drain(s);
    expect(m.waveStateOf(s).next).toBeUndefined();
  });
});
