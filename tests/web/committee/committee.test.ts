// The standing committee's list: which units are listed (overdue, escalated, or still owing past the
// deadline), their days overdue, reminders, contacts and earlier cycles, the A4 document layout, the
// XLSX with the same columns, and the 404 page for unknown or hostile addresses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { placeAndDate } from '../../../web/committee/list-document.ts';
import { NOW, PLAN, reportHistory } from '../../helpers/report-history.ts';
import { readSheet, rowValues } from '../../helpers/read-workbook.ts';
import { signedInGet } from '../../helpers/auth.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';
import { expectTruthy } from '../../helpers/expect.ts';

const URL = `/committee/${PLAN}/2026-annual`;

function rowOf(body: string, unit: string): string {
  const m = new RegExp(`<tr data-unit="${unit}">([\\s\\S]*?)</tr>`).exec(body);
  // on failure, look at: `row of ${unit}`
  expectTruthy(m);
  return m[1]!.replace(/<[^>]+>/g, '|').replace(/\s*\|[\s|]*/g, '|');
}

describe('committee escalation list', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let get: Awaited<ReturnType<typeof signedInGet>>;
  let asAdmin: Awaited<ReturnType<typeof signedInGet>>;

  beforeAll(async () => {
    fixture = await reportHistory();
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    get = await signedInGet(app, fixture.db.prisma, 'committee', NOW);
    asAdmin = await signedInGet(app, fixture.db.prisma, 'admin', NOW);
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.close();
  });

  it('lists the overdue unit and the one still owing past its deadline, nobody who answered or was exempted', async () => {
    const res = await get(URL);
    expect(res.statusCode).toBe(200);
    const units = [...res.body.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]);
    expect(units).toStrictEqual(['ban-dan-toc', 'ubnd-cao-loc']);
    expect(res.body).toMatch(/Tổng số: <b>2<\/b> đơn vị/);
  });

  it('gives days overdue, reminders sent, contacts and each unit\'s record in earlier cycles', async () => {
    const body = (await get(URL)).body;
    expect(rowOf(body, 'ubnd-cao-loc')).toBe('|2|UBND huyện Cao Lộc|ubnd-cao-loc|Thứ Sáu, 04/12/2026|Friday|6|2|Anh Dũng &lt;dung@caoloc.test.dondoc.invalid&gt;|2025-annual: Không nộp|');
    expect(rowOf(body, 'ban-dan-toc')).toBe('|1|Ban Dân tộc|ban-dan-toc|Thứ Sáu, 04/12/2026|Friday|6|1|Chị Hoa &lt;hoa@bdt.test.dondoc.invalid&gt;|2025-annual: Không có nội dung báo cáo|');
    // only earlier cycles
    expect(body).not.toMatch(/2027-annual/);
  });

  it('is laid out as an administrative document and prints on A4 in Times New Roman', async () => {
    const body = (await get(URL)).body;
    expect(body).toMatch(/<b class="upper">Sở Thử nghiệm \(cơ quan thường trực\)<\/b>/);
    expect(body).toMatch(/<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<\/b><br><b>Độc lập - Tự do - Hạnh phúc<\/b>/);
    expect(body).toMatch(/<p class="place">Thử nghiệm, ngày 10 tháng 12 năm 2026<\/p>/);
    expect(body).toMatch(/<h1>DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO<\/h1>/);
    expect(body).toMatch(/<b>Nơi nhận:<\/b><p>- Trưởng ban;<\/p><p>- Tổ thư ký;<\/p><p>- Lưu: VT.<\/p>/);
    expect(body).toMatch(/@page \{ size: A4; margin: 20mm 15mm 20mm 30mm \}/);
    expect(body).toMatch(/font-family:"Times New Roman"/);
    expect(body).toMatch(/@media print \{ \.screen-only, \.en \{ display:none \}/);
    expect(body).toMatch(/<nav class="screen-only"[^>]*>.*href="\/plans\/test-2026\/rates"/);
    expect(placeAndDate('Tỉnh Lạng Sơn', '2026-02-05')).toBe('Lạng Sơn, ngày 05 tháng 02 năm 2026');
    expect(placeAndDate('Thành phố Hà Nội', '2026-11-20')).toBe('Hà Nội, ngày 20 tháng 11 năm 2026');
  });

  it('a unit whose deadline was extended past today is not listed; once its new deadline passes it is', async () => {
    const id = `${PLAN}/2026-annual/ban-dan-toc`;
    const before = await fixture.db.prisma.obligation.findUniqueOrThrow({ where: { id } });
    await fixture.db.prisma.obligation.update({ where: { id }, data: { status: 'extended', dueAt: new Date('2026-12-15T17:00:00Z') } });
    try {
      const units = [...(await get(URL)).body.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]);
      expect(units).toStrictEqual(['ubnd-cao-loc']);
      const later = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => new Date('2026-12-17T03:00:00Z') });
      const body = (await (await signedInGet(later, fixture.db.prisma, 'committee', new Date('2026-12-17T03:00:00Z')))(URL)).body;
      await later.close();
      // Its own deadline ends 16/12 00:00 in Vietnam: last day 15/12, two days late on 17/12.
      expect(rowOf(body, 'ban-dan-toc').split('|').slice(4, 7)).toStrictEqual(['Thứ Ba, 15/12/2026', 'Tuesday', '2']);
    } finally {
      await fixture.db.prisma.obligation.update({ where: { id }, data: { status: before.status, dueAt: before.dueAt } });
    }
  });

  it('exports the same list as XLSX', async () => {
    const res = await get(`${URL}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="chua-nop-2026-annual.xlsx"; filename\*=UTF-8''/);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readSheet(res.rawPayload);
    const row = (n: number) => rowValues(sheet, n, 8);
    expect(row(1)).toStrictEqual(['STT', 'Mã đơn vị', 'Đơn vị', 'Hạn nộp', 'Số ngày quá hạn', 'Số lần đã nhắc', 'Đầu mối liên hệ', 'Các kỳ trước']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    // numbers as numbers
    expect(row(3)).toStrictEqual([2, 'ubnd-cao-loc', 'UBND huyện Cao Lộc', '04/12/2026', 6, 2, 'Anh Dũng <dung@caoloc.test.dondoc.invalid>', '2025-annual: Không nộp']);
    // two units listed, nothing after them (rowCount first: reading row 4 adds it to the model)
    expect(sheet.rowCount).toBe(3);
    expect(row(4)).toStrictEqual(Array(8).fill(null));
    expect(sheet.name).toBe('Quá hạn 2026-annual');
  });

  for (const [name, url] of [
    ['unknown cycle', `/committee/${PLAN}/1999-annual`],
    ['unknown plan (XLSX)', `/committee/nope/2026-annual/export.xlsx`],
    ['../ in a parameter', `/committee/..%2F..%2Fetc%2Fpasswd/2026-annual`],
    ['very long parameter', `/committee/${PLAN}/${'9'.repeat(8_000)}`],
    ['unicode parameter', `/committee/${encodeURIComponent('Lạng Sơn')}/${encodeURIComponent('\u202e2026')}`],
  ] as const) {
    it(`${name} → the bilingual 404 page, never a stack trace`, async () => {
      // An administrator sees every plan: the route's own page. The committee account (given PLAN
      // only) gets it too for PLAN, and the uniform not-found page for any other plan (web/auth/plan-scope.ts).
      const own = url.startsWith(`/committee/${PLAN}/`);
      const admin = await asAdmin(url);
      expect(admin.statusCode).toBe(404);
      expect(admin.body).toMatch(/Không tìm thấy kỳ báo cáo/);
      expect(admin.body).toMatch(/Cycle not found/);
      const committee = await get(url);
      expect(committee.statusCode).toBe(404);
      expect(committee.body).toMatch(own ? /Cycle not found/ : /Page not found/);
      for (const res of [admin, committee]) expect(res.body).not.toMatch(/at .*\.ts:\d+|Error:/);
    });
  }
});
