// Escalation digest to the standing committee: every overdue unit of one cycle, with days overdue,
// the reminders already sent and the unit's contacts (báo cáo Thường trực Ban).
import { formatDate, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface EscalationData {
  cycleTitle: string;
  planTitle: string;
  lastDay: LocalDate;
  asOf: LocalDate;
  expected: number;
  submitted: number;
  overdue: { unitName: string; daysOverdue: number; remindersSent: number; contacts: string }[];
  office: OfficeContact;
}

export function renderEscalation(d: EscalationData): RenderedEmail {
  const n = d.overdue.length;
  const rows = d.overdue.map((u, i) => [String(i + 1), u.unitName, String(u.daysOverdue), String(u.remindersSent), u.contacts]);
  return bilingual(
    `[Báo cáo Thường trực Ban] ${n} đơn vị chưa nộp ${d.cycleTitle} (hạn ${formatDate(d.lastDay)})`,
    {
      lines: [
        'Kính gửi: Thường trực Ban',
        '',
        `Thực hiện ${d.planTitle}, hạn nộp ${d.cycleTitle} là ${formatDate(d.lastDay)}.`,
        `Tính đến ngày ${formatDate(d.asOf)}, đã nhận ${d.submitted}/${d.expected} báo cáo; còn ${n} đơn vị chưa nộp dù đã được nhắc:`,
      ],
      table: { head: ['STT', 'Đơn vị', 'Số ngày quá hạn', 'Số lần đã nhắc', 'Đầu mối'], rows },
    },
    {
      lines: [
        'To: the standing committee',
        '',
        `Under ${d.planTitle}, the "${d.cycleTitle}" was due on ${formatDate(d.lastDay)}.`,
        `As of ${formatDate(d.asOf)}, ${d.submitted} of ${d.expected} reports have arrived; ${n} unit(s) have not reported despite reminders:`,
      ],
      table: { head: ['No.', 'Unit', 'Days overdue', 'Reminders sent', 'Contacts'], rows },
    },
    d.office,
  );
}
