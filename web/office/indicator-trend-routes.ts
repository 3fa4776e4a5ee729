// The office's trend of a plan's indicators (issue 14 §1): one row per indicator, one column per cycle
// of the plan in order, each the value that counts (official, else the estimate, marked) and its result
// against the target of that year; the same table as CSV and XLSX. Plan-scoped like /plans/PLAN/rates.
// When several units reported an indicator, a line per unit follows its row, a merged unit's values on
// its successor's line (domain/unit-lines.ts), so the successor's line has no gap before it opened.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebDeps } from '../deps.ts';
import { indicatorTrend, type IndicatorTrend, type LineValue, type TrendLine, type TrendPoint } from '../../db/indicator-trend.ts';
import type { TrendResult } from '../../domain/indicator-aggregate.ts';
import { OFFICE_READERS } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import { noSuchPlan, PLAN_ADDRESS } from '../cycle-address.ts';
import { toCsv } from '../exports/csv.ts';
import { sendDownload } from '../exports/disposition.ts';
import { writeXlsx, XLSX_TYPE } from '../exports/workbook.ts';
import { day } from '../dates.ts';
import { bi, html, page } from '../html.ts';
import { RESULT_LABELS, targetText } from './indicator-table.ts';

export const TREND_LABELS: Record<TrendResult, { vi: string; en: string }> = {
  ...RESULT_LABELS,
  'not-yet': { vi: 'Chưa đạt (chưa đến năm mục tiêu)', en: 'Not yet (before the target year)' },
};

const num = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 6 });

function resultText(p: TrendPoint): string {
  const l = TREND_LABELS[p.result];
  return `${l.vi}${p.estimate ? ' (ước)' : ''} / ${l.en}${p.estimate ? ' (estimate)' : ''}`;
}

/** A unit line's values in one cycle: "12", "12 (ước)", "12 (Phường Bạch Đằng)" for a merged unit's. */
function lineValueText(values: LineValue[], line: string, lang: 'vi' | 'en'): string {
  const mark = lang === 'vi' ? 'ước' : 'estimate';
  return values.map((v) => `${num(v.value)}${v.estimate ? ` (${mark})` : ''}${v.unit.code === line ? '' : ` (${v.unit.name})`}`).join('; ');
}

/**
 * A unit line's CSV cells per cycle: one value as a number, with in the result column whether it is an
 * estimate and which merged unit reported it; several (rare: two units of the line in one cycle) as text.
 */
function lineCsvCells(l: TrendLine): (string | number | undefined)[] {
  return l.points.flatMap((values): (string | number | undefined)[] => {
    if (values.length === 0) return [undefined, undefined];
    if (values.length > 1) return [`${lineValueText(values, l.line.code, 'vi')} / ${lineValueText(values, l.line.code, 'en')}`, undefined];
    const v = values[0]!;
    const note = [v.estimate ? 'ước / estimate' : '', v.unit.code === l.line.code ? '' : v.unit.name].filter(Boolean).join('; ');
    return [v.value, note || undefined];
  });
}

/**
 * The table of the CSV and the XLSX: indicator, text, target, then per cycle its value (a number) and its
 * result (estimate marked); an indicator several units reported is followed by a row per unit line
 * ("Đơn vị / Unit: ...").
 */
export function trendTable(t: IndicatorTrend): { header: string[]; rows: (string | number | undefined)[][] } {
  const header = ['Chỉ tiêu / Indicator', 'Nội dung / Text', 'Chỉ tiêu phấn đấu / Target'];
  for (const c of t.cycles) header.push(`${c.key}: Giá trị / Value`, `${c.key}: Kết quả / Result`);
  const rows = t.rows.flatMap((r) => [
    [`${r.objective}.${r.number}`, r.text, targetText(r.target) || undefined, ...r.points.flatMap((p) => [p.value, resultText(p)])],
    ...(r.lines ?? []).map((l) => [`${r.objective}.${r.number}`, `Đơn vị: ${l.line.label.vi} / Unit: ${l.line.label.en}`, undefined, ...lineCsvCells(l)]),
  ]);
  return { header, rows };
}

export function trendCsv(t: IndicatorTrend): string {
  const { header, rows } = trendTable(t);
  return toCsv(header, rows);
}

/** The same table as one XLSX sheet, with the library the cycle's indicator XLSX uses (web/exports/workbook.ts). */
export function trendXlsx(t: IndicatorTrend): Promise<Buffer> {
  const { header, rows } = trendTable(t);
  const columns = header.map((h, i) => ({ header: h, width: i === 1 ? 50 : i === 2 ? 24 : i === 0 ? 10 : i % 2 === 1 ? 12 : 22 }));
  return writeXlsx({ name: 'Chỉ tiêu qua các kỳ', columns, rows });
}

