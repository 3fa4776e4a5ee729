// The waves design's counterpart of the per-unit workflow's "heard from the database" (workflows/
// obligation.ts hearFromDatabase): a report stored while its signal never arrived (Temporal down when it
// was recorded, a paper report entered from the CLI, a plan loaded after the report) is found by a
// unit's own workflow at its next reminder or deadline, which sends the receipt and goes on to the
// review. In a waves cycle no unit workflow wakes at those instants, so each wave delivers the cycle's
// undelivered reports through the client boundary's own path (deliverToUnit: the unit's workflow
// started from its database row, then signalled), under submission-delivery.ts's claim, so a web
// process's redelivery sweeping at the same moment never signals twice.
import { deliverOne } from '../temporal/submission-delivery.ts';
import { deliverToUnit } from '../temporal/unit-workflows.ts';
import type { ActivityDeps } from './deps.ts';

/** Delivers the cycle's stored, undelivered reports no other process holds; returns how many this call told. */
export async function deliverStoredReports(deps: Pick<ActivityDeps, 'prisma' | 'temporal'>, cycleId: string): Promise<number> {
  const { prisma, temporal } = deps;
  const now = new Date();
  const pending = await prisma.submission.findMany({
    where: { obligation: { cycleId }, deliveredAt: null, OR: [{ deliveryLeaseUntil: null }, { deliveryLeaseUntil: { lte: now } }] },
    orderBy: { receivedAt: 'asc' },
    select: { id: true, obligationId: true, receivedAt: true, onTime: true, kind: true },
  });
  let n = 0;
  for (const s of pending) if (await deliverOne(prisma, (id, r) => deliverToUnit(prisma, temporal, id, r), s)) n++;
  return n;
}
