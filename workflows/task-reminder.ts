// What a task's reminder workflow (task.ts) does next, as plain code tested without Temporal. The
// activity taskReminderInstant reads the task's reminder instant and the end of its period from the
// database (the calendar resolved Vietnam time there); this decides whether to wait, and for what.

/** A task's reminder as the database gives it; null when the task no longer exists (removed from the plan). */
export interface TaskReminderInstant {
  /** When the lead unit is reminded (ISO); absent for a task without a period. */
  remindAt?: string;
  /** The instant its period ends (end of its last day, ISO): no reminder after it. */
  endsAt?: string;
}

export type TaskEnd = 'no-task' | 'no-period' | 'period-over';
export type TaskStep = { kind: 'end'; why: TaskEnd } | { kind: 'remind'; at: string };

export function nextTaskStep(r: TaskReminderInstant | null, nowMs: number): TaskStep {
  if (r === null) return { kind: 'end', why: 'no-task' };
  if (r.remindAt === undefined || r.endsAt === undefined) return { kind: 'end', why: 'no-period' };
  // A plan loaded late (or a period moved earlier) still reminds at once while the period runs.
  if (nowMs >= Date.parse(r.endsAt)) return { kind: 'end', why: 'period-over' };
  return { kind: 'remind', at: r.remindAt };
}

/** What sending did: sent or found sent, skipped (the task is done or dropped), or the instant moved (a reload): read again. */
export type TaskReminderOutcome = 'sent' | 'already-sent' | 'skipped-closed' | 'moved' | 'no-task';

export const readAgain = (o: TaskReminderOutcome) => o === 'moved';
