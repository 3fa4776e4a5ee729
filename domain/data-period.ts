// The period a cycle's figures cover (thời gian chốt số liệu). Decree 09/2019/NĐ-CP art. 12: a 6-month
// report covers 15 December of the previous year to 14 June; an annual report 15 December of the
// previous year to 14 December. A plan may set its own (cycles[].dataPeriod), which always wins.
// The decree took effect on 1 April 2019: cycles due before then have no default period. Pure.
import type { LocalDate } from './calendar.ts';
import type { PlanCycle } from './plan-schema.ts';

export interface DataPeriod {
  from: LocalDate;
  to: LocalDate;
  basis: 'plan' | 'decree-09-2019';
}

export const DECREE_09_2019_IN_FORCE = '2019-04-01';

export function dataPeriodOf(cycle: Pick<PlanCycle, 'kind' | 'due' | 'dataPeriod'>): DataPeriod | undefined {
  if (cycle.dataPeriod) return { ...cycle.dataPeriod, basis: 'plan' };
  if (cycle.due.date < DECREE_09_2019_IN_FORCE) return undefined;
  const dueYear = Number(cycle.due.date.slice(0, 4));
  const dueMonth = Number(cycle.due.date.slice(5, 7));
  if (cycle.kind === 'semiannual') {
    return { from: `${dueYear - 1}-12-15`, to: `${dueYear}-06-14`, basis: 'decree-09-2019' };
  }
  if (cycle.kind === 'annual') {
    // An annual report due early in a year covers the year before.
    const y = dueMonth >= 7 ? dueYear : dueYear - 1;
    return { from: `${y - 1}-12-15`, to: `${y}-12-14`, basis: 'decree-09-2019' };
  }
  return undefined;
}
