// Issue 14 §1, pure parts: an indicator's result against its target, the value that counts among the
// reported ones (official over estimate), the portal's indicator fields, and the plan check that an
// indicator with a target has someone to report it.
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { chooseFigure, indicatorResult } from '../../domain/indicator-result.ts';
import { parseIndicatorFigures, type IndicatorAsk } from '../../domain/indicator-figures.ts';
import { formatPlanError, parsePlan } from '../../domain/plan-file.ts';
import type { TargetDirection } from '../../domain/report-rows.ts';
import { expectTruthy } from '../helpers/expect.ts';
import { indicatorPlanDoc } from '../helpers/indicator-plan.ts';

describe('indicatorResult', () => {
  const table: [TargetDirection | undefined, number, number | undefined, string][] = [
    ['at-least', 80, 80, 'met'],
    ['at-least', 80, 79.9, 'not-met'],
    ['at-least', 80, 95, 'met'],
    ['at-most', 112, 112, 'met'],
    ['at-most', 112, 113.5, 'not-met'],
    ['at-most', 112, 100, 'met'],
    ['reach', 100, 100, 'met'],
    ['reach', 100, 99.6, 'met'], // rounded to the target's precision (whole numbers)
    ['reach', 100, 99.4, 'not-met'],
    ['reach', 100, 101, 'not-met'], // past the target is not "reaching" it
    ['reach', 7.5, 7.54, 'met'],
    ['reach', 7.5, 7.56, 'not-met'],
    ['at-least', 80, undefined, 'no-data'],
    ['at-most', 112, undefined, 'no-data'],
    [undefined, 0, 50, 'no-target'],
    [undefined, 0, undefined, 'no-target'],
  ];
  for (const [direction, target, value, expected] of table) {
    it(`${direction ?? 'no target'} ${target}, value ${value} → ${expected}`, () => {
      expect(indicatorResult(direction ? { value: target, direction } : undefined, value)).toBe(expected);
    });
  }
});

describe('chooseFigure', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 5, 1, h));
  const est1 = { id: 'a', estimate: true, reportedAt: at(1), value: 50 };
  const est2 = { id: 'b', estimate: true, reportedAt: at(2), value: 55 };
  const off1 = { id: 'c', estimate: false, reportedAt: at(3), value: 58 };
  const off2 = { id: 'd', estimate: false, reportedAt: at(4), value: 61 };
  it('nothing reported: nothing used', () => expect(chooseFigure([])).toStrictEqual({}));
  it('only estimates: the latest estimate', () => expect(chooseFigure([est2, est1])).toStrictEqual({ used: est2 }));
  it('an official value replaces the estimates, the latest estimate kept beside it', () => expect(chooseFigure([est1, off1, est2])).toStrictEqual({ used: off1, replacedEstimate: est2 }));
  it('a later official value wins over an earlier one', () => expect(chooseFigure([off2, off1])).toStrictEqual({ used: off2 }));
  it('an estimate sent after the official value does not replace it', () => {
    const late = { id: 'e', estimate: true, reportedAt: at(9), value: 1 };
    expect(chooseFigure([off1, late])).toStrictEqual({ used: off1, replacedEstimate: late });
  });
});

