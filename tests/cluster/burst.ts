// A cycle of N units whose reminders all fall due at one instant, run by the cluster's workers, and the
// count at the SMTP server the fault tests make after each fault: every reminder arrived, every one
// is recorded as sent, and how many arrived twice (a repeat has the Message-ID of the first: the one
// window send-once cannot close, bounded by the mail gate per process, activities/mail-gate.ts).
import { openDatabase, type PrismaClient } from '../../db/client.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import type { MailCatcher } from '../../mail/catcher.ts';
import { connectTemporal, startCycle, type Dondoc } from '../../temporal/client.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { manyUnitAddress, manyUnitPlan } from '../helpers/plans.ts';
import { until, type Cluster } from './cluster.ts';

export const BURST_UNITS = 1_000;

export interface Burst {
  n: number;
  prisma: PrismaClient;
  dondoc: Dondoc;
  cycle: StoredCycle;
  /** When the reminders fall due (ms since the epoch). */
  dueAt: number;
  /** The focal person's address of unit i. */
  address(i: number): string;
  close(): Promise<void>;
}

/** Stores a plan of `n` units in the cluster's database and opens its cycle with one reminder `reminderInS` from now. */
export async function openBurst(cluster: Cluster, o: { n?: number; reminderInS: number; id?: string }): Promise<Burst> {
  const n = o.n ?? BURST_UNITS;
  const id = o.id ?? 'burst-2026';
  const address = (i: number) => manyUnitAddress(id, i);
  const prisma = await openDatabase(cluster.databaseUrl);
  const { plan, source } = manyUnitPlan(id, n);
  const stored = (await savePlan(prisma, plan, source))[0]!;
  const start = Date.now();
  // The one reminder for everyone at +reminderInS; the deadline and what follows an hour away.
  const cycle = await compressCycle(prisma, stored, start, { reminders: [o.reminderInS], due: 3600, overdue: 3700, escalation: 3800, close: 3900 });
  const dondoc = await connectTemporal({ address: cluster.frontend, namespace: 'default', taskQueue: 'dondoc' });
  await startCycle(dondoc, cycle);
  return {
    n,
    prisma,
    dondoc,
    cycle,
    dueAt: start + o.reminderInS * 1000,
    address,
    async close() {
      await prisma.$disconnect();
      await dondoc.client.connection.close();
    },
  };
}

export interface ReminderCount {
  /** Reminder mails the SMTP server received, repeats included. */
  received: number;
  /** Distinct reminders (Message-IDs) received. */
  distinct: number;
  /** Units whose focal person received a reminder. */
  units: number;
  repeats: number;
  /** Reminder rows in the database, and how many of them are recorded as sent. */
  rows: number;
  sent: number;
}

/** What the SMTP server holds of this burst's reminders, against the database's record of them. */
export async function countReminders(b: Burst, catcher: MailCatcher): Promise<ReminderCount> {
  const rows = await b.prisma.emailMessage.findMany({ where: { kind: 'reminder', cycleId: b.cycle.cycleId }, select: { messageId: true, status: true } });
  const ids = new Set(rows.map((r) => r.messageId));
  const mails = catcher.messages().filter((m) => ids.has(m.messageId));
  const distinct = new Set(mails.map((m) => m.messageId)).size;
  return {
    received: mails.length,
    distinct,
    units: new Set(mails.flatMap((m) => m.to)).size,
    repeats: mails.length - distinct,
    rows: rows.length,
    sent: rows.filter((r) => r.status === 'sent').length,
  };
}

/** Until every unit's reminder is at the SMTP server and recorded as sent (attempts cut by a kill are retried after their 1 min timeout). */
export async function everyReminder(b: Burst, catcher: MailCatcher, ms = 600_000): Promise<ReminderCount> {
  let last: ReminderCount | undefined;
  await until(`all ${b.n} reminders (last count ${JSON.stringify(last)})`, ms, async () => {
    last = await countReminders(b, catcher);
    return last.distinct === b.n && last.rows === b.n && last.sent === b.n;
  }, 2_000);
  return last!;
}

/** Until `count` reminders have reached the SMTP server: "during the burst". */
export async function burstUnderway(b: Burst, catcher: MailCatcher, count: number, ms = 300_000): Promise<void> {
  await until(`${count} reminders at the SMTP server`, ms, async () => (await countReminders(b, catcher)).received >= count, 250);
}
