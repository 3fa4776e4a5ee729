// Durability: the worker process is killed with SIGKILL in the middle of a cycle and started again
// after the next reminder's time has passed. No reminder is lost and none is sent twice.
// This runs on the real Temporal dev server (CLI), with the cycle's timeline compressed into seconds:
// the Java time-skipping server never reschedules a workflow task handed to a killed worker's poll,
// whereas a real server times it out and gives it to the next worker, which is what we test here.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle, type Dondoc } from '../../temporal/client.ts';
import { startDevStack, type DevStack } from '../helpers/dev-stack.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(240_000);

describe('worker killed mid-cycle', () => {
  let stack: DevStack;
  let cycle: StoredCycle;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startDevStack();
    const { env, db } = stack;
    const today = localDateAt(new Date(await env.currentTimeMs()));
    const { plan, source } = threeUnitPlan({ id: 'crash-2026', dueDate: addDays(today, 12), opensOn: today });
    const stored = (await savePlan(db.prisma, plan, source))[0]!;
    // Reminders at +25 s, +50 s, +95 s; deadline +100 s; notice +103 s; escalation +106 s; close +110 s.
    // 25 s leave room for the worker process to start; 45 s between the second and third reminder
    // cover the restart plus the dead worker's sticky-queue timeout (10 s), so the second reminder is
    // sent late rather than collapsed into the third.
    cycle = await compressCycle(db.prisma, stored, Date.now(), { reminders: [25, 50, 95], due: 100, overdue: 103, escalation: 106, close: 110 });
    workerEnv = stack.workerProcessEnv('crash');
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await stack?.close();
  });

  async function waitUntil(at: Date) {
    const ms = at.getTime() + 1_000 - Date.now();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }

  const reminders = () => stack.catcher.messages().filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]'));

  it('loses no reminder and sends none twice', async () => {
    const { catcher, db } = stack;
    const dondoc: Dondoc = stack.dondoc('crash');
    workers.push(await startWorkerProcess(workerEnv));
    const handle = await startCycle(dondoc, cycle);
    const [r1, r2] = cycle.timeline.reminders;

    await waitUntil(r1!.at);
    await catcher.waitFor(() => reminders().length === 3, 60_000);
    // Wait until the database has recorded all three as sent, then kill without warning.
    for (let i = 0; i < 100 && (await db.prisma.emailMessage.count({ where: { status: 'sent' } })) < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await workers[0]!.kill();
    // the worker died by a signal
    expect(workers[0]!.child.signalCode).not.toBe(null);

    // The second reminder's time passes while no worker runs.
    await waitUntil(r2!.at);
    // nothing can be sent while the worker is down
    expect(reminders().length).toBe(3);

    workers.push(await startWorkerProcess(workerEnv));
    await catcher.waitFor(() => reminders().length === 6, 60_000);
    await handle.result(); // the rest of the cycle runs on the restarted worker

    const byUnit = new Map<string, number>();
    for (const m of reminders()) for (const a of m.to) byUnit.set(a, (byUnit.get(a) ?? 0) + 1);
    // on failure, look at: `three reminders per unit: ${JSON.stringify([...byUnit])}`
    expect([...byUnit.values()]).toStrictEqual([3, 3, 3]);
    const all = catcher.messages();
    // no email was sent twice
    expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length);
    expect(all.filter((m) => m.subject.startsWith('[Quá hạn]')).length).toBe(3);
    expect(all.filter((m) => m.subject.startsWith('[Báo cáo Thường trực Ban]')).length).toBe(1);
    const keys = await db.prisma.emailMessage.findMany({ where: { kind: 'reminder' } });
    expect(keys.length).toBe(9);
    expect(keys.every((k) => k.status === 'sent' && k.attempts === 1)).toBeTruthy();
  });
});
