// Receipt for a submission (giấy biên nhận): when it arrived, its checksum, the file and the figures.
import { formatDate, formatDateTime, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface ReceiptData {
  unitName: string;
  cycleTitle: string;
  lastDay: LocalDate;
  receivedAt: Date;
  onTime: boolean;
  submissionId: string;
  checksum: string;
  /** A confirmed "nothing to report" instead of a report. */
  nothingToReport?: boolean;
  /** The report file: its display name and size (the checksum is then the file's). */
  file?: { name: string; size: string };
  /** The figures entered, as [name, value shown with its unit]. */
  figures?: [string, string][];
  office: OfficeContact;
}

export function renderReceipt(d: ReceiptData): RenderedEmail {
  return bilingual(
    d.nothingToReport ? `[Biên nhận] ${d.unitName} xác nhận không có nội dung báo cáo: ${d.cycleTitle}` : `[Biên nhận] ${d.unitName} đã nộp ${d.cycleTitle}`,
    {
      lines: [
        `Kính gửi: ${d.unitName}`,
        '',
        `${d.office.name} đã nhận ${d.nothingToReport ? `xác nhận "không có nội dung báo cáo" cho ${d.cycleTitle}` : d.cycleTitle} của quý đơn vị lúc ${formatDateTime(d.receivedAt)} (giờ Việt Nam), ${d.onTime ? 'đúng hạn' : `sau hạn ${formatDate(d.lastDay)}`}.`,
        `Mã biên nhận: ${d.submissionId}`,
        ...(d.file ? [`Tệp báo cáo: ${d.file.name} (${d.file.size})`] : []),
        `Mã kiểm tra (SHA-256)${d.file ? ' của tệp' : ''}: ${d.checksum}`,
      ],
      table: d.figures?.length ? { head: ['Số liệu', 'Giá trị'], rows: d.figures } : undefined,
    },
    {
      lines: [
        `To: ${d.unitName}`,
        '',
        `${d.office.name} received your ${d.nothingToReport ? `"nothing to report" confirmation for "${d.cycleTitle}"` : `"${d.cycleTitle}"`} at ${formatDateTime(d.receivedAt)} (Vietnam time), ${d.onTime ? 'on time' : `after the ${formatDate(d.lastDay)} deadline`}.`,
        `Receipt number: ${d.submissionId}`,
        ...(d.file ? [`Report file: ${d.file.name} (${d.file.size})`] : []),
        `Checksum (SHA-256)${d.file ? ' of the file' : ''}: ${d.checksum}`,
      ],
      table: d.figures?.length ? { head: ['Figure', 'Value'], rows: d.figures } : undefined,
    },
    d.office,
  );
}