export async function indicatorTrendRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const options = { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, ...PLAN_ADDRESS };

  app.get('/plans/:planId/indicators', options, async (req, reply) => {
    const t = await indicatorTrend(deps.prisma, req.params.planId);
    if (!t) return noSuchPlan(reply);
    const { plan, cycles, rows } = t;
    const cell = (p: TrendPoint, unit: string) => {
      const cls = p.result === 'met' ? 'ok' : p.result === 'not-met' ? 'bad' : '';
      const value = p.value === undefined
        ? '—'
        : html`${num(p.value)}${unit}${p.estimate ? html` <b class="late" data-estimate="1">(${bi('ước', 'estimate')})</b>` : ''}${p.bySex ? html`<br><small>${bi(`nữ ${num(p.bySex.female)}, nam ${num(p.bySex.male)}`, `female ${num(p.bySex.female)}, male ${num(p.bySex.male)}`)}</small>` : ''}`;
      return html`<td data-result="${p.result}">${value}<br><small class="${cls}">${bi(TREND_LABELS[p.result].vi, TREND_LABELS[p.result].en)}</small></td>`;
    };
    const body = rows.length === 0
      ? html`<p id="no-indicators">${bi('Kế hoạch này không có chỉ tiêu.', 'This plan has no indicators.')}</p>`
      : html`<table id="indicator-trend"><thead><tr><th>${bi('Chỉ tiêu', 'Indicator')}</th><th>${bi('Nội dung', 'Text')}</th><th>${bi('Chỉ tiêu phấn đấu', 'Target')}</th>
${cycles.map((c) => html`<th data-cycle="${c.key}"><a href="/cycles/${plan.id}/${c.key}/indicators">${c.title}</a><br><small>${day(c.lastDay)}</small></th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr data-indicator="${r.objective}.${r.number}"><td>${r.objective}.${r.number}</td><td>${r.text ?? '—'}</td><td>${targetText(r.target) || '—'}</td>${r.points.map((p) => cell(p, r.target?.unit ? ` ${r.target.unit}` : ''))}</tr>
${(r.lines ?? []).map((l) => html`<tr data-indicator-line="${r.objective}.${r.number}" data-line="${l.line.code}"><td></td><td colspan="2">↳ ${bi(l.line.label.vi, l.line.label.en)}</td>${l.points.map((v) => html`<td data-values="${v.length}">${v.length === 0 ? '—' : bi(lineValueText(v, l.line.code, 'vi'), lineValueText(v, l.line.code, 'en'))}</td>`)}</tr>`)}`)}</tbody></table>`;
    return reply.type('text/html').send(
      page(
        `Chỉ tiêu qua các kỳ · ${plan.title}`,
        html`<h1>${bi('Kết quả các chỉ tiêu qua các kỳ báo cáo', 'Indicators across the reporting cycles')}</h1>
<p>${plan.title} · ${plan.province} · <a href="/plans/${plan.id}/rates">${bi('Tỷ lệ báo cáo', 'Reporting rates')}</a></p>
<p>${bi('Mỗi kỳ: số liệu chính thức mới nhất, nếu chưa có thì số ước thực hiện mới nhất (được đánh dấu "ước"), so với chỉ tiêu phấn đấu của năm đó. Chỉ tiêu có năm (ví dụ "đến năm 2015") chưa đạt trong các năm trước đó là "chưa đến năm mục tiêu".', 'Each cycle: the latest official figure, else the latest estimate (marked "estimate"), against the target of that year. A target with a year ("by 2015") not yet met in an earlier year is "before the target year".')}</p>
<p class="downloads"><a href="/plans/${plan.id}/indicators.xlsx">${bi('Tải bảng (XLSX)', 'Download the table (XLSX)')}</a> · <a href="/plans/${plan.id}/indicators.csv">CSV</a></p>
${body}`,
      ),
    );
  });

  app.get('/plans/:planId/indicators.csv', options, async (req, reply) => {
    const t = await indicatorTrend(deps.prisma, req.params.planId);
    if (!t) return noSuchPlan(reply);
    return sendDownload(reply, 'text/csv; charset=utf-8', { ascii: `chi-tieu-qua-cac-ky-${t.plan.id}`, utf8: `Chỉ tiêu qua các kỳ - ${t.plan.title}`, ext: 'csv' }, trendCsv(t));
  });

  app.get('/plans/:planId/indicators.xlsx', options, async (req, reply) => {
    const t = await indicatorTrend(deps.prisma, req.params.planId);
    if (!t) return noSuchPlan(reply);
    return sendDownload(reply, XLSX_TYPE, { ascii: `chi-tieu-qua-cac-ky-${t.plan.id}`, utf8: `Chỉ tiêu qua các kỳ - ${t.plan.title}`, ext: 'xlsx' }, await trendXlsx(t));
  });
}
