// The rows the province's compiled report (issue 14 §3) and the office's tables share: one per
// indicator of the plan against its target (§1, filled by db/indicator-rows.ts) and one per task due in
// the cycle's period (§2, filled by db/task-rows.ts). Defined here, apart from who reads or fills them,
// so the report generator, the indicator table and the task board agree on one shape.
import type { LocalDate } from './calendar.ts';

/** How a reported value compares with its target ("at least 80%", "at most 110", "reach 100%"). */
export type TargetDirection = 'at-least' | 'at-most' | 'reach';
/** An indicator in one cycle: met or not against its target, or no value reported. */
export type IndicatorResult = 'met' | 'not-met' | 'no-data' | 'no-target';

export interface IndicatorRow {
  objective: number;
  number: number;
  /** The plan's wording; absent when the plan names the indicator only by number (an appendix it lacks). */
  text?: string;
  /** perSex: the target applies to female and male each ("45% cho mỗi giới"), judged on both. */
  target?: { value: number; unit: string; year?: number; direction: TargetDirection; perSex?: boolean };
  /** The lead unit's name. */
  lead?: string;
  /** The value used: the official one once it exists, else the estimate. */
  value?: number;
  /** Disaggregated by sex, when the indicator asks for it (total = female + male). */
  bySex?: { female: number; male: number; total: number };
  /** True while the value is an estimate ("ước thực hiện") with no official value yet. */
  estimate: boolean;
  result: IndicatorResult;
  reportedBy?: string;
  reportedAt?: Date;
  /** The estimate an official value replaced, kept with who sent it and when (issue 14 §1). */
  replacedEstimate?: { value: number; reportedBy: string; reportedAt: Date };
  /** How a province total is made (the plan's `aggregate`), absent for none. */
  aggregate?: 'sum' | 'mean' | 'latest';
  /** The province total over the units that reported it in the cycle, where the plan declares how. */
  total?: ProvinceTotal;
  /**
   * Each unit asked (plan `askedOf` other than the lead unit) or each locality of the lead unit's value
   * (`byLocality`), with its value that counts, and how many of them have one ("n/N").
   */
  breakdown?: Breakdown;
}

export interface Breakdown {
  by: 'unit' | 'locality';
  reported: number;
  of: number;
  parts: { code: string; name: string; value?: number; bySex?: { female: number; male: number }; estimate: boolean; reportedAt?: Date }[];
}

/** How the plan makes a province total of an indicator's values (its `aggregate`, other than none). */
export type Aggregate = 'sum' | 'mean' | 'latest';

export interface ProvinceTotal {
  aggregate: Aggregate;
  value: number;
  /** Present when every value counted was reported by sex. */
  bySex?: { female: number; male: number };
  /** True when any value counted is still an estimate. */
  estimate: boolean;
  /** How many units' values it is made of. */
  units: number;
}

export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'dropped';

export interface TaskRow {
  /** The task's number in the plan, e.g. "II.6.1". */
  ref: string;
  title: string;
  /** The lead unit's name. */
  lead: string;
  /** The period as the plan writes it, and as read (domain/due-period.ts). */
  period?: string;
  from?: LocalDate;
  to?: LocalDate;
  /** The lead unit's latest status report; absent when it sent none. */
  status?: TaskStatus;
  note?: string;
  reportedAt?: Date;
}
