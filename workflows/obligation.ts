// One unit's duty to report in one cycle: a small loop that, at each step, does the one thing that
// is due (a reminder, marking overdue, the overdue notice) or waits until the next one, a report, or
// a message from the office. Everything it does to the outside world goes through activities.
// Changes that running workflows would replay differently are behind patched() (tests/workflows/replay.test.ts).
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, log, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { MAIL_REJECTED } from './failure-types.ts';
import { SA } from './search-attribute-names.ts';
import type { Activities } from '../activities/index.ts';
import {
  exempt,
  extendDeadline,
  extendDeadlineForAll,
  obligationState,
  resendReminder,
  submissionReceived,
  type ExtendDeadline,
  type ObligationState,
  type SubmissionReceived,
} from './messages.ts';
import { nextReminder } from './reminder-schedule.ts';
import type { ObligationInput } from './contract.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Mail must never be lost: retry without limit, backing off to one attempt every 10 minutes.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function obligationWorkflow(input: ObligationInput): Promise<ObligationState> {
  const id = input.obligationId;
  let schedule = { remindersAt: input.remindersAt.map(Date.parse), dueAt: Date.parse(input.dueAt), overdueAt: Date.parse(input.overdueAt) };
  const closesAt = Date.parse(input.closesAt);
  let submission: SubmissionReceived | undefined;
  let exempted = false;
  let changed = 0; // bumped by every message that changes what is due next
  let nextIndex = 0; // reminders before this index are done (sent, skipped or collapsed)
  let markedOverdue = false;
  let noticeSent = false;
  const remindersSent: string[] = [];
  const resends: string[] = [];
  const resendIds = new Set<string>();
  const finished = () => submission !== undefined || exempted || Date.now() >= closesAt;

  const state = (): ObligationState => ({
    obligationId: id,
    phase: submission ? 'submitted' : exempted ? 'exempted' : Date.now() >= closesAt ? 'closed' : markedOverdue ? 'overdue' : 'waiting',
    dueAt: new Date(schedule.dueAt).toISOString(),
    remindersSent: [...remindersSent],
    submissionId: submission?.submissionId,
    // '' only in histories from before the stored report was read (patch 'read-stored-submission')
    receivedAt: submission?.receivedAt || undefined,
    onTime: submission?.onTime,
  });
  const refuse = (vi: string, en: string) => {
    throw new Error(`${vi} / ${en}`);
  };

  setHandler(submissionReceived, (s) => {
    submission ??= s; // a duplicate delivery changes nothing
  });
  setHandler(obligationState, state);
  const applyExtension = async (x: ExtendDeadline) => {
    await acts.recordExtension({ obligationId: id, dueAt: x.dueAt, reason: x.reason, by: x.by });
    schedule = { remindersAt: x.remindersAt.map(Date.parse), dueAt: Date.parse(x.dueAt), overdueAt: Date.parse(x.overdueAt) };
    nextIndex = 0; // reminders of the new schedule already in the past are skipped, not sent
    while (nextIndex < schedule.remindersAt.length && schedule.remindersAt[nextIndex]! <= Date.now()) nextIndex++;
    markedOverdue = false;
    noticeSent = false;
    changed++;
  };
  /** Why an extension cannot apply, or undefined when it can. */
  const extensionRefusal = (x: ExtendDeadline): [string, string] | undefined => {
    if (finished()) return ['Đơn vị đã nộp, được miễn hoặc kỳ báo cáo đã đóng', 'already submitted, exempted or closed'];
    if (Date.parse(x.dueAt) <= schedule.dueAt) return ['Hạn mới phải sau hạn hiện tại', 'the new deadline must be later than the current one'];
    if (Date.parse(x.dueAt) >= closesAt) return ['Hạn mới phải trước khi kỳ báo cáo đóng', 'the new deadline must come before the cycle closes'];
    return undefined;
  };
  setHandler(
    extendDeadline,
    async (x) => {
      await applyExtension(x);
      return state();
    },
    {
      validator: (x) => {
        const why = extensionRefusal(x);
        if (why) refuse(...why);
      },
    },
  );
  setHandler(extendDeadlineForAll, async (x) => {
    const why = extensionRefusal(x);
    if (why) log.info('cycle-wide extension not applied', { obligationId: id, reason: why[1] });
    else await applyExtension(x);
  });
  setHandler(
    exempt,
    async (x) => {
      await acts.recordExemption({ obligationId: id, reason: x.reason, by: x.by });
      exempted = true;
      changed++;
      return state();
    },
    { validator: (_x) => void (finished() && refuse('Đơn vị đã nộp, được miễn hoặc kỳ báo cáo đã đóng', 'already submitted, exempted or closed')) },
  );
  setHandler(
    resendReminder,
    (x) => {
      if (!resendIds.has(x.requestId)) {
        resendIds.add(x.requestId);
        resends.push(x.requestId);
        changed++;
      }
      return state();
    },
    { validator: (_x) => void (finished() && refuse('Đơn vị đã nộp, được miễn hoặc kỳ báo cáo đã đóng', 'already submitted, exempted or closed')) },
  );

  /** Runs a notice; a permanently rejected email (bad address) is logged and the cycle goes on. */
  const attempt = async <T>(send: () => Promise<T>): Promise<T | 'rejected'> => {
    try {
      return await send();
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === MAIL_REJECTED) {
        log.warn('email permanently rejected', { obligationId: id, error: err.cause.message });
        return 'rejected';
      }
      throw err;
    }
  };
  /**
   * A reminder or the deadline found a report in the database whose signal has not arrived (stored while
   * Temporal was unreachable): read it, as it is, so that the status, the state and the receipt are
   * the real ones. Before the patch the deadline path made one up and the reminder path forgot it.
   */
  const hearFromDatabase = async (storedId?: string) => {
    if (submission) return;
    if (patched('read-stored-submission')) {
      const stored = await acts.readStoredSubmission({ obligationId: id });
      submission ??= stored ?? undefined;
    } else if (storedId) {
      submission = { submissionId: storedId, receivedAt: '', onTime: true };
    }
  };
  const remind = async (at: number) => {
    const scheduledFor = new Date(at).toISOString();
    const outcome = await attempt(() => acts.sendReminder({ obligationId: id, scheduledFor }));
    if (outcome === 'sent' || outcome === 'already-sent') remindersSent.push(scheduledFor);
    return outcome;
  };

  // The status search attribute (DondocStatus) follows the phase; patched() keeps older histories
  // (recorded before it existed) replaying unchanged.
  let shownStatus = 'open';
  const showStatus = () => {
    const s = submission ? (submission.kind === 'nothing' ? 'nothing_to_report' : 'submitted') : exempted ? 'exempted' : markedOverdue ? 'overdue' : remindersSent.length > 0 ? 'reminded' : 'open';
    if (s !== shownStatus && patched('status-search-attribute')) {
      upsertSearchAttributes({ [SA.status]: [s] });
      shownStatus = s;
    }
  };

  while (!finished()) {
    showStatus();
    const now = Date.now();
    let wakeAt: number;
    if (resends.length > 0) {
      resends.shift();
      if ((await remind(now)) === 'skipped-submitted') {
        await hearFromDatabase();
        break;
      }
      continue;
    }
    if (now < schedule.dueAt) {
      // Reminders: several passed while the worker was down collapse into the latest one.
      const i = nextReminder(schedule.remindersAt, nextIndex, now);
      if (i >= 0 && schedule.remindersAt[i]! <= now) {
        nextIndex = i + 1;
        if ((await remind(schedule.remindersAt[i]!)) === 'skipped-submitted') {
          await hearFromDatabase();
          break;
        }
        continue;
      }
      wakeAt = i >= 0 ? Math.min(schedule.remindersAt[i]!, schedule.dueAt) : schedule.dueAt;
    } else if (!markedOverdue) {
      const marked = await acts.markOverdue({ obligationId: id });
      if (!marked.overdue) {
        // The database holds a report whose signal has not arrived yet: it counts as received.
        await hearFromDatabase(marked.submissionId);
        break;
      }
      markedOverdue = true;
      continue;
    } else if (!noticeSent && now >= schedule.overdueAt) {
      noticeSent = true;
      await attempt(() => acts.sendOverdueNotice({ obligationId: id, scheduledFor: new Date(schedule.overdueAt).toISOString() }));
      continue;
    } else {
      // Overdue: stay open for a late report until the cycle closes.
      wakeAt = noticeSent ? closesAt : schedule.overdueAt;
    }
    const seen = changed;
    await condition(() => submission !== undefined || exempted || changed !== seen, Math.max(1, Math.min(wakeAt, closesAt) - now));
  }

  showStatus();
  if (submission) await attempt(() => acts.sendReceipt({ submissionId: submission!.submissionId }));
  // An office decision may still be awaiting its activity (an exemption being recorded when the report
  // arrived): returning now would cut it off, its record unwritten and its caller answered with an
  // error. Histories recorded before this wait returned here at once (patched).
  if (patched('finish-handlers')) {
    await condition(allHandlersFinished);
    showStatus(); // what that decision changed
  }
  return state();
}
