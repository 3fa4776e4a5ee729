// The standing committee's list: the units of a cycle that owe a report past their deadline, with
// each one's record in the plan's earlier cycles (a unit late every time is a different conversation
// from one late once), and the reports the office returned for revision (in those cycles and in this
// one). Rows come from the shared read model; the history is two queries per 500 units.
import type { PrismaClient } from '../../db/client.ts';
import { PENDING_STATUSES } from '../../domain/statuses.ts';
import { cycleRows, statusLabel, type CycleHead, type CycleRow } from '../cycle-table.ts';

export interface PastCycleStatus {
  cycleKey: string;
  cycleTitle: string;
  status: string;
  label: { vi: string; en: string };
  /** How many times the office returned the unit's report for revision in that cycle. */
  returned: number;
}

export interface EscalationRow extends CycleRow {
  history: PastCycleStatus[];
}

const CHUNK = 500;

/** Overdue units: marked overdue/escalated, or still owing with their deadline already past. */
export async function escalationList(prisma: PrismaClient, cycle: CycleHead, now: Date): Promise<EscalationRow[]> {
  const rows = await cycleRows(prisma, cycle, now, {
    OR: [{ status: { in: ['overdue', 'escalated'] } }, { status: { in: PENDING_STATUSES }, dueAt: { lte: now } }],
  });
  const historyByUnit = new Map<string, PastCycleStatus[]>();
  const unitIds = rows.map((r) => r.unitId);
  for (let i = 0; i < unitIds.length; i += CHUNK) {
    const past = await prisma.obligation.findMany({
      where: { unitId: { in: unitIds.slice(i, i + CHUNK) }, cycle: { is: { planId: cycle.plan.id, dueAt: { lt: cycle.dueAt } } } },
      select: { unitId: true, status: true, cycle: { select: { key: true, title: true, dueAt: true } }, _count: { select: { decisions: { where: { kind: 'return' } } } } },
      orderBy: { cycle: { dueAt: 'asc' } },
    });
    for (const o of past) {
      const list = historyByUnit.get(o.unitId) ?? [];
      list.push({ cycleKey: o.cycle.key, cycleTitle: o.cycle.title, status: o.status, label: statusLabel(o.status), returned: o._count.decisions });
      historyByUnit.set(o.unitId, list);
    }
  }
  // This cycle too, when the unit is on the list after a return for revision.
  const returnedNow = await prisma.obligationDecision.groupBy({ by: ['obligationId'], where: { kind: 'return', obligation: { is: { cycleId: cycle.id } } }, _count: { _all: true } });
  const returnsOf = new Map(returnedNow.map((g) => [g.obligationId, g._count._all]));
  for (const r of rows) {
    const n = returnsOf.get(r.obligationId);
    if (n) historyByUnit.set(r.unitId, [...(historyByUnit.get(r.unitId) ?? []), { cycleKey: cycle.key, cycleTitle: cycle.title, status: r.status, label: r.statusLabel, returned: n }]);
  }
  return rows.map((r) => ({ ...r, history: historyByUnit.get(r.unitId) ?? [] }));
}

export function historyText(history: PastCycleStatus[]): string {
  return history.map((h) => `${h.cycleKey}: ${h.label.vi}${h.returned ? ` (bị trả lại ${h.returned} lần)` : ''}`).join('; ');
}
