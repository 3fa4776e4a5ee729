// Turns a plan's cycle into the instants its workflows wait for. Pure; the only place where plan
// dates become UTC instants. Applies the Civil Code's deadline rule and the working-day calendar
// (domain/working-days.ts): with `reminders.workingDaysOnly` (the default) every email goes out on a
// working day at the plan's hour, a reminder on the working day before a day off (so still before
// the deadline), the overdue notice, escalations and the closing summary on the working day after.
// Reminders in the past are not filtered here: the workflow skips them when a plan is loaded late,
// so this timeline is the same whenever it is computed.
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

/** One reminder the plan asks for (`daysBefore` the last day) and the day it is sent on. */
export interface PlannedReminder {
  asked: number; // the plan's daysBefore
  day: LocalDate; // the day it is sent: the asked day, or the working day before it
}

export const DEFAULT_CALENDAR: CalendarPolicy = { civilCodeShift: true };

/**
 * The reminders the plan asks for, each with the day it is sent, in the plan's order, before the
 * cycle's opening is taken into account. Two asked reminders may share a day (both fall in the same
 * weekend or Tết): cycleTimeline sends one; `plan preview` names the ones it stands for.
 */
export function plannedReminders(lastDay: LocalDate, policy: ReminderPolicy): PlannedReminder[] {
  return policy.daysBefore.map((asked) => {
    const day = addDays(lastDay, -asked);
    return { asked, day: policy.workingDaysOnly ? workingDayOnOrBefore(day) : day };
  });
}

export function cycleTimeline(cycle: PlanCycle, policy: ReminderPolicy, calendar: CalendarPolicy = DEFAULT_CALENDAR): CycleTimeline {
  const nominalLastDay = lastDayOf(cycle.due);
  const lastDay = calendar.civilCodeShift ? civilCodeLastDay(nominalLastDay) : nominalLastDay;
  const dueAt = endOfDay(lastDay);
  const opensOn = cycle.opensOn ?? addDays(nominalLastDay, -30);
  const opensAt = atLocalTime(opensOn, '00:00');
  // Notices after the deadline move to the next working day (reminders moved in plannedReminders).
  const later = (d: LocalDate) => (policy.workingDaysOnly ? workingDayOnOrAfter(d) : d);
  const after = (days: number) => (policy.escalationDays === 'working' ? addWorkingDays(lastDay, days) : addDays(lastDay, days));

  // Reminders that land on the same day are sent once (the preview says which ones met).
  const byInstant = new Map<number, { daysBefore: number; at: Date }>();
  for (const { day } of plannedReminders(lastDay, policy)) {
    const at = atLocalTime(day, policy.at);
    if (at >= opensAt && at < dueAt) byInstant.set(at.getTime(), { daysBefore: daysBetween(day, lastDay), at });
  }
  const reminders = [...byInstant.values()].sort((a, b) => a.at.getTime() - b.at.getTime());

  const overdueDay = later(addDays(lastDay, policy.overdueNoticeDaysAfter));
  const escalationDay = later(after(policy.escalationAfterDays));
  // The cycle closes after its escalation even when working days push the escalation past closeAfterDays;
  // the closing summary is an email too, so it waits for a working day as well.
  const closeDay = later([addDays(lastDay, policy.closeAfterDays), addDays(escalationDay, 1)].sort().at(-1)!);
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
