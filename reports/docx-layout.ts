// The layout every document the office signs shares (Decree 30/2020/NĐ-CP, Appendix I): on A4 in Times
// New Roman, the issuing body left and the national motto right in a borderless two-column table, the
// number (and for a dispatch its subject) under the issuing body, the place and date in italics on the
// right, a bold centred title, the body, then "Nơi nhận" left and the signature block right. Pure: the
// parts come in, `docx` paragraphs and tables go out; reports/*.ts fill them and Packer makes the bytes.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type ParagraphChild,
} from 'docx';
import type { LocalDate } from '../domain/calendar.ts';

export const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO_LINE = 'Độc lập - Tự do - Hạnh phúc';
/** Half-points: 14 pt for the body (the Decree allows 13-14), 13 pt for the header and tables, 12 pt for "Nơi nhận". */
const BODY = 28;
const HEAD = 26;
const SMALL = 24;
// A4 in twentieths of a point, margins as the Decree: top 20 mm, bottom 20 mm, left 30 mm, right 15 mm.
const MM = 56.7;
const A4 = { width: 11906, height: 16838 };
const CONTENT_WIDTH = A4.width - Math.round(45 * MM);

export interface DocumentHead {
  /** The issuing body, as its seal reads: the plan's standing office. */
  issuer: string;
  /** "Số: 12/BC-BCĐ"; blank number when the office fills it at signing. */
  number: string;
  /** Under the number, for a dispatch (công văn): "V/v đôn đốc ...". */
  subject?: string;
  /** The province as the plan writes it ("Tỉnh Lạng Sơn"); the place line drops "Tỉnh"/"Thành phố". */
  province: string;
  date: LocalDate;
}

export interface DocumentFoot {
  recipients: string[];
  /** The signing authority's title ("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN") and, once known, the signer's name. */
  signerTitle: string;
  signerName?: string;
}

/** "Lạng Sơn, ngày 05 tháng 3 năm 2026": days below 10 and the months 1 and 2 are written with a leading zero. */
export function placeAndDate(province: string, date: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const place = province.replace(/^(tỉnh|thành phố)\s+/i, '');
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

export function run(text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, bold: o.bold, italics: o.italics, size: o.size });
}

export function para(children: ParagraphChild[] | string, o: { align?: 'left' | 'center' | 'right' | 'both'; bold?: boolean; italics?: boolean; size?: number; indent?: boolean; after?: number } = {}): Paragraph {
  const kids = typeof children === 'string' ? [run(children, o)] : children;
  const alignment = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, both: AlignmentType.JUSTIFIED }[o.align ?? 'both'];
  return new Paragraph({ children: kids, alignment, indent: o.indent ? { firstLine: Math.round(10 * MM) } : undefined, spacing: { after: o.after ?? 120 } });
}

/** A section heading: "I. TÌNH HÌNH CHUNG". */
export function heading(text: string): Paragraph {
  return para([run(text, { bold: true })], { align: 'left', after: 120 });
}

/** Text the office or a unit wrote, one paragraph per line, indented as body text. */
export function textBlock(text: string, o: { italics?: boolean } = {}): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => para([run(l, { italics: o.italics })], { indent: true }));
}

export function link(text: string, url: string): ExternalHyperlink {
  return new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: 'Hyperlink' })] });
}

function cell(children: Paragraph[], width: number, o: { span?: number; shade?: boolean } = {}): TableCell {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, columnSpan: o.span, shading: o.shade ? { fill: 'EEEEEE' } : undefined });
}

/** A bordered table: a bold header row, then rows of plain text (a line break in a text: a paragraph each); `widths` in per cent of the text width. */
export function grid(header: string[], rows: (string | Paragraph[])[][], widths: number[]): Table {
  const w = widths.map((p) => Math.round((p / 100) * CONTENT_WIDTH));
  const text = (c: string | Paragraph[], i: number, bold = false) =>
    typeof c === 'string' ? c.split('\n').map((l) => para([run(l, { bold, size: HEAD })], { align: bold || i === 0 ? 'center' : 'left', after: 0 })) : c;
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    borders: GRID,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(text(h, i, true), w[i]!)) }),
      ...rows.map((r) => new TableRow({ children: r.length === 1 ? [cell(text(r[0]!, 1, true), CONTENT_WIDTH, { span: w.length, shade: true })] : r.map((c, i) => cell(text(c, i), w[i]!)) })),
    ],
  });
}

