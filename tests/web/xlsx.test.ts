// The XLSX writer on its own: the package's parts, well-formed XML, cell types and values, the header
// style, widths and frozen row, and text that would break XML or look like a formula.
import { describe, expect, it } from '@jest/globals';
import { columnName, sheetName, writeXlsx, xmlText } from '../../web/export/xlsx.ts';
import { readXlsx } from '../helpers/xlsx-read.ts';

describe('XLSX writer', () => {
  const bytes = writeXlsx({
    name: 'Báo cáo: 2026/annual [1]',
    columns: [{ header: 'Tên đơn vị', width: 30 }, { header: 'Số ngày quá hạn', width: 8 }, { header: 'Ghi chú' }],
    rows: [
      ['UBND huyện Cao Lộc — Đắk Lắk', 12, '=HYPERLINK("http://evil.invalid","bấm")'],
      ['A & B <c> "q"', 0, 'bell\u0007 nul\u0000 vt\u000b ok\ttab\nnewline \uD800lone 😀'],
      [null, 3.5, ''],
    ],
  });
  const { files, cells, sheet } = readXlsx(bytes);

  it('has the parts a spreadsheet needs, all well-formed XML', () => {
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/styles.xml']) {
      // on failure, look at: part
      expect(files[part]).toBeTruthy();
    }
    expect(files['[Content_Types].xml']!).toMatch(/PartName="\/xl\/worksheets\/sheet1.xml"/);
    expect(files['xl/workbook.xml']!).toMatch(/<sheet name="Báo cáo  2026 annual  1" sheetId="1" r:id="rId1"\/>/);
  });

  it('writes a bold header row that stays frozen, and the column widths', () => {
    expect([cells.get('A1')?.value, cells.get('B1')?.value, cells.get('C1')?.value]).toStrictEqual(['Tên đơn vị', 'Số ngày quá hạn', 'Ghi chú']);
    expect(cells.get('A1')?.style).toBe('1');
    expect(files['xl/styles.xml']!).toMatch(/<cellXfs count="3"><xf[^>]*\/><xf numFmtId="0" fontId="1"/);
    expect(files['xl/styles.xml']!).toMatch(/<font><b\/>/);
    expect(sheet).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    expect(sheet).toMatch(/<col min="1" max="1" width="30" customWidth="1"\/>/);
    expect(sheet).toMatch(/<dimension ref="A1:C4"\/>/);
  });

  it('keeps Vietnamese text intact, numbers as numbers, and a formula-looking value as text', () => {
    expect(cells.get('A2')?.value).toBe('UBND huyện Cao Lộc — Đắk Lắk');
    expect(cells.get('B2')).toStrictEqual({ ref: 'B2', type: 'n', style: '2', value: '12' });
    expect(cells.get('C2')?.type).toBe('inlineStr');
    expect(cells.get('C2')?.value).toBe('=HYPERLINK("http://evil.invalid","bấm")');
    expect(cells.get('B4')?.value).toBe('3.5');
    // an empty cell is left out
    expect(cells.has('A4')).toBe(false);
  });

  it('escapes markup and drops characters XML 1.0 cannot hold, keeping tabs, newlines and emoji', () => {
    expect(cells.get('A3')?.value).toBe('A & B <c> "q"');
    expect(cells.get('B3')?.value).toBe('0');
    expect(cells.get('C3')?.value).toBe('bell nul vt ok\ttab\nnewline lone 😀');
    expect(sheet).toMatch(/A &amp; B &lt;c&gt; &quot;q&quot;/);
  });

  it('names columns past Z and cleans sheet names', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toStrictEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(sheetName('')).toBe('Sheet1');
    expect(sheetName('x'.repeat(40)).length).toBe(31);
    expect(xmlText('a\u0001<')).toBe('a&lt;');
  });

  it('cuts an over-long cell at Excel\'s 32,767 characters without splitting an entity', () => {
    const long = writeXlsx({ name: 's', columns: [{ header: 'h' }], rows: [['&'.repeat(40_000)]] });
    const { cells: c } = readXlsx(long);
    expect(c.get('A2')?.value.length).toBe(32_767);
  });
});
