// The cycle's table as spreadsheet rows, the same columns for the CSV and the XLSX download.
import { formatDate, VN_ZONE } from '../../domain/calendar.ts';
import { formatContactList } from '../../domain/contacts.ts';
import type { CycleRow } from '../cycle-table.ts';
import type { XlsxColumn } from './workbook.ts';

// Intl rather than luxon here: an export formats 20,000 instants and luxon costs ~50 µs each.
const DAY_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: VN_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** dd/mm/yyyy HH:mm in Vietnam time: day first, so spreadsheets in vi-VN read it as a date. */
export function formatDayTime(d: Date): string {
  const p = Object.fromEntries(DAY_TIME.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

export const UNIT_KIND_LABELS: Record<string, string> = {
  department: 'Sở, ngành',
  board: 'Ban',
  'mass-organisation': 'Tổ chức chính trị - xã hội',
  district: 'Huyện, thành phố',
  commune: 'Xã',
  ward: 'Phường',
  'special-zone': 'Đặc khu',
  other: 'Khác',
};

/** The columns the cycle's table shares with the committee's list (web/committee/list-routes.ts): one definition each. */
export const COLUMN = {
  number: { header: 'STT', width: 6 },
  unitCode: { header: 'Mã đơn vị', width: 18 },
  deadline: { header: 'Hạn nộp', width: 12 },
  reminders: { header: 'Số lần đã nhắc', width: 10 },
  daysOverdue: { header: 'Số ngày quá hạn', width: 10 },
  contacts: { header: 'Đầu mối liên hệ', width: 40 },
} as const satisfies Record<string, XlsxColumn>;

export const CYCLE_COLUMNS: XlsxColumn[] = [
  COLUMN.number,
  COLUMN.unitCode,
  { header: 'Tên đơn vị', width: 36 },
  { header: 'Loại đơn vị', width: 18 },
  { header: 'Tình trạng', width: 26 },
  COLUMN.deadline,
  { header: 'Thời điểm nộp', width: 17 },
  COLUMN.reminders,
  COLUMN.daysOverdue,
  COLUMN.contacts,
];

export function cycleSheetRows(rows: CycleRow[]): (string | number | null)[][] {
  const dates = new Map<string, string>(); // nearly every row has the cycle's last day
  const date = (d: string) => dates.get(d) ?? (dates.set(d, formatDate(d)), dates.get(d)!);
  return rows.map((r, i) => [
    i + 1,
    r.unitCode,
    r.unitName,
    UNIT_KIND_LABELS[r.unitKind] ?? r.unitKind,
    r.statusLabel.vi,
    date(r.lastDay),
    r.submittedAt ? formatDayTime(r.submittedAt) : null,
    r.remindersSent,
    r.daysOverdue,
    formatContactList(r.contacts),
  ]);
}
