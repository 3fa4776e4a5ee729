// The cycle's downloads with what units really sent (real uploads through the units' form: PDF, XLSX,
// figures): the "all submissions" ZIP unzipped (by fflate and by Python's zipfile, which checks every
// CRC) with each file's bytes as sent, its index, and its streaming writer; the CSV and XLSX with one
// column per figure of the cycle, holding the latest version's values.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { blobPath } from '../../../web/uploads/store.ts';
import { entryBound, fitsZip32, safeSegment, ZIP32, ZipPaths, zipStream, type ZipEntry } from '../../../web/exports/zip-stream.ts';
import { readSheet, rowValues } from '../../helpers/read-workbook.ts';
import { sha256, unitsWithFiles, type UnitFiles } from '../../helpers/unit-files.ts';

const BASE = '/cycles/test-2026/2026-annual';

/** The test's CSV reader: RFC 4180 quoting, CRLF rows, the BOM dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const t = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (quoted) {
      if (c === '"' && t[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && t[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

// Python's zipfile: testzip() reads every entry and checks its CRC; each entry's name, compression
// (0 stored, 8 deflated), date_time as written, and a SHA-256 of its bytes.
const READ_WITH_ZIPFILE = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({"bad": z.testzip(), "entries": [
  {"name": i.filename, "compress": i.compress_type, "time": list(i.date_time), "sha256": hashlib.sha256(z.read(i)).hexdigest()}
  for i in z.infolist()]}, ensure_ascii=False))
`;

describe('downloads of what units sent', () => {
  let u: UnitFiles;
  beforeAll(async () => {
    u = await unitsWithFiles();
  });
  afterAll(() => u?.close());

  it('ZIP: every version\'s file with the bytes sent, its text, and the index, in a folder per unit', async () => {
    const res = await u.p.officeGet(`${BASE}/submissions.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    // streamed: no length known in advance
    expect(res.headers['content-length']).toBeUndefined();
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const noiVu = 'So Noi vu (so-noi-vu)';
    expect(Object.keys(files)).toStrictEqual([
      'danh-sach.csv',
      `${noiVu}/v01 2026-11-20 0900 noi-dung.txt`,
      `${noiVu}/v01 2026-11-20 0900 - Bao cao nam 2026.pdf`,
      `${noiVu}/v02 2026-11-21 1030 noi-dung.txt`,
      `${noiVu}/v02 2026-11-21 1030 - So lieu dot 2_ ban cuoi.xlsx`,
      'So Y te (so-y-te)/v01 2026-11-22 0800 noi-dung.txt',
      'So Y te (so-y-te)/v01 2026-11-22 0800 - BC Y te.pdf',
    ]);
    expect(Buffer.from(files[`${noiVu}/v01 2026-11-20 0900 - Bao cao nam 2026.pdf`]!)).toStrictEqual(u.noiVu.v1.bytes);
    expect(Buffer.from(files[`${noiVu}/v02 2026-11-21 1030 - So lieu dot 2_ ban cuoi.xlsx`]!)).toStrictEqual(u.noiVu.v2.bytes);
    expect(Buffer.from(files['So Y te (so-y-te)/v01 2026-11-22 0800 - BC Y te.pdf']!)).toStrictEqual(u.yTe.bytes);
    // The XLSX in the archive is still a workbook with the unit's figures.
    const sheet = await readSheet(files[`${noiVu}/v02 2026-11-21 1030 - So lieu dot 2_ ban cuoi.xlsx`]!);
    expect(rowValues(sheet, 2, 2)).toStrictEqual(['Số vụ việc', 1250]);

    const text = strFromU8(files[`${noiVu}/v02 2026-11-21 1030 noi-dung.txt`]!);
    expect(text).toContain('Phiên bản / Version: 2\r\n');
    expect(text).toContain(`SHA-256: ${sha256(u.noiVu.v2.bytes)}\r\n`);
    expect(text).toContain(`Tệp báo cáo / Report file: Số liệu đợt 2; bản cuối.xlsx (6 KB), ${noiVu}/v02 2026-11-21 1030 - So lieu dot 2_ ban cuoi.xlsx\r\n`);
    expect(text).toContain('Số liệu / Figures:\r\n  Số vụ việc: 1.250 vụ\r\n  Kinh phí: 13,75 triệu đồng\r\n  Đánh giá chung: Hoàn thành tốt\r\n');
    expect(text.endsWith(`${'-'.repeat(60)}\r\nBản sửa: số liệu cập nhật\r\n`)).toBe(true);

    const index = parseCsv(strFromU8(files['danh-sach.csv']!));
    expect(index[0]).toStrictEqual(['Mã đơn vị', 'Tên đơn vị', 'Phiên bản', 'Thời điểm nhận', 'Loại', 'Tình trạng', 'Kênh', 'Mã biên nhận', 'SHA-256', 'Tệp báo cáo', 'Tên tệp gốc', 'Kích thước (byte)', 'Tệp nội dung', 'Số vụ việc (vụ)', 'Kinh phí (triệu đồng)', 'Đánh giá chung']);
    expect(index.slice(1)).toStrictEqual([
      ['so-noi-vu', 'Sở Nội vụ', '1', '20/11/2026 09:00', 'Báo cáo', 'Đúng hạn', 'web', u.noiVu.v1.id, sha256(u.noiVu.v1.bytes), `${noiVu}/v01 2026-11-20 0900 - Bao cao nam 2026.pdf`, 'Báo cáo năm 2026.pdf', String(u.noiVu.v1.bytes.length), `${noiVu}/v01 2026-11-20 0900 noi-dung.txt`, '1234', '12.5', 'Hoàn thành'],
      ['so-noi-vu', 'Sở Nội vụ', '2', '21/11/2026 10:30', 'Báo cáo', 'Đúng hạn', 'web', u.noiVu.v2.id, sha256(u.noiVu.v2.bytes), `${noiVu}/v02 2026-11-21 1030 - So lieu dot 2_ ban cuoi.xlsx`, 'Số liệu đợt 2; bản cuối.xlsx', String(u.noiVu.v2.bytes.length), `${noiVu}/v02 2026-11-21 1030 noi-dung.txt`, '1250', '13.75', 'Hoàn thành tốt'],
      ['so-y-te', 'Sở Y tế', '1', '22/11/2026 08:00', 'Báo cáo', 'Đúng hạn', 'web', u.yTe.id, sha256(u.yTe.bytes), 'So Y te (so-y-te)/v01 2026-11-22 0800 - BC Y te.pdf', 'BC Y tế.pdf', String(u.yTe.bytes.length), 'So Y te (so-y-te)/v01 2026-11-22 0800 noi-dung.txt', '7', '0.5', 'Đạt'],
    ]);
    // every file the index names is in the archive, with the checksum it gives
    for (const row of index.slice(1)) expect(sha256(files[row[9]!]!)).toBe(row[8]);
  });

  it('ZIP: a second reader (Python\'s zipfile) finds every CRC right, files stored, texts deflated, Vietnam times', async () => {
    const res = await u.p.officeGet(`${BASE}/submissions.zip`);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-zip-'));
    try {
      const file = path.join(dir, 'ho-so.zip');
      await fs.writeFile(file, res.rawPayload);
      const { stdout } = await promisify(execFile)('python3', ['-c', READ_WITH_ZIPFILE, file], { env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
      const read = JSON.parse(stdout) as { bad: string | null; entries: { name: string; compress: number; time: number[]; sha256: string }[] };
      expect(read.bad).toBe(null);
      const pdf = read.entries.find((e) => e.name.endsWith('Bao cao nam 2026.pdf'))!;
      expect(pdf).toStrictEqual({ name: 'So Noi vu (so-noi-vu)/v01 2026-11-20 0900 - Bao cao nam 2026.pdf', compress: 0, time: [2026, 11, 20, 9, 0, 0], sha256: sha256(u.noiVu.v1.bytes) });
      expect(read.entries.find((e) => e.name === 'danh-sach.csv')?.compress).toBe(8);
      expect(read.entries.filter((e) => e.name.endsWith('.txt')).every((e) => e.compress === 8)).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('ZIP: a file missing from the uploads dir is a server error before any byte, not an archive cut short', async () => {
    const at = blobPath(u.p.uploadsDir, sha256(u.yTe.bytes))!;
    await fs.rename(at, `${at}.away`);
    try {
      const res = await u.p.officeGet(`${BASE}/submissions.zip`);
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    } finally {
      await fs.rename(`${at}.away`, at);
    }
  });

  it('CSV and XLSX: one column per figure of the cycle, the latest version\'s values', async () => {
    const csv = parseCsv((await u.p.officeGet(`${BASE}/export.csv`)).body);
    expect(csv[0]!.slice(10)).toStrictEqual(['Số vụ việc (vụ)', 'Kinh phí (triệu đồng)', 'Đánh giá chung']);
    const byCode = new Map(csv.slice(1).map((r) => [r[1], r.slice(10)]));
    // Sở Nội vụ's second version replaced its figures
    expect(byCode.get('so-noi-vu')).toStrictEqual(['1250', '13.75', 'Hoàn thành tốt']);
    expect(byCode.get('so-y-te')).toStrictEqual(['7', '0.5', 'Đạt']);
    expect(byCode.get('ubnd-cao-loc')).toStrictEqual(['', '', '']);

    const sheet = await readSheet((await u.p.officeGet(`${BASE}/export.xlsx`)).rawPayload);
    expect(rowValues(sheet, 1, 13).slice(10)).toStrictEqual(['Số vụ việc (vụ)', 'Kinh phí (triệu đồng)', 'Đánh giá chung']);
    const rows = [2, 3, 4].map((n) => rowValues(sheet, n, 13));
    const noiVu = rows.find((r) => r[1] === 'so-noi-vu')!;
    expect(noiVu.slice(10)).toStrictEqual([1250, 13.75, 'Hoàn thành tốt']);
    const row = rows.indexOf(noiVu) + 2;
    expect(sheet.getCell(row, 12).type).toBe(ExcelJS.ValueType.Number);
    expect(rows.find((r) => r[1] === 'ubnd-cao-loc')!.slice(10)).toStrictEqual([null, null, null]);
  });
});

describe('the streaming ZIP writer', () => {
  const at = new Date('2026-11-20T02:00:00Z');

  it('reads an entry only when the consumer asks for more, and never holds more than a chunk', async () => {
    const opened: string[] = [];
    const chunk = new Uint8Array(64 * 1024).fill(7);
    const big = (name: string): ZipEntry => ({
      path: name,
      mtime: at,
      deflate: false,
      data: async function* () {
        opened.push(name);
        for (let i = 0; i < 160; i++) yield chunk; // 10 MB
      },
    });
    const stream = zipStream([big('a.pdf'), big('b.pdf')]);
    const parts: Uint8Array[] = [];
    const first = await stream.next();
    parts.push(first.value as Uint8Array);
    // the second file is not opened while the first is still being read
    expect(opened).toStrictEqual(['a.pdf']);
    for await (const part of stream) parts.push(part);
    expect(opened).toStrictEqual(['a.pdf', 'b.pdf']);
    // each piece handed on is about one chunk of the source, never a whole file
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(chunk.length + 200);
    const files = unzipSync(Buffer.concat(parts));
    expect(Object.keys(files)).toStrictEqual(['a.pdf', 'b.pdf']);
    expect(files['b.pdf']!.length).toBe(160 * chunk.length);
  });

  it('bytes given whole are deflated when asked; the result unzips to them', async () => {
    const parts: Uint8Array[] = [];
    for await (const p of zipStream([{ path: 'x.txt', mtime: at, deflate: true, data: strToU8('Đắk Lắk '.repeat(1000)) }])) parts.push(p);
    const zip = Buffer.concat(parts);
    expect(zip.length).toBeLessThan(1000);
    expect(strFromU8(unzipSync(zip)['x.txt']!)).toBe('Đắk Lắk '.repeat(1000));
  });

  it('paths: no climbing out, no hidden or device names, marks dropped, duplicates numbered whatever their case', () => {
    const paths = new ZipPaths();
    expect(paths.claim('../../etc/passwd')).toBe('etc/passwd');
    expect(paths.claim('..\\..\\boot.ini')).toBe('boot.ini');
    expect(paths.claim('Đắk Lắk/báo cáo.txt')).toBe('Dak Lak/bao cao.txt');
    expect(paths.claim('dak lak/Bao Cao.txt')).toBe('dak lak/Bao Cao (2).txt');
    expect(paths.claim('Dak Lak/bao cao.txt')).toBe('Dak Lak/bao cao (3).txt');
    expect(paths.claim('.hidden/CON.txt')).toBe('hidden/_CON.txt');
    expect(paths.claim('a\u0000b\u202e|c.pdf ')).toBe('a_b_c.pdf');
    expect(safeSegment('')).toBe('_');
    expect(safeSegment('..')).toBe('_');
    const long = safeSegment(`${'Báo cáo tổng hợp '.repeat(20)}.xlsx`);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('.xlsx')).toBe(true);
  });

  it('the classic ZIP format\'s limits: 65,535 entries, 4 GB', () => {
    expect(fitsZip32(ZIP32.maxEntries, 1000)).toBe(true);
    expect(fitsZip32(ZIP32.maxEntries + 1, 1000)).toBe(false);
    expect(fitsZip32(10, 2 ** 32 - 10)).toBe(false);
    expect(fitsZip32(10, 2 ** 32 - 1000)).toBe(true);
    // an entry's bound counts its headers, its name twice and its bytes
    expect(entryBound('ab', 1000)).toBeGreaterThanOrEqual(1000 + 92 + 4);
  });
});
