// Turns a plan's cycle into the instants its workflows wait for. Pure; the only place where plan
// dates become UTC instants. (Working days and holidays are the calendar issue's next step.)
import { addDays, atLocalTime, endOfDay, lastDayOf, type LocalDate } from './calendar.ts';
import type { PlanCycle, ReminderPolicy } from './plan-schema.ts';

export interface CycleTimeline {
  lastDay: LocalDate;
  dueAt: Date; // end of lastDay: a report received before this instant is on time
  opensAt: Date;
  reminders: { daysBefore: number; at: Date }[]; // ascending, unique, all before dueAt
  overdueAt: Date;
  escalationAt: Date;
  closesAt: Date;
}

export function cycleTimeline(cycle: PlanCycle, policy: ReminderPolicy): CycleTimeline {
  const lastDay = lastDayOf(cycle.due);
  const opensOn = cycle.opensOn ?? addDays(lastDay, -30);
  const opensAt = atLocalTime(opensOn, '00:00');
  const seen = new Set<number>();
  const reminders = [...policy.daysBefore]
    .sort((a, b) => b - a)
    .map((d) => ({ daysBefore: d, at: atLocalTime(addDays(lastDay, -d), policy.at) }))
    .filter((r) => r.at >= opensAt && !seen.has(r.at.getTime()) && seen.add(r.at.getTime()));
  return {
    lastDay,
    dueAt: endOfDay(lastDay),
    opensAt,
    reminders,
    overdueAt: atLocalTime(addDays(lastDay, policy.overdueNoticeDaysAfter), policy.at),
    escalationAt: atLocalTime(addDays(lastDay, policy.escalationAfterDays), policy.at),
    closesAt: atLocalTime(addDays(lastDay, policy.closeAfterDays), policy.at),
  };
}
