// Receipt for a submission (giấy biên nhận): when it arrived and its checksum.
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
        `Mã kiểm tra (SHA-256): ${d.checksum}`,
      ],
    },
    {
      lines: [
        `To: ${d.unitName}`,
        '',
        `${d.office.name} received your ${d.nothingToReport ? `"nothing to report" confirmation for "${d.cycleTitle}"` : `"${d.cycleTitle}"`} at ${formatDateTime(d.receivedAt)} (Vietnam time), ${d.onTime ? 'on time' : `after the ${formatDate(d.lastDay)} deadline`}.`,
        `Receipt number: ${d.submissionId}`,
        `Checksum (SHA-256): ${d.checksum}`,
      ],
    },
    d.office,
  );
}
