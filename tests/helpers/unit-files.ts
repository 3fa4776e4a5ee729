// Units that have sent files, for the office's tests (tests/web/office/, tests/web/exports/): through
// the real personal-link form (multipart, sniffed, stored by SHA-256 in a real uploads dir). Sở Nội vụ
// sends a PDF with figures and a long text, then a corrected version as an XLSX with other figures;
// Sở Y tế sends a PDF. Each version is moved to its own time (the portal's clock is fixed).
import { createHash, randomUUID } from 'node:crypto';
import { FILE_FIELD } from '../../web/portal/multipart-form.ts';
import { writeXlsx } from '../../web/exports/workbook.ts';
import { OBLIGATION, startPortal, type Portal } from './portal.ts';
import { samples } from './uploads.ts';

export const FIGURES = [
  { key: 'so-vu-viec', name: 'Số vụ việc', unit: 'vụ', type: 'integer' },
  { key: 'kinh-phi', name: 'Kinh phí', unit: 'triệu đồng', type: 'number' },
  { key: 'ghi-chu', name: 'Đánh giá chung', type: 'text' },
];

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A text longer than the 300 characters the unit page used to show, with its last words to look for. */
export const LONG_TEXT = `${'Kết quả thực hiện các chỉ tiêu của Sở Nội vụ trong năm 2026. '.repeat(12)}\nDòng cuối: <b>hết</b>.`;

export interface SentVersion {
  id: string;
  bytes: Buffer;
  name: string;
}

export interface UnitFiles {
  p: Portal;
  noiVu: { v1: SentVersion; v2: SentVersion };
  yTe: SentVersion;
  close(): Promise<void>;
}

/** A real XLSX (written by exceljs, as Excel would read it) with the unit's figures. */
export async function figuresWorkbook(): Promise<Buffer> {
  return writeXlsx({ name: 'Số liệu', columns: [{ header: 'Chỉ tiêu' }, { header: 'Giá trị' }], rows: [['Số vụ việc', 1250], ['Kinh phí (triệu đồng)', 13.75]] });
}

async function send(p: Portal, token: string, figures: Record<string, string>, comment: string, file: { name: string; bytes: Buffer }, at: string): Promise<SentVersion> {
  const id = randomUUID();
  const res = await p.postMultipart(`/r/${token}`, [
    { name: 'submissionId', value: id },
    { name: 'comment', value: comment },
    ...Object.entries(figures).map(([name, value]) => ({ name, value })),
    { name: FILE_FIELD, filename: file.name, content: file.bytes },
  ]);
  if (res.statusCode !== 303) throw new Error(`upload refused (${res.statusCode}): ${res.body.slice(0, 500)}`);
  await p.db.prisma.submission.update({ where: { id }, data: { receivedAt: new Date(at) } });
  return { id, bytes: file.bytes, name: file.name };
}

/** `pdf`: Sở Nội vụ's first file (a browser's printed page, say); a small genuine-looking PDF otherwise. */
export async function unitsWithFiles(opts: { pdf?: Buffer } = {}): Promise<UnitFiles> {
  const p = await startPortal({ figures: FIGURES });
  try {
    const noiVuToken = await p.token(OBLIGATION.noiVu);
    const v1 = await send(p, noiVuToken, { 'fig_so-vu-viec': '1.234', 'fig_kinh-phi': '12,5', 'fig_ghi-chu': 'Hoàn thành' }, LONG_TEXT, { name: 'Báo cáo năm 2026.pdf', bytes: opts.pdf ?? samples.pdf('Sở Nội vụ') }, '2026-11-20T02:00:00Z');
    const v2 = await send(p, noiVuToken, { 'fig_so-vu-viec': '1.250', 'fig_kinh-phi': '13,75', 'fig_ghi-chu': 'Hoàn thành tốt' }, 'Bản sửa: số liệu cập nhật', { name: 'Số liệu đợt 2; bản cuối.xlsx', bytes: await figuresWorkbook() }, '2026-11-21T03:30:00Z');
    const yTe = await send(p, await p.token(OBLIGATION.yTe), { 'fig_so-vu-viec': '7', 'fig_kinh-phi': '0,5', 'fig_ghi-chu': 'Đạt' }, 'Báo cáo của Sở Y tế', { name: 'BC Y tế.pdf', bytes: samples.pdf('Sở Y tế') }, '2026-11-22T01:00:00Z');
    return { p, noiVu: { v1, v2 }, yTe, close: () => p.close() };
  } catch (err) {
    await p.close();
    throw err;
  }
}
