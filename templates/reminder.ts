// Reminder to a unit's focal persons before the deadline (nhắc nộp báo cáo).
import { formatDate, weekday, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface ReminderData {
  unitName: string;
  cycleTitle: string;
  planTitle: string;
  lastDay: LocalDate;
  daysLeft: number; // whole days from today (Vietnam) to the last day; 0 = today
  form?: string;
  /** The cycle's report forms (mẫu báo cáo kèm theo Kế hoạch), each downloaded under the unit's link. */
  forms?: { title: string; fileName: string; sha256: string }[];
  link: string;
  office: OfficeContact;
}

function leftVi(n: number): string {
  return n <= 0 ? 'hôm nay là hạn cuối' : `còn ${n} ngày`;
}
function leftEn(n: number): string {
  return n <= 0 ? 'today is the last day' : n === 1 ? '1 day left' : `${n} days left`;
}

export function renderReminder(d: ReminderData): RenderedEmail {
  const date = formatDate(d.lastDay);
  // Under the personal link, so only a unit that owes the cycle can fetch them (web/portal/form-routes.ts).
  const files = (d.forms ?? []).map((f) => ({ label: `${f.title} (${f.fileName})`, url: `${d.link}/forms/${f.sha256}` }));
  return bilingual(
    `[Nhắc nộp báo cáo] ${d.cycleTitle} – hạn ${date} (${leftVi(d.daysLeft)})`,
    {
      lines: [
        `Kính gửi: ${d.unitName}`,
        '',
        `Thực hiện ${d.planTitle}, đề nghị quý cơ quan, đơn vị gửi ${d.cycleTitle} về ${d.office.name}.`,
        `Hạn nộp: hết ngày ${weekday(d.lastDay, 'vi')}, ${date} (${leftVi(d.daysLeft)}).`,
        ...(d.form ? [`Báo cáo theo mẫu: ${d.form}.`] : []),
        'Quý đơn vị nộp báo cáo trực tuyến qua đường link riêng dưới đây (không cần đăng nhập).',
        ...(files.length ? ['Mẫu báo cáo kèm theo Kế hoạch (tải về, điền và gửi kèm báo cáo):'] : []),
      ],
      files,
      link: { label: 'Nộp báo cáo', url: d.link },
    },
    {
      lines: [
        `To: ${d.unitName}`,
        '',
        `Under ${d.planTitle}, please send your "${d.cycleTitle}" to ${d.office.name}.`,
        `Deadline: end of ${weekday(d.lastDay, 'en')}, ${date} (${leftEn(d.daysLeft)}).`,
        ...(d.form ? [`Form: ${d.form}.`] : []),
        'Submit online through your personal link below (no sign-in needed).',
        ...(files.length ? ['Report forms attached to the plan (download, fill in and send with your report):'] : []),
      ],
      files,
      link: { label: 'Submit the report', url: d.link },
    },
    d.office,
  );
}
