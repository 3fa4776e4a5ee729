// The office returned a unit's report for revision (trả lại báo cáo để hoàn thiện): why, the new last
// day with its weekday, and the unit's personal link, which takes a new version until then.
import { formatDate, weekday, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface ReturnedData {
  unitName: string;
  cycleTitle: string;
  /** When the returned version was received, as pages show it (hh:mm dd/mm/yyyy, Vietnam time). */
  receivedAt: string;
  reason: string;
  lastDay: LocalDate;
  link: string;
  office: OfficeContact;
}

export function renderReturned(d: ReturnedData): RenderedEmail {
  const date = formatDate(d.lastDay);
  return bilingual(
    `[Trả lại báo cáo] ${d.cycleTitle} – đề nghị hoàn thiện, hạn ${date}`,
    {
      lines: [
        `Kính gửi: ${d.unitName}`,
        '',
        `${d.office.name} trả lại ${d.cycleTitle} quý đơn vị đã nộp lúc ${d.receivedAt} để hoàn thiện.`,
        `Lý do: ${d.reason}`,
        `Đề nghị quý đơn vị hoàn thiện và nộp lại trước hết ngày ${weekday(d.lastDay, 'vi')}, ${date}, qua đường link riêng dưới đây (như lần trước).`,
        'Báo cáo bị trả lại chưa được tính là đã nộp cho đến khi quý đơn vị nộp lại.',
      ],
      link: { label: 'Nộp lại báo cáo', url: d.link },
    },
    {
      lines: [
        `To: ${d.unitName}`,
        '',
        `${d.office.name} returns the "${d.cycleTitle}" you submitted at ${d.receivedAt} for revision.`,
        `Reason: ${d.reason}`,
        `Please revise it and submit again by the end of ${weekday(d.lastDay, 'en')}, ${date}, through your personal link below (as before).`,
        'A returned report does not count as submitted until you submit it again.',
      ],
      link: { label: 'Submit again', url: d.link },
    },
    d.office,
  );
}
