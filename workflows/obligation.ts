// One unit's duty to report in one cycle. It waits, reminds, notices and then ends; everything it does
// to the outside world goes through activities (imported as types only).
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { obligationState, submissionReceived, type ObligationState, type SubmissionReceived } from './messages.ts';
import { nextReminder } from './reminder-schedule.ts';

export interface ObligationInput {
  obligationId: string;
  remindersAt: string[]; // ISO instants, ascending
  dueAt: string;
  overdueAt: string;
  closesAt: string;
}

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Mail must never be lost: retry without limit, backing off to one attempt every 10 minutes.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function obligationWorkflow(input: ObligationInput): Promise<ObligationState> {
  let submission: SubmissionReceived | undefined;
  const state: ObligationState = { obligationId: input.obligationId, phase: 'waiting', remindersSent: [] };
  setHandler(submissionReceived, (s) => {
    submission ??= s; // a duplicate delivery changes nothing
  });
  setHandler(obligationState, () => ({ ...state, submissionId: submission?.submissionId }));

  /** Waits until `at` or a submission, whichever is first; true when a submission arrived. */
  const waitUntil = async (at: number): Promise<boolean> => {
    const ms = at - Date.now();
    if (submission || ms <= 0) return submission !== undefined;
    return condition(() => submission !== undefined, ms);
  };

  const reminders = input.remindersAt.map((s) => Date.parse(s));
  const dueAt = Date.parse(input.dueAt);
  let i = nextReminder(reminders, 0, Date.now());
  while (i >= 0 && reminders[i]! < dueAt) {
    if (await waitUntil(reminders[i]!)) break;
    // Woken late (worker down past several reminders)? Send only the latest one that is due.
    i = nextReminder(reminders, i, Date.now());
    const scheduledFor = new Date(reminders[i]!).toISOString();
    if ((await acts.sendReminder({ obligationId: input.obligationId, scheduledFor })) === 'skipped-submitted') break;
    state.remindersSent.push(scheduledFor);
    i = nextReminder(reminders, i + 1, Date.now());
  }

  if (!(await waitUntil(dueAt)) && (await acts.markOverdue({ obligationId: input.obligationId }))) {
    state.phase = 'overdue';
    if (!(await waitUntil(Date.parse(input.overdueAt)))) {
      await acts.sendOverdueNotice({ obligationId: input.obligationId, scheduledFor: input.overdueAt });
    }
    // Stay open for a late report until the cycle closes.
    await waitUntil(Date.parse(input.closesAt));
  }

  if (submission) {
    state.phase = 'submitted';
    await acts.sendReceipt({ submissionId: submission.submissionId });
  } else {
    state.phase = 'closed';
  }
  return { ...state, submissionId: submission?.submissionId };
}
