// Localities after 2025 through the web app (issue 14 §1): a district merged into a ward from
// 1/7/2025. The rates page and its CSV show the district's 6-month cycle on the ward's line, which has
// no gap before the ward opened and no separate district line; the indicator trend and its CSV put the
// district's value on the ward's line beside the ward's own. Names are made up: no real merger.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { savePlan } from '../../../db/plans.ts';
import { obligationId } from '../../../domain/ids.ts';
import { parsePlan } from '../../../domain/plan-file.ts';
import { rateLines } from '../../../web/office/plan-rates.ts';
import { startPortal, type Portal } from '../../helpers/portal.ts';

const P = 'sap-nhap-2025';
const H1 = '2025-6-thang';
const YEAR = '2025-nam';
const person = (code: string) => [{ name: 'Đầu mối', email: `${code}@test.dondoc.invalid` }];

/** The plan; `lead` leads indicator 1.1 (a plan reloaded after the merger names the ward). */
function mergePlan(lead: string) {
  const doc = {
    version: 1,
    id: P,
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch năm 2025 (thử nghiệm sáp nhập)',
    standingOffice: { name: 'Văn phòng thường trực', email: 'office@test.dondoc.invalid' },
    standingCommittee: [{ name: 'Tổ thư ký', role: 'secretariat', email: 'tkt@test.dondoc.invalid' }],
    units: [
      { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', focalPersons: person('so-noi-vu') },
      { code: 'huyen-minh-hoa', name: 'UBND huyện Minh Hoạ', kind: 'district', closesOn: '2025-06-30', mergedInto: 'phuong-thu-nghiem', focalPersons: person('huyen') },
      { code: 'phuong-thu-nghiem', name: 'UBND phường Thử Nghiệm', kind: 'ward', opensOn: '2025-07-01', focalPersons: person('phuong') },
    ],
    cycles: [
      { key: H1, kind: 'semiannual', title: 'Báo cáo 6 tháng 2025', due: { date: '2025-06-05', rule: 'before' }, opensOn: '2025-05-20' },
      { key: YEAR, kind: 'annual', title: 'Báo cáo năm 2025', due: { date: '2025-12-05', rule: 'before' }, opensOn: '2025-11-01' },
    ],
    objectives: [{ number: 1, text: 'Việc làm', indicators: [{ number: 1, text: 'Số lao động nữ được tạo việc làm', target: { value: 100, unit: 'người' }, lead }] }],
  };
  const source = stringify(doc);
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}

describe('a district merged into a ward: rates and trends follow the ward\'s line', () => {
  let p: Portal;
  const link = async (cycle: string, unit: string) => `/r/${await p.token(obligationId(P, cycle, unit))}`;
  const send = async (cycle: string, unit: string, fields: Record<string, string>) => {
    const res = await p.postForm(await link(cycle, unit), { submissionId: randomUUID(), comment: `Báo cáo ${cycle}`, ...fields });
    expect(res.statusCode).toBe(303);
  };
  beforeAll(async () => {
    p = await startPortal({ plan: mergePlan('huyen-minh-hoa'), now: new Date('2025-12-01T03:00:00Z') });
    // Before the merger the district leads 1.1 and reports its 6 months (late, today).
    await send(H1, 'huyen-minh-hoa', { 'ind_ct-1-1': '40' });
    await send(H1, 'so-noi-vu', {});
    // The plan reloaded after the merger: the ward leads 1.1 and reports the year.
    const v2 = mergePlan('phuong-thu-nghiem');
    await savePlan(p.db.prisma, v2.plan, v2.source);
    await send(YEAR, 'phuong-thu-nghiem', { 'ind_ct-1-1': '120' });
  });
  afterAll(() => p.close());

  it('the merger is stored: days and successor', async () => {
    const units = await p.db.prisma.unit.findMany({ where: { planId: P }, select: { code: true, opensOn: true, closesOn: true, mergedInto: { select: { code: true } } }, orderBy: { code: 'asc' } });
    expect(units).toStrictEqual([
      { code: 'huyen-minh-hoa', opensOn: null, closesOn: '2025-06-30', mergedInto: { code: 'phuong-thu-nghiem' } },
      { code: 'phuong-thu-nghiem', opensOn: '2025-07-01', closesOn: null, mergedInto: null },
      { code: 'so-noi-vu', opensOn: null, closesOn: null, mergedInto: null },
    ]);
  });

  it('the rates page: the district\'s cycle on the ward\'s line, no district line', async () => {
    const res = await p.officeGet(`/plans/${P}/rates`);
    expect(res.statusCode).toBe(200);
    const lines = [...res.body.matchAll(/<tr data-line="([^"]+)"><td>(.*?)<\/td>(.*?)<\/tr>/gs)].map((m) => ({
      code: m[1],
      label: m[2]!.replace(/<[^>]+>/g, '').trim(),
      cells: [...m[3]!.matchAll(/<td data-status="([^"]*)">/g)].map((c) => c[1]),
    }));
    expect(lines.map((l) => l.code)).toStrictEqual(['so-noi-vu', 'phuong-thu-nghiem']);
    const ward = lines[1]!;
    expect(ward.label).toContain('UBND phường Thử Nghiệm (gồm UBND huyện Minh Hoạ đến 30/06/2025)');
    expect(ward.label).toContain('UBND phường Thử Nghiệm (including UBND huyện Minh Hoạ until 30/06/2025)');
    // 6 months: the district's late report; the year: the ward's own, on time.
    expect(ward.cells).toStrictEqual(['submitted_late', 'submitted_on_time']);
    expect(lines[0]!.cells).toStrictEqual(['submitted_late', 'open']);
    expect(res.body).toMatch(/<tr data-line="phuong-thu-nghiem">.*Nộp muộn \(UBND huyện Minh Hoạ\)/s);
    expect(res.body).not.toContain('data-line="huyen-minh-hoa"');
  });

  it('above the limit of units the lines are not read (the page says so; the CSV reads them all)', async () => {
    const cycles = [`${P}/${H1}`, `${P}/${YEAR}`];
    expect(await rateLines(p.db.prisma, P, cycles, 2)).toBeUndefined();
    expect((await rateLines(p.db.prisma, P, cycles, 3))?.map((l) => l.line.code)).toStrictEqual(['so-noi-vu', 'phuong-thu-nghiem']);
  });

  it('the rates CSV: the same lines', async () => {
    const csv = await p.officeGet(`/plans/${P}/rates.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(`Mã đơn vị / Unit code,Đơn vị / Unit,${H1}: Tình trạng / Status,${YEAR}: Tình trạng / Status`);
    expect(lines.slice(1)).toStrictEqual([
      'so-noi-vu,Sở Nội vụ / Sở Nội vụ,Nộp muộn / Submitted late,Chưa nộp / Not yet submitted',
      'phuong-thu-nghiem,UBND phường Thử Nghiệm (gồm UBND huyện Minh Hoạ đến 30/06/2025) / UBND phường Thử Nghiệm (including UBND huyện Minh Hoạ until 30/06/2025),Nộp muộn (UBND huyện Minh Hoạ) / Submitted late (UBND huyện Minh Hoạ),Nộp đúng hạn / Submitted on time',
    ]);
  });

  it('the indicator trend: the district\'s value on the ward\'s line, both cycles filled', async () => {
    const res = await p.officeGet(`/plans/${P}/indicators`);
    expect(res.statusCode).toBe(200);
    const lines = [...res.body.matchAll(/<tr data-indicator-line="1\.1" data-line="([^"]+)">(.*?)<\/tr>/gs)].map((m) => ({
      code: m[1],
      cells: [...m[2]!.matchAll(/<td data-values="(\d+)">(.*?)<\/td>/gs)].map((c) => c[2]!.replace(/<[^>]+>/g, '').trim()),
    }));
    expect(lines.map((l) => l.code)).toStrictEqual(['phuong-thu-nghiem']);
    expect(lines[0]!.cells).toStrictEqual(['40 (UBND huyện Minh Hoạ) 40 (UBND huyện Minh Hoạ)', '120 120']);
    expect(res.body).toContain('↳ <span class="vi">UBND phường Thử Nghiệm (gồm UBND huyện Minh Hoạ đến 30/06/2025)</span>');
    const csv = (await p.officeGet(`/plans/${P}/indicators.csv`)).body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv.slice(1)).toStrictEqual([
      '1.1,Số lao động nữ được tạo việc làm,≥ 100 người,40,Không đạt / Not met,120,Đạt / Met',
      '1.1,Đơn vị: UBND phường Thử Nghiệm (gồm UBND huyện Minh Hoạ đến 30/06/2025) / Unit: UBND phường Thử Nghiệm (including UBND huyện Minh Hoạ until 30/06/2025),,40,UBND huyện Minh Hoạ,120,',
    ]);
  });
});
