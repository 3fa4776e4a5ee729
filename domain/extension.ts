// The schedule of an extended deadline (gia hạn): the new last day is the office's explicit choice
// (no Civil Code shift), with the plan's own reminder and notice policy applied to it. Pure.
import type { LocalDate } from './calendar.ts';
import type { PlanCycle, ReminderPolicy } from './plan-schema.ts';
import { cycleTimeline } from './timeline.ts';

export interface ExtensionSchedule {
  lastDay: LocalDate;
  dueAt: Date;
  remindersAt: Date[];
  overdueAt: Date;
  /** When the committee hears of units that miss the new deadline too (a cycle-wide extension). */
  escalationAt: Date;
}

export function extensionSchedule(cycle: PlanCycle, policy: ReminderPolicy, newLastDay: LocalDate): ExtensionSchedule {
  const t = cycleTimeline({ ...cycle, due: { date: newLastDay, rule: 'by' } }, policy, { civilCodeShift: false });
  return { lastDay: t.lastDay, dueAt: t.dueAt, remindersAt: t.reminders.map((r) => r.at), overdueAt: t.overdueAt, escalationAt: t.escalationAt };
}
