// Killing the worker (SIGKILL) during the fan-out of a 200-unit cycle and again during the burst of
// 200 reminders due in the same second, on the real Temporal dev server. Afterwards every obligation
// exists exactly once and every unit has its reminder. The one window send-once cannot close (the
// SMTP server accepted a mail, the process died before recording it) may repeat a mail: such a repeat
// carries the same Message-ID, and there can be no more of them than the mail gate's permits.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { startDevStack, type DevStack } from '../helpers/dev-stack.ts';
import { manyUnitPlan } from '../helpers/plans.ts';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.ts';
import { MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(600_000);

const N = 200;

describe('worker killed during the fan-out and during a burst', () => {
  let stack: DevStack;
  let cycle: StoredCycle;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // The per-unit design, pinned: the kill falls in its fan-out (one workflow per unit, the cycles started
    // before issue 15 run on it); a worker killed mid-wave on the waves design: tests/e2e/wave-worker-kill.test.ts.
    stack = await startDevStack({ design: 'per-unit' });
    const { db } = stack;
    const { plan, source } = manyUnitPlan('burst-2026', N);
    workerEnv = stack.workerProcessEnv('burst');
    const stored = (await savePlan(db.prisma, plan, source))[0]!;
    // One reminder for everyone at +150 s (after the fan-out and its restart); the rest far away.
    cycle = await compressCycle(db.prisma, stored, Date.now(), { reminders: [150], due: 3600, overdue: 3700, escalation: 3800, close: 3900 });
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await stack?.close();
  });

  const obligationsRunning = async () => (await stack.env.client.workflow.count(`WorkflowType = "obligationWorkflow" AND ExecutionStatus = "Running"`)).count;

  it('starts every obligation once and sends every reminder, whatever the kill', async () => {
    const { env, catcher, db } = stack;
    const dondoc = stack.dondoc('burst');
    workers.push(await startWorkerProcess(workerEnv));
    await startCycle(dondoc, cycle);
    // Kill during the fan-out: as soon as some, not all, obligations run.
    for (let i = 0; i < 600 && (await obligationsRunning()) < 10; i++) await new Promise((r) => setTimeout(r, 50));
    await workers[0]!.kill();
    const atKill = await obligationsRunning();
    // on failure, look at: `killed mid-fan-out (${atKill} of ${N} running)`
    expect(atKill).toBeLessThan(N);

    // A new worker: the fan-out activity times out (heartbeat, 1 min) and is retried from its last
    // heartbeat; starting an obligation that already runs is a no-op (USE_EXISTING).
    workers.push(await startWorkerProcess(workerEnv));
    for (let i = 0; i < 240 && (await obligationsRunning()) < N; i++) await new Promise((r) => setTimeout(r, 500));
    expect(await obligationsRunning()).toBe(N);
    // each obligation has exactly one run
    expect((await env.client.workflow.count(`WorkflowType = "obligationWorkflow"`)).count).toBe(N);

    // Kill during the burst of reminders, then restart.
    const reminderAt = cycle.timeline.reminders[0]!.at.getTime();
    await new Promise((r) => setTimeout(r, Math.max(0, reminderAt - Date.now())));
    await catcher.waitFor((all) => all.length >= 20, 60_000);
    await workers[1]!.kill();
    workers.push(await startWorkerProcess(workerEnv));
    await catcher.waitFor(() => new Set(catcher.messages().map((m) => m.messageId)).size === N, 180_000);
    // Attempts killed mid-send are retried after their start-to-close timeout (1 min): wait for them.
    const unsent = () => db.prisma.emailMessage.count({ where: { kind: 'reminder', status: { not: 'sent' } } });
    for (let i = 0; i < 400 && (await unsent()) > 0; i++) await new Promise((r) => setTimeout(r, 500));

    const mails = catcher.messages();
    const distinct = new Set(mails.map((m) => m.messageId));
    const units = new Set(mails.flatMap((m) => m.to));
    // every unit got its reminder
    expect(units.size).toBe(N);
    // one business key (Message-ID) per unit
    expect(distinct.size).toBe(N);
    const repeats = mails.length - distinct.size;
    // on failure, look at: `repeats (${repeats}) only from the mails in flight at the kill (at most ${MAILS_IN_FLIGHT})`
    expect(repeats).toBeLessThanOrEqual(MAILS_IN_FLIGHT);
    const rows = await db.prisma.emailMessage.findMany({ where: { kind: 'reminder' } });
    expect(rows.length).toBe(N);
    expect(rows.every((r) => r.status === 'sent')).toBeTruthy();
    console.log(`kill during burst: ${mails.length} mails received for ${N} reminders (${repeats} repeated with the same Message-ID)`);
  });
});
