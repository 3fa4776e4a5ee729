// The cycle's downloads against a real database: the CSV (BOM, quoting, formula guard, dd/mm/yyyy),
// the XLSX (read back with exceljs), the ZIP of every submission's text, and the 404 page for unknown
// or hostile addresses. Files and figures in them: tests/web/exports/submission-files.test.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { csvCell, toCsv } from '../../../web/exports/csv.ts';
import { attachment } from '../../../web/exports/disposition.ts';
import { NOW, PLAN, reportHistory, TRICKY_COMMENT } from '../../helpers/report-history.ts';
import { readSheet, rowValues } from '../../helpers/read-workbook.ts';
import { signedInGet } from '../../helpers/auth.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';

const BASE = `/cycles/${PLAN}/2026-annual`;

/** RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  // the file ends with CRLF
  expect(field).toBe('');
  return rows;
}

describe('cycle exports', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let get: Awaited<ReturnType<typeof signedInGet>>;

  beforeAll(async () => {
    fixture = await reportHistory();
    // A plan file can carry any text in a name: one that a spreadsheet would run, one with a comma.
    await fixture.db.prisma.unit.updateMany({ where: { code: 'so-tai-chinh' }, data: { name: '=cmd|"/C calc"!A0' } });
    await fixture.db.prisma.contact.updateMany({ where: { email: 'hoa@bdt.test.dondoc.invalid' }, data: { name: '@Chị Hoa, "trưởng phòng"' } });
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW});
    get = await signedInGet(app, fixture.db.prisma, 'office', NOW);
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.close();
  });

  it('CSV: UTF-8 with BOM, Vietnamese headers, one row per unit, dates dd/mm/yyyy, formula cells guarded', async () => {
    const res = await get(`${BASE}/export.csv`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="bao-cao-2026-annual.csv"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt%20n%C4%83m%202026%20%282026-annual%29.csv`);
    expect([...res.rawPayload.subarray(0, 3)]).toStrictEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(res.body.slice(1));
    expect(rows[0]).toStrictEqual(['STT', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Tình trạng', 'Hạn nộp', 'Thời điểm nộp', 'Số lần đã nhắc', 'Số ngày quá hạn', 'Đầu mối liên hệ']);
    expect(rows.length).toBe(7);
    const byCode = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byCode.get('ubnd-cao-loc')).toStrictEqual(['6', 'ubnd-cao-loc', 'UBND huyện Cao Lộc', 'Huyện, thành phố', 'Quá hạn', '04/12/2026', '', '2', '6', 'Anh Dũng <dung@caoloc.test.dondoc.invalid>']);
    expect(byCode.get('so-noi-vu')?.slice(4, 9)).toStrictEqual(['Nộp đúng hạn', '04/12/2026', '25/11/2026 10:00', '0', '0']);
    expect(byCode.get('so-y-te')?.slice(4, 7)).toStrictEqual(['Không có nội dung báo cáo', '04/12/2026', '26/11/2026 10:00']);
    expect(byCode.get('ban-dan-toc')?.slice(4, 10)).toStrictEqual(['Đã nhắc', '04/12/2026', '', '1', '6', `'@Chị Hoa, "trưởng phòng" <hoa@bdt.test.dondoc.invalid>`]);
    expect(byCode.get('hoi-nong-dan')?.[4]).toBe('Được miễn');
    // The hostile name is text again, behind an apostrophe; the raw file quotes it for its quotes.
    expect(byCode.get('so-tai-chinh')?.[2]).toBe(`'=cmd|"/C calc"!A0`);
    expect(res.body).toMatch(/,"'=cmd\|""\/C calc""!A0",/);
    // a cell starting with @ is guarded too
    expect(res.body).toMatch(/Đã nhắc,04\/12\/2026,,1,6,"'@Chị Hoa, ""trưởng phòng"" <hoa@/);
    // comma-separated; ";" only inside the contacts list
    expect(res.body).not.toMatch(/;(?! Chị Lan)/);
  });

  it('CSV cells: every formula lead is guarded, numbers pass, quotes double', () => {
    expect(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b', ''].map(csvCell)).toStrictEqual(["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`, 'a=b', '']);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a "b", c\nd')).toBe('"a ""b"", c\nd"');
    expect(toCsv(['a'], [[1]])).toBe('\uFEFFa\r\n1\r\n');
    expect(attachment('../../Đắk Lắk', 'a/b\\c"d\u0000', 'csv')).toBe(`attachment; filename="dak-lak.csv"; filename*=UTF-8''a%20b%20c%20d.csv`);
  });

  it('XLSX: the same table, Vietnamese intact, numbers as numbers, the hostile name as plain text', async () => {
    const res = await get(`${BASE}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="bao-cao-2026-annual.xlsx"; filename\*=UTF-8''B%C3%A1o/);
    const sheet = await readSheet(res.rawPayload);
    // the header and six units (counted before getCell adds rows to the model)
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getCell('C1').value).toBe('Tên đơn vị');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const row = (n: number) => rowValues(sheet, n, 10);
    // Sorted by name in Vietnamese order: "=cmd…" first, then Ban Dân tộc, Hội Nông dân, Sở Nội vụ, Sở Y tế, UBND.
    expect(row(2).slice(1, 3)).toStrictEqual(['so-tai-chinh', '=cmd|"/C calc"!A0']);
    expect(sheet.getCell('C2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('C2').formula).toBeUndefined();
    // numbers as numbers; the unit that has not submitted has no submission time
    expect(row(7)).toStrictEqual([6, 'ubnd-cao-loc', 'UBND huyện Cao Lộc', 'Huyện, thành phố', 'Quá hạn', '04/12/2026', null, 2, 6, 'Anh Dũng <dung@caoloc.test.dondoc.invalid>']);
    expect(sheet.getCell('I7').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('G5').value).toBe('25/11/2026 10:00');
  });

  it('ZIP: a folder per unit named by the unit, each version\'s text with its header, and the index', async () => {
    const res = await get(`${BASE}/submissions.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="bao-cao-2026-annual-ho-so.zip"/);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files).sort()).toStrictEqual([
      'So Noi vu (so-noi-vu)/v01 2026-11-25 1000 noi-dung.txt',
      'So Noi vu (so-noi-vu)/v02 2026-11-26 1130 noi-dung.txt',
      'So Y te (so-y-te)/v01 2026-11-26 1000 khong-co-noi-dung.txt',
      // the hostile name: no formula lead, no slash making a folder
      'cmd_C calc_A0 (so-tai-chinh)/v01 2026-12-07 1515 noi-dung.txt',
      'danh-sach.csv',
    ]);
    const first = strFromU8(files['So Noi vu (so-noi-vu)/v01 2026-11-25 1000 noi-dung.txt']!);
    expect(first).toMatch(/^Đơn vị \/ Unit: Sở Nội vụ \(so-noi-vu\)\r\nPhiên bản \/ Version: 1\r\n/);
    expect(first).toMatch(/Thời điểm nhận \/ Received: 25\/11\/2026 10:00 \(giờ Việt Nam/);
    expect(first).toMatch(/Tình trạng \/ Status: Đúng hạn/);
    expect(first).toMatch(/SHA-256: [0-9a-f]{64}\r\n/);
    // the text as submitted
    expect(first.split(`${'-'.repeat(60)}\r\n`)[1]).toBe(`${TRICKY_COMMENT}\r\n`);
    expect(strFromU8(files['So Noi vu (so-noi-vu)/v02 2026-11-26 1130 noi-dung.txt']!)).toMatch(/Phiên bản \/ Version: 2\r\n[^]*Bản bổ sung\r\n$/);
    expect(strFromU8(files['cmd_C calc_A0 (so-tai-chinh)/v01 2026-12-07 1515 noi-dung.txt']!)).toMatch(/Tình trạng \/ Status: Muộn/);
    expect(strFromU8(files['So Y te (so-y-te)/v01 2026-11-26 1000 khong-co-noi-dung.txt']!)).toMatch(/Loại \/ Kind: Không có nội dung báo cáo/);
    // BOM
    expect([...files['danh-sach.csv']!.subarray(0, 3)]).toStrictEqual([0xef, 0xbb, 0xbf]);
    const index = parseCsv(strFromU8(files['danh-sach.csv']!)); // TextDecoder drops the BOM
    expect(index[0]).toStrictEqual(['Mã đơn vị', 'Tên đơn vị', 'Phiên bản', 'Thời điểm nhận', 'Loại', 'Tình trạng', 'Kênh', 'Mã biên nhận', 'SHA-256', 'Tệp báo cáo', 'Tên tệp gốc', 'Kích thước (byte)', 'Tệp nội dung']);
    // in the order of the units' names, then versions; the hostile name guarded
    expect(index.slice(1).map((r) => [r[0], r[2], r[3], r[5]])).toStrictEqual([
      ['so-tai-chinh', '1', '07/12/2026 15:15', 'Muộn'],
      ['so-noi-vu', '1', '25/11/2026 10:00', 'Đúng hạn'],
      ['so-noi-vu', '2', '26/11/2026 11:30', 'Đúng hạn'],
      ['so-y-te', '1', '26/11/2026 10:00', 'Đúng hạn'],
    ]);
    expect(index[1]![1]).toBe(`'=cmd|"/C calc"!A0`);
    expect(index[2]![12]).toBe('So Noi vu (so-noi-vu)/v01 2026-11-25 1000 noi-dung.txt');
    expect(index[2]![8]).toMatch(/^[0-9a-f]{64}$/);
  });

  for (const [name, url] of [
    ['unknown plan', `/cycles/nope/2026-annual/export.csv`],
    ['unknown cycle', `/cycles/${PLAN}/2030-annual/export.xlsx`],
    ['../ in a parameter', `/cycles/${PLAN}/..%2F..%2Fetc/export.csv`],
    ['dot-dot parameter', `/cycles/../2026-annual/submissions.zip`],
    ['very long parameter', `/cycles/${'a'.repeat(5000)}/2026-annual/export.csv`],
    ['unicode parameter', `/cycles/${encodeURIComponent('kế-hoạch')}/${encodeURIComponent('😀')}/submissions.zip`],
    ['SQL-looking parameter', `/cycles/${encodeURIComponent("x' OR 1=1 --")}/2026-annual/export.xlsx`],
  ] as const) {
    it(`${name} → the bilingual 404 page, never a stack trace`, async () => {
      const res = await get(url);
      // on failure, look at: url
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type'] as string).toMatch(/text\/html/);
      expect(res.body).toMatch(/Không tìm thấy/);
      expect(res.body).toMatch(/class="en"/);
      expect(res.body).not.toMatch(/at .*\.ts:\d+|Error:|prisma/i);
    });
  }
});
