// Task reminders (issue 14 §2) on the time-skipping server: each dated task's workflow reminds its lead
// unit once, 7 days before its period ends (never on a Sunday), with a personal link to that task; a
// task reported done is not reminded; a task whose period is over gets nothing; loading the plan again
// sends nothing twice; a reload that moves a period moves the reminder.
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { taskId, taskReminderAt, taskWorkflowId } from '../../domain/task-reminders.ts';
import { savePlan } from '../../db/plans.ts';
import { recordTaskReport } from '../../db/tasks.ts';
import { followTasks } from '../../temporal/tasks.ts';
import type { TaskWorkflow } from '../../workflows/contract.ts';
import { NOI_VU, Y_TE, CAO_LOC } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { taskPlan, type TestTask } from '../helpers/task-plans.ts';

jest.setTimeout(180_000);

const PLAN = 'tasks-2026';
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

describe('task reminders', () => {
  let stack: Stack;
  let today: string;
  const planOf = (tasks: TestTask[]) => taskPlan({ id: PLAN, dueDate: addDays(today, 60), opensOn: addDays(today, 30), tasks });
  const plainResult = (ref: string) =>
    new Client({ connection: stack.env.connection, namespace: 'default' }).workflow.getHandle<TaskWorkflow>(taskWorkflowId(taskId(PLAN, ref))).result();

  beforeAll(async () => {
    stack = await startStack('tasks');
    today = localDateAt(new Date(await stack.env.currentTimeMs()));
  });
  afterAll(() => stack?.close());

  it('reminds the lead unit once, at its instant, with a link to the task; not a done task, not a past one; a reload moves it', async () => {
    const { db, catcher } = stack;
    const tasks: TestTask[] = [
      { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'so-noi-vu', due: dmy(addDays(today, 20)) },
      { ref: 'II.2', title: 'Tập huấn bình đẳng giới', lead: 'so-y-te', due: dmy(addDays(today, 20)) },
      { ref: 'II.3', title: 'Nhiệm vụ không có thời hạn', lead: 'ubnd-cao-loc' },
      { ref: 'II.4', title: 'Nhiệm vụ đã hết hạn', lead: 'ubnd-cao-loc', due: dmy(addDays(today, -3)) },
    ];
    const first = planOf(tasks);
    await savePlan(db.prisma, first.plan, first.source);
    await recordTaskReport(db.prisma, { id: crypto.randomUUID(), taskId: taskId(PLAN, 'II.2'), status: 'done', by: 'unit:so-y-te', at: new Date(await stack.env.currentTimeMs()) });

    await stack.worker.runUntil(async () => {
      // a task without a period gets no workflow
      expect(await followTasks(stack.dondoc, db.prisma, PLAN)).toStrictEqual(['II.1', 'II.2', 'II.4'].map((r) => taskId(PLAN, r)));
      // The plan is loaded again with II.1's period moved 5 days later, while its workflow waits.
      const moved = planOf([{ ...tasks[0]!, due: dmy(addDays(today, 25)) }, ...tasks.slice(1)]);
      await savePlan(db.prisma, moved.plan, moved.source);
      await followTasks(stack.dondoc, db.prisma, PLAN);

      // Time moves by the server's sleep to just past II.1's moved reminder; results are read by a plain
      // client, which (unlike the time-skipping one) never lets the server skip time while it waits.
      const at = taskReminderAt(addDays(today, 25), first.plan.reminders);
      await stack.skipTo(at);
      expect(await plainResult('II.4')).toStrictEqual({ outcome: 'period-over' });
      expect(await plainResult('II.2')).toStrictEqual({ outcome: 'skipped-closed' });
      expect(await plainResult('II.1')).toStrictEqual({ outcome: 'sent' });
      // Loading the plan again once they ended: the workflows run again and send nothing twice.
      await followTasks(stack.dondoc, db.prisma, PLAN);
      expect(await plainResult('II.1')).toStrictEqual({ outcome: 'already-sent' });
      expect(await plainResult('II.2')).toStrictEqual({ outcome: 'skipped-closed' });
      expect(await plainResult('II.4')).toStrictEqual({ outcome: 'period-over' });
    });

    const at = taskReminderAt(addDays(today, 25), first.plan.reminders);
    // sent at its moved instant (the skip ended a minute after it), not at the first one
    expect(at.getTime()).toBeGreaterThan(taskReminderAt(addDays(today, 20), first.plan.reminders).getTime());
    const rows = await db.prisma.emailMessage.findMany({ where: { kind: 'task-reminder' } });
    expect(rows.map((r) => [r.key, r.status, r.recipients])).toStrictEqual([[`task-reminder:${taskId(PLAN, 'II.1')}:${at.toISOString()}`, 'sent', NOI_VU]]);
    const mails = catcher.messages().filter((m) => m.subject.startsWith('[Nhắc thực hiện nhiệm vụ]'));
    expect(mails.map((m) => m.to)).toStrictEqual([[NOI_VU]]);
    expect(mails[0]!.subject).toBe(`[Nhắc thực hiện nhiệm vụ] II.1 – hạn ${dmy(addDays(today, 25))}`);
    const link = mails[0]!.text.match(/\/t\/([A-Za-z0-9_-]{43})/);
    expect(link).not.toBeNull();
    expect(catcher.messages().some((m) => m.to.includes(Y_TE) || m.to.includes(CAO_LOC))).toBe(false);

    expect(catcher.messages().filter((m) => m.subject.startsWith('[Nhắc thực hiện nhiệm vụ]')).length).toBe(1);
  });
});
