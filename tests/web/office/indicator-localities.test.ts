// Issue 14 §1 beyond the lead unit, through the web app on both providers: an indicator asked of every
// district (`askedOf: [district]`) is on each district's page and not a department's, and the office's
// table shows the province total over them with "n/N" and each district's value (page, CSV, the
// compiled report's print page); an indicator the lead unit splits by locality (`byLocality`) has one
// field per district beside the total, a wrong sum is refused with nothing stored, and the parts sent
// are stored one row each and shown in the table; the official value replacing an estimate comes with
// its own parts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { obligationId } from '../../../domain/ids.ts';
import { parsePlan } from '../../../domain/plan-file.ts';
import { INDICATOR_PLAN as P, indicatorPlanDoc } from '../../helpers/indicator-plan.ts';
import { startPortal, type Portal } from '../../helpers/portal.ts';

const SIX = '2026-6-thang';

function localityPlan() {
  const doc = indicatorPlanDoc();
  for (const [code, name] of [['huyen-a', 'Huyện An Bình'], ['huyen-b', 'Huyện Bắc Sơn']] as const) {
    doc.units.push({ code, name, kind: 'district', focalPersons: [{ name: 'Đầu mối', email: `dm@${code}.ct.dondoc.invalid` }] });
  }
  const indicators = doc.objectives[0]!.indicators as Record<string, unknown>[];
  indicators.push(
    { number: 3, text: 'Số hộ nghèo do phụ nữ làm chủ hộ', target: { value: 100, unit: 'hộ', direction: 'at-most' }, askedOf: ['district'], aggregate: 'sum' },
    { number: 4, text: 'Số lao động nữ được giải quyết việc làm', target: { value: 25, unit: 'người' }, lead: 'so-ldtbxh', byLocality: true },
  );
  const source = stringify(doc);
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}

