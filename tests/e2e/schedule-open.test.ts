// Opening cycles on schedule, on the real Temporal dev server (the Java test server has no
// Schedules): a cycle whose opening has passed starts at once; a later one waits for its one-shot
// Schedule, whose opener starts the cycle under its fixed ID, on the configured design (waves: no
// workflow per unit).
// Loading the same plan twice changes nothing.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Worker } from '@temporalio/worker';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { openCycles, openingScheduleId } from '../../temporal/open-cycles.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { startDevStack, type DevStack } from '../helpers/dev-stack.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { waveState } from '../../workflows/messages.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(120_000);

describe('cycles opened by Temporal Schedules', () => {
  let stack: DevStack;
  let worker: Worker;
  const dondocOf = () => stack.dondoc('schedules');

  beforeAll(async () => {
    stack = await startDevStack();
    worker = await stack.worker('schedules');
  });
  afterAll(() => stack?.close());

  async function running(id: string): Promise<boolean> {
    try {
      return (await stack.env.client.workflow.getHandle(id).describe()).status.name === 'RUNNING';
    } catch {
      return false;
    }
  }

  it('starts a past opening now and a future one at its instant, once', async () => {
    const { env, db, catcher } = stack;
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
      expect(first).toStrictEqual({ started: ['sched-past/2026-annual'], scheduled: ['sched-future/2026-annual'] });
      // Loading again: the same cycles, nothing new.
      expect(await openCycles(dondocOf(), cycles, new Date())).toStrictEqual(first);
      const schedule = await env.client.schedule.getHandle(openingScheduleId('sched-future/2026-annual')).describe();
      expect(schedule.state.remainingActions).toBe(1);

      expect(await running('sched-past/2026-annual')).toBeTruthy();
      // not before its opening
      expect(await running('sched-future/2026-annual')).toBe(false);
      for (let i = 0; i < 60 && !(await running('sched-future/2026-annual')); i++) await new Promise((r) => setTimeout(r, 500));
      // opened at (not before) its instant, as the Schedule's calendar names it (whole seconds: the
      // compressed opening has milliseconds, which a calendar spec drops)
      expect(Date.now()).toBeGreaterThanOrEqual(Math.floor((now + 12_000) / 1000) * 1000);
      // On the configured design (waves): the cycle's own workflow, recorded as such, its first wave to come;
      // no workflow per unit (a per-unit cycle would have started one for each).
      const opened = await env.client.workflow.getHandle('sched-future/2026-annual').describe();
      expect(opened.type).toBe('waveCycleWorkflow');
      expect((await db.prisma.cycle.findUniqueOrThrow({ where: { id: 'sched-future/2026-annual' } })).design).toBe('waves');
      expect((await env.client.workflow.getHandle('sched-future/2026-annual').query(waveState)).next).toBeDefined();
      for (const unit of ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc']) {
        // on failure, look at: unit
        expect(await running(`sched-future/2026-annual/${unit}`)).toBe(false);
      }
      const after = await env.client.schedule.getHandle(openingScheduleId('sched-future/2026-annual')).describe();
      // a one-shot schedule
      expect(after.state.remainingActions).toBe(0);
      for (const id of ['sched-past/2026-annual', 'sched-future/2026-annual']) {
        for (const unit of ['', '/so-noi-vu', '/so-y-te', '/ubnd-cao-loc']) await env.client.workflow.getHandle(id + unit).terminate('test over').catch(() => undefined);
      }
    });
    expect(catcher.messages().length).toBe(0);
  });
});
