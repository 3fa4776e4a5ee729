// The activities of a task's reminder workflow (workflows/task.ts): the instant its lead unit is
// reminded, read from the database and the plan's reminder policy (domain/task-reminders.ts resolves
// Vietnam time, never the workflow), and the reminder itself, sent once per business key
// "task-reminder:<taskId>:<instant>". A task already reported done or dropped is not reminded; an
// instant that a reload has moved is not sent (the workflow reads the new one).
import { DateTime } from 'luxon';
import { endOfDay } from '../domain/calendar.ts';
import { addressesOf } from '../domain/contacts.ts';
import { emailKey } from '../domain/ids.ts';
import { taskReminderAt } from '../domain/task-reminders.ts';
import { issueTaskToken } from '../db/tasks.ts';
import { renderTaskReminder } from '../templates/task-reminder.ts';
import type { TaskReminderInstant, TaskReminderOutcome } from '../workflows/task-reminder.ts';
import type { ActivityDeps } from './deps.ts';
import { officeOf } from './obligation-context.ts';
import { alreadySent, sendOnce } from './send-once.ts';
import { storedPlan } from './stored-plan.ts';

export interface TaskRef {
  taskId: string;
}

export function taskReminderActivities(deps: ActivityDeps) {
  const { prisma } = deps;

  async function loadTask(taskId: string) {
    return prisma.task.findUnique({
      where: { id: taskId },
      include: { plan: true, leadUnit: { include: { contacts: true } }, reports: { orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 1 } },
    });
  }

  async function instantOf(t: NonNullable<Awaited<ReturnType<typeof loadTask>>>): Promise<TaskReminderInstant> {
    const plan = storedPlan(t.plan);
    if (!t.toDay || !plan) return {};
    return { remindAt: taskReminderAt(t.toDay, plan.reminders).toISOString(), endsAt: endOfDay(t.toDay).toISOString() };
  }

  return {
    async taskReminderInstant({ taskId }: TaskRef): Promise<TaskReminderInstant | null> {
      const t = await loadTask(taskId);
      return t ? instantOf(t) : null;
    },

    async sendTaskReminder(req: TaskRef & { scheduledFor: string }): Promise<TaskReminderOutcome> {
      const t = await loadTask(req.taskId);
      if (!t) return 'no-task';
      if ((await instantOf(t)).remindAt !== req.scheduledFor) return 'moved';
      const latest = t.reports[0]?.status;
      if (latest === 'done' || latest === 'dropped') return 'skipped-closed';
      const key = emailKey('task-reminder', t.id, req.scheduledFor);
      // The link is a write: made only while the email has not gone out, so a retry writes nothing.
      if (await alreadySent(prisma, key)) return 'already-sent';
      const expiresAt = DateTime.fromJSDate(endOfDay(t.toDay!)).plus({ days: deps.linkDaysAfterClose }).toJSDate();
      const link = `${deps.publicUrl}/t/${await issueTaskToken(prisma, t.id, expiresAt)}`;
      const office = officeOf(t.plan);
      const email = renderTaskReminder({
        unitName: t.leadUnit.name,
        planTitle: t.plan.title,
        ref: t.ref,
        title: t.title,
        ...(t.due ? { period: t.due } : {}),
        to: t.toDay!,
        link,
        office,
      });
      return sendOnce(deps, { key, kind: 'task-reminder', to: addressesOf(t.leadUnit.contacts), replyTo: office.email, scheduledFor: new Date(req.scheduledFor), email });
    },
  };
}
