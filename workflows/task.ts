// One task of a plan (nhiệm vụ): reminds its lead unit once near the end of the task's period, with a
// personal link to report the task's status. Started (or, when it runs, signalled) by every plan load
// under the fixed ID "task/<taskId>" (temporal/tasks.ts); the signal makes it read its instant again,
// so a reload that moves the period is followed. Decisions in task-reminder.ts; dates resolved by the
// activities (domain/task-reminders.ts).
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { TaskInput, TaskResult } from './contract.ts';
import { taskChanged } from './messages.ts';
import { nextTaskStep, readAgain } from './task-reminder.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function taskWorkflow(input: TaskInput): Promise<TaskResult> {
  let changed = false;
  setHandler(taskChanged, () => {
    changed = true;
  });
  for (;;) {
    changed = false;
    const step = nextTaskStep(await acts.taskReminderInstant({ taskId: input.taskId }), Date.now());
    if (step.kind === 'end') return { outcome: step.why };
    const ms = Date.parse(step.at) - Date.now();
    // Wait for the instant, or for a reload of the plan (then read the instant again).
    if (ms > 0 && (await condition(() => changed, ms))) continue;
    if (changed) continue;
    const outcome = await acts.sendTaskReminder({ taskId: input.taskId, scheduledFor: step.at });
    if (!readAgain(outcome)) return { outcome };
  }
}
