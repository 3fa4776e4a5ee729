// The standing committee's list: which units are listed (overdue, escalated, or still owing past the
// deadline), their days overdue, reminders, contacts and earlier cycles, the A4 document layout, the
// XLSX with the same columns, and the 404 page for unknown or hostile addresses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../web/app.ts';
import { placeAndDate } from '../../web/routes/committee-view.ts';
import { NOW, PLAN, reportHistory } from '../helpers/report-history.ts';
import { readXlsx } from '../helpers/xlsx-read.ts';
import { signedInGet } from '../helpers/auth.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';

const URL = `/committee/${PLAN}/2026-annual`;

function rowOf(body: string, unit: string): string {
  const m = new RegExp(`<tr data-unit="${unit}">([\\s\\S]*?)</tr>`).exec(body);
  assert.ok(m, `row of ${unit}`);
  return m[1]!.replace(/<[^>]+>/g, '|').replace(/\s*\|[\s|]*/g, '|');
}

describe('committee escalation list', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let get: Awaited<ReturnType<typeof signedInGet>>;

  before(async () => {
    fixture = await reportHistory();
    app = await buildWebApp({ ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    get = await signedInGet(app, fixture.db.prisma, 'committee', NOW);
  });
  after(async () => {
    await app?.close();
    await fixture?.close();
  });

  it('lists the overdue unit and the one still owing past its deadline, nobody who answered or was exempted', async () => {
    const res = await get(URL);
    assert.equal(res.statusCode, 200);
    const units = [...res.body.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(units, ['ban-dan-toc', 'ubnd-cao-loc']);
    assert.match(res.body, /Tổng số: <b>2<\/b> đơn vị/);
  });

  it('gives days overdue, reminders sent, contacts and each unit\'s record in earlier cycles', async () => {
    const body = (await get(URL)).body;
    assert.equal(rowOf(body, 'ubnd-cao-loc'), '|2|UBND huyện Cao Lộc|ubnd-cao-loc|04/12/2026|6|2|Anh Dũng (dung@caoloc.test.dondoc.invalid)|2025-annual: Không nộp|');
    assert.equal(rowOf(body, 'ban-dan-toc'), '|1|Ban Dân tộc|ban-dan-toc|04/12/2026|6|1|Chị Hoa (hoa@bdt.test.dondoc.invalid)|2025-annual: Không có nội dung báo cáo|');
    assert.doesNotMatch(body, /2027-annual/, 'only earlier cycles');
  });

  it('is laid out as an administrative document and prints on A4 in Times New Roman', async () => {
    const body = (await get(URL)).body;
    assert.match(body, /<b class="upper">Sở Thử nghiệm \(cơ quan thường trực\)<\/b>/);
    assert.match(body, /<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<\/b><br><b>Độc lập - Tự do - Hạnh phúc<\/b>/);
    assert.match(body, /<p class="place">Thử nghiệm, ngày 10 tháng 12 năm 2026<\/p>/);
    assert.match(body, /<h1>DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO<\/h1>/);
    assert.match(body, /<b>Nơi nhận:<\/b><p>- Trưởng ban;<\/p><p>- Tổ thư ký;<\/p><p>- Lưu: VT.<\/p>/);
    assert.match(body, /@page \{ size: A4; margin: 20mm 15mm 20mm 30mm \}/);
    assert.match(body, /font-family:"Times New Roman"/);
    assert.match(body, /@media print \{ \.screen-only, \.en \{ display:none \}/);
    assert.match(body, /<nav class="screen-only"[^>]*>.*href="\/plans\/test-2026\/rates"/);
    assert.equal(placeAndDate('Tỉnh Lạng Sơn', '2026-02-05'), 'Lạng Sơn, ngày 05 tháng 02 năm 2026');
    assert.equal(placeAndDate('Thành phố Hà Nội', '2026-11-20'), 'Hà Nội, ngày 20 tháng 11 năm 2026');
  });

  it('a unit whose deadline was extended past today is not listed; once its new deadline passes it is', async () => {
    const id = `${PLAN}/2026-annual/ban-dan-toc`;
    const before = await fixture.db.prisma.obligation.findUniqueOrThrow({ where: { id } });
    await fixture.db.prisma.obligation.update({ where: { id }, data: { status: 'extended', dueAt: new Date('2026-12-15T17:00:00Z') } });
    try {
      const units = [...(await get(URL)).body.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(units, ['ubnd-cao-loc']);
      const later = await buildWebApp({ ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => new Date('2026-12-17T03:00:00Z') });
      const body = (await (await signedInGet(later, fixture.db.prisma, 'committee', new Date('2026-12-17T03:00:00Z')))(URL)).body;
      await later.close();
      // Its own deadline ends 16/12 00:00 in Vietnam: last day 15/12, two days late on 17/12.
      assert.deepEqual(rowOf(body, 'ban-dan-toc').split('|').slice(4, 6), ['15/12/2026', '2']);
    } finally {
      await fixture.db.prisma.obligation.update({ where: { id }, data: { status: before.status, dueAt: before.dueAt } });
    }
  });

  it('exports the same list as XLSX', async () => {
    const res = await get(`${URL}/export.xlsx`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="chua-nop-2026-annual.xlsx"; filename\*=UTF-8''/);
    const { cells, files } = readXlsx(new Uint8Array(res.rawPayload));
    const row = (n: number) => ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((c) => cells.get(`${c}${n}`)?.value ?? '');
    assert.deepEqual(row(1), ['STT', 'Mã đơn vị', 'Đơn vị', 'Hạn nộp', 'Số ngày quá hạn', 'Số lần đã nhắc', 'Đầu mối liên hệ', 'Các kỳ trước']);
    assert.deepEqual(row(3), ['2', 'ubnd-cao-loc', 'UBND huyện Cao Lộc', '04/12/2026', '6', '2', 'Anh Dũng <dung@caoloc.test.dondoc.invalid>', '2025-annual: Không nộp']);
    assert.equal(cells.has('A4'), false);
    assert.match(files['xl/workbook.xml']!, /<sheet name="Quá hạn 2026-annual"/);
  });

  for (const [name, url] of [
    ['unknown cycle', `/committee/${PLAN}/1999-annual`],
    ['unknown plan (XLSX)', `/committee/nope/2026-annual/export.xlsx`],
    ['../ in a parameter', `/committee/..%2F..%2Fetc%2Fpasswd/2026-annual`],
    ['very long parameter', `/committee/${PLAN}/${'9'.repeat(8_000)}`],
    ['unicode parameter', `/committee/${encodeURIComponent('Lạng Sơn')}/${encodeURIComponent('\u202e2026')}`],
  ] as const) {
    it(`${name} → the bilingual 404 page, never a stack trace`, async () => {
      const res = await get(url);
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Không tìm thấy kỳ báo cáo/);
      assert.match(res.body, /Cycle not found/);
      assert.doesNotMatch(res.body, /at .*\.ts:\d+|Error:/);
    });
  }
});
