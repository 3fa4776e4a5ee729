// Overdue notice to a unit that missed the deadline (thông báo quá hạn).
import { formatDate, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface OverdueData {
  unitName: string;
  cycleTitle: string;
  lastDay: LocalDate;
  daysOverdue: number;
  escalationDate: LocalDate;
  link: string;
  office: OfficeContact;
}

export function renderOverdue(d: OverdueData): RenderedEmail {
  const date = formatDate(d.lastDay);
  return bilingual(
    `[Quá hạn] ${d.cycleTitle} – hạn ${date}, đã quá ${d.daysOverdue} ngày`,
    {
      lines: [
        `Kính gửi: ${d.unitName}`,
        '',
        `Đến nay, ${d.office.name} chưa nhận được ${d.cycleTitle} của quý đơn vị (hạn nộp: ${date}, đã quá ${d.daysOverdue} ngày).`,
        `Đề nghị quý đơn vị khẩn trương gửi báo cáo. Nếu đến ngày ${formatDate(d.escalationDate)} chưa nhận được, danh sách đơn vị chưa nộp sẽ được báo cáo Thường trực Ban.`,
      ],
      link: { label: 'Nộp báo cáo ngay', url: d.link },
    },
    {
      lines: [
        `To: ${d.unitName}`,
        '',
        `${d.office.name} has not yet received your "${d.cycleTitle}" (deadline ${date}, ${d.daysOverdue} day(s) overdue).`,
        `Please send it now. Units still missing on ${formatDate(d.escalationDate)} will be reported to the standing committee.`,
      ],
      link: { label: 'Submit now', url: d.link },
    },
    d.office,
  );
}
