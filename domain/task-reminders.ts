// A plan's tasks (nhiệm vụ) as dondoc follows them up: each task's period read from the plan's text
// (domain/due-period.ts), and the one reminder its lead unit gets near the end of that period:
// TASK_REMINDER_DAYS_BEFORE days before the last day, at the plan's reminder hour, never on a Sunday
// (a plan with `workingDaysOnly`, the default, moves it to the working day before, as the cycles'
// reminders are moved in domain/timeline.ts; a plan without still never sends on a Sunday: Saturday).
// Pure; the only place where a task's dates become the instant its workflow waits for.
import { DateTime } from 'luxon';
import { addDays, atLocalTime, VN_ZONE, type LocalDate } from './calendar.ts';
import { parseDuePeriod, type DuePeriod } from './due-period.ts';
import type { Plan, ReminderPolicy } from './plan-schema.ts';
import type { PlanTask } from './plan-work.ts';
import { workingDayOnOrBefore } from './working-days.ts';

export const TASK_REMINDER_DAYS_BEFORE = 7;

/** A task's business ID: its database key, and (behind "task/") its reminder workflow's ID. */
export function taskId(planId: string, ref: string): string {
  return `${planId}/${ref}`;
}

export const taskWorkflowId = (id: string) => `task/${id}`;

/** The year a period without one takes: the plan's, when it covers one year (as plan-checks.ts reads it). */
export function planYear(plan: Pick<Plan, 'period'>): number | undefined {
  return plan.period && plan.period.from === plan.period.to ? plan.period.from : undefined;
}

/** The task's period, or undefined when the plan gives none (a period it cannot read was refused at load). */
export function taskPeriod(task: Pick<PlanTask, 'due'>, plan: Pick<Plan, 'period'>): DuePeriod | undefined {
  if (task.due === undefined) return undefined;
  const r = parseDuePeriod(task.due, planYear(plan));
  return r.ok ? { from: r.from, to: r.to } : undefined;
}

const isSunday = (d: LocalDate) => DateTime.fromISO(d, { zone: VN_ZONE }).weekday === 7;

/** The day the lead unit is reminded of a task whose period ends on `to`. */
export function taskReminderDay(to: LocalDate, policy: Pick<ReminderPolicy, 'workingDaysOnly'>): LocalDate {
  const day = addDays(to, -TASK_REMINDER_DAYS_BEFORE);
  if (policy.workingDaysOnly) return workingDayOnOrBefore(day);
  return isSunday(day) ? addDays(day, -1) : day;
}

/** The instant of that reminder (Vietnam time resolved here, never in a workflow). */
export function taskReminderAt(to: LocalDate, policy: Pick<ReminderPolicy, 'workingDaysOnly' | 'at'>): Date {
  return atLocalTime(taskReminderDay(to, policy), policy.at);
}

export interface PlannedTaskReminder {
  ref: string;
  title: string;
  lead: string; // the lead unit's code
  from: LocalDate;
  to: LocalDate;
  day: LocalDate;
  at: Date;
}

/** Every task reminder of a plan, in date order (then the plan's order); tasks without a period have none. */
export function plannedTaskReminders(plan: Pick<Plan, 'period' | 'tasks' | 'reminders'>): PlannedTaskReminder[] {
  const out: PlannedTaskReminder[] = [];
  for (const t of plan.tasks) {
    const p = taskPeriod(t, plan);
    if (!p) continue;
    out.push({ ref: t.ref, title: t.title, lead: t.lead, from: p.from, to: p.to, day: taskReminderDay(p.to, plan.reminders), at: taskReminderAt(p.to, plan.reminders) });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime()); // stable: the plan's order within a day
}
