// Issue 14 §1, across units and across cycles: the province total of an indicator in one cycle (the
// plan's `aggregate`: sum, mean or latest over the units that reported it) and an indicator's result in
// one cycle of its trend, against the target as it stands that year. Pure, so the cycle's table, the
// trend page and their exports compute alike (tests/domain/indicator-aggregate.test.ts).
import { chooseFigure, indicatorResult, type JudgedTarget, type ReportedFigure } from './indicator-result.ts';
import type { Aggregate, IndicatorResult, ProvinceTotal } from './report-rows.ts';

export type { Aggregate, ProvinceTotal };

export interface UnitFigure extends ReportedFigure {
  unitId: string;
  value: number;
  female: number | null;
  male: number | null;
}

// Sums of decimals in binary drift (0.1 + 0.2); a figure is never meant to more than 9 decimals.
const tidy = (n: number) => Math.round(n * 1e9) / 1e9;

/**
 * The province total of one indicator in one cycle: each unit's value that counts (its latest official
 * value, else its latest estimate: chooseFigure), then their sum, mean, or the most recently reported
 * one. Nothing when the plan declares no aggregate or no unit reported.
 */
export function provinceTotal(aggregate: Aggregate | 'none' | undefined, figures: readonly UnitFigure[]): ProvinceTotal | undefined {
  if (aggregate === undefined || aggregate === 'none') return undefined;
  const byUnit = new Map<string, UnitFigure[]>();
  for (const f of figures) byUnit.set(f.unitId, [...(byUnit.get(f.unitId) ?? []), f]);
  const used = [...byUnit.values()].map((fs) => chooseFigure(fs).used).filter((f): f is UnitFigure => f !== undefined);
  if (used.length === 0) return undefined;
  if (aggregate === 'latest') {
    const last = chooseLatest(used);
    return { aggregate, value: last.value, ...split([last], (xs) => xs[0]!), estimate: last.estimate, units: used.length };
  }
  const combine = aggregate === 'sum' ? (xs: number[]) => tidy(xs.reduce((a, b) => a + b, 0)) : (xs: number[]) => tidy(xs.reduce((a, b) => a + b, 0) / xs.length);
  return { aggregate, value: combine(used.map((f) => f.value)), ...split(used, combine), estimate: used.some((f) => f.estimate), units: used.length };
}

function chooseLatest(fs: readonly UnitFigure[]): UnitFigure {
  return [...fs].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).at(-1)!;
}

function split(fs: readonly UnitFigure[], combine: (xs: number[]) => number): { bySex?: { female: number; male: number } } {
  if (!fs.every((f) => f.female !== null && f.male !== null)) return {};
  return { bySex: { female: combine(fs.map((f) => f.female!)), male: combine(fs.map((f) => f.male!)) } };
}

/** A result in an indicator's trend: as in one cycle, or not met yet while the target's year is ahead. */
export type TrendResult = IndicatorResult | 'not-yet';

/**
 * An indicator's result in a cycle of the given year. A target with a year ("đến năm 2015 đạt 80%") is
 * the one that year reaches for: a value below it in an earlier year is "not yet", not a failure; met
 * early is met. A target without a year ("hằng năm") holds every year.
 */
export function trendResult(
  target: (JudgedTarget & { year?: number }) | undefined,
  year: number,
  value: number | undefined,
  bySex?: { female: number; male: number },
): TrendResult {
  const r = indicatorResult(target, value, bySex);
  return r === 'not-met' && target?.year !== undefined && year < target.year ? 'not-yet' : r;
}
