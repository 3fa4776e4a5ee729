// Issue 14 §1 through the web app: the lead unit's page asks for its indicators (by sex, estimate), a
// wrong figure or female + male ≠ total is refused at its field with nothing stored, and the office's
// indicator table of the cycle, as a page, a CSV and an XLSX, shows value against target, the result,
// the estimate marked, and who reported it when.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { obligationId } from '../../../domain/ids.ts';
import { INDICATOR_PLAN as P, indicatorPlan } from '../../helpers/indicator-plan.ts';
import { startPortal, type Portal } from '../../helpers/portal.ts';
import { readSheet, rowValues } from '../../helpers/read-workbook.ts';

const SIX = '2026-6-thang';

describe('indicator figures on the portal and the office\'s indicator table', () => {
  let p: Portal;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    p = await startPortal({ plan: indicatorPlan(), now: new Date('2026-06-01T03:00:00Z') });
    for (const code of ['so-noi-vu', 'so-ldtbxh', 'so-y-te']) tokens[code] = await p.token(obligationId(P, SIX, code));
  });
  afterAll(() => p.close());

  const stored = async () => [await p.db.prisma.submission.count(), await p.db.prisma.indicatorFigure.count()];

  it('the lead unit\'s page asks for its indicators: female, male, total and an estimate box', async () => {
    const body = (await p.app.inject(`/r/${tokens['so-ldtbxh']}`)).body;
    expect(body).toMatch(/<fieldset id="indicator-figures">/);
    expect(body).toMatch(/<p data-indicator="ct-1-2"><b>Chỉ tiêu 1\.2: Số người được đào tạo nghề<\/b> \(người\)/);
    for (const name of ['ind_ct-1-2_female', 'ind_ct-1-2_male', 'ind_ct-1-2']) expect(body).toContain(`id="${name}" name="${name}" value=""`);
    expect(body).toMatch(/<input type="checkbox" name="ind_ct-1-2_estimate" value="on"> <span class="vi">Ước thực hiện/);
    expect(body).not.toContain('ind_ct-1-1'); // another unit's indicator
  });

  it('a figure that is not a number is refused at its field, the form comes back as typed, nothing is stored', async () => {
    const res = await p.postForm(`/r/${tokens['so-noi-vu']}`, { submissionId: randomUUID(), comment: 'Báo cáo 6 tháng', 'ind_ct-1-1': 'sáu mươi', 'ind_ct-1-1_estimate': 'on' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Vui lòng kiểm tra các số liệu được đánh dấu; chưa có gì được lưu/);
    expect(res.body).toMatch(/id="ind_ct-1-1" name="ind_ct-1-1" value="sáu mươi" size="10" aria-invalid="true" aria-describedby="ind_ct-1-1-error"/);
    expect(res.body).toMatch(/<span class="bad" id="ind_ct-1-1-error">Chỉ tiêu 1\.1: Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ: &quot;sáu mươi&quot; không phải là số không âm/);
    expect(res.body).toMatch(/name="ind_ct-1-1_estimate" value="on" checked>/);
    expect(await stored()).toStrictEqual([0, 0]);
  });

  it('female + male ≠ total is refused with the sum, nothing stored', async () => {
    const res = await p.postForm(`/r/${tokens['so-ldtbxh']}`, { submissionId: randomUUID(), comment: 'Báo cáo', 'ind_ct-1-2_female': '700', 'ind_ct-1-2_male': '500', 'ind_ct-1-2': '1.300' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Chỉ tiêu 1\.2: Số người được đào tạo nghề: tổng \(1\.300\) phải bằng nữ \+ nam \(700 \+ 500 = 1\.200\) \/ the total must equal female \+ male/);
    expect(await stored()).toStrictEqual([0, 0]);
  });

  it('stores the values sent: an estimate, and a split by sex that adds up', async () => {
    const a = await p.postForm(`/r/${tokens['so-noi-vu']}`, { submissionId: randomUUID(), comment: 'Báo cáo 6 tháng', 'ind_ct-1-1': '55,5', 'ind_ct-1-1_estimate': 'on' });
    expect(a.statusCode).toBe(303);
    const b = await p.postForm(`/r/${tokens['so-ldtbxh']}`, { submissionId: randomUUID(), comment: 'Báo cáo', 'ind_ct-1-2_female': '700', 'ind_ct-1-2_male': '500', 'ind_ct-1-2': '1.200' });
    expect(b.statusCode).toBe(303);
    const c = await p.postForm(`/r/${tokens['so-y-te']}`, { submissionId: randomUUID(), comment: 'Chưa có số liệu' }); // blank: no figure
    expect(c.statusCode).toBe(303);
    expect(await stored()).toStrictEqual([3, 2]);
    const f = await p.db.prisma.indicatorFigure.findMany({ orderBy: { reportedAt: 'asc' } });
    expect(f.map((x) => [x.indicatorId, x.value, x.female, x.male, x.estimate, x.reportedBy])).toStrictEqual([
      [`${P}/ct-1-1`, 55.5, null, null, true, 'Sở Nội vụ'],
      [`${P}/ct-1-2`, 1200, 700, 500, false, 'Sở Lao động - Thương binh và Xã hội'],
    ]);
  });

  it('the next cycle\'s page asks the unit for the official value replacing its estimate', async () => {
    const t = await p.token(obligationId(P, '2026-nam', 'so-noi-vu'));
    const body = (await p.app.inject(`/r/${t}`)).body;
    expect(body).toMatch(/data-replaces="ct-2026\/2026-6-thang"/);
    expect(body).toContain('Số liệu chính thức kỳ &quot;Báo cáo 6 tháng 2026&quot;, thay cho số ước thực hiện 55,5');
    expect(body).toContain('name="ind_ct-1-1__2026-6-thang"');
    expect(body).not.toContain('name="ind_ct-1-1__2026-6-thang_estimate"');
  });

  it('the office\'s page shows each indicator against its target, the estimate marked, who and when', async () => {
    const res = await p.officeGet(`/cycles/${P}/${SIX}/indicators`);
    expect(res.statusCode).toBe(200);
    const rows = [...res.body.matchAll(/<tr data-indicator="([\d.]+)" data-result="([a-z-]+)">/g)].map((m) => [m[1], m[2]]);
    expect(rows).toStrictEqual([['1.1', 'not-met'], ['1.2', 'met'], ['2.1', 'no-data'], ['2.2', 'no-target']]);
    expect(res.body).toMatch(/<td>≥ 60 % \(2026\)<\/td><td>Sở Nội vụ<\/td>\s*<td>55,5 %\s*<b class="late" data-estimate="1">\(<span class="vi">ước<\/span> <span class="en">estimate<\/span>\)<\/b>/);
    expect(res.body).toMatch(/nữ 700, nam 500/);
    // 1.2 declares aggregate: sum, so its province total over the units that reported it is shown
    expect(res.body).toMatch(/<span data-total="1200">1\.200 người<\/span><br><small><span class="vi">nữ 700, nam 500<\/span>.*<span class="vi">Tổng của 1 đơn vị<\/span>/);
    expect(res.body).toContain(`href="/plans/${P}/indicators"`);
    expect(res.body).toMatch(/<td>Sở Nội vụ<br>10:00 01\/06\/2026<\/td>/);
    expect(res.body).toContain('≤ 112 bé trai/100 bé gái');
    const dashboard = await p.officeGet(`/cycles/${P}/${SIX}`);
    expect(dashboard.body).toContain(`href="/cycles/${P}/${SIX}/indicators"`);
    // and to the draft of the province's report, which opens
    expect(dashboard.body).toContain(`href="/reports/${P}/${SIX}"`);
    expect((await p.officeGet(`/reports/${P}/${SIX}`)).statusCode).toBe(200);
  });

  it('the same table as CSV and XLSX', async () => {
    const csv = await p.officeGet(`/cycles/${P}/${SIX}/indicators.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/filename="chi-tieu-2026-6-thang\.csv"/);
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Chỉ tiêu / Indicator,Nội dung / Text,Chỉ tiêu phấn đấu / Target,Đơn vị chủ trì / Lead unit,Giá trị / Value,Nữ / Female,Nam / Male,Ước thực hiện / Estimate,Kết quả / Result,Người báo cáo / Reported by,Thời điểm / Reported at,Ước thực hiện đã thay / Replaced estimate,Tổng toàn tỉnh / Province total,Cách tính tổng / How totalled,Đã báo cáo / Reported (n/N),Đơn vị hoặc địa bàn / Unit or locality');
    expect(lines[1]).toBe('1.1,Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ,≥ 60 % (2026),Sở Nội vụ,55.5,,,Ước / Estimate,Không đạt / Not met,Sở Nội vụ,10:00 01/06/2026,,,,,');
    expect(lines[2]).toBe('1.2,Số người được đào tạo nghề,≥ 1.000 người,Sở Lao động - Thương binh và Xã hội,1200,700,500,,Đạt / Met,Sở Lao động - Thương binh và Xã hội,10:00 01/06/2026,,1200,Tổng của 1 đơn vị / Sum of 1 unit,,');
    expect(lines[3]).toBe('2.1,Tỷ số giới tính khi sinh,≤ 112 bé trai/100 bé gái,Sở Y tế,,,,,Chưa có số liệu / No data,,,,,,,');
    const xlsx = await p.officeGet(`/cycles/${P}/${SIX}/indicators.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const sheet = await readSheet(xlsx.rawPayload);
    expect(rowValues(sheet, 2, 12)).toStrictEqual(['1.1', 'Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ', '≥ 60 % (2026)', 'Sở Nội vụ', 55.5, null, null, 'Ước / Estimate', 'Không đạt / Not met', 'Sở Nội vụ', '10:00 01/06/2026', null]);
    expect(rowValues(sheet, 3, 7)).toStrictEqual(['1.2', 'Số người được đào tạo nghề', '≥ 1.000 người', 'Sở Lao động - Thương binh và Xã hội', 1200, 700, 500]);
    expect(sheet.rowCount).toBe(5);
  });

  it('a form sent again: the same indicator values are the same answer, changed ones store nothing (409)', async () => {
    const id = randomUUID();
    const form = { submissionId: id, comment: 'Bổ sung', 'ind_ct-2-1': '110' };
    const first = await p.postForm(`/r/${tokens['so-y-te']}`, form);
    expect(first.statusCode).toBe(303);
    const again = await p.postForm(`/r/${tokens['so-y-te']}`, form);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const before = await stored();
    const changed = await p.postForm(`/r/${tokens['so-y-te']}`, { ...form, 'ind_ct-2-1': '115' });
    expect(changed.statusCode).toBe(409);
    expect(await stored()).toStrictEqual(before);
    const f = await p.db.prisma.indicatorFigure.findMany({ where: { submissionId: id } });
    expect(f.map((x) => x.value)).toStrictEqual([110]);
  });

  it('an unknown cycle is the 404 page; signed out is sent to sign in', async () => {
    expect((await p.officeGet(`/cycles/${P}/no-such/indicators`)).statusCode).toBe(404);
    const anon = await p.app.inject(`/cycles/${P}/${SIX}/indicators.csv`);
    expect(anon.statusCode).not.toBe(200);
  });
});
