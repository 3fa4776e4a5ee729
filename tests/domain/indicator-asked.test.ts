// Issue 14 §1: who is asked for an indicator (`askedOf`), the split of the lead unit's value by locality
// (`byLocality`: every locality given and their sum equal to the total, or none), the "n/N" breakdown,
// and the plan file's errors about both, each at its line.
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { breakdown, isAsked, readAskedOf, storeAskedOf, type AskedOf } from '../../domain/indicator-asked.ts';
import { parseIndicatorFigures, type IndicatorAsk } from '../../domain/indicator-figures.ts';
import { formatPlanError, parsePlan } from '../../domain/plan-file.ts';
import { valueText } from '../../reports/report-text.ts';
import { indicatorPlanDoc } from '../helpers/indicator-plan.ts';

describe('who is asked', () => {
  const dept = { code: 'so-y-te', kind: 'department' };
  const district = { code: 'huyen-a', kind: 'district' };
  const ward = { code: 'phuong-1', kind: 'ward' };
  it.each<[AskedOf, string | null, { code: string; kind: string }, boolean]>([
    ['lead', 'so-y-te', dept, true],
    ['lead', 'so-y-te', district, false],
    ['lead', null, dept, false],
    ['every-unit', 'so-y-te', district, true],
    ['every-unit', null, ward, true],
    [['district'], 'so-y-te', district, true],
    [['district'], 'so-y-te', dept, false], // the lead is not asked unless of a kind asked
    [['commune', 'ward', 'special-zone'], null, ward, true],
    [['commune', 'ward', 'special-zone'], null, district, false],
  ])('askedOf %j, lead %s, unit %j: %s', (askedOf, lead, unit, expected) => {
    expect(isAsked(askedOf, lead, unit)).toBe(expected);
  });
  it.each<AskedOf>(['lead', 'every-unit', ['district'], ['commune', 'ward', 'special-zone']])('stored and read back: %j', (a) => {
    expect(readAskedOf(storeAskedOf(a))).toStrictEqual(a);
  });
});

