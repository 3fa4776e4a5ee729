// The indicator table of a cycle (issue 14 §1) as the office reads it: one row per indicator with its
// target, the value that counts against it (estimates marked, an estimate replaced by the official
// value shown beside it), met / not met / no data, and who reported it and when; for an indicator asked
// of several units or split by locality, "n/N" and each one's value (a details row on the page, one
// row each in the exports). The same cells make the page, the CSV and the XLSX (indicator-routes.ts).
import { formatDateTime } from '../../domain/calendar.ts';
import type { ProvinceTotal } from '../../domain/indicator-aggregate.ts';
import type { Breakdown, IndicatorResult, IndicatorRow, TargetDirection } from '../../domain/report-rows.ts';
import type { XlsxColumn } from '../exports/workbook.ts';
import { bi, html, type Html } from '../html.ts';

export const RESULT_LABELS: Record<IndicatorResult, { vi: string; en: string }> = {
  met: { vi: 'Đạt', en: 'Met' },
  'not-met': { vi: 'Không đạt', en: 'Not met' },
  'no-data': { vi: 'Chưa có số liệu', en: 'No data' },
  'no-target': { vi: 'Không có chỉ tiêu định lượng', en: 'No numeric target' },
};

const DIRECTION: Record<TargetDirection, string> = { 'at-least': '≥', 'at-most': '≤', reach: '=' };

const num = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 6 });

/** "≥ 80 % (2015)": the target as the table shows it. */
export function targetText(t: IndicatorRow['target']): string {
  if (!t) return '';
  const each = t.perSex ? ' (tính riêng nữ và nam / women and men each)' : '';
  return `${DIRECTION[t.direction]} ${num(t.value)} ${t.unit}${each}${t.year === undefined ? '' : ` (${t.year})`}`.trim();
}

export const INDICATOR_COLUMNS: XlsxColumn[] = [
  { header: 'Chỉ tiêu / Indicator', width: 10 },
  { header: 'Nội dung / Text', width: 50 },
  { header: 'Chỉ tiêu phấn đấu / Target', width: 18 },
  { header: 'Đơn vị chủ trì / Lead unit', width: 24 },
  { header: 'Giá trị / Value', width: 12 },
  { header: 'Nữ / Female', width: 10 },
  { header: 'Nam / Male', width: 10 },
  { header: 'Ước thực hiện / Estimate', width: 12 },
  { header: 'Kết quả / Result', width: 16 },
  { header: 'Người báo cáo / Reported by', width: 24 },
  { header: 'Thời điểm / Reported at', width: 18 },
  { header: 'Ước thực hiện đã thay / Replaced estimate', width: 30 },
  { header: 'Tổng toàn tỉnh / Province total', width: 14 },
  { header: 'Cách tính tổng / How totalled', width: 30 },
  { header: 'Đã báo cáo / Reported (n/N)', width: 14 },
  { header: 'Đơn vị hoặc địa bàn / Unit or locality', width: 28 },
];

/** "3/5 đơn vị đã báo cáo / 3/5 units reported": how many of those asked (or localities) have a value. */
export function reportedText(b: Breakdown): { vi: string; en: string } {
  return b.by === 'unit'
    ? { vi: `${b.reported}/${b.of} đơn vị đã báo cáo`, en: `${b.reported}/${b.of} units reported` }
    : { vi: `${b.reported}/${b.of} địa bàn có số liệu`, en: `${b.reported}/${b.of} localities with a value` };
}

const AGGREGATE: Record<ProvinceTotal['aggregate'], { vi: string; en: string }> = {
  sum: { vi: 'Tổng', en: 'Sum' },
  mean: { vi: 'Trung bình', en: 'Mean' },
  latest: { vi: 'Số mới nhất', en: 'Latest' },
};

/** "Tổng của 3 đơn vị (có số ước) / Sum of 3 units (with estimates)": how the province total was made. */
export function totalText(t: ProvinceTotal): { vi: string; en: string } {
  const a = AGGREGATE[t.aggregate];
  return {
    vi: `${a.vi} của ${t.units} đơn vị${t.estimate ? ' (có số ước)' : ''}`,
    en: `${a.en} of ${t.units} unit${t.units === 1 ? '' : 's'}${t.estimate ? ' (with estimates)' : ''}`,
  };
}

/** The cells of one row: numbers as numbers, the rest as text (dates dd/mm/yyyy, Vietnam time). */
export function indicatorCells(r: IndicatorRow): (string | number | undefined)[] {
  const replaced = r.replacedEstimate
    ? `${num(r.replacedEstimate.value)} (${r.replacedEstimate.reportedBy}, ${formatDateTime(r.replacedEstimate.reportedAt)})`
    : undefined;
  return [
    `${r.objective}.${r.number}`,
    r.text,
    targetText(r.target) || undefined,
    r.lead,
    r.value,
    r.bySex?.female,
    r.bySex?.male,
    r.estimate ? 'Ước / Estimate' : undefined,
    `${RESULT_LABELS[r.result].vi} / ${RESULT_LABELS[r.result].en}`,
    r.reportedBy,
    r.reportedAt ? formatDateTime(r.reportedAt) : undefined,
    replaced,
    r.total?.value,
    r.total ? `${totalText(r.total).vi} / ${totalText(r.total).en}` : undefined,
    r.breakdown ? `${r.breakdown.reported}/${r.breakdown.of}` : undefined,
    undefined,
  ];
}

