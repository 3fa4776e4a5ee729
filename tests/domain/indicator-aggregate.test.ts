// Issue 14 §1, pure parts across units and cycles: a per-sex target judged on female and male each, the
// province total of an indicator over the units that reported it (sum, mean, latest; each unit's
// official value over its estimate), the trend's result against the target of the cycle's year, and
// the plan check that a per-sex target comes with figures by sex.
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { provinceTotal, trendResult, type UnitFigure } from '../../domain/indicator-aggregate.ts';
import { indicatorResult } from '../../domain/indicator-result.ts';
import { formatPlanError, parsePlan } from '../../domain/plan-file.ts';
import type { TargetDirection } from '../../domain/report-rows.ts';
import { expectTruthy } from '../helpers/expect.ts';
import { indicatorPlanDoc } from '../helpers/indicator-plan.ts';

describe('indicatorResult with a per-sex target', () => {
  const table: [TargetDirection, number, { female: number; male: number } | undefined, number | undefined, string][] = [
    ['at-least', 45, { female: 46, male: 54 }, 100, 'met'],
    ['at-least', 45, { female: 45, male: 55 }, 100, 'met'],
    ['at-least', 45, { female: 40, male: 60 }, 100, 'not-met'], // the total (100 ≥ 45) does not count
    ['at-least', 45, { female: 60, male: 40 }, 100, 'not-met'], // nor does one sex alone
    ['at-least', 45, undefined, 100, 'no-data'], // a value without its split cannot be judged per sex
    ['at-most', 30, { female: 20, male: 31 }, 51, 'not-met'],
    ['at-most', 30, { female: 20, male: 30 }, 50, 'met'],
    ['reach', 50, { female: 50.4, male: 49.6 }, 100, 'met'],
  ];
  for (const [direction, value, bySex, total, expected] of table) {
    it(`${direction} ${value} each, ${bySex ? `female ${bySex.female} male ${bySex.male}` : 'no split'} → ${expected}`, () => {
      expect(indicatorResult({ value, direction, perSex: true }, total, bySex)).toBe(expected);
    });
  }
  it('without perSex the split is ignored and the total judged', () => {
    expect(indicatorResult({ value: 45, direction: 'at-least' }, 100, { female: 40, male: 60 })).toBe('met');
  });
});

describe('provinceTotal', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 5, 1, h));
  const fig = (id: string, unitId: string, h: number, value: number, estimate = false, sex?: [number, number]): UnitFigure =>
    ({ id, unitId, reportedAt: at(h), value, estimate, female: sex?.[0] ?? null, male: sex?.[1] ?? null });
  const a1 = fig('a1', 'A', 1, 100, true, [60, 40]);
  const a2 = fig('a2', 'A', 5, 120, false, [70, 50]); // A's official value replaces its estimate
  const b1 = fig('b1', 'B', 2, 30, true, [10, 20]);
  const c1 = fig('c1', 'C', 3, 0.1);
  const c2 = fig('c2', 'D', 4, 0.2);

  const table: [string, Parameters<typeof provinceTotal>[0], UnitFigure[], ReturnType<typeof provinceTotal>][] = [
    ['none: no total', 'none', [a1, b1], undefined],
    ['no aggregate declared', undefined, [a1], undefined],
    ['nobody reported', 'sum', [], undefined],
    ['sum over units, official over estimate, by sex summed', 'sum', [a1, a2, b1], { aggregate: 'sum', value: 150, bySex: { female: 80, male: 70 }, estimate: true, units: 2 }],
    ['sum of official values only is not an estimate', 'sum', [a1, a2], { aggregate: 'sum', value: 120, bySex: { female: 70, male: 50 }, estimate: false, units: 1 }],
    ['mean over units', 'mean', [a2, b1], { aggregate: 'mean', value: 75, bySex: { female: 40, male: 35 }, estimate: true, units: 2 }],
    ['latest: the most recently reported unit value', 'latest', [a1, a2, b1], { aggregate: 'latest', value: 120, bySex: { female: 70, male: 50 }, estimate: false, units: 2 }],
    ['latest: an estimate stays marked', 'latest', [a1, b1], { aggregate: 'latest', value: 30, bySex: { female: 10, male: 20 }, estimate: true, units: 2 }],
    ['a unit without the split: the total has none', 'sum', [a2, c1], { aggregate: 'sum', value: 120.1, estimate: false, units: 2 }],
    ['decimals add up without binary drift', 'sum', [c1, c2], { aggregate: 'sum', value: 0.3, estimate: false, units: 2 }],
  ];
  for (const [name, aggregate, figures, expected] of table) {
    it(name, () => expect(provinceTotal(aggregate, figures)).toStrictEqual(expected));
  }
});

