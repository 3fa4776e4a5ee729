// What every unit of a plan will see, when: each cycle's reminders, deadline, overdue notice and
// escalations, per owing unit, in time order. Pure; `dondoc plan preview` prints it, including which
// reminders the working-day calendar moved or merged (a merge is never silent).
import { localDateAt, type LocalDate } from './calendar.ts';
import { owingUnits } from './owing-units.ts';
import type { Plan, PlanCycle } from './plan-schema.ts';
import { cycleTimeline, plannedReminders, type CycleTimeline, type PlannedReminder } from './timeline.ts';

export const EVENT_KINDS = ['reminder', 'due', 'overdue', 'escalation'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One instant of a cycle's timeline, before it is multiplied by the units that owe the cycle. */
export interface CycleEvent {
  kind: EventKind;
  at: Date;
  daysBefore?: number; // reminders: calendar days to the last day
  /** Reminders: the plan's `daysBefore` values this one reminder stands for (two or more = merged), when known. */
  asked?: number[];
  repeat?: number; // escalations: 0 for the first, 1.. for the repeats
}

export interface CyclePreview {
  cycle: PlanCycle;
  timeline: CycleTimeline;
  units: { code: string; name: string }[];
  events: CycleEvent[]; // ascending by instant, within the preview's range
}

export interface UnitEvent extends CycleEvent {
  cycle: string;
  unit: string;
}

/**
 * The instants of one cycle, ascending. Escalations go to the committee but concern every owing unit.
 * With the plan's `planned` reminders, each reminder names the asked reminders it stands for.
 */
export function cycleEvents(t: CycleTimeline, planned?: PlannedReminder[]): CycleEvent[] {
  const askedOn = (at: Date) => {
    const day = localDateAt(at);
    return planned?.filter((p) => p.day === day).map((p) => p.asked).sort((a, b) => b - a);
  };
  const events: CycleEvent[] = [
    ...t.reminders.map((r) => ({ kind: 'reminder' as const, at: r.at, daysBefore: r.daysBefore, ...(planned ? { asked: askedOn(r.at) } : {}) })),
    { kind: 'due', at: t.dueAt },
    { kind: 'overdue', at: t.overdueAt },
    { kind: 'escalation', at: t.escalationAt, repeat: 0 },
    ...(t.escalationRepeatsAt ?? []).map((at, i) => ({ kind: 'escalation' as const, at, repeat: i + 1 })),
  ];
  // Stable: events at the same instant keep the order above (a reminder before the deadline passes).
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i).map(({ e }) => e);
}

/** Each cycle with its timeline, owing units, and the events whose Vietnam date is within [from, to]. */
export function planPreview(plan: Plan, range: { from?: LocalDate; to?: LocalDate } = {}): CyclePreview[] {
  const inRange = (at: Date) => {
    const d = localDateAt(at);
    return (!range.from || d >= range.from) && (!range.to || d <= range.to);
  };
  return plan.cycles.map((cycle) => {
    const timeline = cycleTimeline(cycle, plan.reminders, plan.calendar);
    return {
      cycle,
      timeline,
      units: owingUnits(plan.units, cycle).map((u) => ({ code: u.code, name: u.name })),
      events: cycleEvents(timeline, plannedReminders(timeline.lastDay, plan.reminders)).filter((e) => inRange(e.at)),
    };
  });
}

/** The same events, one per owing unit, across cycles, in time order (then cycle and unit order). */
export function unitEvents(previews: CyclePreview[]): UnitEvent[] {
  const rows = previews.flatMap((p, ci) =>
    p.events.flatMap((e, ei) => p.units.map((u, ui) => ({ row: { ...e, cycle: p.cycle.key, unit: u.code }, order: [ci, ei, ui] }))),
  );
  return rows
    .sort((a, b) => a.row.at.getTime() - b.row.at.getTime() || a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]! || a.order[2]! - b.order[2]!)
    .map((r) => r.row);
}
