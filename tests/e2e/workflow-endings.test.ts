// How the workflows end, on the time-skipping Temporal server with the real activities, SMTP and SQLite:
// - an office decision (an Update whose handler awaits an activity) still running when the unit's
//   report arrives is finished, not cut off, before the obligation workflow returns;
// - a report stored in the database whose signal never reached the workflow (Temporal was down when
//   it was stored) is read from the database, as it is (time, on time or late, "nothing to report"),
//   never invented, whether the workflow finds it at a reminder or at the deadline, and gets a receipt;
// - a closed cycle shows DondocStatus "closed" in Temporal's visibility.
// Its histories (DONDOC_RECORD_HISTORIES) are committed for the replay test: they hold the patch
// markers of these changes, where tests/e2e/cycle.test.ts's older histories hold none.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities/index.ts';
import { type StoredCycle } from '../../db/plans.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { createMailer } from '../../mail/mailer.ts';
import { deliverSubmission, startCycle, startObligation, type Dondoc } from '../../temporal/client.ts';
import { deliverOne } from '../../temporal/submission-delivery.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { exempt } from '../../workflows/messages.ts';
import { recordHistories } from '../helpers/histories.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';
import { workflowBundle } from '../helpers/temporal.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const kind = (m: CaughtMail) => m.subject.match(/^\[([^\]]+)\]/)?.[1];
const receiptsTo = (all: CaughtMail[], addr: string) => all.filter((m) => kind(m) === 'Biên nhận' && m.to.includes(addr));
const remindersTo = (all: CaughtMail[], addr: string) => all.filter((m) => kind(m) === 'Nhắc nộp báo cáo' && m.to.includes(addr));

describe('an office decision still running when the obligation ends', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  beforeAll(async () => {
    ({ stack, cycle } = await startStackWithCycle('handlers', 'handlers-2026'));
  });
  afterAll(() => stack?.close());

  it('the workflow waits for the exemption handler to finish before it returns', async () => {
    const { env, db, catcher } = stack;
    // The real activities, with the exemption held until the test lets it go: the handler is then
    // awaiting its activity while the report arrives and the main loop ends.
    const taskQueue = 'handlers-held';
    const dondoc: Dondoc = { client: env.client, taskQueue };
    const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    const real = createActivities({ prisma: db.prisma, mailer, publicUrl: stack.publicUrl, linkDaysAfterClose: 60, temporal: dondoc });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {
        ...real,
        async recordExemption(req: Parameters<typeof real.recordExemption>[0]) {
          entered();
          await released;
          return real.recordExemption(req);
        },
      },
    });
    const obligationId = cycle.obligationIds.find((o) => o.endsWith('/so-noi-vu'))!;
    try {
      // The stack's own worker runs too (idle), as a worker that never ran keeps the connection open.
      await stack.worker.runUntil(() =>
        worker.runUntil(async () => {
          try {
            await decideWhileTheReportArrives();
          } finally {
            release(); // a failed check must not leave the worker waiting on the held activity
          }
        }),
      );
    } finally {
      mailer.close();
    }
    // The report decided the status; the late exemption found nothing pending to change.
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } })).status).toBe('submitted_on_time');
    if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [obligationId], process.env.DONDOC_RECORD_HISTORIES);

    async function decideWhileTheReportArrives() {
      const handle = await startObligation(dondoc, obligationId, cycle.timeline);
      const update = await handle.startUpdate(exempt, { args: [{ reason: 'Đã sáp nhập', by: 'office' }], waitForStage: WorkflowUpdateStage.ACCEPTED });
      await inHandler;

      // The unit's report arrives while the exemption is being recorded.
      const { submission } = await recordSubmission(db.prisma, { submissionId: randomUUID(), obligationId, comment: 'Báo cáo năm', channel: 'web', receivedAt: new Date(await env.currentTimeMs()) });
      expect(await deliverOne(db.prisma, (o, s) => deliverSubmission(dondoc, o, s), submission)).toBe(true);
      await catcher.waitFor((all) => receiptsTo(all, NOI_VU).length === 1);
      // Let the workflow take its next step after the receipt (where the code before the fix returned).
      // (The only activity completed so far is the receipt: the exemption's is still held.)
      await waitForHistory(stack, obligationId, (steps) => steps.includes('activity done') && steps.lastIndexOf('task done') > steps.indexOf('activity done'));
      expect((await handle.describe()).status.name).toBe('RUNNING');

      release();
      const answer = await update.result();
      expect(answer.obligationId).toBe(obligationId);
      const final = await handle.result();
      expect(final.submissionId).toBe(submission.id);
      expect(final.status).toBe('submitted_on_time');
    }
  });
});

