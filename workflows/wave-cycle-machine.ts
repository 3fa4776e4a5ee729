// The decisions of a cycle of the waves design (workflows/wave-cycle.ts), as plain code tested without
// Temporal (tests/workflows/wave-cycle-machine.test.ts): the wave instants still to come (the cycle's
// reminders, its deadline and its notice instant, plus those waveAlsoAt adds: a unit's own schedule),
// ordered and de-duplicated; the escalations (the plan's, plus escalateAlsoAt's); what comes next; and
// what the waveState query shows. An instant is added only after the last one done and before the close:
// a wave already past would be run late (its rows are decided at the instant it names), and one at or
// after the close finds nothing owing. Instants are ISO strings, normalised so that they sort as instants.
import type { WaveCycleInput, WaveResult } from './contract.ts';
import type { WaveState } from './messages.ts';

export interface WaveCycle {
  readonly closesAt: string;
  /** Wave instants to come, ascending, unique. */
  waves: string[];
  /** Escalation instants to come, ascending, unique. */
  escalations: string[];
  /** The last wave and escalation begun ('' before the first). */
  lastWave: string;
  lastEscalation: string;
  done: { at: string; result: WaveResult }[];
  /** Bumped by every message that adds an instant: a waiting workflow wakes on it. */
  changed: number;
}

const norm = (at: string) => new Date(Date.parse(at)).toISOString();
const insert = (list: string[], at: string) => {
  if (!list.includes(at)) list.push(at);
  list.sort();
};

export function initialWaveCycle(input: WaveCycleInput): WaveCycle {
  const s: WaveCycle = { closesAt: norm(input.closesAt), waves: [], escalations: [], lastWave: '', lastEscalation: '', done: [], changed: 0 };
  addWaves(s, [...input.remindersAt, input.dueAt, input.overdueAt]);
  for (const at of input.escalationsAt) addEscalation(s, at);
  s.changed = 0;
  return s;
}

/** waveAlsoAt: the instants after the last wave begun and before the close; returns how many were new. */
export function addWaves(s: WaveCycle, at: readonly string[]): number {
  let added = 0;
  for (const raw of at) {
    const t = norm(raw);
    if (t > s.lastWave && t < s.closesAt && !s.waves.includes(t)) {
      insert(s.waves, t);
      added++;
    }
  }
  if (added > 0) s.changed++;
  return added;
}

/** escalateAlsoAt, as the per-unit cycle takes it: after the last escalation, before the close. */
export function addEscalation(s: WaveCycle, raw: string): boolean {
  const t = norm(raw);
  if (!(t > s.lastEscalation && t < s.closesAt) || s.escalations.includes(t)) return false;
  insert(s.escalations, t);
  s.changed++;
  return true;
}

export type WaveEvent = { kind: 'wave'; at: string } | { kind: 'escalation'; at: string } | { kind: 'close'; at: string };

/**
 * What comes next. A wave before an escalation of the same instant: the digest then names the units
 * the wave has just marked overdue, as the per-unit cycle's did (their timers fired before its own).
 */
export function nextEvent(s: WaveCycle): WaveEvent {
  const w = s.waves[0];
  const e = s.escalations[0];
  if (w !== undefined && (e === undefined || w <= e)) return { kind: 'wave', at: w };
  if (e !== undefined) return { kind: 'escalation', at: e };
  return { kind: 'close', at: s.closesAt };
}

/** Marks the event under way, before its activity runs (a message meanwhile sees it done). */
export function beginEvent(s: WaveCycle, e: WaveEvent): void {
  if (e.kind === 'wave') {
    s.waves.shift();
    s.lastWave = e.at;
  } else if (e.kind === 'escalation') {
    s.escalations.shift();
    s.lastEscalation = e.at;
  }
}

export function waveDone(s: WaveCycle, at: string, result: WaveResult): void {
  s.done.push({ at, result });
}

/** The query's answer: the waves done with their counts, and the next wave instant (none once all are done). */
export function waveStateOf(s: WaveCycle): WaveState {
  return { waves: s.done.map((d) => ({ at: d.at, ...d.result })), next: s.waves[0], escalationsDue: [...s.escalations] };
}
