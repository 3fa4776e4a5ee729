// The mail server refuses connections for a while, then recovers: on the time-skipping server, the
// reminders due during the outage are retried by Temporal and every one arrives exactly once.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

describe('SMTP server down, then back', () => {
  let stack: Stack;
  let cycle: StoredCycle;

  beforeAll(async () => {
    ({ stack, cycle } = await startStackWithCycle('outage', 'outage-2026'));
  });
  afterAll(() => stack?.close());

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
      // each reminder was attempted at least twice
      expect(await db.prisma.emailMessage.count({ where: { kind: 'reminder', attempts: { gte: 2 } } })).toBe(3);
      expect(reminders().length).toBe(0);
      expect(await db.prisma.emailMessage.count({ where: { status: 'sent' } })).toBe(0);

      catcher.refuseConnections(false);
      await catcher.waitFor(() => reminders().length === 3, 60_000);
      await handle.result();
    });
    const byUnit = new Map<string, number>();
    for (const m of reminders()) for (const a of m.to) byUnit.set(a, (byUnit.get(a) ?? 0) + 1);
    // all three reminders per unit, none twice
    expect([...byUnit.values()]).toStrictEqual([3, 3, 3]);
    const all = catcher.messages();
    expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length);
    expect(await db.prisma.emailMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
  });
});
