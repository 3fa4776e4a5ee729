// Reminder to a task's lead unit near the end of the task's period (nhắc thực hiện nhiệm vụ), with the
// personal link where it reports the task's status (web/portal/task-routes.ts).
import { formatDate, weekday, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface TaskReminderData {
  unitName: string;
  planTitle: string;
  ref: string;
  title: string;
  period?: string; // as the plan writes it
  to: LocalDate;
  link: string;
  office: OfficeContact;
}

export function renderTaskReminder(d: TaskReminderData): RenderedEmail {
  const date = formatDate(d.to);
  const period = d.period ? ` (${d.period})` : '';
  return bilingual(
    `[Nhắc thực hiện nhiệm vụ] ${d.ref} – hạn ${date}`,
    {
      lines: [
        `Kính gửi: ${d.unitName}`,
        '',
        `Thực hiện ${d.planTitle}, quý cơ quan, đơn vị được giao chủ trì nhiệm vụ ${d.ref}: ${d.title}.`,
        `Thời hạn${period}: hết ngày ${weekday(d.to, 'vi')}, ${date}.`,
        'Đề nghị quý đơn vị cập nhật tình hình thực hiện nhiệm vụ (chưa triển khai, đang thực hiện, đã hoàn thành, không thực hiện) qua đường link riêng dưới đây (không cần đăng nhập).',
      ],
      link: { label: 'Cập nhật tình hình thực hiện', url: d.link },
    },
    {
      lines: [
        `To: ${d.unitName}`,
        '',
        `Under ${d.planTitle}, your unit leads task ${d.ref}: ${d.title}.`,
        `Period${period}: ends on ${weekday(d.to, 'en')}, ${date}.`,
        "Please report the task's status (not started, in progress, done, dropped) through your personal link below (no sign-in needed).",
      ],
      link: { label: 'Report the status', url: d.link },
    },
    d.office,
  );
}