describe('trendResult: against the target of the cycle\'s year', () => {
  const by2015 = { value: 80, direction: 'at-least' as const, year: 2015 };
  const yearly = { value: 45, direction: 'at-least' as const };
  const table: [typeof by2015 | typeof yearly | undefined, number, number | undefined, string][] = [
    [by2015, 2012, 70, 'not-yet'], // below the 2015 target in 2012: not a failure yet
    [by2015, 2012, 85, 'met'], // met early is met
    [by2015, 2015, 70, 'not-met'],
    [by2015, 2016, 70, 'not-met'],
    [by2015, 2012, undefined, 'no-data'],
    [yearly, 2012, 40, 'not-met'], // a yearly target holds every year
    [undefined, 2012, 40, 'no-target'],
  ];
  for (const [target, year, value, expected] of table) {
    it(`${target ? `${target.value}${'year' in target ? ` by ${target.year}` : ' yearly'}` : 'no target'}, ${year}: ${value} → ${expected}`, () => {
      expect(trendResult(target, year, value)).toBe(expected);
    });
  }
  it('a per-sex target by a year: one sex short before the year is "not yet"', () => {
    expect(trendResult({ value: 45, direction: 'at-least', perSex: true, year: 2015 }, 2013, 100, { female: 40, male: 60 })).toBe('not-yet');
    expect(trendResult({ value: 45, direction: 'at-least', perSex: true, year: 2015 }, 2015, 100, { female: 40, male: 60 })).toBe('not-met');
  });
});

describe('plan file: per-sex targets', () => {
  it('perSex with bySex is read; absent, the target is on the total', () => {
    const doc = indicatorPlanDoc();
    (doc.objectives[0]!.indicators[1]!.target as { perSex?: boolean }).perSex = true;
    const r = parsePlan(stringify(doc));
    expect(r.ok ? '' : r.errors.map(formatPlanError).join('\n')).toBe('');
    expectTruthy(r.ok);
    expect(r.plan.objectives[0]!.indicators[1]!.target!.perSex).toBe(true);
    expect(r.plan.objectives[0]!.indicators[0]!.target!.perSex).toBeUndefined();
  });
  it('perSex on an indicator not reported by sex is an error at its line', () => {
    const doc = indicatorPlanDoc();
    (doc.objectives[0]!.indicators[0]!.target as { perSex?: boolean }).perSex = true;
    const source = stringify(doc);
    const r = parsePlan(source);
    expectTruthy(!r.ok);
    const msgs = r.errors.map(formatPlanError);
    expect(msgs).toHaveLength(1);
    const line = source.split('\n').findIndex((l) => l.includes('perSex: true')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(msgs[0]).toBe(`objectives[0].indicators[0].target.perSex (dòng / line ${line}): chỉ tiêu 1.1: chỉ tiêu cho mỗi giới (perSex) cần số liệu phân tách theo giới (bySex: true) / indicator 1.1: a per-sex target needs figures by sex (bySex: true)`);
  });
  it('perSex must be true or false', () => {
    const doc = indicatorPlanDoc();
    (doc.objectives[0]!.indicators[1]!.target as { perSex?: unknown }).perSex = 'có';
    const r = parsePlan(stringify(doc));
    expectTruthy(!r.ok);
    expect(r.errors[0]!.path).toMatch(/objectives\[0\]\.indicators\[1\]\.target\.perSex/);
  });
});