describe('reports the workflow never heard of, and the closed cycle', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  beforeAll(async () => {
    ({ stack, cycle } = await startStackWithCycle('endings', 'endings-2026'));
  });
  afterAll(() => stack?.close());

  it('reads each stored report as it is, sends its receipt, and marks the closed cycle closed', async () => {
    const { catcher, db, env, skipTo } = stack;
    const id = (unit: string) => cycle.obligationIds.find((o) => o.endsWith(`/${unit}`))!;
    const now = async () => new Date(await env.currentTimeMs());
    // Stored, never signalled: as when Temporal was unreachable and the web app had not redelivered yet.
    const storeOnly = async (unit: string, kind: 'report' | 'nothing') =>
      (await recordSubmission(db.prisma, { submissionId: randomUUID(), obligationId: id(unit), comment: `Báo cáo của ${unit}`, channel: 'paper', kind, receivedAt: await now() })).submission;

    let yTe: Awaited<ReturnType<typeof storeOnly>>;
    let noiVu: Awaited<ReturnType<typeof storeOnly>>;
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(stack.dondoc, cycle);
      const [r1, r2, r3] = cycle.timeline.reminders;
      await skipTo(r1!.at);
      await catcher.waitFor((all) => [NOI_VU, Y_TE, CAO_LOC].every((a) => remindersTo(all, a).length === 1));

      // Sở Y tế's report is stored after the first reminder: the second finds it (a reminder path).
      yTe = await storeOnly('so-y-te', 'report');
      await skipTo(r2!.at);
      await catcher.waitFor((all) => remindersTo(all, NOI_VU).length === 2 && receiptsTo(all, Y_TE).length === 1);

      // Sở Nội vụ confirms "nothing to report" after the last reminder: the deadline finds it.
      await skipTo(r3!.at);
      await catcher.waitFor((all) => remindersTo(all, NOI_VU).length === 3);
      noiVu = await storeOnly('so-noi-vu', 'nothing');

      const result = await handle.result();
      expect(result.summary.nothingToReport).toBe(1);
      expect(result.summary.onTime).toBe(1);
      expect(result.summary.missing).toBe(1);

      // What each obligation workflow knew of the report is what the database holds.
      const yTeEnd = await env.client.workflow.getHandle(id('so-y-te')).result();
      expect({ submissionId: yTeEnd.submissionId, receivedAt: yTeEnd.receivedAt, onTime: yTeEnd.onTime, status: yTeEnd.status }).toStrictEqual({ submissionId: yTe!.id, receivedAt: yTe!.receivedAt.toISOString(), onTime: true, status: 'submitted_on_time' });
      const noiVuEnd = await env.client.workflow.getHandle(id('so-noi-vu')).result();
      expect({ submissionId: noiVuEnd.submissionId, receivedAt: noiVuEnd.receivedAt, onTime: noiVuEnd.onTime, status: noiVuEnd.status }).toStrictEqual({ submissionId: noiVu!.id, receivedAt: noiVu!.receivedAt.toISOString(), onTime: true, status: 'nothing_to_report' });

      // Temporal's visibility: the obligations' own statuses, and the cycle closed.
      const status = async (workflowId: string) => (await env.client.workflow.getHandle(workflowId).describe()).searchAttributes.DondocStatus;
      expect(await status(id('so-y-te'))).toStrictEqual(['submitted_on_time']);
      expect(await status(id('so-noi-vu'))).toStrictEqual(['nothing_to_report']);
      const closed = await env.client.workflow.getHandle(cycle.cycleId).describe();
      expect(closed.status.name).toBe('COMPLETED');
      expect(closed.searchAttributes.DondocStatus).toStrictEqual(['closed']);
      expect(closed.searchAttributes.DondocCycle).toStrictEqual([cycle.cycleId]);
      if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [cycle.cycleId, ...cycle.obligationIds], process.env.DONDOC_RECORD_HISTORIES);
    });

    const mails = catcher.messages();
    // One receipt for each stored report; no reminder after Sở Y tế's report was stored.
    expect(receiptsTo(mails, Y_TE).length).toBe(1);
    expect(receiptsTo(mails, NOI_VU).length).toBe(1);
    expect(receiptsTo(mails, NOI_VU)[0]!.text).toMatch(/[Kk]hông có nội dung báo cáo/);
    expect(remindersTo(mails, Y_TE).length).toBe(1);
    expect(mails.filter((m) => kind(m) === 'Quá hạn' && (m.to.includes(Y_TE) || m.to.includes(NOI_VU))).length).toBe(0);
  });
});

/** Polls the workflow's history until `ready` holds for its steps: completed activities and workflow tasks, in order. */
async function waitForHistory(stack: Stack, workflowId: string, ready: (steps: string[]) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const history = await stack.env.client.workflow.getHandle(workflowId).fetchHistory();
    const steps = (history.events ?? []).map((e) => (e.activityTaskCompletedEventAttributes ? 'activity done' : e.workflowTaskCompletedEventAttributes ? 'task done' : 'other'));
    if (ready(steps)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`history of ${workflowId} never reached the expected point`);
}
