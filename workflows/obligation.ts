// One unit's duty to report in one cycle: a small loop that, at each step, does the one thing that
// is due (a reminder, marking overdue, the overdue notice) or waits until the next one, a report, or
// a message from the office. What is due and what each message changes are decided in
// obligation-machine.ts (plain code, tested without Temporal); this file wires them to handlers, timers
// and activities. Everything it does to the outside world goes through activities.
// Changes that running workflows would replay differently are behind patched() (tests/workflows/replay.test.ts).
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, log, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { DondocStatus } from '../domain/statuses.ts';
import type { Activities } from '../activities/index.ts';
import type { ObligationInput } from './contract.ts';
import { MAIL_REJECTED } from './failure-types.ts';
import { acceptSubmission, exempt, extendDeadline, extendDeadlineForAll, obligationState, resendReminder, returnForRevision, submissionReceived, type ExtendDeadline, type ObligationState } from './messages.ts';
import * as m from './obligation-machine.ts';
import { statusUpdate } from './search-attributes.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Mail must never be lost: retry without limit, backing off to one attempt every 10 minutes.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function obligationWorkflow(input: ObligationInput): Promise<ObligationState> {
  const o = m.initialObligation(input);
  const id = o.id;
  const state = () => m.stateOf(o, Date.now());
  const refuse = (why: [string, string] | undefined) => {
    if (why) throw new Error(`${why[0]} / ${why[1]}`);
  };

  setHandler(submissionReceived, (s) => m.receive(o, s));
  setHandler(obligationState, state);
  const applyExtension = async (x: ExtendDeadline) => {
    await acts.recordExtension({ obligationId: id, dueAt: x.dueAt, reason: x.reason, by: x.by });
    m.applyExtension(o, x, Date.now());
  };
  setHandler(
    extendDeadline,
    async (x) => {
      await applyExtension(x);
      return state();
    },
    { validator: (x) => refuse(m.extensionRefusal(o, x, Date.now())) },
  );
  setHandler(extendDeadlineForAll, async (x) => {
    const why = m.extensionRefusal(o, x, Date.now());
    if (why) log.info('cycle-wide extension not applied', { obligationId: id, reason: why[1] });
    else await applyExtension(x);
  });
  setHandler(
    exempt,
    async (x) => {
      await acts.recordExemption({ obligationId: id, reason: x.reason, by: x.by });
      m.exemptUnit(o);
      return state();
    },
    { validator: (_x) => refuse(m.actionRefusal(o, Date.now())) },
  );
  setHandler(
    resendReminder,
    (x) => {
      m.requestResend(o, x.requestId);
      return state();
    },
    { validator: (_x) => refuse(m.actionRefusal(o, Date.now())) },
  );

  // The office's review of the version received. Only reachable in the wait after the receipt, which
  // histories from before patch 'review-return' never enter (their workflows returned there).
  setHandler(
    returnForRevision,
    async (x) => {
      await acts.recordReturn({ obligationId: id, submissionId: x.submissionId, dueAt: x.dueAt, reason: x.reason, by: x.by });
      m.applyReturn(o, x, Date.now());
      return state();
    },
    { validator: (x) => refuse(m.returnRefusal(o, x, Date.now())) },
  );
  setHandler(
    acceptSubmission,
    async (x) => {
      await acts.recordAcceptance({ obligationId: id, submissionId: x.submissionId, by: x.by });
      m.accept(o, x.submissionId);
      return state();
    },
    { validator: (x) => refuse(m.reviewRefusal(o, x.submissionId, Date.now())) },
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
    if (o.submission) return;
    if (patched('read-stored-submission')) {
      const stored = await acts.readStoredSubmission({ obligationId: id });
      if (stored) m.receive(o, stored);
    } else if (storedId) {
      m.receive(o, { submissionId: storedId, receivedAt: '', onTime: true });
    }
  };
  /** Sends the reminder scheduled for `at`; false when the database already holds a report. */
  const remind = async (at: number): Promise<boolean> => {
    const outcome = await attempt(() => acts.sendReminder({ obligationId: id, scheduledFor: new Date(at).toISOString() }));
    if (outcome === 'sent' || outcome === 'already-sent') m.reminderSent(o, at);
    return outcome !== 'skipped-submitted';
  };

  // DondocStatus follows the status; patched() keeps older histories replaying unchanged: those from
  // before the attribute existed, and those from before the one vocabulary ('status-vocabulary' adds
  // the upserts of "extended" and "missing").
  let shownStatus: DondocStatus = 'open';
  const showStatus = () => {
    const s = patched('status-vocabulary') ? m.statusOf(o, Date.now()) : m.legacyShownStatus(o);
    if (s !== shownStatus && patched('status-search-attribute')) {
      upsertSearchAttributes(statusUpdate(s));
      shownStatus = s;
    }
  };

  for (;;) {
    loop: while (!m.loopDone(o, Date.now())) {
      showStatus();
      const now = Date.now();
      const step = m.nextStep(o, now);
      m.beginStep(o, step);
      switch (step.kind) {
        case 'resend':
        case 'remind':
          if (!(await remind(step.kind === 'remind' ? step.at : now))) {
            await hearFromDatabase();
            break loop;
          }
          break;
        case 'mark-overdue': {
          const marked = await acts.markOverdue({ obligationId: id });
          if (!marked.overdue) {
            // The database holds a report whose signal has not arrived yet: it counts as received.
            await hearFromDatabase(marked.submissionId);
            break loop;
          }
          m.overdueMarked(o);
          break;
        }
        case 'return-notice':
          await attempt(() => acts.sendReturnNotice({ obligationId: id, submissionId: step.submissionId }));
          break;
        case 'overdue-notice':
          await attempt(() => acts.sendOverdueNotice({ obligationId: id, scheduledFor: new Date(step.at).toISOString() }));
          break;
        case 'wait': {
          const seen = o.changed;
          await condition(() => m.interrupted(o, seen), Math.max(1, step.until - now));
          break;
        }
        case 'finished':
          break loop;
      }
    }

    showStatus();
    if (o.submission) await attempt(() => acts.sendReceipt({ submissionId: o.submission!.submissionId }));
    // Until the cycle closes, the office may accept the version or return it for revision (then the loop
    // runs again on the new day). Histories from before this wait returned here at once (patched).
    if (!o.submission || !patched('review-return')) break;
    await condition(() => m.reviewEnded(o), Math.max(1, o.closesAt - Date.now()));
    if (o.submission) break;
  }
  // An office decision may still be awaiting its activity (an exemption being recorded when the report
  // arrived): returning now would cut it off, its record unwritten and its caller answered with an
  // error. Histories recorded before this wait returned here at once (patched).
  if (patched('finish-handlers')) {
    await condition(allHandlersFinished);
    showStatus(); // what that decision changed
  }
  return state();
}
