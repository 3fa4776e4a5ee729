// The mail server refuses connections for a while, then recovers: on the time-skipping server, the
// reminders due during the outage are retried by Temporal and every one arrives exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

describe('SMTP server down, then back', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;

  before(async () => {
    stack = await startStack('outage');
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const { plan, source } = threeUnitPlan({ id: 'outage-2026', dueDate: addDays(today, 12), opensOn: today });
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(() => stack?.close());

  it('retries while the SMTP server refuses, and delivers every reminder once when it recovers', async () => {
    const { catcher, db } = stack;
    const reminders = () => catcher.messages().filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]'));
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(stack.dondoc, cycle);
      catcher.refuseConnections(true);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      // The activities fail and are retried (5 s, then 10 s...); nothing gets through meanwhile.
      for (let i = 0; i < 100 && (await db.prisma.emailMessage.count({ where: { kind: 'reminder', attempts: { gte: 2 } } })) < 3; i++) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(await db.prisma.emailMessage.count({ where: { kind: 'reminder', attempts: { gte: 2 } } }), 3, 'each reminder was attempted at least twice');
      assert.equal(reminders().length, 0);
      assert.equal(await db.prisma.emailMessage.count({ where: { status: 'sent' } }), 0);

      catcher.refuseConnections(false);
      await catcher.waitFor(() => reminders().length === 3, 60_000);
      await handle.result();
    });
    const byUnit = new Map<string, number>();
    for (const m of reminders()) for (const a of m.to) byUnit.set(a, (byUnit.get(a) ?? 0) + 1);
    assert.deepEqual([...byUnit.values()], [3, 3, 3], 'all three reminders per unit, none twice');
    const all = catcher.messages();
    assert.equal(new Set(all.map((m) => m.messageId)).size, all.length);
    assert.equal(await db.prisma.emailMessage.count({ where: { status: { not: 'sent' } } }), 0);
  });
});