/** The exports' rows: each indicator's, then one per unit asked or locality, with its value. */
export function indicatorExportRows(rows: readonly IndicatorRow[]): (string | number | undefined)[][] {
  return rows.flatMap((r) => [
    indicatorCells(r),
    ...(r.breakdown?.parts ?? []).map((p) => [
      `${r.objective}.${r.number}`, r.text, undefined, r.lead, p.value, p.bySex?.female, p.bySex?.male,
      p.estimate ? 'Ước / Estimate' : undefined, undefined, p.value === undefined ? undefined : p.name,
      p.reportedAt ? formatDateTime(p.reportedAt) : undefined, undefined, undefined, undefined, undefined, p.name,
    ]),
  ]);
}

function breakdownRow(r: IndicatorRow, b: Breakdown): Html {
  const head = b.by === 'unit' ? bi('Đơn vị', 'Unit') : bi('Địa bàn', 'Locality');
  const parts = b.parts.map((p) => html`<tr data-part="${p.code}"><td>${p.name}</td><td>${p.value === undefined ? '—' : html`${num(p.value)}${p.estimate ? html` <b class="late">(${bi('ước', 'estimate')})</b>` : ''}`}${p.bySex ? html`<br><small>${bi(`nữ ${num(p.bySex.female)}, nam ${num(p.bySex.male)}`, `female ${num(p.bySex.female)}, male ${num(p.bySex.male)}`)}</small>` : ''}</td><td>${p.reportedAt ? formatDateTime(p.reportedAt) : '—'}</td></tr>`);
  return html`<tr class="breakdown" data-breakdown="${r.objective}.${r.number}"><td></td><td colspan="7"><details><summary>${bi(reportedText(b).vi, reportedText(b).en)}</summary>
<table><thead><tr><th>${head}</th><th>${bi('Giá trị', 'Value')}</th><th>${bi('Thời điểm', 'Reported at')}</th></tr></thead><tbody>${parts}</tbody></table></details></td></tr>`;
}

export function indicatorTableHtml(rows: readonly IndicatorRow[]): Html {
  if (rows.length === 0) return html`<p id="no-indicators">${bi('Kế hoạch này không có chỉ tiêu.', 'This plan has no indicators.')}</p>`;
  const body = rows.map((r) => {
    const unit = r.target?.unit ? ` ${r.target.unit}` : '';
    const value = r.value === undefined
      ? '—'
      : html`${num(r.value)}${unit}${r.estimate ? html` <b class="late" data-estimate="1">(${bi('ước', 'estimate')})</b>` : ''}${r.bySex ? html`<br><small>${bi(`nữ ${num(r.bySex.female)}, nam ${num(r.bySex.male)}`, `female ${num(r.bySex.female)}, male ${num(r.bySex.male)}`)}</small>` : ''}`;
    const replaced = r.replacedEstimate
      ? html`<br><small>${bi(`thay ước thực hiện ${num(r.replacedEstimate.value)} (${r.replacedEstimate.reportedBy}, ${formatDateTime(r.replacedEstimate.reportedAt)})`, `replaces the estimate ${num(r.replacedEstimate.value)}`)}</small>`
      : '';
    const total = r.total
      ? html`<span data-total="${r.total.value}">${num(r.total.value)}${unit}</span>${r.total.bySex ? html`<br><small>${bi(`nữ ${num(r.total.bySex.female)}, nam ${num(r.total.bySex.male)}`, `female ${num(r.total.bySex.female)}, male ${num(r.total.bySex.male)}`)}</small>` : ''}<br><small>${bi(totalText(r.total).vi, totalText(r.total).en)}</small>`
      : '—';
    const reported = r.breakdown ? html`<br><small data-reported="${r.breakdown.reported}/${r.breakdown.of}">${bi(reportedText(r.breakdown).vi, reportedText(r.breakdown).en)}</small>` : '';
    const cls = r.result === 'met' ? 'ok' : r.result === 'not-met' ? 'bad' : '';
    return html`<tr data-indicator="${r.objective}.${r.number}" data-result="${r.result}"><td>${r.objective}.${r.number}</td><td>${r.text ?? '—'}</td><td>${targetText(r.target) || '—'}</td><td>${r.lead ?? '—'}</td>
<td>${value}${replaced}</td><td class="${cls}">${bi(RESULT_LABELS[r.result].vi, RESULT_LABELS[r.result].en)}</td><td>${r.reportedBy ?? '—'}${r.reportedAt ? html`<br>${formatDateTime(r.reportedAt)}` : ''}</td><td>${total}${reported}</td></tr>${r.breakdown ? breakdownRow(r, r.breakdown) : ''}`;
  });
  return html`<table id="indicators"><thead><tr><th>${bi('Chỉ tiêu', 'Indicator')}</th><th>${bi('Nội dung', 'Text')}</th><th>${bi('Chỉ tiêu phấn đấu', 'Target')}</th><th>${bi('Đơn vị chủ trì', 'Lead unit')}</th><th>${bi('Giá trị báo cáo', 'Reported value')}</th><th>${bi('Kết quả', 'Result')}</th><th>${bi('Người báo cáo, thời điểm', 'Reported by, when')}</th><th>${bi('Tổng toàn tỉnh', 'Province total')}</th></tr></thead>
<tbody>${body}</tbody></table>`;
}
