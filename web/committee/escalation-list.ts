// The standing committee's list: the units of a cycle that owe a report past their deadline, with
// each one's record in the plan's earlier cycles (a unit late every time is a different conversation
// from one late once). Rows come from the shared read model; the history is one query per 500 units.
import type { PrismaClient } from '../../db/client.ts';
import { PENDING_STATUSES } from '../../domain/statuses.ts';
import { cycleRows, statusLabel, type CycleHead, type CycleRow } from '../cycle-table.ts';

export interface PastCycleStatus {
  cycleKey: string;
  cycleTitle: string;
  status: string;
  label: { vi: string; en: string };
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
      select: { unitId: true, status: true, cycle: { select: { key: true, title: true, dueAt: true } } },
      orderBy: { cycle: { dueAt: 'asc' } },
    });
    for (const o of past) {
      const list = historyByUnit.get(o.unitId) ?? [];
      list.push({ cycleKey: o.cycle.key, cycleTitle: o.cycle.title, status: o.status, label: statusLabel(o.status) });
      historyByUnit.set(o.unitId, list);
    }
  }
  return rows.map((r) => ({ ...r, history: historyByUnit.get(r.unitId) ?? [] }));
}

export function historyText(history: PastCycleStatus[]): string {
  return history.map((h) => `${h.cycleKey}: ${h.label.vi}`).join('; ');
}
