// Reads an XLSX download back for tests with exceljs (the library that writes it, but its reader is
// a strict XML parser: a part that is not well-formed XML, or holds a character XML 1.0 forbids, makes
// the load fail). tests/web/exports/xlsx-openpyxl.test.ts reads one with an independent reader as well.
import ExcelJS from 'exceljs';

/** The only sheet of the workbook in `bytes`; fails unless there is exactly one. */
export async function readSheet(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; a copy gives one of exactly the file's bytes.
  await workbook.xlsx.load(Uint8Array.from(bytes).buffer);
  if (workbook.worksheets.length !== 1) throw new Error(`expected one sheet, found ${workbook.worksheets.length}`);
  return workbook.worksheets[0]!;
}

/** The values of row `n` in columns 1..`width`, null for an empty cell. */
export function rowValues(sheet: ExcelJS.Worksheet, n: number, width: number): ExcelJS.CellValue[] {
  const row = sheet.getRow(n);
  return Array.from({ length: width }, (_, i) => row.getCell(i + 1).value);
}
