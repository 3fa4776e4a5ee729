// The cycle's summary to the standing office at close (tổng hợp): rates with their raw numbers, and
// who did not report, so the office can compile its report to the People's Committee.
import { formatDate, type LocalDate } from '../domain/calendar.ts';
import { bilingual, type OfficeContact, type RenderedEmail } from './layout.ts';

export interface SummaryData {
  cycleTitle: string;
  planTitle: string;
  lastDay: LocalDate;
  expected: number;
  onTime: number;
  late: number;
  nothingToReport: number;
  /** The rates' numerators: reports plus "nothing to report" confirmations (on time, for the second). */
  reported: number;
  reportedOnTime: number;
  exempted: number;
  missing: { unitName: string; contacts: string }[];
  office: OfficeContact;
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${Math.round((1000 * n) / d) / 10}%`);

export function renderSummary(d: SummaryData): RenderedEmail {
  const submitted = d.reported;
  const rows = d.missing.map((m, i) => [String(i + 1), m.unitName, m.contacts]);
  return bilingual(
    `[Tổng hợp] ${d.cycleTitle}: ${submitted}/${d.expected} đơn vị đã nộp`,
    {
      lines: [
        `Kính gửi: ${d.office.name}`,
        '',
        `Kỳ ${d.cycleTitle} (${d.planTitle}, hạn ${formatDate(d.lastDay)}) đã kết thúc.`,
        `Tỷ lệ nộp báo cáo: ${submitted}/${d.expected} (${pct(submitted, d.expected)}); đúng hạn: ${d.reportedOnTime}/${d.expected} (${pct(d.reportedOnTime, d.expected)}); nộp muộn: ${d.late}; không có nội dung báo cáo: ${d.nothingToReport}; được miễn: ${d.exempted}.`,
        d.missing.length ? `Các đơn vị không nộp (${d.missing.length}):` : 'Tất cả các đơn vị đã nộp báo cáo.',
      ],
      table: d.missing.length ? { head: ['STT', 'Đơn vị', 'Đầu mối'], rows } : undefined,
    },
    {
      lines: [
        `To: ${d.office.name}`,
        '',
        `The cycle "${d.cycleTitle}" (${d.planTitle}, due ${formatDate(d.lastDay)}) has closed.`,
        `Reporting rate: ${submitted}/${d.expected} (${pct(submitted, d.expected)}); on time: ${d.reportedOnTime}/${d.expected} (${pct(d.reportedOnTime, d.expected)}); late: ${d.late}; nothing to report: ${d.nothingToReport}; exempted: ${d.exempted}.`,
        d.missing.length ? `Units that did not report (${d.missing.length}):` : 'Every unit reported.',
      ],
      table: d.missing.length ? { head: ['No.', 'Unit', 'Contacts'], rows } : undefined,
    },
    d.office,
  );
}
