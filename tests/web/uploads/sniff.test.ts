// The pure checks on an uploaded file: its type read from its bytes (never its name), and the name
// it is shown under.
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { fileTypeFromBuffer } from 'file-type';
import { displayFileName, formatSize } from '../../../web/uploads/file-name.ts';
import { DOCUMENT_TYPES, sniffDocument, zipEntryNames, type DocumentKind, type RefusalReason } from '../../../web/uploads/sniff.ts';
import { contentTypes, samples } from '../../helpers/uploads.ts';
import { expectTruthy } from '../../helpers/expect.ts';

describe('sniffDocument', () => {
  const accepted: [string, Uint8Array, DocumentKind][] = [
    ['a PDF', samples.pdf(), 'pdf'],
    ['a DOCX', samples.docx(), 'docx'],
    ['an XLSX', samples.xlsx(), 'xlsx'],
    ['an ODT (stored mimetype first)', samples.odt(), 'odt'],
    ['an ODS', samples.odt('application/vnd.oasis.opendocument.spreadsheet'), 'ods'],
    ['a Word 97 document (OLE2 with WordDocument)', samples.ole2('WordDocument'), 'doc'],
    ['an Excel 97 workbook (OLE2 with Workbook)', samples.ole2('Workbook'), 'xls'],
    ['an Excel 5 workbook (OLE2 with Book)', samples.ole2('Book'), 'xls'],
  ];
  for (const [name, bytes, kind] of accepted) {
    it(`accepts ${name} as ${kind}`, async () => {
      const r = await sniffDocument(bytes);
      // on failure, look at: JSON.stringify(r)
      expectTruthy(r.ok);
      expect(r.type.kind).toBe(kind);
      expect(r.type.contentType).toBe(DOCUMENT_TYPES[kind].contentType);
    });
  }

  const refused: [string, Uint8Array, RefusalReason][] = [
    ['an empty file', new Uint8Array(0), 'empty'],
    ['an HTML page', samples.html(), 'html'],
    ['an HTML page with a BOM and leading blank lines', Buffer.from('\uFEFF\n\n  <html><body>x</body></html>'), 'html'],
    ['an SVG (script-capable)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'html'],
    ['an XML file', Buffer.from('<?xml version="1.0"?><a/>'), 'html'],
    ['a Windows EXE', samples.exe(), 'executable'],
    ['an ELF binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'executable'],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'executable'],
    ['a ZIP of other files', samples.zip(), 'zip-other'],
    ['an empty ZIP', zipSync({}), 'zip-other'],
    ['a ZIP that only claims DOCX by a look-alike name', samples.zipBomb(), 'zip-other'],
    ['a ZIP whose mimetype names another format', samples.odt('application/epub+zip'), 'zip-other'],
    ['an ODT whose mimetype is compressed (against the standard)', zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<x/>') }, { level: 9 }), 'zip-other'],
    ['a truncated ZIP', samples.docx().subarray(0, 40), 'zip-other'],
    ['an OLE2 file that is neither Word nor Excel (an MSI, a PPT)', samples.ole2('PowerPoint Document'), 'ole2-other'],
    ['plain text', Buffer.from('Báo cáo tổng kết năm 2026'), 'unknown'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'unknown'],
    ['a PDF signature not at the start', Buffer.from('xx%PDF-1.4'), 'unknown'],
  ];
  for (const [name, bytes, reason] of refused) {
    it(`refuses ${name} (${reason})`, async () => {
      expect(await sniffDocument(bytes)).toStrictEqual({ ok: false, reason });
    });
  }

  it('accepts a workbook written by exceljs (a real XLSX, not a sample made here)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Báo cáo').addRow(['Đơn vị', 'Số liệu']);
    const r = await sniffDocument(new Uint8Array(await wb.xlsx.writeBuffer()));
    // on failure, look at: JSON.stringify(r)
    expectTruthy(r.ok);
    expect(r.type.kind).toBe('xlsx');
  });

  it('refuses a DOCX cut short, which file-type alone would call a DOCX', async () => {
    const docx = samples.docx();
    const cut = docx.subarray(0, docx.length - 60); // the central directory is gone
    // file-type decides from the first entries: our own check that the archive is whole is what refuses it
    expect((await fileTypeFromBuffer(cut))?.ext).toBe('docx');
    expect(await sniffDocument(cut)).toStrictEqual({ ok: false, reason: 'zip-other' });
  });

  it('refuses a macro-enabled Word document (DOCM)', async () => {
    const docm = zipSync({ '[Content_Types].xml': contentTypes('/word/document.xml', 'application/vnd.ms-word.document.macroEnabled'), 'word/document.xml': strToU8('<w:document/>'), 'word/vbaProject.bin': new Uint8Array(8) });
    expect(await sniffDocument(docm)).toStrictEqual({ ok: false, reason: 'zip-other' });
  });

  it('refuses an ODT whose mimetype entry is not the first (against the standard)', async () => {
    const late = zipSync({ 'content.xml': strToU8('<x/>'), mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] });
    expect(await sniffDocument(late)).toStrictEqual({ ok: false, reason: 'zip-other' });
  });

  it('reads a zip bomb\'s entry names without inflating it', () => {
    const bomb = samples.zipBomb();
    // on failure, look at: `compressed to ${bomb.length} bytes`
    expect(bomb.length).toBeLessThan(200_000);
    const before = process.memoryUsage().arrayBuffers;
    expect(zipEntryNames(bomb)).toStrictEqual(['word/document.xml.bak']);
    // nothing near 50 MB was allocated
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('sniffs a zip bomb (file-type, then our own checks) without inflating it', async () => {
    const bomb = samples.zipBomb();
    const before = process.memoryUsage().arrayBuffers;
    expect(await sniffDocument(bomb)).toStrictEqual({ ok: false, reason: 'zip-other' });
    // nothing near 50 MB was allocated
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('a ZIP with a forged huge entry count is refused quickly', async () => {
    const zip = Buffer.from(samples.zip());
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    zip.writeUInt16LE(0xffff, eocd + 8); // 65535 entries claimed; the rest is garbage
    zip.writeUInt16LE(0xffff, eocd + 10);
    const started = Date.now();
    expect((await sniffDocument(zip)).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('displayFileName', () => {
  const pdf = DOCUMENT_TYPES.pdf;
  const cases: [string | undefined, string][] = [
    ['Báo cáo năm 2026.pdf', 'Báo cáo năm 2026.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['..\\..\\Windows\\system32\\evil.pdf', 'evil.pdf'],
    ['C:\\Users\\an\\Desktop\\bao-cao.PDF', 'bao-cao.pdf'],
    ['bao\u0000cao\u0007\r\n.pdf', 'baocao.pdf'],
    ['report\u202Efdp.exe', 'reportfdp.pdf'], // right-to-left override removed, real type's extension
    ['setup.exe', 'setup.pdf'],
    ['...', 'bao-cao.pdf'],
    ['', 'bao-cao.pdf'],
    [undefined, 'bao-cao.pdf'],
    ['a<b>c:"d"|e?.pdf', 'a_b_c__d__e_.pdf'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      const name = displayFileName(input, pdf);
      expect(name).toBe(expected);
      expect(name).not.toMatch(/[\\/\u0000-\u001f]/);
    });
  }
  it('bounds the length and keeps the real extension', () => {
    const name = displayFileName(`${'x'.repeat(5000)}.docx`, DOCUMENT_TYPES.docx);
    expect(name.length).toBeLessThanOrEqual(160);
    expect(name.endsWith('.docx')).toBeTruthy();
  });
  it('a .doc name holding a DOCX gets .docx', () => {
    expect(displayFileName('bao-cao.doc', DOCUMENT_TYPES.docx)).toBe('bao-cao.docx');
  });
});

// The download's Content-Disposition is tested with its one helper (tests/web/exports/disposition.test.ts).
describe('formatSize', () => {
  it('sizes read the Vietnamese way', () => {
    expect(formatSize(800)).toBe('800 byte');
    expect(formatSize(35 * 1024)).toBe('35 KB');
    expect(formatSize(1.25 * 1024 * 1024)).toBe('1,3 MB');
  });
});
