// Localities after 2025 (issue 14 §1): the new unit kinds, `mergedInto` and its located errors, the
// district warning, and which line a unit's row belongs to (domain/unit-lines.ts).
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { parsePlan, type PlanError } from '../../domain/plan-file.ts';
import { lineOwner, unitLines, type LineUnit } from '../../domain/unit-lines.ts';
import { districtWarnings } from '../../domain/unit-warnings.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const unit = (code: string, kind: string, extra: Doc = {}) => ({ code, name: `Đơn vị ${code}`, kind, ...extra, focalPersons: [{ name: 'Đầu mối', email: `${code}@test.dondoc.invalid` }] });

function planDoc(units: Doc[], due = '2025-12-05'): Doc {
  return {
    version: 1,
    id: 'merge-2025',
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch 2025',
    standingOffice: { name: 'Văn phòng', email: 'office@test.dondoc.invalid' },
    standingCommittee: [{ name: 'Tổ thư ký', role: 'secretariat', email: 'tkt@test.dondoc.invalid' }],
    units,
    cycles: [
      { key: '2025-6m', kind: 'semiannual', title: '6 tháng', due: { date: '2025-06-05', rule: 'before' } },
      { key: '2025-annual', kind: 'annual', title: 'Năm', due: { date: due, rule: 'before' } },
    ],
  };
}

function parsed(doc: Doc) {
  const source = stringify(doc);
  return { source, result: parsePlan(source) };
}

describe('unit kinds after 2025', () => {
  it.each(['commune', 'ward', 'special-zone'])('a unit of kind %s loads', (kind) => {
    const { result } = parsed(planDoc([unit('so-noi-vu', 'department'), unit('x', kind)]));
    expect(result.ok).toBe(true);
  });
});

describe('mergedInto: located errors', () => {
  const district = (extra: Doc) => unit('huyen-a', 'district', extra);
  const ward = (extra: Doc = {}) => unit('phuong-b', 'ward', extra);
  it.each<[string, Doc[], RegExp]>([
    ['without closesOn', [district({ mergedInto: 'phuong-b' }), ward()], /needs its last day \(closesOn\)/],
    ['into itself', [district({ closesOn: '2025-06-30', mergedInto: 'huyen-a' }), ward()], /cannot be merged into itself/],
    ['into an unknown unit', [district({ closesOn: '2025-06-30', mergedInto: 'phuong-z' }), ward()], /no unit with code "phuong-z"/],
    ['into a unit opening two days later', [district({ closesOn: '2025-06-30', mergedInto: 'phuong-b' }), ward({ opensOn: '2025-07-02' })], /the successor "phuong-b" must be open on 01\/07\/2025/],
    ['into a unit already closed', [district({ closesOn: '2025-06-30', mergedInto: 'phuong-b' }), ward({ closesOn: '2025-06-30' })], /must be open on 01\/07\/2025/],
  ])('%s', (_name, units, message) => {
    const { source, result } = parsed(planDoc(units));
    expect(result.ok).toBe(false);
    const errors: PlanError[] = result.ok ? [] : result.errors;
    const e = errors.find((x) => x.path === 'units[0].mergedInto');
    // on failure, look at: errors
    expect(e?.message).toMatch(message);
    expect(source.split('\n')[e!.line! - 1]).toContain('mergedInto:');
  });

  it('a chain that loops is refused at its unit', () => {
    const units = [
      unit('a', 'district', { closesOn: '2025-06-30', mergedInto: 'b' }),
      unit('b', 'ward', { closesOn: '2025-06-30', mergedInto: 'a' }),
      unit('c', 'ward'),
    ];
    const { result } = parsed(planDoc(units));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.filter((e) => /loops/.test(e.message)).map((e) => e.path)).toStrictEqual(['units[0].mergedInto', 'units[1].mergedInto']);
  });

  it('a district merged into a ward opening the day after loads, and owes only the cycles before', () => {
    const { result } = parsed(planDoc([district({ closesOn: '2025-06-30', mergedInto: 'phuong-b' }), ward({ opensOn: '2025-07-01' })]));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.units[0]!.mergedInto).toBe('phuong-b');
    expect(districtWarnings(result.plan)).toStrictEqual([]);
  });
});

