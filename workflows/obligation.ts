// One unit's duty to report in one cycle. It waits, reminds, notices and then ends; everything it does
// to the outside world goes through activities (imported as types only).
import { ActivityFailure, ApplicationFailure, condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
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

  /** Runs a notice; a permanently rejected email (bad address) is logged and the cycle goes on. */
  const attempt = async <T>(send: () => Promise<T>): Promise<T | 'rejected'> => {
    try {
      return await send();
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'MailRejected') {
        log.warn('email permanently rejected', { obligationId: input.obligationId, error: err.cause.message });
        return 'rejected';
      }
      throw err;
    }
  };

  const reminders = input.remindersAt.map((s) => Date.parse(s));
  const dueAt = Date.parse(input.dueAt);
  let i = nextReminder(reminders, 0, Date.now());
  while (i >= 0 && reminders[i]! < dueAt) {
    if (await waitUntil(reminders[i]!)) break;
    // Woken late (worker down past several reminders)? Send only the latest one that is due, and
    // none at all once the deadline has passed ("1 day left" after the deadline would be wrong).
    if (Date.now() >= dueAt) break;
    i = nextReminder(reminders, i, Date.now());
    const scheduledFor = new Date(reminders[i]!).toISOString();
    const outcome = await attempt(() => acts.sendReminder({ obligationId: input.obligationId, scheduledFor }));
    if (outcome === 'skipped-submitted') break;
    if (outcome !== 'rejected') state.remindersSent.push(scheduledFor);
    i = nextReminder(reminders, i + 1, Date.now());
  }

  if (!(await waitUntil(dueAt))) {
    const marked = await acts.markOverdue({ obligationId: input.obligationId });
    if (marked.overdue) {
      state.phase = 'overdue';
      if (!(await waitUntil(Date.parse(input.overdueAt)))) {
        await attempt(() => acts.sendOverdueNotice({ obligationId: input.obligationId, scheduledFor: input.overdueAt }));
      }
      // Stay open for a late report until the cycle closes.
      await waitUntil(Date.parse(input.closesAt));
    } else if (marked.submissionId) {
      // The database holds a report whose signal has not arrived yet: it counts as received.
      submission ??= { submissionId: marked.submissionId, receivedAt: '', onTime: true };
    }
  }

  if (submission) {
    state.phase = 'submitted';
    await attempt(() => acts.sendReceipt({ submissionId: submission!.submissionId }));
  } else {
    state.phase = 'closed';
  }
  return { ...state, submissionId: submission?.submissionId };
}
