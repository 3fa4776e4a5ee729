// The obligation workflow's wiring on the time-skipping test server, with its activities replaced by
// recorders: that the machine's steps become the right activity calls at the right workflow times,
// that the query, the Updates and DondocStatus carry the status, and that the result is the state.
// (The real activities, database and SMTP are the end-to-end tests' business: tests/e2e/.)
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities/index.ts';
import { startSearchAttributes } from '../../temporal/search-attributes.ts';
import type { ObligationWorkflow } from '../../workflows/contract.ts';
import { MAIL_REJECTED } from '../../workflows/failure-types.ts';
import { exempt, obligationState, resendReminder, submissionReceived } from '../../workflows/messages.ts';
import { startTimeSkippingServer, workflowBundle } from '../helpers/temporal.ts';

jest.setTimeout(120_000);

const DAY = 86_400_000;

describe('the obligation workflow with recorded activities', () => {
  let env: TestWorkflowEnvironment;
  const calls: string[] = [];
  let start = 0;
  /** Days (with decimals) since the workflow started, on the server's clock. */
  const day = (iso: string) => Math.round(((Date.parse(iso) - start) / DAY) * 100) / 100;
  const activities: Partial<Activities> = {
    async sendReminder(r) {
      calls.push(`reminder ${day(r.scheduledFor)}`);
      return 'sent';
    },
    async markOverdue() {
      calls.push('mark overdue');
      return { overdue: true };
    },
    async sendOverdueNotice(r) {
      calls.push(`notice ${day(r.scheduledFor)}`);
      // a wrong address: recorded, not retried; the workflow goes on
      throw ApplicationFailure.create({ type: MAIL_REJECTED, message: '550 no such user', nonRetryable: true });
    },
    async sendReceipt(r) {
      calls.push(`receipt ${r.submissionId}`);
      return 'sent';
    },
    async recordExemption() {
      calls.push('exemption');
    },
    async readStoredSubmission() {
      return null;
    },
  };

  beforeAll(async () => {
    env = await startTimeSkippingServer();
  });
  /** A worker runs once: each test gets its own. */
  const withWorker = async (fn: () => Promise<void>) => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'obligation-machine', workflowBundle: await workflowBundle(), activities });
    await worker.runUntil(fn);
  };
  afterAll(async () => {
    await env?.teardown();
  });

  const input = (id: string) => {
    const at = (days: number) => new Date(start + days * DAY).toISOString();
    return { obligationId: id, remindersAt: [at(1), at(2)], dueAt: at(3), overdueAt: at(4), closesAt: at(10) };
  };

  it('reminds, resends, marks overdue, survives a rejected notice and takes a late report', async () => {
    calls.length = 0;
    await withWorker(async () => {
      start = await env.currentTimeMs();
      const id = 'wf-2026/2026-annual/so-noi-vu';
      const handle = await env.client.workflow.start<ObligationWorkflow>('obligationWorkflow', { workflowId: id, taskQueue: 'obligation-machine', args: [input(id)], typedSearchAttributes: startSearchAttributes(id) });
      const status = async () => (await handle.describe()).searchAttributes.DondocStatus;

      await env.sleep(1.5 * DAY);
      expect((await handle.query(obligationState)).status).toBe('reminded');
      const resent = await handle.executeUpdate(resendReminder, { args: [{ requestId: 'r1', by: 'office' }] });
      expect(resent.status).toBe('reminded');
      await env.sleep(3 * DAY); // past the deadline (day 3) and the notice (day 4)
      const overdue = await handle.query(obligationState);
      expect({ status: overdue.status, reminders: overdue.remindersSent.map(day) }).toStrictEqual({ status: 'overdue', reminders: [1, 1.5, 2] });
      expect(await status()).toStrictEqual(['overdue']);

      await handle.signal(submissionReceived, { submissionId: 'late-1', receivedAt: new Date(await env.currentTimeMs()).toISOString(), onTime: false });
      const result = await handle.result();
      expect({ status: result.status, submissionId: result.submissionId, onTime: result.onTime }).toStrictEqual({ status: 'submitted_late', submissionId: 'late-1', onTime: false });
      expect(await status()).toStrictEqual(['submitted_late']);
    });
    expect(calls).toStrictEqual(['reminder 1', 'reminder 1.5', 'reminder 2', 'mark overdue', 'notice 4', 'receipt late-1']);
  });

  it('an exempted unit hears nothing more; a unit that never reports ends missing', async () => {
    calls.length = 0;
    await withWorker(async () => {
      start = await env.currentTimeMs();
      const exempted = await env.client.workflow.start<ObligationWorkflow>('obligationWorkflow', { workflowId: 'wf-2026/2026-annual/a', taskQueue: 'obligation-machine', args: [input('wf-2026/2026-annual/a')] });
      const silent = await env.client.workflow.start<ObligationWorkflow>('obligationWorkflow', { workflowId: 'wf-2026/2026-annual/b', taskQueue: 'obligation-machine', args: [input('wf-2026/2026-annual/b')], typedSearchAttributes: startSearchAttributes('wf-2026/2026-annual/b') });
      expect((await exempted.executeUpdate(exempt, { args: [{ reason: 'merged', by: 'office' }] })).status).toBe('exempted');
      expect((await exempted.result()).status).toBe('exempted');
      const end = await silent.result();
      expect({ status: end.status, reminders: end.remindersSent.map(day) }).toStrictEqual({ status: 'missing', reminders: [1, 2] });
      expect((await silent.describe()).searchAttributes.DondocStatus).toStrictEqual(['missing']);
    });
    expect(calls).toStrictEqual(['exemption', 'reminder 1', 'reminder 2', 'mark overdue', 'notice 4']);
  });
});
