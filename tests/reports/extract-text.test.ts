// Text read from a unit's report file for the compiled report: a real DOCX (written by `docx`, as Word
// would save one) through mammoth, a real text PDF through unpdf; a corrupt DOCX, a PDF without a text
// layer, a file of another type and garbage give null, never an error.
import { describe, expect, it } from '@jest/globals';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { canExtract, extractReportText, MAX_EXTRACTED_CHARS } from '../../reports/extract-text.ts';
import { textPdf } from '../helpers/text-pdf.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';

async function wordFile(lines: string[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] }));
}

describe('extractReportText', () => {
  it('reads the paragraphs of a DOCX, Vietnamese intact', async () => {
    const text = await extractReportText(await wordFile(['Báo cáo kết quả 6 tháng', 'Đã tổ chức 2 lớp tập huấn cho 120 cán bộ (nữ 70).']), DOCX);
    expect(text).toBe('Báo cáo kết quả 6 tháng\n\nĐã tổ chức 2 lớp tập huấn cho 120 cán bộ (nữ 70).');
  });

  it('reads the text layer of a PDF', async () => {
    const text = await extractReportText(textPdf(['Bao cao so ket 6 thang', 'Ty le dat 87,5%']), PDF);
    expect(text).toMatch(/^Bao cao so ket 6 thang\s+Ty le dat 87,5%$/);
  });

  it('gives null for a corrupt DOCX, a PDF without text, garbage, or a type it does not read', async () => {
    const good = await wordFile(['Nội dung']);
    const corrupt = Buffer.from(good);
    corrupt.fill(0x41, 30, corrupt.length - 30); // a ZIP whose entries are gone: mammoth throws
    expect(await extractReportText(corrupt, DOCX)).toBeNull();
    expect(await extractReportText(Buffer.from('PK\x03\x04 not really a zip'), DOCX)).toBeNull();
    expect(await extractReportText(textPdf([]), PDF)).toBeNull();
    expect(await extractReportText(Buffer.from('%PDF-1.4\n% broken\n%%EOF\n'), PDF)).toBeNull();
    expect(await extractReportText(good, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBeNull();
    expect(canExtract(DOCX) && canExtract(PDF) && !canExtract('application/msword') && !canExtract(null)).toBe(true);
  });

  it('cuts a very long text, saying so', async () => {
    const text = await extractReportText(await wordFile([`${'x'.repeat(MAX_EXTRACTED_CHARS + 500)}`]), DOCX);
    expect(text!.length).toBe(MAX_EXTRACTED_CHARS + 2);
    expect(text!.endsWith(' …')).toBe(true);
  });
});