describe('districts after 1/7/2025: a warning, not an error', () => {
  it.each<[string, string, Doc, number]>([
    ['a district owing a cycle due after 1/7/2025', '2025-12-05', {}, 1],
    ['a cycle whose last day is 30/06/2025 (due before 1/7)', '2025-07-01', {}, 0],
    ['a cycle whose last day is 1/7/2025 (due before 2/7)', '2025-07-02', {}, 1],
    ['a district closed on 30/06/2025', '2025-12-05', { closesOn: '2025-06-30' }, 0],
  ])('%s', (_name, due, extra, count) => {
    const { result } = parsed(planDoc([unit('so-noi-vu', 'department'), unit('huyen-a', 'district', extra)], due));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const w = districtWarnings(result.plan);
    expect(w.length).toBe(count);
    if (count) {
      expect(w[0]!.path).toStrictEqual(['units', 1, 'kind']);
      expect(w[0]!.message).toContain('say closesOn: 2025-06-30 and mergedInto');
      expect(w[0]!.message).toMatch(/^đơn vị cấp huyện "huyen-a" vẫn phải nộp kỳ "2025-annual"/);
    }
  });
});

describe('unit lines', () => {
  const u = (code: string, mergedInto?: string, closesOn?: string): LineUnit => ({ code, name: code.toUpperCase(), ...(mergedInto ? { mergedInto } : {}), ...(closesOn ? { closesOn } : {}) });
  const map = (list: LineUnit[]) => new Map(list.map((x) => [x.code, x]));
  it.each<[string, LineUnit[], string, string]>([
    ['not merged', [u('a')], 'a', 'a'],
    ['merged once', [u('a', 'b', '2025-06-30'), u('b')], 'a', 'b'],
    ['a chain A → B → C resolves to C', [u('a', 'b', '2024-12-31'), u('b', 'c', '2025-06-30'), u('c')], 'a', 'c'],
    ['the middle of a chain', [u('a', 'b'), u('b', 'c'), u('c')], 'b', 'c'],
    ['an unknown successor ends the chain', [u('a', 'zz')], 'a', 'a'],
    ['a loop stops before coming back', [u('a', 'b'), u('b', 'a')], 'a', 'b'],
  ])('%s', (_name, list, code, owner) => {
    expect(lineOwner(map(list), code)).toBe(owner);
  });

  it('a merged unit has no line of its own; its successor\'s line names it with its last day', () => {
    const { lineOf, lines } = unitLines([
      { code: 'bach-dang', name: 'Phường Bạch Đằng', closesOn: '2025-06-30', mergedInto: 'hong-gai' },
      { code: 'hong-gai', name: 'Phường Hồng Gai' },
      { code: 'huyen-x', name: 'Huyện X', closesOn: '2024-12-31', mergedInto: 'bach-dang' },
      { code: 'so-noi-vu', name: 'Sở Nội vụ' },
    ]);
    expect(Object.fromEntries(lineOf)).toStrictEqual({ 'bach-dang': 'hong-gai', 'hong-gai': 'hong-gai', 'huyen-x': 'hong-gai', 'so-noi-vu': 'so-noi-vu' });
    expect(lines.map((l) => [l.code, l.label.vi])).toStrictEqual([
      ['hong-gai', 'Phường Hồng Gai (gồm Huyện X đến 31/12/2024, Phường Bạch Đằng đến 30/06/2025)'],
      ['so-noi-vu', 'Sở Nội vụ'],
    ]);
    expect(lines[0]!.label.en).toBe('Phường Hồng Gai (including Huyện X until 31/12/2024, Phường Bạch Đằng until 30/06/2025)');
  });
});
