// An indicator's value in one cycle against its target: which reported value counts (the latest
// official one, else the latest estimate) and whether it meets the target. Pure, so the office's table,
// the exports and the compiled report judge alike (tests/domain/indicator-result.test.ts).
import type { IndicatorResult, TargetDirection } from './report-rows.ts';

/** An indicator's target as judged: its value, direction, and whether it applies to each sex. */
export interface JudgedTarget {
  value: number;
  direction: TargetDirection;
  /** "ít nhất 45% cho mỗi giới": judged on the female and the male value, met only when both are. */
  perSex?: boolean;
}

/**
 * at-least: met when value ≥ target ("80% trở lên"). at-most: met when value ≤ target ("không quá 113").
 * reach: met when the value, rounded to the decimals the target is written with, equals it ("duy trì
 * 100%"): a value past the target does not count as reaching it. A per-sex target is judged on female
 * and male each (the total does not count); a value without its split is no data for it.
 */
export function indicatorResult(target: JudgedTarget | undefined, value: number | undefined, bySex?: { female: number; male: number }): IndicatorResult {
  if (!target) return 'no-target';
  if (target.perSex) {
    if (!bySex) return 'no-data';
    const f = indicatorResult({ value: target.value, direction: target.direction }, bySex.female);
    const m = indicatorResult({ value: target.value, direction: target.direction }, bySex.male);
    return f === 'met' && m === 'met' ? 'met' : f === 'no-data' || m === 'no-data' ? 'no-data' : 'not-met';
  }
  if (value === undefined || !Number.isFinite(value)) return 'no-data';
  switch (target.direction) {
    case 'at-least':
      return value >= target.value ? 'met' : 'not-met';
    case 'at-most':
      return value <= target.value ? 'met' : 'not-met';
    case 'reach': {
      const decimals = (String(target.value).split('.')[1] ?? '').length;
      return Number(value.toFixed(decimals)) === target.value ? 'met' : 'not-met';
    }
  }
}

export interface ReportedFigure {
  estimate: boolean;
  reportedAt: Date;
  /** Breaks a tie between two values sent at the same instant. */
  id: string;
}

/**
 * The value that counts among those reported for one indicator and cycle: the latest official one once
 * any exists (it replaces the estimate, which is kept and shown beside it), else the latest estimate.
 */
export function chooseFigure<F extends ReportedFigure>(figures: readonly F[]): { used?: F; replacedEstimate?: F } {
  const order = (a: F, b: F) => a.reportedAt.getTime() - b.reportedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = [...figures].sort(order);
  const official = sorted.filter((f) => !f.estimate).at(-1);
  const estimate = sorted.filter((f) => f.estimate).at(-1);
  if (official) return estimate ? { used: official, replacedEstimate: estimate } : { used: official };
  return estimate ? { used: estimate } : {};
}
