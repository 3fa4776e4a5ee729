// The words of the compiled report's tables and rate line, shared by the DOCX (reports/province-report.ts)
// and the A4 print page (web/reports/print-page.ts), so both say the same thing.
import { formatDate } from '../domain/calendar.ts';
import type { IndicatorRow, ProvinceTotal, TargetDirection, TaskRow, TaskStatus } from '../domain/report-rows.ts';

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

/** The target's unit without a "mỗi giới" the plan may have written into it (the mark is added once, by perSex). */
function baseUnit(t: NonNullable<IndicatorRow['target']>): string {
  return t.perSex ? t.unit.replace(/\s*(cho\s+)?mỗi giới\s*$/iu, '') : t.unit;
}

/** "%" sticks to its number ("45%"); any other unit follows a space ("1.200 người"); none, nothing. */
const withUnit = (n: number, unit: string) => `${num(n)}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`;

/** A per-sex target applies to female and male each ("ít nhất 45% cho mỗi giới"). */
export const PER_SEX = 'mỗi giới';

export function targetText(r: IndicatorRow): string {
  if (!r.target) return '—';
  return `${DIRECTION[r.target.direction]} ${withUnit(r.target.value, baseUnit(r.target))}${r.target.perSex ? ` ${PER_SEX}` : ''}${r.target.year ? ` (năm ${r.target.year})` : ''}`;
}

const AGGREGATE: Record<ProvinceTotal['aggregate'], string> = { sum: 'tổng', mean: 'trung bình', latest: 'số mới nhất' };

/** "Toàn tỉnh: 1.200 người (nữ 700, nam 500; tổng của 3 đơn vị, có số ước)": the plan's province total. */
export function totalText(t: ProvinceTotal, unit: string): string {
  const sex = t.bySex ? `nữ ${num(t.bySex.female)}, nam ${num(t.bySex.male)}; ` : '';
  return `Toàn tỉnh: ${withUnit(t.value, unit)} (${sex}${AGGREGATE[t.aggregate]} của ${t.units} đơn vị${t.estimate ? ', có số ước' : ''})`;
}

/**
 * The reported value; a per-sex target's value is female and male first (each is judged), the total
 * after. A second line gives the province total where the plan declares one (aggregate).
 */
export function valueText(r: IndicatorRow): string {
  const unit = r.target ? baseUnit(r.target) : '';
  const estimate = r.estimate ? ' (ước)' : '';
  const reported = reportedMark(r);
  // An indicator asked of several units already has the province total as its value.
  const total = r.total && r.breakdown?.by !== 'unit' ? `\n${totalText(r.total, unit)}` : '';
  if (r.value === undefined) return `—${reported}${total}`;
  if (r.target?.perSex && r.bySex) return `nữ ${withUnit(r.bySex.female, unit)}, nam ${withUnit(r.bySex.male, unit)} (${PER_SEX}; tổng ${withUnit(r.value, unit)})${estimate}${reported}${total}`;
  const sex = r.bySex ? ` (nữ ${num(r.bySex.female)}, nam ${num(r.bySex.male)})` : '';
  return `${withUnit(r.value, unit)}${sex}${estimate}${reported}${total}`;
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
