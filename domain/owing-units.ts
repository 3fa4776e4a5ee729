// Which units owe a cycle's report (the cycle's obligations). Pure: db/plans.ts and the preview use it.
import { lastDayOf } from './calendar.ts';
import type { PlanCycle, PlanUnit } from './plan-object.ts';

/**
 * The units that owe `cycle`: those it names (all, or its list), narrowed to `unitKinds` when given,
 * that exist on the cycle's last day as the plan writes it: opened on or before it and not closed
 * before it (a unit whose last day is the deadline still owes; a closed unit owes nothing after).
 */
export function owingUnits<U extends Pick<PlanUnit, 'code' | 'kind' | 'opensOn' | 'closesOn'>>(
  units: readonly U[],
  cycle: Pick<PlanCycle, 'units' | 'unitKinds' | 'due'>,
): U[] {
  const lastDay = lastDayOf(cycle.due);
  const named = cycle.units === 'all' ? units : units.filter((u) => (cycle.units as string[]).includes(u.code));
  return named.filter(
    (u) =>
      (!cycle.unitKinds || cycle.unitKinds.includes(u.kind)) &&
      (!u.opensOn || u.opensOn <= lastDay) &&
      (!u.closesOn || u.closesOn >= lastDay),
  );
}
