// Opening cycles on schedule, on the real Temporal dev server (the Java test server has no
// Schedules): a cycle whose opening has passed starts at once; a later one waits for its one-shot
// Schedule, whose opener starts the cycle under its fixed ID, which then starts every obligation.
// Loading the same plan twice changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { openCycles, openingScheduleId } from '../../temporal/open-cycles.ts';
import { createDondocWorker } from '../../worker/create-worker.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startDevServer, workflowBundle } from '../helpers/temporal.ts';

describe('cycles opened by Temporal Schedules', { timeout: 120_000 }, () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let worker: Worker;
  const dondocOf = () => ({ client: env.client, taskQueue: 'schedules' });

  before(async () => {
    [env, db, catcher] = await Promise.all([startDevServer(), freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    worker = await createDondocWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: 'schedules',
      deps: { prisma: db.prisma, mailer, publicUrl: 'http://127.0.0.1:9', linkDaysAfterClose: 60, temporal: dondocOf() },
      workflowBundle: await workflowBundle(),
    });
  });
  after(async () => {
    mailer?.close();
    await catcher?.close();
    await db?.close();
    await env?.teardown();
  });

  async function running(id: string): Promise<boolean> {
    try {
      return (await env.client.workflow.getHandle(id).describe()).status.name === 'RUNNING';
    } catch {
      return false;
    }
  }

  it('starts a past opening now and a future one at its instant, once', async () => {
    const now = Date.now();
    const past = threeUnitPlan({ id: 'sched-past', dueDate: '2030-12-05', opensOn: '2030-11-01' });
    const future = threeUnitPlan({ id: 'sched-future', dueDate: '2030-12-05', opensOn: '2030-11-01' });
    const far = { reminders: [3600], due: 7200, overdue: 7300, escalation: 7400, close: 7500 };
    const cycles: StoredCycle[] = [
      await compressCycle(db.prisma, (await savePlan(db.prisma, past.plan, past.source))[0]!, now, { ...far, open: -60 }),
      await compressCycle(db.prisma, (await savePlan(db.prisma, future.plan, future.source))[0]!, now, { ...far, open: 12 }),
    ];
    await worker.runUntil(async () => {
      const first = await openCycles(dondocOf(), cycles, new Date());
      assert.deepEqual(first, { started: ['sched-past/2026-annual'], scheduled: ['sched-future/2026-annual'] });
      // Loading again: the same cycles, nothing new.
      assert.deepEqual(await openCycles(dondocOf(), cycles, new Date()), first);
      const schedule = await env.client.schedule.getHandle(openingScheduleId('sched-future/2026-annual')).describe();
      assert.equal(schedule.state.remainingActions, 1);

      assert.ok(await running('sched-past/2026-annual'));
      assert.equal(await running('sched-future/2026-annual'), false, 'not before its opening');
      for (let i = 0; i < 60 && !(await running('sched-future/2026-annual/ubnd-cao-loc')); i++) await new Promise((r) => setTimeout(r, 500));
      assert.ok(Date.now() >= now + 12_000, 'opened at (not before) its instant');
      for (const unit of ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc']) assert.ok(await running(`sched-future/2026-annual/${unit}`), unit);
      const after = await env.client.schedule.getHandle(openingScheduleId('sched-future/2026-annual')).describe();
      assert.equal(after.state.remainingActions, 0, 'a one-shot schedule');
      for (const id of ['sched-past/2026-annual', 'sched-future/2026-annual']) {
        for (const unit of ['', '/so-noi-vu', '/so-y-te', '/ubnd-cao-loc']) await env.client.workflow.getHandle(id + unit).terminate('test over').catch(() => undefined);
      }
    });
    assert.equal(catcher.messages().length, 0);
  });
});
