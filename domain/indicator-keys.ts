// How an indicator is named where the cycle asks for it: "ct-<objective>-<number>" (chỉ tiêu), the key
// of its figure beside the cycle's own figures, and the unit asked for it (the indicator's lead, else
// its objective's: seed 002 names a lead for a whole objective). Pure: plan loading, the portal and
// the office's table share it.
import type { PlanIndicator, PlanObjective } from './plan-work.ts';

export function indicatorKey(objective: number, number: number): string {
  return `ct-${objective}-${number}`;
}

/** The unit code asked for the indicator's figure, or undefined when the plan names none. */
export function indicatorLead(objective: Pick<PlanObjective, 'lead'>, indicator: Pick<PlanIndicator, 'lead'>): string | undefined {
  return indicator.lead ?? objective.lead;
}
