// The office's chart of the reporting rate and the on-time rate across a plan's cycles, with the same
// figures as a table (numerator/denominator) for reading, copying and screen readers; below them each
// unit's line across the cycles, a merged unit's cycles on its successor's line (domain/unit-lines.ts),
// also as CSV.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebDeps } from '../deps.ts';
import { bi, html, page, Html } from '../html.ts';
import { day } from '../dates.ts';
import { percent, type Rate } from '../cycle-table.ts';
import { planRates, type CycleState, type LineCell, type PlanRates } from './plan-rates.ts';
import { STATUS_LABELS } from '../../domain/statuses.ts';
import { toCsv } from '../exports/csv.ts';
import { sendDownload } from '../exports/disposition.ts';
import { noSuchPlan, PLAN_ADDRESS } from '../cycle-address.ts';
import { ratesChart } from './rates-chart.ts';
import { OFFICE_READERS } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';

const STATE: Record<CycleState, [string, string]> = {
  closed: ['Đã đóng', 'Closed'],
  open: ['Đang mở', 'Open'],
  upcoming: ['Chưa mở', 'Not yet open'],
};

function pctCell(r: Rate): Html {
  const p = percent(r);
  return html`<td>${p === null ? '—' : `${p.toLocaleString('vi-VN')}%`}</td><td>${r.numerator}/${r.denominator}</td>`;
}

/** A line's cell: the status, and whose it was when the unit that owed it is merged into the line's. */
function cellText(cells: LineCell[], line: string, lang: 'vi' | 'en'): string {
  return cells.map((c) => `${STATUS_LABELS[c.status][lang]}${c.unit.code === line ? '' : ` (${c.unit.name})`}`).join('; ');
}

function linesTable(r: PlanRates): Html {
  const csv = html`<p class="downloads"><a href="/plans/${r.plan.id}/rates.csv">${bi('Tải bảng từng đơn vị (CSV)', 'Download each unit\'s line (CSV)')}</a></p>`;
  if (!r.lines) return html`<p id="unit-lines-omitted">${bi('Kế hoạch có quá nhiều đơn vị để hiện từng đơn vị qua các kỳ trên trang: xem bảng của từng kỳ hoặc tải CSV.', 'Too many units to show each one across the cycles on the page: see each cycle\'s table or download the CSV.')}</p>${csv}`;
  return html`<table id="unit-lines"><caption>${bi('Từng đơn vị qua các kỳ (đơn vị đã sáp nhập hiện trên dòng của đơn vị tiếp nhận)', 'Each unit across the cycles (a merged unit shows on the line of the unit that took it over)')}</caption>
<thead><tr><th>${bi('Đơn vị', 'Unit')}</th>${r.points.map((p) => html`<th data-cycle="${p.key}">${p.title}<br><small>${day(p.lastDay)}</small></th>`)}</tr></thead>
<tbody>${r.lines.map((l) => html`<tr data-line="${l.line.code}"><td>${bi(l.line.label.vi, l.line.label.en)}</td>${l.cells.map((c) => (c.length === 0 ? html`<td data-status="">—</td>` : html`<td data-status="${c.map((x) => x.status).join(' ')}">${bi(cellText(c, l.line.code, 'vi'), cellText(c, l.line.code, 'en'))}</td>`))}</tr>`)}</tbody></table>
${csv}`;
}

/** Each unit's line as CSV: code, line label, then per cycle the status (bilingual), as on the page. */
export function ratesCsv(r: PlanRates): string {
  const header = ['Mã đơn vị / Unit code', 'Đơn vị / Unit', ...r.points.map((p) => `${p.key}: Tình trạng / Status`)];
  const rows = (r.lines ?? []).map((l) => [l.line.code, `${l.line.label.vi} / ${l.line.label.en}`, ...l.cells.map((c) => (c.length === 0 ? undefined : `${cellText(c, l.line.code, 'vi')} / ${cellText(c, l.line.code, 'en')}`))]);
  return toCsv(header, rows);
}

export async function ratesRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get('/plans/:planId/rates', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, ...PLAN_ADDRESS }, async (req, reply) => {
    const rates = await planRates(deps.prisma, req.params.planId, deps.clock());
    if (!rates) return noSuchPlan(reply);
    const { plan, points } = rates;
    return reply.type('text/html').send(
      page(
        `Tỷ lệ báo cáo · ${plan.title}`,
        html`<h1>${bi('Tỷ lệ báo cáo và tỷ lệ đúng hạn', 'Reporting and on-time rates')}</h1>
<p>${plan.title} · ${plan.province}</p>
<p>${bi('Tỷ lệ báo cáo = (nộp đúng hạn + nộp muộn + không có nội dung báo cáo) / số đơn vị phải báo cáo (không tính đơn vị được miễn). Tỷ lệ đúng hạn = (nộp đúng hạn + xác nhận không có nội dung trước hạn) / số đơn vị phải báo cáo. Kỳ đã đóng lấy số liệu chốt khi đóng kỳ; kỳ đang mở là số liệu hiện tại.', 'Reporting rate = (on time + late + nothing to report) / expected units (exempted units excluded). On-time rate = (on time + nothing to report confirmed before the deadline) / expected. Closed cycles show the figures recorded at close; the open cycle shows live figures.')}</p>
<div class="card">${new Html(ratesChart(points))}</div>
<table id="rates"><caption>${bi('Số liệu theo kỳ', 'Figures per cycle')}</caption><thead><tr>
<th>${bi('Kỳ báo cáo', 'Cycle')}</th><th>${bi('Hạn nộp', 'Deadline')}</th><th>${bi('Trạng thái', 'State')}</th>
<th>${bi('Tỷ lệ báo cáo', 'Reporting rate')}</th><th>${bi('Đã báo cáo / phải báo cáo', 'Reported / expected')}</th>
<th>${bi('Tỷ lệ đúng hạn', 'On-time rate')}</th><th>${bi('Đúng hạn / phải báo cáo', 'On time / expected')}</th><th></th></tr></thead>
<tbody>${points.map(
  (p) => html`<tr data-cycle="${p.key}" data-state="${p.state}"><td>${p.title} <code>${p.key}</code></td><td>${day(p.lastDay)}</td><td>${bi(...STATE[p.state])}</td>
${pctCell(p.reportingRate)}${pctCell(p.onTimeRate)}<td><a href="/committee/${plan.id}/${p.key}">${bi('Danh sách chưa nộp', 'Overdue list')}</a> · <a href="/cycles/${plan.id}/${p.key}/export.xlsx">XLSX</a> · <a href="/cycles/${plan.id}/${p.key}/export.csv">CSV</a> · <a href="/cycles/${plan.id}/${p.key}/submissions.zip">ZIP</a></td></tr>`,
)}</tbody></table>
${linesTable(rates)}`,
      ),
    );
  });

  app.get('/plans/:planId/rates.csv', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, ...PLAN_ADDRESS }, async (req, reply) => {
    const rates = await planRates(deps.prisma, req.params.planId, deps.clock(), Infinity);
    if (!rates) return noSuchPlan(reply);
    return sendDownload(reply, 'text/csv; charset=utf-8', { ascii: `don-vi-qua-cac-ky-${rates.plan.id}`, utf8: `Từng đơn vị qua các kỳ - ${rates.plan.title}`, ext: 'csv' }, ratesCsv(rates));
  });
}
