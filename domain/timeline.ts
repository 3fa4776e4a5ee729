// Turns a plan's cycle into the instants its workflows wait for. Pure; the only place where plan
// dates become UTC instants. Applies the Civil Code's deadline rule and the working-day calendar
// (domain/working-days.ts). Reminders in the past are not filtered here: the workflow skips them
// when a plan is loaded late, so this timeline is the same whenever it is computed.
import { addDays, atLocalTime, daysBetween, endOfDay, lastDayOf, type LocalDate } from './calendar.ts';
import type { CalendarPolicy, PlanCycle, ReminderPolicy } from './plan-schema.ts';
import { addWorkingDays, civilCodeLastDay, workingDayOnOrAfter, workingDayOnOrBefore } from './working-days.ts';

export interface CycleTimeline {
  lastDay: LocalDate; // the last day to report, after the Civil Code shift when the plan applies it
  dueAt: Date; // end of lastDay: a report received before this instant is on time
  opensAt: Date;
  reminders: { daysBefore: number; at: Date }[]; // ascending, unique, all before dueAt; daysBefore = calendar days to lastDay
  overdueAt: Date;
  escalationAt: Date;
  closesAt: Date;
  /** The last day as the plan wrote it ("before X" → X-1), before any shift. Always set by cycleTimeline. */
  nominalLastDay?: LocalDate;
  /** Repeated escalations after the first, every `escalationRepeatDays`, before the cycle closes. */
  escalationRepeatsAt?: Date[];
}

export const DEFAULT_CALENDAR: CalendarPolicy = { civilCodeShift: true };

export function cycleTimeline(cycle: PlanCycle, policy: ReminderPolicy, calendar: CalendarPolicy = DEFAULT_CALENDAR): CycleTimeline {
  const nominalLastDay = lastDayOf(cycle.due);
  const lastDay = calendar.civilCodeShift ? civilCodeLastDay(nominalLastDay) : nominalLastDay;
  const dueAt = endOfDay(lastDay);
  const opensOn = cycle.opensOn ?? addDays(nominalLastDay, -30);
  const opensAt = atLocalTime(opensOn, '00:00');
  // Notices that must reach people on working days move: reminders earlier, later notices later.
  const earlier = (d: LocalDate) => (policy.workingDaysOnly ? workingDayOnOrBefore(d) : d);
  const later = (d: LocalDate) => (policy.workingDaysOnly ? workingDayOnOrAfter(d) : d);
  const after = (days: number) => (policy.escalationDays === 'working' ? addWorkingDays(lastDay, days) : addDays(lastDay, days));

  const byInstant = new Map<number, { daysBefore: number; at: Date }>();
  for (const d of policy.daysBefore) {
    const day = earlier(addDays(lastDay, -d));
    const at = atLocalTime(day, policy.at);
    if (at >= opensAt && at < dueAt) byInstant.set(at.getTime(), { daysBefore: daysBetween(day, lastDay), at });
  }
  const reminders = [...byInstant.values()].sort((a, b) => a.at.getTime() - b.at.getTime());

  const overdueDay = later(addDays(lastDay, policy.overdueNoticeDaysAfter));
  const escalationDay = later(after(policy.escalationAfterDays));
  // The cycle closes after its escalation even when working days push the escalation past closeAfterDays.
  const closeDay = [addDays(lastDay, policy.closeAfterDays), addDays(escalationDay, 1)].sort().at(-1)!;
  const escalationRepeatsAt: Date[] = [];
  if (policy.escalationRepeatDays) {
    const step = (d: LocalDate) =>
      later(policy.escalationDays === 'working' ? addWorkingDays(d, policy.escalationRepeatDays!) : addDays(d, policy.escalationRepeatDays!));
    for (let d = step(escalationDay); d < closeDay; d = step(d)) escalationRepeatsAt.push(atLocalTime(d, policy.at));
  }
  return {
    lastDay,
    dueAt,
    opensAt,
    reminders,
    overdueAt: atLocalTime(overdueDay, policy.at),
    escalationAt: atLocalTime(escalationDay, policy.at),
    closesAt: atLocalTime(closeDay, policy.at),
    nominalLastDay,
    escalationRepeatsAt,
  };
}