describe('parseIndicatorFigures', () => {
  const plain: IndicatorAsk = { field: 'ind_ct-1-1', key: 'ct-1-1', label: 'Chỉ tiêu 1.1', unit: '%', bySex: false, forCycleId: 'p/c', estimateAllowed: true };
  const bySex: IndicatorAsk = { field: 'ind_ct-1-2', key: 'ct-1-2', label: 'Chỉ tiêu 1.2', bySex: true, forCycleId: 'p/c', estimateAllowed: true };
  const official: IndicatorAsk = { ...plain, field: 'ind_ct-1-1__old', forCycleId: 'p/old', estimateAllowed: false, replaces: { cycleTitle: 'Cũ', value: 50 } };

  it('blank fields are no figure, not an error', () => {
    expect(parseIndicatorFigures([plain, bySex, official], {})).toStrictEqual({ ok: true, values: [] });
  });
  it('reads Vietnamese numbers, the estimate box and a split by sex that adds up', () => {
    const r = parseIndicatorFigures([plain, bySex, official], {
      'ind_ct-1-1': '62,5', 'ind_ct-1-1_estimate': 'on',
      'ind_ct-1-2_female': '1.200', 'ind_ct-1-2_male': '800,5', 'ind_ct-1-2': '2.000,5',
      'ind_ct-1-1__old': '51', 'ind_ct-1-1__old_estimate': 'on', // no estimate box on an official value
    });
    expect(r).toStrictEqual({ ok: true, values: [
      { key: 'ct-1-1', forCycleId: 'p/c', value: 62.5, estimate: true },
      { key: 'ct-1-2', forCycleId: 'p/c', value: 2000.5, female: 1200, male: 800.5, estimate: false },
      { key: 'ct-1-1', forCycleId: 'p/old', value: 51, estimate: false },
    ] });
  });
  it('a value that is not a number is refused at its field', () => {
    const r = parseIndicatorFigures([plain], { 'ind_ct-1-1': 'sáu mươi' });
    expectTruthy(!r.ok);
    expect(r.errors['ind_ct-1-1']).toBe('Chỉ tiêu 1.1: "sáu mươi" không phải là số không âm (ví dụ 1.234,5) / is not a non-negative number (e.g. 1234.5)');
    expect(parseIndicatorFigures([plain], { 'ind_ct-1-1': '-3' }).ok).toBe(false);
  });
  it('female + male ≠ total is refused with the sum', () => {
    const r = parseIndicatorFigures([bySex], { 'ind_ct-1-2_female': '10', 'ind_ct-1-2_male': '20', 'ind_ct-1-2': '31' });
    expectTruthy(!r.ok);
    expect(r.errors['ind_ct-1-2']).toBe('Chỉ tiêu 1.2: tổng (31) phải bằng nữ + nam (10 + 20 = 30) / the total must equal female + male');
  });
  it('a split by sex must be complete', () => {
    const r = parseIndicatorFigures([bySex], { 'ind_ct-1-2_female': '10', 'ind_ct-1-2': '10' });
    expectTruthy(!r.ok);
    expect(r.errors['ind_ct-1-2']).toMatch(/vui lòng nhập đủ nữ, nam và tổng/);
  });
  it('decimals that do not add up exactly in binary still pass', () => {
    expect(parseIndicatorFigures([bySex], { 'ind_ct-1-2_female': '12,3', 'ind_ct-1-2_male': '45,6', 'ind_ct-1-2': '57,9' }).ok).toBe(true);
  });
});

describe('plan file: indicators', () => {
  it('reads direction (default at-least), bySex and aggregate (default none)', () => {
    const r = parsePlan(stringify(indicatorPlanDoc()));
    expect(r.ok ? '' : r.errors.map(formatPlanError).join('\n')).toBe('');
    expectTruthy(r.ok);
    const [o1, o2] = r.plan.objectives;
    expect(o1!.indicators[0]!.target!.direction).toBe('at-least');
    expect(o1!.indicators[0]!.aggregate).toBe('none');
    expect(o1!.indicators[0]!.bySex).toBe(false);
    expect(o1!.indicators[1]!.bySex).toBe(true);
    expect(o1!.indicators[1]!.aggregate).toBe('sum');
    expect(o2!.indicators[0]!.target!.direction).toBe('at-most');
  });
  it('an indicator with a target and no lead (nor an objective lead) is an error at its line', () => {
    const doc = indicatorPlanDoc();
    delete (doc.objectives[0]!.indicators[0] as { lead?: string }).lead;
    const source = stringify(doc);
    const r = parsePlan(source);
    expectTruthy(!r.ok);
    const msgs = r.errors.map(formatPlanError);
    expect(msgs).toHaveLength(1);
    // The missing key points at its indicator: the "- number: 1" line just above the indicator's text.
    const lines = source.split('\n');
    const textLine = lines.findIndex((l) => l.includes('Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ'));
    expect(lines[textLine - 1]).toMatch(/- number: 1$/);
    const line = textLine; // 1-based number of the line above
    expect(msgs[0]).toMatch(new RegExp(`^objectives\\[0\\]\\.indicators\\[0\\]\\.lead \\(dòng / line ${line}\\): chỉ tiêu 1\\.1 có chỉ tiêu phấn đấu nhưng không có đơn vị chủ trì`));
  });
  it('an indicator led through its objective, or without a target, needs no lead of its own', () => {
    const doc = indicatorPlanDoc();
    expect(doc.objectives[1]!.indicators.every((i) => !('lead' in i))).toBe(true);
    expect(parsePlan(stringify(doc)).ok).toBe(true);
  });
  it('a direction outside the three is refused', () => {
    const doc = indicatorPlanDoc();
    (doc.objectives[0]!.indicators[0]!.target as { direction?: string }).direction = 'more';
    const r = parsePlan(stringify(doc));
    expectTruthy(!r.ok);
    expect(r.errors[0]!.path).toMatch(/objectives\[0\]\.indicators\[0\]\.target\.direction/);
  });
});
