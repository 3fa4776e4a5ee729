// The words of the compiled report's tables and rate line, shared by the DOCX (reports/province-report.ts)
// and the A4 print page (web/reports/print-page.ts), so both say the same thing.
import { formatDate } from '../domain/calendar.ts';
import type { IndicatorRow, TargetDirection, TaskRow, TaskStatus } from '../domain/report-rows.ts';

export interface Rate {
  numerator: number;
  denominator: number;
}

/** "66,7%" (decimal comma), or "—" when nothing is expected. */
export function percentText(r: Rate): string {
  if (r.denominator === 0) return '—';
  return `${(Math.round((1000 * r.numerator) / r.denominator) / 10).toLocaleString('vi-VN')}%`;
}

export function rateSentence(r: { expected: number; exempted: number; reporting: Rate; onTime: Rate }): string[] {
  return [
    `Số đơn vị phải báo cáo: ${r.expected}${r.exempted ? ` (không tính ${r.exempted} đơn vị được miễn)` : ''}.`,
    `Số đơn vị đã báo cáo: ${r.reporting.numerator}/${r.reporting.denominator}, đạt tỷ lệ ${percentText(r.reporting)}; trong đó báo cáo đúng hạn: ${r.onTime.numerator}/${r.onTime.denominator}, đạt tỷ lệ ${percentText(r.onTime)}.`,
  ];
}

const DIRECTION: Record<TargetDirection, string> = { 'at-least': 'Tối thiểu', 'at-most': 'Tối đa', reach: 'Đạt' };
const RESULT: Record<IndicatorRow['result'], string> = { met: 'Đạt', 'not-met': 'Chưa đạt', 'no-data': 'Chưa có số liệu', 'no-target': 'Không có mục tiêu' };
const TASK_STATUS: Record<TaskStatus, string> = { not_started: 'Chưa triển khai', in_progress: 'Đang thực hiện', done: 'Đã hoàn thành', dropped: 'Không thực hiện' };

const num = (n: number) => n.toLocaleString('vi-VN');

export function objectiveLine(objective: number): string {
  return `Mục tiêu ${objective}`;
}

export function targetText(r: IndicatorRow): string {
  if (!r.target) return '—';
  return `${DIRECTION[r.target.direction]} ${num(r.target.value)}${r.target.unit === '%' ? '%' : ` ${r.target.unit}`}${r.target.year ? ` (năm ${r.target.year})` : ''}`;
}

export function valueText(r: IndicatorRow): string {
  const reported = reportedMark(r);
  if (r.value === undefined) return `—${reported}`;
  const unit = r.target?.unit === '%' ? '%' : r.target?.unit ? ` ${r.target.unit}` : '';
  const sex = r.bySex ? ` (nữ ${num(r.bySex.female)}, nam ${num(r.bySex.male)})` : '';
  return `${num(r.value)}${unit}${sex}${r.estimate ? ' (ước)' : ''}${reported}`;
}

/**
 * An indicator asked of several units: its value is the province total, marked with how many of the
 * units asked reported ("tổng toàn tỉnh, 3/5 đơn vị"); one split by locality: how many localities have
 * a value in the lead unit's report ("3/5 địa bàn").
 */
function reportedMark(r: IndicatorRow): string {
  const b = r.breakdown;
  if (!b) return '';
  return b.by === 'unit' ? ` (tổng toàn tỉnh, ${b.reported}/${b.of} đơn vị báo cáo)` : ` (${b.reported}/${b.of} địa bàn)`;
}

export function indicatorText(r: IndicatorRow): string {
  return r.text ? `${r.number}. ${r.text}` : `Chỉ tiêu ${r.number}`;
}

export const INDICATOR_HEADER = ['STT', 'Chỉ tiêu', 'Mục tiêu kế hoạch', 'Kết quả thực hiện', 'Đánh giá', 'Đơn vị chủ trì'];
export const INDICATOR_WIDTHS = [7, 33, 16, 16, 12, 16];

export function indicatorCells(r: IndicatorRow, n: number): string[] {
  const by = r.reportedBy ? `${r.lead ?? ''}${r.lead && r.reportedBy !== r.lead ? ` (số liệu: ${r.reportedBy})` : ''}` : (r.lead ?? '—');
  return [String(n), indicatorText(r), targetText(r), valueText(r), RESULT[r.result], by || '—'];
}

export const TASK_HEADER = ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời gian', 'Tình hình thực hiện'];
export const TASK_WIDTHS = [7, 37, 18, 16, 22];

export function taskStatusText(t: TaskRow): string {
  if (!t.status) return 'Chưa báo cáo';
  return `${TASK_STATUS[t.status]}${t.note ? `: ${t.note}` : ''}${t.reportedAt ? ` (${formatDate(t.reportedAt)})` : ''}`;
}

export function taskCells(t: TaskRow, n: number): string[] {
  const period = t.period ?? (t.from && t.to ? `${formatDate(t.from)} - ${formatDate(t.to)}` : '—');
  return [String(n), `${t.ref}. ${t.title}`, t.lead, period, taskStatusText(t)];
}
