// A cycle whose timeline is compressed into seconds, for tests on the real Temporal dev server (which
// has no time skipping). The workflows only see instants, so the product code is the same; the
// database rows are moved to the same instants so that on-time checks and emails agree.
import type { PrismaClient } from '../../db/client.ts';
import { timelineToJson, type StoredCycle } from '../../db/plans.ts';
import type { CycleTimeline } from '../../domain/timeline.ts';

/** Offsets in seconds from `start`. */
export interface CompressedOffsets {
  open?: number; // default 0
  reminders: number[];
  due: number;
  overdue: number;
  escalation: number;
  close: number;
}

export async function compressCycle(prisma: PrismaClient, c: StoredCycle, start: number, o: CompressedOffsets): Promise<StoredCycle> {
  const at = (s: number) => new Date(start + s * 1000);
  const timeline: CycleTimeline = {
    ...c.timeline,
    opensAt: at(o.open ?? 0),
    reminders: o.reminders.map((s, i) => ({ daysBefore: o.reminders.length - i, at: at(s) })),
    dueAt: at(o.due),
    overdueAt: at(o.overdue),
    escalationAt: at(o.escalation),
    closesAt: at(o.close),
  };
  await prisma.cycle.update({
    where: { id: c.cycleId },
    data: { timeline: timelineToJson(timeline), dueAt: timeline.dueAt, opensAt: timeline.opensAt, closesAt: timeline.closesAt },
  });
  await prisma.obligation.updateMany({ where: { cycleId: c.cycleId }, data: { dueAt: timeline.dueAt } });
  return { ...c, timeline };
}
