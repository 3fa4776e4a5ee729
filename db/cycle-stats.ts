// A cycle's counts and rates, read from the database: the one definition used by the close (the
// stored summary), the office dashboard and the exports. DHIS2's definitions: expected reports leave
// out exempted units; a confirmed "nothing to report" is a report (as a completed zero form is);
// on time means received before the unit's own deadline (an extension moves it). A report returned for
// revision is "returned", expected and not reported, until a new version arrives; that version is on
// time iff it arrives by the new last day and no returned version had been late (Obligation.returnedLate,
// set by db/reviews.ts; the submission's own onTime, written by db/submissions.ts, follows the same rule).
import type { PrismaClient } from './client.ts';
import { OBLIGATION_STATUSES, type ObligationStatus } from '../domain/statuses.ts';
import { obligationStatusOf } from '../domain/status-schema.ts';

export interface Rate {
  numerator: number;
  denominator: number;
}

export interface CycleCounts {
  total: number;
  byStatus: Record<ObligationStatus, number>;
  expected: number;
  reportingRate: Rate;
  onTimeRate: Rate;
}

export async function cycleCounts(prisma: PrismaClient, cycleId: string): Promise<CycleCounts> {
  const groups = await prisma.obligation.groupBy({ by: ['status'], where: { cycleId }, _count: { _all: true } });
  const byStatus = Object.fromEntries(OBLIGATION_STATUSES.map((s) => [s, 0])) as Record<ObligationStatus, number>;
  let total = 0;
  for (const g of groups) {
    total += g._count._all;
    // a status outside the vocabulary would count in the total and nowhere else: refuse it, by name
    byStatus[obligationStatusOf(g.status)] += g._count._all;
  }
  const nothingOnTime = byStatus.nothing_to_report
    ? await prisma.obligation.count({ where: { cycleId, status: 'nothing_to_report', returnedLate: false, submittedAt: { lt: prisma.obligation.fields.dueAt } } })
    : 0;
  const expected = total - byStatus.exempted;
  return {
    total,
    byStatus,
    expected,
    reportingRate: { numerator: byStatus.submitted_on_time + byStatus.submitted_late + byStatus.nothing_to_report, denominator: expected },
    onTimeRate: { numerator: byStatus.submitted_on_time + nothingOnTime, denominator: expected },
  };
}

/** "66,7%" (Vietnamese decimal comma), or "—" when nothing is expected. */
export function percent(r: Rate): string {
  if (r.denominator === 0) return '—';
  return `${(Math.round((1000 * r.numerator) / r.denominator) / 10).toLocaleString('vi-VN')}%`;
}
