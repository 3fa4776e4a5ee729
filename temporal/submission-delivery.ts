// Telling an obligation's workflow that a report was stored (db/submissions.ts stores it first), and
// the redelivery of what Temporal missed, which runs in every web process.
//
// Several web processes may sweep one database at once, and the request that stored a report tells its
// workflow while a sweep may see the same row. Each delivery first claims the row with a lease: one
// conditional UPDATE (`deliveredAt` null and no live lease) that the database runs for one writer at a
// time, so exactly one claimant sees its row count as 1 and signals; the others skip it. The lease
// ends when the delivery is recorded (`deliveredAt`), released at once when Temporal was unreachable,
// and otherwise expires (a process that died holding it) so another process takes the row over.
// Why not an idempotent signal with a deterministic id: the TypeScript SDK's `signal()` sends a
// random request id of its own, and the server's deduplication of request ids is an implementation
// detail; a claim in the database we write anyway is plain and testable. The one remaining repeat (a
// process dying between the signal and recording it) reaches a workflow that ignores a submission it
// already has (workflows/obligation-machine.ts).
import { withBusyRetry, type PrismaClient } from '../db/client.ts';
import { submissionReceivedOf, type SubmissionReceived } from '../workflows/messages.ts';

export type Deliver = (obligationId: string, s: SubmissionReceived) => Promise<unknown>;

/** How long a claim holds: far beyond one signal (the client's connect timeout is 5 s). */
export const DELIVERY_LEASE_MS = 60_000;

type Pending = { id: string; obligationId: string; receivedAt: Date; onTime: boolean; kind: string };

/** True for the one caller that may signal this submission now. Real time: leases span processes. */
async function claim(prisma: PrismaClient, id: string): Promise<boolean> {
  const now = new Date();
  const { count } = await withBusyRetry(() => prisma.submission.updateMany({
    where: { id, deliveredAt: null, OR: [{ deliveryLeaseUntil: null }, { deliveryLeaseUntil: { lte: now } }] },
    data: { deliveryLeaseUntil: new Date(now.getTime() + DELIVERY_LEASE_MS) },
  }));
  return count === 1;
}

/**
 * Tells the workflow about one stored submission unless another process is doing so. True when this
 * call told it; false when Temporal was unreachable (the row stays undelivered, for the redelivery)
 * or another process holds the claim.
 */
export async function deliverOne(prisma: PrismaClient, deliver: Deliver, s: Pending): Promise<boolean> {
  if (!(await claim(prisma, s.id))) return false;
  try {
    await deliver(s.obligationId, submissionReceivedOf(s));
  } catch {
    // Temporal unreachable: released, so the next sweep (of any process) tries again at once.
    await withBusyRetry(() => prisma.submission.updateMany({ where: { id: s.id, deliveredAt: null }, data: { deliveryLeaseUntil: null } }));
    return false;
  }
  await withBusyRetry(() => prisma.submission.update({ where: { id: s.id }, data: { deliveredAt: new Date(), deliveryLeaseUntil: null } }));
  return true;
}

/** Delivers the stored but undelivered submissions no one holds (500 at most); returns how many this call delivered. */
export async function redeliverPending(prisma: PrismaClient, deliver: Deliver): Promise<number> {
  const now = new Date();
  const pending = await prisma.submission.findMany({
    where: { deliveredAt: null, OR: [{ deliveryLeaseUntil: null }, { deliveryLeaseUntil: { lte: now } }] },
    orderBy: { receivedAt: 'asc' },
    take: 500,
  });
  let n = 0;
  for (const s of pending) if (await deliverOne(prisma, deliver, s)) n++;
  return n;
}

export interface RedeliveryLoop {
  /** Sweeps now (tests, and the first sweep at start); never two sweeps of one loop at once. */
  sweep(): Promise<number>;
  /** No further sweep; resolves when the one running (if any) has finished. */
  stop(): Promise<void>;
}

/** Sweeps every `everyMs` (15 s in the processes); a failed sweep (the database busy) waits for the next. */
export function startRedelivery(o: { prisma: PrismaClient; deliver: Deliver; everyMs: number; onError?: (err: unknown) => void }): RedeliveryLoop {
  let running: Promise<number> | undefined;
  let stopped = false;
  const sweep = () => {
    running ??= redeliverPending(o.prisma, o.deliver).finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) sweep().catch((err: unknown) => o.onError?.(err));
  }, o.everyMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