describe('indicators asked of every district, and split by locality', () => {
  let p: Portal;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    p = await startPortal({ plan: localityPlan(), now: new Date('2026-06-01T03:00:00Z') });
    for (const code of ['so-noi-vu', 'so-ldtbxh', 'huyen-a', 'huyen-b']) tokens[code] = await p.token(obligationId(P, SIX, code));
  });
  afterAll(() => p.close());

  const stored = async () => [await p.db.prisma.submission.count(), await p.db.prisma.indicatorFigure.count()];

  it('a district\'s page asks for the indicator asked of every district; a department\'s does not', async () => {
    const district = (await p.app.inject(`/r/${tokens['huyen-a']}`)).body;
    expect(district).toMatch(/<p data-indicator="ct-1-3"><b>Chỉ tiêu 1\.3: Số hộ nghèo do phụ nữ làm chủ hộ<\/b> \(hộ\)/);
    expect(district).toContain('id="ind_ct-1-3" name="ind_ct-1-3" value=""');
    expect(district).not.toContain('ind_ct-1-4');
    const dept = (await p.app.inject(`/r/${tokens['so-noi-vu']}`)).body;
    expect(dept).toContain('name="ind_ct-1-1"');
    expect(dept).not.toContain('ind_ct-1-3');
  });

  it('the lead unit\'s page has one field per district beside the total', async () => {
    const body = (await p.app.inject(`/r/${tokens['so-ldtbxh']}`)).body;
    expect(body).toContain('id="ind_ct-1-4" name="ind_ct-1-4" value=""');
    expect(body).toMatch(/<label for="ind_ct-1-4_loc_huyen-a">Huyện An Bình<\/label> <input type="text" inputmode="decimal" id="ind_ct-1-4_loc_huyen-a" name="ind_ct-1-4_loc_huyen-a"/);
    expect(body).toContain('name="ind_ct-1-4_loc_huyen-b"');
    expect(body).not.toContain('ind_ct-1-3'); // a department, not a district
  });

  it('a total that is not the sum of the districts is refused at its field, nothing stored', async () => {
    const res = await p.postForm(`/r/${tokens['so-ldtbxh']}`, { submissionId: randomUUID(), comment: 'Báo cáo', 'ind_ct-1-4': '35', 'ind_ct-1-4_loc_huyen-a': '10', 'ind_ct-1-4_loc_huyen-b': '20' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<span class="bad" id="ind_ct-1-4-error">Chỉ tiêu 1\.4: Số lao động nữ được giải quyết việc làm: tổng \(35\) phải bằng tổng các địa bàn \(30\)/);
    expect(res.body).toContain('id="ind_ct-1-4_loc_huyen-b" name="ind_ct-1-4_loc_huyen-b" value="20"');
    expect(await stored()).toStrictEqual([0, 0]);
  });

  it('the lead unit\'s total and each district\'s part are stored, one row each; a district reports its own', async () => {
    const lead = await p.postForm(`/r/${tokens['so-ldtbxh']}`, { submissionId: randomUUID(), comment: 'Báo cáo', 'ind_ct-1-4': '30', 'ind_ct-1-4_loc_huyen-a': '10', 'ind_ct-1-4_loc_huyen-b': '20', 'ind_ct-1-4_estimate': 'on' });
    expect(lead.statusCode).toBe(303);
    const a = await p.postForm(`/r/${tokens['huyen-a']}`, { submissionId: randomUUID(), comment: 'Báo cáo huyện', 'ind_ct-1-3': '40' });
    expect(a.statusCode).toBe(303);
    const rows = await p.db.prisma.indicatorFigure.findMany({ include: { indicator: { select: { key: true } } } });
    const units = new Map((await p.db.prisma.unit.findMany()).map((u) => [u.id, u.code]));
    const seen = rows.map((f) => [f.indicator.key, units.get(f.unitId), f.localityUnitId === null ? null : units.get(f.localityUnitId), f.value, f.estimate]).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(seen).toStrictEqual([
      ['ct-1-3', 'huyen-a', null, 40, false],
      ['ct-1-4', 'so-ldtbxh', 'huyen-a', 10, true],
      ['ct-1-4', 'so-ldtbxh', 'huyen-b', 20, true],
      ['ct-1-4', 'so-ldtbxh', null, 30, true],
    ]);
  });

  it('the office\'s table: the province total over the districts with n/N, each district, and the parts by locality', async () => {
    const res = await p.officeGet(`/cycles/${P}/${SIX}/indicators`);
    expect(res.statusCode).toBe(200);
    const rows = new Map([...res.body.matchAll(/<tr data-indicator="([\d.]+)" data-result="([a-z-]+)">/g)].map((m) => [m[1], m[2]]));
    expect(rows.get('1.3')).toBe('met'); // judged on the total, 40 ≤ 100
    expect(rows.get('1.4')).toBe('met'); // the lead's own value, 30 ≥ 25
    expect(res.body).toMatch(/<span data-total="40">40 hộ<\/span>/);
    expect(res.body).toMatch(/<small data-reported="1\/2"><span class="vi">1\/2 đơn vị đã báo cáo<\/span>/);
    const unitsOf13 = res.body.match(/<tr class="breakdown" data-breakdown="1\.3">[\s\S]*?<\/details>/)![0];
    expect([...unitsOf13.matchAll(/<tr data-part="([a-z-]+)"><td>([^<]+)<\/td><td>([^<]+)/g)].map((m) => [m[1], m[2], m[3]])).toStrictEqual([['huyen-a', 'Huyện An Bình', '40'], ['huyen-b', 'Huyện Bắc Sơn', '—']]);
    const partsOf14 = res.body.match(/<tr class="breakdown" data-breakdown="1\.4">[\s\S]*?<\/details>/)![0];
    expect(partsOf14).toContain('2/2 địa bàn có số liệu');
    expect([...partsOf14.matchAll(/<tr data-part="([a-z-]+)"><td>[^<]+<\/td><td>([^<]+)/g)].map((m) => [m[1], m[2]!.trim()])).toStrictEqual([['huyen-a', '10'], ['huyen-b', '20']]);
  });

  it('the CSV has one row per district after the indicator\'s row; the report marks n/N', async () => {
    const lines = (await p.officeGet(`/cycles/${P}/${SIX}/indicators.csv`)).body.replace(/^\uFEFF/, '').split('\r\n');
    const of13 = lines.filter((l) => l.startsWith('1.3,'));
    expect(of13).toStrictEqual([
      '1.3,Số hộ nghèo do phụ nữ làm chủ hộ,≤ 100 hộ,,40,,,,Đạt / Met,,,,40,Tổng của 1 đơn vị / Sum of 1 unit,1/2,',
      '1.3,Số hộ nghèo do phụ nữ làm chủ hộ,,,40,,,,,Huyện An Bình,10:00 01/06/2026,,,,,Huyện An Bình',
      '1.3,Số hộ nghèo do phụ nữ làm chủ hộ,,,,,,,,,,,,,,Huyện Bắc Sơn',
    ]);
    expect(lines.filter((l) => l.startsWith('1.4,')).map((l) => l.split(',').at(-1))).toStrictEqual(['', 'Huyện An Bình', 'Huyện Bắc Sơn']);
    const print = await p.officeGet(`/reports/${P}/${SIX}/print`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('40 hộ (tổng toàn tỉnh, 1/2 đơn vị báo cáo)');
    expect(print.body).toContain('30 người (ước) (2/2 địa bàn)');
  });

  it('the next cycle asks for the official value with its parts, which then replace the estimate\'s', async () => {
    const t = await p.token(obligationId(P, '2026-nam', 'so-ldtbxh'));
    const body = (await p.app.inject(`/r/${t}`)).body;
    expect(body).toContain('name="ind_ct-1-4__2026-6-thang_loc_huyen-a"');
    const bad = await p.postForm(`/r/${t}`, { submissionId: randomUUID(), comment: 'Số chính thức', 'ind_ct-1-4__2026-6-thang': '32', 'ind_ct-1-4__2026-6-thang_loc_huyen-a': '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('còn thiếu: Huyện Bắc Sơn');
    const ok = await p.postForm(`/r/${t}`, { submissionId: randomUUID(), comment: 'Số chính thức', 'ind_ct-1-4__2026-6-thang': '32', 'ind_ct-1-4__2026-6-thang_loc_huyen-a': '12', 'ind_ct-1-4__2026-6-thang_loc_huyen-b': '20' });
    expect(ok.statusCode).toBe(303);
    const table = (await p.officeGet(`/cycles/${P}/${SIX}/indicators`)).body;
    const partsOf14 = table.match(/<tr class="breakdown" data-breakdown="1\.4">[\s\S]*?<\/details>/)![0];
    expect([...partsOf14.matchAll(/<tr data-part="([a-z-]+)"><td>[^<]+<\/td><td>([^<]+)/g)].map((m) => [m[1], m[2]!.trim()])).toStrictEqual([['huyen-a', '12'], ['huyen-b', '20']]);
    expect(table).toMatch(/thay ước thực hiện 30/);
  });
});