describe('a value split by locality', () => {
  const ask: IndicatorAsk = {
    field: 'ind_ct-1-4', key: 'ct-1-4', label: 'Chỉ tiêu 1.4', bySex: false, forCycleId: 'p/c', estimateAllowed: true,
    localities: [{ unitId: 'u-a', code: 'huyen-a', name: 'Huyện A' }, { unitId: 'u-b', code: 'huyen-b', name: 'Huyện B' }],
  };
  const sexAsk: IndicatorAsk = { ...ask, bySex: true };
  it.each<[string, IndicatorAsk, Record<string, string>, unknown]>([
    ['all blank: nothing', ask, {}, []],
    ['the total alone: kept', ask, { 'ind_ct-1-4': '30' }, [[undefined, 30]]],
    ['every locality adding up: the total and each part', ask, { 'ind_ct-1-4': '30', 'ind_ct-1-4_loc_huyen-a': '10', 'ind_ct-1-4_loc_huyen-b': '20', 'ind_ct-1-4_estimate': 'on' }, [[undefined, 30, true], ['u-a', 10, true], ['u-b', 20, true]]],
    ['decimals adding up at a millionth', ask, { 'ind_ct-1-4': '0,3', 'ind_ct-1-4_loc_huyen-a': '0,1', 'ind_ct-1-4_loc_huyen-b': '0,2' }, [[undefined, 0.3], ['u-a', 0.1], ['u-b', 0.2]]],
    ['by sex and by locality: the parts add up to the total', sexAsk, { 'ind_ct-1-4_female': '12', 'ind_ct-1-4_male': '18', 'ind_ct-1-4': '30', 'ind_ct-1-4_loc_huyen-a': '10', 'ind_ct-1-4_loc_huyen-b': '20' }, [[undefined, 30], ['u-a', 10], ['u-b', 20]]],
  ])('%s', (_name, a, raw, expected) => {
    const r = parseIndicatorFigures([a], raw);
    expect(r.ok ? r.values.map((v) => (v.estimate ? [v.locality, v.value, true] : [v.locality, v.value])) : r.errors).toStrictEqual(expected);
  });
  it.each<[string, Record<string, string>, string, RegExp]>([
    ['a wrong sum', { 'ind_ct-1-4': '35', 'ind_ct-1-4_loc_huyen-a': '10', 'ind_ct-1-4_loc_huyen-b': '20' }, 'ind_ct-1-4', /^Chỉ tiêu 1\.4: tổng \(35\) phải bằng tổng các địa bàn \(30\) \/ the total \(35\) must equal the sum of the localities \(30\)$/],
    ['a locality missing', { 'ind_ct-1-4': '10', 'ind_ct-1-4_loc_huyen-a': '10' }, 'ind_ct-1-4', /còn thiếu: Huyện B \/ please fill in every locality, missing: Huyện B$/],
    ['the total missing', { 'ind_ct-1-4_loc_huyen-a': '10', 'ind_ct-1-4_loc_huyen-b': '20' }, 'ind_ct-1-4', /vui lòng nhập tổng \(bằng tổng các địa bàn: 30\)/],
    ['a locality not a number', { 'ind_ct-1-4': '10', 'ind_ct-1-4_loc_huyen-a': 'mười', 'ind_ct-1-4_loc_huyen-b': '0' }, 'ind_ct-1-4_loc_huyen-a', /^Chỉ tiêu 1\.4 \(Huyện A\): "mười" không phải là số/],
  ])('%s is refused at its field, nothing kept', (_name, raw, field, message) => {
    const r = parseIndicatorFigures([ask], raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toStrictEqual([field]);
    expect(r.errors[field]).toMatch(message);
  });
});

describe('the breakdown: each one\'s value that counts, and n/N', () => {
  const at = (s: string) => new Date(`2026-06-0${s}T03:00:00Z`);
  const f = (id: string, value: number, estimate: boolean, day: string) => ({ id, value, estimate, reportedAt: at(day), female: null, male: null });
  it('an official value replaces an estimate; a part without a value is counted in N only', () => {
    const b = breakdown([
      { code: 'huyen-a', name: 'Huyện A', figures: [f('1', 10, true, '1'), f('2', 12, false, '3')] },
      { code: 'huyen-b', name: 'Huyện B', figures: [f('3', 7, true, '2')] },
      { code: 'huyen-c', name: 'Huyện C', figures: [] },
    ]);
    expect([b.reported, b.of]).toStrictEqual([2, 3]);
    expect(b.parts.map((p) => [p.code, p.value, p.estimate])).toStrictEqual([['huyen-a', 12, false], ['huyen-b', 7, true], ['huyen-c', undefined, false]]);
  });
  it('the compiled report marks the province total with n/N', () => {
    const row = { objective: 1, number: 3, estimate: false, result: 'met' as const, value: 40, target: { value: 100, unit: 'hộ', direction: 'at-most' as const } };
    expect(valueText({ ...row, breakdown: { by: 'unit', reported: 1, of: 2, parts: [] } })).toBe('40 hộ (tổng toàn tỉnh, 1/2 đơn vị báo cáo)');
    expect(valueText({ ...row, breakdown: { by: 'locality', reported: 2, of: 2, parts: [] } })).toBe('40 hộ (2/2 địa bàn)');
    expect(valueText({ ...row, value: undefined, breakdown: { by: 'unit', reported: 0, of: 2, parts: [] } })).toBe('— (tổng toàn tỉnh, 0/2 đơn vị báo cáo)');
  });
});

describe('plan file: askedOf and byLocality', () => {
  type Ind = Record<string, unknown>;
  const withIndicator = (extra: Ind, units: { code: string; kind: string }[] = []) => {
    const doc = indicatorPlanDoc();
    doc.units.push(...units.map((u) => ({ ...u, name: u.code, focalPersons: [{ name: 'A', email: `${u.code}@x.dondoc.invalid` }] })));
    (doc.objectives[0]!.indicators as Ind[]).push({ number: 3, text: 'Số hộ', aggregate: 'sum', ...extra });
    const source = stringify(doc);
    return { source, r: parsePlan(source) };
  };
  const districts = [{ code: 'huyen-a', kind: 'district' }, { code: 'xa-b', kind: 'commune' }];
  it('read with the units of the kinds asked, and by locality with locality units', () => {
    const a = withIndicator({ askedOf: ['district'] }, districts);
    expect(a.r.ok ? '' : a.r.errors.map(formatPlanError).join('\n')).toBe('');
    const b = withIndicator({ lead: 'so-ldtbxh', byLocality: true }, districts);
    expect(b.r.ok ? '' : b.r.errors.map(formatPlanError).join('\n')).toBe('');
    if (b.r.ok) expect(b.r.plan.objectives[0]!.indicators[2]).toMatchObject({ askedOf: 'lead', byLocality: true });
    const c = withIndicator({ askedOf: 'every-unit', target: { value: 5, unit: 'hộ' } }); // a target without a lead: every unit is asked
    expect(c.r.ok ? '' : c.r.errors.map(formatPlanError).join('\n')).toBe('');
  });
  const errorAt = (source: string, r: ReturnType<typeof parsePlan>, needle: string) => {
    expect(r.ok).toBe(false);
    const msgs = r.ok ? [] : r.errors.map(formatPlanError);
    expect(msgs).toHaveLength(1);
    const line = source.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(line).toBeGreaterThan(0);
    return { msg: msgs[0]!, line };
  };
  it('askedOf with no unit of those kinds is an error at its line', () => {
    const { source, r } = withIndicator({ askedOf: ['ward', 'special-zone'] }, districts);
    // The line of the list's value: its first item.
    const { msg, line } = errorAt(source, r, '- ward');
    expect(msg).toBe(`objectives[0].indicators[2].askedOf (dòng / line ${line}): chỉ tiêu 1.3: kế hoạch không có đơn vị nào thuộc loại được hỏi (askedOf: ward, special-zone) / indicator 1.3: the plan has no unit of the kinds asked`);
  });
  it('an unknown kind is an error at its item', () => {
    const { r } = withIndicator({ askedOf: ['district', 'tinh'] }, districts);
    expect(r.ok ? [] : r.errors.map(formatPlanError)).toStrictEqual([expect.stringMatching(/^objectives\[0\]\.indicators\[2\]\.askedOf\[1\] \(dòng \/ line \d+\): chỉ tiêu 1\.3: không có loại đơn vị "tinh"/)]);
  });
  it('askedOf together with byLocality is an error at byLocality', () => {
    const { source, r } = withIndicator({ askedOf: 'every-unit', byLocality: true }, districts);
    const { msg, line } = errorAt(source, r, 'byLocality: true');
    expect(msg).toMatch(new RegExp(`^objectives\\[0\\]\\.indicators\\[2\\]\\.byLocality \\(dòng / line ${line}\\): chỉ tiêu 1\\.3: số liệu theo địa bàn \\(byLocality\\) do đơn vị chủ trì báo cáo cho toàn tỉnh, không dùng cùng askedOf`));
  });
  it('byLocality in a plan without locality units is an error', () => {
    const { source, r } = withIndicator({ lead: 'so-ldtbxh', byLocality: true });
    expect(errorAt(source, r, 'byLocality: true').msg).toMatch(/the plan has no district, commune, ward or special-zone unit/);
  });
});
