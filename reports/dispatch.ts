// The two documents drafted from a cycle's escalation list (web/committee/escalation-list.ts), in the
// same Decree 30 layout as the compiled report: the office's chasing dispatch ("công văn đôn đốc") to the
// overdue units (each one's deadline and days overdue, and the new last day the office sets), and its
// memo to the standing committee on who has not reported. Pure, like reports/province-report.ts.
import type { LocalDate } from '../domain/calendar.ts';
import { formatDate } from '../domain/calendar.ts';
import { documentBytes, grid, heading, para, run, type AdministrativeDocument, type DocumentHead } from './docx-layout.ts';
import { rateSentence, type Rate } from './report-text.ts';

export interface OverdueUnit {
  unitName: string;
  lastDay: LocalDate;
  daysOverdue: number;
  remindersSent: number;
  /** The unit's earlier cycles as the committee's list words them ("2025-annual: Không nộp"), for the memo. */
  history?: string;
}

export interface ChasingInput {
  head: DocumentHead;
  planTitle: string;
  cycleTitle: string;
  overdue: OverdueUnit[];
  /** The last day the dispatch gives the overdue units. */
  newLastDay: LocalDate;
  signerTitle: string;
  signerName?: string;
}

export interface MemoInput extends ChasingInput {
  rates: { expected: number; exempted: number; reporting: Rate; onTime: Rate };
  /** The committee's members, to whom the memo is addressed. */
  committee: string[];
}

export const DISPATCH_SUBJECT = 'V/v đôn đốc gửi';

/** The cycle's title inside a sentence: lower-cased first letter. */
const inSentence = (title: string) => `${title.charAt(0).toLowerCase()}${title.slice(1)}`;
/**
 * "báo cáo <cycle>" without saying "báo cáo" twice: the plans title their cycles "Báo cáo 6 tháng ...",
 * which after "gửi báo cáo" read "gửi báo cáo báo cáo 6 tháng"; a title that is not a report's name
 * ("Số liệu chính thức ...") keeps the word.
 */
export const reportOf = (title: string) => (/^báo cáo(\s|$)/iu.test(title) ? inSentence(title) : `báo cáo ${inSentence(title)}`);
export const MEMO_TITLE = 'BÁO CÁO';

function overdueTable(units: OverdueUnit[], withHistory: boolean) {
  const header = ['STT', 'Đơn vị', 'Hạn nộp', 'Số ngày quá hạn', 'Số lần đã nhắc', ...(withHistory ? ['Các kỳ trước'] : [])];
  const widths = withHistory ? [7, 33, 15, 13, 12, 20] : [8, 44, 18, 15, 15];
  return grid(header, units.map((u, i) => [String(i + 1), u.unitName, formatDate(u.lastDay), String(u.daysOverdue), String(u.remindersSent), ...(withHistory ? [u.history || '—'] : [])]), widths);
}

export function chasingDispatchDocument(d: ChasingInput): AdministrativeDocument {
  const names = d.overdue.map((u) => u.unitName);
  return {
    head: { ...d.head, subject: `${DISPATCH_SUBJECT} ${reportOf(d.cycleTitle)}` },
    addressees: names.length ? names : ['Các đơn vị chưa gửi báo cáo'],
    body: [
      para(`Thực hiện ${d.planTitle}, đến nay các đơn vị có tên dưới đây chưa gửi ${inSentence(d.cycleTitle)} về ${d.head.issuer} theo thời hạn quy định:`, { indent: true }),
      overdueTable(d.overdue, false),
      para('', { after: 0 }),
      para([run(`${d.head.issuer} đề nghị Thủ trưởng các đơn vị khẩn trương chỉ đạo hoàn thành và gửi báo cáo `), run(`trước ngày ${formatDate(d.newLastDay)}`, { bold: true }), run(' qua đường liên kết đã được gửi tới đầu mối của đơn vị (hoặc bằng văn bản), để tổng hợp báo cáo theo quy định.')], { indent: true }),
      para('Quá thời hạn trên, đơn vị chưa gửi báo cáo sẽ được tổng hợp, báo cáo Ban Chỉ đạo và Ủy ban nhân dân tỉnh.', { indent: true }),
    ],
    foot: { recipients: ['Như trên'], signerTitle: d.signerTitle, signerName: d.signerName },
  };
}

export function memoDocument(d: MemoInput): AdministrativeDocument {
  return {
    head: d.head,
    title: MEMO_TITLE,
    subtitle: `Tình hình gửi ${reportOf(d.cycleTitle)}`,
    addressees: d.committee.length ? d.committee : ['Ban Chỉ đạo'],
    body: [
      heading('1. Tình hình gửi báo cáo'),
      ...rateSentence(d.rates).map((l) => para(l, { indent: true })),
      heading(`2. Đơn vị quá hạn chưa gửi báo cáo: ${d.overdue.length} đơn vị`),
      ...(d.overdue.length ? [overdueTable(d.overdue, true)] : [para('Không có đơn vị nào quá hạn.', { indent: true, italics: true })]),
      heading('3. Đề xuất'),
      para(`${d.head.issuer} đã ban hành văn bản đôn đốc các đơn vị trên gửi báo cáo trước ngày ${formatDate(d.newLastDay)}. Đề nghị Ban Chỉ đạo nhắc nhở Thủ trưởng các đơn vị chậm gửi báo cáo.`, { indent: true }),
    ],
    foot: { recipients: d.committee.length ? d.committee : ['Ban Chỉ đạo'], signerTitle: d.signerTitle, signerName: d.signerName },
  };
}

export const chasingDispatchDocx = (d: ChasingInput) => documentBytes(chasingDispatchDocument(d));
export const memoDocx = (d: MemoInput) => documentBytes(memoDocument(d));
