// Redelivery from several web processes at once (temporal/submission-delivery.ts): two redelivery loops,
// each with its own database connection as two processes have, and the request path's own deliverOne,
// all on one SQLite file and the real Temporal dev server. Every submission must reach its obligation's
// workflow history exactly once. No worker polls the task queue: the server records each signal in the
// workflow's history all the same, which is what is counted.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDatabase, type PrismaClient } from '../../db/client.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { deliverSubmission, startObligation, type Dondoc } from '../../temporal/client.ts';
import { DELIVERY_LEASE_MS, deliverOne, redeliverPending, startRedelivery, type Deliver } from '../../temporal/submission-delivery.ts';
import { submissionReceived, type SubmissionReceived } from '../../workflows/messages.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startDevServer } from '../helpers/temporal.ts';

const PER_UNIT = 8;

describe('redelivery from several web processes', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDb;
  let second: PrismaClient; // the other "process"'s connection to the same file
  let dondoc: Dondoc;
  let cycle: StoredCycle;
  let obligationIds: string[];

  beforeAll(async () => {
    ({ env } = await startDevServer());
    db = await freshDatabase();
    second = await openDatabase(db.url);
    dondoc = { client: env.client, taskQueue: `redelivery-${randomUUID()}` };
    const today = localDateAt(new Date());
    const { plan, source } = threeUnitPlan({ id: 'redeliver-2026', dueDate: addDays(today, 10), opensOn: today });
    cycle = (await savePlan(db.prisma, plan, source))[0]!;
    obligationIds = (await db.prisma.obligation.findMany({ where: { cycleId: cycle.cycleId }, orderBy: { id: 'asc' } })).map((o) => o.id);
    for (const id of obligationIds) await startObligation(dondoc, id, cycle.timeline);
  }, 120_000);

  afterAll(async () => {
    await second?.$disconnect();
    await db?.close();
    await env?.teardown();
  });

  async function store(n: number): Promise<{ id: string; obligationId: string; receivedAt: Date; onTime: boolean; kind: string }[]> {
    const stored = [];
    for (const obligationId of obligationIds) {
      for (let i = 0; i < n; i++) {
        const { submission } = await recordSubmission(db.prisma, { submissionId: randomUUID(), obligationId, comment: `bản ${i}`, channel: 'web', receivedAt: new Date() });
        stored.push(submission);
      }
    }
    return stored;
  }

  /** The submission ids each obligation's workflow was told of, in its history, with repeats. */
  async function signalledIds(obligationId: string): Promise<string[]> {
    const history = await env.client.workflow.getHandle(obligationId).fetchHistory();
    return (history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === submissionReceived.name)
      .map((a) => (defaultPayloadConverter.fromPayload(a!.input!.payloads![0]!) as SubmissionReceived).submissionId);
  }

  it('tells each workflow of each submission once, whatever the number of processes sweeping', async () => {
    const stored = await store(PER_UNIT);
    const calls = { a: 0, b: 0, request: 0 };
    // A little latency per signal, as over a network: the sweeps overlap for certain.
    const counting = (who: keyof typeof calls): Deliver => async (id, s) => {
      calls[who]++;
      await new Promise((r) => setTimeout(r, 15));
      return deliverSubmission(dondoc, id, s);
    };
    const a = startRedelivery({ prisma: db.prisma, deliver: counting('a'), everyMs: 40 });
    const b = startRedelivery({ prisma: second, deliver: counting('b'), everyMs: 40 });
    try {
      // Both sweeps and the request path's delivery of every row, started together.
      const [fromA, fromB, fromRequests] = await Promise.all([
        a.sweep(),
        b.sweep(),
        Promise.all(stored.map((s) => deliverOne(db.prisma, counting('request'), s))).then((r) => r.filter(Boolean).length),
      ]);
      expect(fromA + fromB + fromRequests).toBe(stored.length);
      expect(calls.a + calls.b + calls.request).toBe(stored.length); // a lost claim never signals
      expect(await db.prisma.submission.count({ where: { deliveredAt: null } })).toBe(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const obligationId of obligationIds) {
      const ids = await signalledIds(obligationId);
      const mine = stored.filter((s) => s.obligationId === obligationId).map((s) => s.id).sort();
      expect([...ids].sort()).toStrictEqual(mine); // every one, none twice
    }
  }, 120_000);

  it('leaves a submission to the next sweep when Temporal is unreachable, and skips one another process holds', async () => {
    const [s1, s2] = await store(1);
    const down: Deliver = async () => {
      throw new Error('14 UNAVAILABLE: No connection established');
    };
    expect(await deliverOne(db.prisma, down, s1!)).toBe(false);
    // Released at once: no lease left behind, so any process's next sweep takes it.
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: s1!.id } })).deliveryLeaseUntil).toBeNull();
    // s2 is held by a process that died mid-delivery: skipped until its lease runs out.
    await db.prisma.submission.update({ where: { id: s2!.id }, data: { deliveryLeaseUntil: new Date(Date.now() + DELIVERY_LEASE_MS) } });
    const up: Deliver = (id, s) => deliverSubmission(dondoc, id, s);
    const leftOver = await db.prisma.submission.count({ where: { deliveredAt: null } });
    expect(await redeliverPending(second, up)).toBe(leftOver - 1);
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: s2!.id } })).deliveredAt).toBeNull();
    await db.prisma.submission.update({ where: { id: s2!.id }, data: { deliveryLeaseUntil: new Date(Date.now() - 1) } });
    expect(await redeliverPending(second, up)).toBe(1);
    expect(await signalledIds(s2!.obligationId)).toContain(s2!.id);
    expect(await db.prisma.submission.count({ where: { deliveredAt: null } })).toBe(0);
  }, 60_000);
});
