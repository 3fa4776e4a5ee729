// The XLSX writer (web/exports/workbook.ts) on its own, read back with exceljs: the one sheet and its
// name, cell types and values, the bold header, widths and frozen row, and text that would break XML,
// look like a formula or exceed what Excel holds.
import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { cellText, sheetName, writeXlsx } from '../../../web/exports/workbook.ts';
import { readSheet, rowValues } from '../../helpers/read-workbook.ts';

describe('XLSX writer', () => {
  let bytes: Buffer;
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    bytes = await writeXlsx({
      name: 'Báo cáo: 2026/annual [1]',
      columns: [{ header: 'Tên đơn vị', width: 30 }, { header: 'Số ngày quá hạn', width: 8 }, { header: 'Ghi chú' }],
      rows: [
        ['UBND huyện Cao Lộc — Đắk Lắk', 12, '=HYPERLINK("http://evil.invalid","bấm")'],
        // U+FFFE and U+FFFF are not XML 1.0 characters either (exceljs alone would keep them)
        ['A & B <c> "q"', 0, 'bell\u0007 nul\u0000 vt\u000b ok\ttab\nnewline \uD800lone 😀\uFFFE\uFFFF'],
        [null, 3.5, ''],
      ],
    });
    sheet = await readSheet(bytes);
  });

  it('is one well-formed sheet with its name made valid for Excel', async () => {
    expect(Buffer.isBuffer(bytes)).toBe(true);
    // a ZIP
    expect([...bytes.subarray(0, 4)]).toStrictEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(sheet.name).toBe('Báo cáo  2026 annual  1');
  });

  it('writes a bold header row that stays frozen, and the column widths', async () => {
    const s = sheet;
    expect(rowValues(s, 1, 3)).toStrictEqual(['Tên đơn vị', 'Số ngày quá hạn', 'Ghi chú']);
    for (const ref of ['A1', 'B1', 'C1']) {
      // on failure, look at: ref
      expect(s.getCell(ref).font?.bold).toBe(true);
    }
    expect(s.getCell('A1').fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } });
    // body cells: not bold, wrapped and top-aligned
    expect(s.getCell('A2').font?.bold).toBeFalsy();
    expect(s.getCell('B2').alignment).toMatchObject({ vertical: 'top', wrapText: true });
    expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect([1, 2, 3].map((c) => s.getColumn(c).width)).toStrictEqual([30, 8, 14]);
    expect(s.dimensions.range).toBe('A1:C4');
  });

  it('keeps Vietnamese text intact, numbers as numbers, and a formula-looking value as text', async () => {
    const s = sheet;
    expect(s.getCell('A2').value).toBe('UBND huyện Cao Lộc — Đắk Lắk');
    expect(s.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(s.getCell('B2').value).toBe(12);
    expect(s.getCell('C2').type).toBe(ExcelJS.ValueType.String);
    expect(s.getCell('C2').value).toBe('=HYPERLINK("http://evil.invalid","bấm")');
    expect(s.getCell('C2').formula).toBeUndefined();
    expect(s.getCell('B4').value).toBe(3.5);
    // empty cells (null, '') are left out
    expect(s.getCell('A4').type).toBe(ExcelJS.ValueType.Null);
    expect(s.getCell('C4').type).toBe(ExcelJS.ValueType.Null);
    expect(s.getRow(4).actualCellCount).toBe(1);
  });

  it('escapes markup and drops characters XML 1.0 cannot hold, keeping tabs, newlines and emoji', async () => {
    const s = sheet;
    expect(s.getCell('A3').value).toBe('A & B <c> "q"');
    expect(s.getCell('B3').type).toBe(ExcelJS.ValueType.Number);
    expect(s.getCell('B3').value).toBe(0);
    expect(s.getCell('C3').value).toBe('bell nul vt ok\ttab\nnewline lone 😀');
    expect(cellText('a\u0001<\uFFFF')).toBe('a<');
  });

  it('writes the header alone when there are no rows, and no cell for a number Excel cannot hold', async () => {
    const empty = await readSheet(await writeXlsx({ name: 'Quá hạn 2026-annual', columns: [{ header: 'STT' }, { header: 'Đơn vị' }], rows: [] }));
    expect(empty.rowCount).toBe(1);
    expect(rowValues(empty, 1, 2)).toStrictEqual(['STT', 'Đơn vị']);
    expect(empty.getCell('A1').font?.bold).toBe(true);
    const odd = await readSheet(await writeXlsx({ name: 's', columns: [{ header: 'a' }, { header: 'b' }, { header: 'c' }], rows: [[Number.NaN, Number.POSITIVE_INFINITY, -0.25]] }));
    expect(rowValues(odd, 2, 3)).toStrictEqual([null, null, -0.25]);
  });

  it('keeps a literal _xHHHH_ literal (Excel would decode it as a character)', async () => {
    const s = await readSheet(await writeXlsx({ name: 's', columns: [{ header: 'h' }], rows: [['a_x0041_b _x000d_']] }));
    expect(s.getCell('A2').value).toBe('a_x0041_b _x000d_');
  });

  it('writes columns past Z and cleans sheet names into ones Excel (and exceljs) accept', async () => {
    const wide = Array.from({ length: 703 }, (_, i) => `c${i}`);
    const s = await readSheet(await writeXlsx({ name: 'wide', columns: wide.map((header) => ({ header })), rows: [wide] }));
    expect(['A2', 'Z2', 'AA2', 'AB2', 'ZZ2', 'AAA2'].map((ref) => s.getCell(ref).value)).toStrictEqual(['c0', 'c25', 'c26', 'c27', 'c701', 'c702']);
    expect(sheetName('')).toBe('Sheet1');
    expect(sheetName('x'.repeat(40)).length).toBe(31);
    // never half of an emoji
    expect(sheetName(`${'x'.repeat(30)}😀`)).toBe('x'.repeat(30));
    expect(sheetName("'Quá hạn'")).toBe('Quá hạn');
    expect(sheetName('History')).toBe('History 1');
    for (const name of ['', ' :/\\?*[] ', "'", "''x''", 'History', `${'đ'.repeat(30)}'x`, '\u0000\uFFFF']) {
      // on failure, look at: name
      expect(() => new ExcelJS.Workbook().addWorksheet(sheetName(name))).not.toThrow();
    }
  });

  it("cuts an over-long cell at Excel's 32,767 characters without splitting a character", async () => {
    const s = await readSheet(await writeXlsx({ name: 's', columns: [{ header: 'h' }], rows: [['&'.repeat(40_000), `${'x'.repeat(32_766)}😀`]] }));
    expect((s.getCell('A2').value as string).length).toBe(32_767);
    expect(s.getCell('B2').value).toBe('x'.repeat(32_766));
  });
});
