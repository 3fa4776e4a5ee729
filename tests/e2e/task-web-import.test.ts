// A plan imported through the web (/plans/import, issue 14 §2) on the time-skipping server (real worker,
// web app on a real port, real SMTP catcher, real SQLite): its dated tasks' reminder workflows start
// under their fixed IDs as `dondoc plan load` starts them (temporal/tasks.ts followTasks), a task
// without a period gets none, and the workflow reminds the lead unit at its instant.
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { taskId, taskReminderAt, taskWorkflowId } from '../../domain/task-reminders.ts';
import type { TaskWorkflow } from '../../workflows/contract.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { csrfOf } from '../helpers/csrf.ts';
import { browserSession } from '../helpers/http.ts';
import { Y_TE } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { taskPlan } from '../helpers/task-plans.ts';

jest.setTimeout(180_000);

const PLAN = 'tasks-web-import-2026';
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

describe('tasks of a plan imported through the web', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('task-web-import');
  });
  afterAll(() => stack?.close());

  it('starts each dated task\'s reminder workflow, which reminds the lead unit', async () => {
    const { db, catcher } = stack;
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const { source, plan } = taskPlan({
      id: PLAN,
      dueDate: addDays(today, 60),
      opensOn: today, // opened at once: the time-skipping server has no Schedules for a later opening
      tasks: [
        { ref: 'III.1', title: 'Kiểm tra liên ngành', lead: 'so-y-te', due: dmy(addDays(today, 20)) },
        { ref: 'III.2', title: 'Thường xuyên', lead: 'so-noi-vu' }, // no period: no workflow
      ],
    });
    const user = await createTestUser(db.prisma, 'office', { plans: [] });
    const office = browserSession(stack.publicUrl);
    expect((await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin')).status).toBe(303);
    // A plain client: unlike the time-skipping one, waiting through it never lets the server skip time.
    const handle = (ref: string) => new Client({ connection: stack.env.connection, namespace: 'default' }).workflow.getHandle<TaskWorkflow>(taskWorkflowId(taskId(PLAN, ref)));

    await stack.worker.runUntil(async () => {
      // Nothing runs for the plan before it is imported.
      await expect(handle('III.1').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      const form = new FormData();
      form.set('_csrf', csrfOf((await office.get('/plans/import')).body) ?? '');
      form.set('plan', new Blob([source], { type: 'text/yaml' }), 'ke-hoach.yaml');
      const imported = await fetch(new URL('/plans/import', stack.publicUrl), { method: 'POST', body: form, headers: { cookie: office.cookie() }, redirect: 'manual' });
      const page = await imported.text();
      // on failure, look at: page
      expect(imported.status).toBe(200);
      expect(page).toContain('Mở ngay: 1 kỳ');

      // The dated task's workflow runs under its fixed ID on the dondoc task queue, waiting for its reminder.
      const described = await handle('III.1').describe();
      expect([described.type, described.status.name, described.taskQueue]).toStrictEqual(['taskWorkflow', 'RUNNING', stack.dondoc.taskQueue]);
      await expect(handle('III.2').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

      await stack.skipTo(taskReminderAt(addDays(today, 20), plan.reminders));
      expect(await handle('III.1').result()).toStrictEqual({ outcome: 'sent' });
    });
    const mails = catcher.messages().filter((m) => m.subject.startsWith('[Nhắc thực hiện nhiệm vụ] III.1'));
    expect(mails.map((m) => m.to)).toStrictEqual([[Y_TE]]);
    expect(mails[0]!.text).toMatch(/\/t\/[A-Za-z0-9_-]{43}/);
  });
});
