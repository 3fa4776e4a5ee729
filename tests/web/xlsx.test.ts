// The XLSX writer on its own: the package's parts, well-formed XML, cell types and values, the header
// style, widths and frozen row, and text that would break XML or look like a formula.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
      assert.ok(files[part], part);
    }
    assert.match(files['[Content_Types].xml']!, /PartName="\/xl\/worksheets\/sheet1.xml"/);
    assert.match(files['xl/workbook.xml']!, /<sheet name="Báo cáo  2026 annual  1" sheetId="1" r:id="rId1"\/>/);
  });

  it('writes a bold header row that stays frozen, and the column widths', () => {
    assert.deepEqual([cells.get('A1')?.value, cells.get('B1')?.value, cells.get('C1')?.value], ['Tên đơn vị', 'Số ngày quá hạn', 'Ghi chú']);
    assert.equal(cells.get('A1')?.style, '1');
    assert.match(files['xl/styles.xml']!, /<cellXfs count="3"><xf[^>]*\/><xf numFmtId="0" fontId="1"/);
    assert.match(files['xl/styles.xml']!, /<font><b\/>/);
    assert.match(sheet, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(sheet, /<col min="1" max="1" width="30" customWidth="1"\/>/);
    assert.match(sheet, /<dimension ref="A1:C4"\/>/);
  });

  it('keeps Vietnamese text intact, numbers as numbers, and a formula-looking value as text', () => {
    assert.equal(cells.get('A2')?.value, 'UBND huyện Cao Lộc — Đắk Lắk');
    assert.deepEqual(cells.get('B2'), { ref: 'B2', type: 'n', style: '2', value: '12' });
    assert.equal(cells.get('C2')?.type, 'inlineStr');
    assert.equal(cells.get('C2')?.value, '=HYPERLINK("http://evil.invalid","bấm")');
    assert.equal(cells.get('B4')?.value, '3.5');
    assert.equal(cells.has('A4'), false, 'an empty cell is left out');
  });

  it('escapes markup and drops characters XML 1.0 cannot hold, keeping tabs, newlines and emoji', () => {
    assert.equal(cells.get('A3')?.value, 'A & B <c> "q"');
    assert.equal(cells.get('B3')?.value, '0');
    assert.equal(cells.get('C3')?.value, 'bell nul vt ok\ttab\nnewline lone 😀');
    assert.match(sheet, /A &amp; B &lt;c&gt; &quot;q&quot;/);
  });

  it('names columns past Z and cleans sheet names', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    assert.equal(sheetName(''), 'Sheet1');
    assert.equal(sheetName('x'.repeat(40)).length, 31);
    assert.equal(xmlText('a\u0001<'), 'a&lt;');
  });

  it('cuts an over-long cell at Excel\'s 32,767 characters without splitting an entity', () => {
    const long = writeXlsx({ name: 's', columns: [{ header: 'h' }], rows: [['&'.repeat(40_000)]] });
    const { cells: c } = readXlsx(long);
    assert.equal(c.get('A2')?.value.length, 32_767);
  });
});
