// The office's indicator table of a cycle (issue 14 §1): the page, and the same table as CSV and XLSX.
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../deps.ts';
import { indicatorRows } from '../../db/indicator-rows.ts';
import { OFFICE_READERS } from '../auth/access.ts';
import { getCycleResource } from '../cycle-address.ts';
import { toCsv } from '../exports/csv.ts';
import { sendDownload } from '../exports/disposition.ts';
import { writeXlsx, XLSX_TYPE } from '../exports/workbook.ts';
import { day } from '../dates.ts';
import { bi, html, page } from '../html.ts';
import { INDICATOR_COLUMNS, indicatorExportRows, indicatorTableHtml } from './indicator-table.ts';

export async function indicatorRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;
  const base = '/cycles/:planId/:cycleKey/indicators';
  const name = (cycle: { key: string; title: string }, ext: string) => ({ ascii: `chi-tieu-${cycle.key}`, utf8: `Chỉ tiêu - ${cycle.title} (${cycle.key})`, ext });

  getCycleResource(app, prisma, base, OFFICE_READERS, async (cycle, reply) => {
    const rows = await indicatorRows(prisma, cycle.id);
    const here = `/cycles/${cycle.plan.id}/${cycle.key}`;
    return reply.type('text/html').send(
      page(
        `Chỉ tiêu · ${cycle.title}`,
        html`<h1>${bi('Kết quả thực hiện các chỉ tiêu', 'Results against the indicators')}</h1>
<p><a href="${here}">${cycle.title}</a> · ${cycle.plan.title} · ${bi('hạn', 'due')} ${day(cycle.lastDay)}</p>
<p>${bi('Giá trị dùng: số liệu chính thức mới nhất, nếu chưa có thì số ước thực hiện mới nhất (được đánh dấu "ước").', 'Value used: the latest official figure, else the latest estimate (marked "estimate").')}</p>
<p><a href="/plans/${cycle.plan.id}/indicators">${bi('Các chỉ tiêu qua các kỳ của kế hoạch', 'The plan\'s indicators across its cycles')}</a></p>
<p>${bi('Tổng toàn tỉnh: theo cách kế hoạch quy định cho chỉ tiêu (tổng, trung bình hoặc số mới nhất), trên các đơn vị đã báo cáo chỉ tiêu trong kỳ.', 'Province total: as the plan declares for the indicator (sum, mean or latest), over the units that reported it in the cycle.')} ${bi('Chỉ tiêu giao cho nhiều đơn vị hoặc chia theo địa bàn: "n/N" và số liệu của từng đơn vị, địa bàn; kết quả so với chỉ tiêu tính trên tổng toàn tỉnh.', 'An indicator asked of several units or split by locality: "n/N" and each one\'s value; the result against the target is judged on the province total.')}</p>
<p class="downloads"><a href="${here}/indicators.xlsx">${bi('Tải bảng chỉ tiêu (XLSX)', 'Download the indicator table (XLSX)')}</a> · <a href="${here}/indicators.csv">CSV</a></p>
${indicatorTableHtml(rows)}`,
      ),
    );
  });

  getCycleResource(app, prisma, `${base}.csv`, OFFICE_READERS, async (cycle, reply) => {
    const rows = await indicatorRows(prisma, cycle.id);
    return sendDownload(reply, 'text/csv; charset=utf-8', name(cycle, 'csv'), toCsv(INDICATOR_COLUMNS.map((c) => c.header), indicatorExportRows(rows)));
  });

  getCycleResource(app, prisma, `${base}.xlsx`, OFFICE_READERS, async (cycle, reply) => {
    const rows = await indicatorRows(prisma, cycle.id);
    const bytes = await writeXlsx({ name: `Chỉ tiêu ${cycle.key}`, columns: INDICATOR_COLUMNS, rows: indicatorExportRows(rows) });
    return sendDownload(reply, XLSX_TYPE, name(cycle, 'xlsx'), bytes);
  });
}