/** Small print inside a table cell. */
export function cellText(lines: string[]): Paragraph[] {
  return lines.map((l) => para([run(l, { size: HEAD })], { align: 'left', after: 0 }));
}

function headTable(head: DocumentHead): Table {
  const left = Math.round(0.42 * CONTENT_WIDTH);
  const right = CONTENT_WIDTH - left;
  const centre = (kids: ParagraphChild[], after = 0) => para(kids, { align: 'center', after });
  const leftCell = [
    centre([run(head.issuer.toUpperCase(), { bold: true, size: HEAD })]),
    centre([run('———', { size: HEAD })]),
    centre([run(head.number, { size: HEAD })]),
    ...(head.subject ? [centre([run(head.subject, { size: SMALL })])] : []),
  ];
  const rightCell = [centre([run(MOTTO, { bold: true, size: HEAD })]), centre([run(MOTTO_LINE, { bold: true, size: BODY })]), centre([run('———————', { size: HEAD })])];
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(leftCell, left), cell(rightCell, right)] })],
  });
}

function footTable(foot: DocumentFoot): Table {
  const half = Math.round(CONTENT_WIDTH / 2);
  const recipients = [para([run('Nơi nhận:', { bold: true, italics: true, size: SMALL })], { align: 'left', after: 0 }), ...foot.recipients.map((r) => para([run(`- ${r};`, { size: 22 })], { align: 'left', after: 0 })), para([run('- Lưu: VT.', { size: 22 })], { align: 'left', after: 0 })];
  const sign = [
    para([run(foot.signerTitle.toUpperCase(), { bold: true, size: HEAD })], { align: 'center', after: 0 }),
    para([run('(Ký, ghi rõ họ tên, đóng dấu)', { italics: true, size: SMALL })], { align: 'center', after: 1200 }),
    para([run(foot.signerName ?? '', { bold: true, size: HEAD })], { align: 'center', after: 0 }),
  ];
  return new Table({ width: { size: CONTENT_WIDTH, type: WidthType.DXA }, columnWidths: [half, CONTENT_WIDTH - half], borders: NO_BORDERS, rows: [new TableRow({ children: [cell(recipients, half), cell(sign, CONTENT_WIDTH - half)] })] });
}

export interface AdministrativeDocument {
  head: DocumentHead;
  /** "BÁO CÁO" for a report; absent for a dispatch, whose subject sits under its number. */
  title?: string;
  subtitle?: string;
  /** "Kính gửi: ..." lines of a dispatch or memo. */
  addressees?: string[];
  body: FileChild[];
  foot: DocumentFoot;
}

export function buildDocument(d: AdministrativeDocument): Document {
  const children: FileChild[] = [
    headTable(d.head),
    para([run(placeAndDate(d.head.province, d.head.date), { italics: true })], { align: 'right', after: 240 }),
    ...(d.title ? [para([run(d.title, { bold: true })], { align: 'center', after: 0 })] : []),
    ...(d.subtitle ? [para([run(d.subtitle, { bold: true })], { align: 'center', after: 240 })] : []),
    ...(d.addressees?.length
      ? d.addressees.length === 1
        ? [para([run(`Kính gửi: ${d.addressees[0]}.`)], { align: 'center', after: 240 })]
        : [para('Kính gửi:', { align: 'center', after: 0 }), ...d.addressees.map((a, i) => para(`- ${a}${i === d.addressees!.length - 1 ? '.' : ';'}`, { align: 'center', after: 0 })), para('', { after: 120 })]
      : []),
    ...d.body,
    para('', { after: 240 }),
    footTable(d.foot),
  ];
  return new Document({
    creator: 'dondoc',
    title: d.title ?? d.head.subject ?? '',
    styles: { default: { document: { run: { font: 'Times New Roman', size: BODY } } } },
    sections: [{ properties: { page: { size: A4, margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) } } }, children }],
  });
}

export async function documentBytes(d: AdministrativeDocument): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(d));
}
