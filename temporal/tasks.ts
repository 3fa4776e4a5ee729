// Following a plan's tasks: every plan load starts one reminder workflow per task with a period, under
// the fixed ID "task/<taskId>" (workflows/task.ts), or, when it already runs, signals it to read its
// instant again (signalWithStart: one call either way, so a load repeated changes nothing and a reload
// that moved a period is followed). A workflow that already ended starts again and finds its reminder
// sent (the email's business key) or its period over.
import { datedTaskIds } from '../db/tasks.ts';
import type { PrismaClient } from '../db/client.ts';
import { taskWorkflowId } from '../domain/task-reminders.ts';
import type { TaskWorkflow } from '../workflows/contract.ts';
import { taskChanged } from '../workflows/messages.ts';
import type { Dondoc } from './client.ts';

export async function followTasks(d: Dondoc, prisma: PrismaClient, planId: string): Promise<string[]> {
  const ids = await datedTaskIds(prisma, planId);
  for (const taskId of ids) {
    await d.client.workflow.signalWithStart<TaskWorkflow, []>('taskWorkflow', {
      workflowId: taskWorkflowId(taskId),
      taskQueue: d.taskQueue,
      args: [{ taskId }],
      signal: taskChanged,
      signalArgs: [],
    });
  }
  return ids;
}
