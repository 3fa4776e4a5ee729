// A cycle-wide extension (gia hạn) of a waves cycle, in the database: no unit workflow holds the units,
// so every unit still owing a report by an earlier deadline is moved here, in bulk, with the same
// records the per-unit path's recordExtension writes one at a time (status "extended", the new dueAt,
// and the decision "extend:<obligation>:<dueAt>"). Paged in id order, one transaction per page, so a
// 20,000-unit cycle never holds one long write; a retry after a failure writes each record once.
import { withBusyRetry, type PrismaClient } from '../db/client.ts';
import { PENDING_STATUSES } from '../domain/statuses.ts';

const PAGE = 500;

/** Moves every pending obligation of the cycle due before `dueAt` to it; returns how many moved. */
export async function extendWaveCycleInDatabase(prisma: PrismaClient, cycleId: string, dueAt: Date, d: { reason: string; by: string }, page = PAGE): Promise<number> {
  const at = new Date();
  let after = '';
  let moved = 0;
  for (;;) {
    const n = await withBusyRetry(() =>
      prisma.$transaction(async (tx) => {
        const due = { cycleId, status: { in: PENDING_STATUSES }, dueAt: { lt: dueAt } };
        const ids = (await tx.obligation.findMany({ where: { ...due, id: { gt: after } }, select: { id: true }, orderBy: { id: 'asc' }, take: page })).map((o) => o.id);
        if (ids.length === 0) return { ids, count: 0 };
        const { count } = await tx.obligation.updateMany({ where: { ...due, id: { in: ids } }, data: { status: 'extended', dueAt } });
        const key = (id: string) => `extend:${id}:${dueAt.toISOString()}`;
        const have = new Set((await tx.obligationDecision.findMany({ where: { id: { in: ids.map(key) } }, select: { id: true } })).map((x) => x.id));
        const create = ids.filter((id) => !have.has(key(id))).map((id) => ({ id: key(id), obligationId: id, kind: 'extend', reason: d.reason, by: d.by, at, dueAt }));
        if (create.length > 0) await tx.obligationDecision.createMany({ data: create });
        return { ids, count };
      }),
    );
    if (n.ids.length === 0) return moved;
    moved += n.count;
    after = n.ids[n.ids.length - 1]!;
  }
}
