// The standing committee's escalation list of one cycle: a printable A4 document and the same columns
// as XLSX.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatDate } from '../../domain/calendar.ts';
import type { WebDeps } from '../app.ts';
import { contactsText } from '../export/cycle-sheet.ts';
import { attachment } from '../export/disposition.ts';
import { writeXlsx, XLSX_TYPE, type XlsxColumn } from '../export/workbook.ts';
import { html } from '../html.ts';
import { findCycle } from '../read/cycle-table.ts';
import { escalationList, historyText } from '../read/escalation-list.ts';
import { committeeDocument } from './committee-view.ts';
import { CYCLE_ADDRESS, noSuchCycle } from './not-found.ts';
import { OFFICE_READERS } from '../auth/access.ts';

const COLUMNS: XlsxColumn[] = [
  { header: 'STT', width: 6 },
  { header: 'Mã đơn vị', width: 18 },
  { header: 'Đơn vị', width: 36 },
  { header: 'Hạn nộp', width: 12 },
  { header: 'Số ngày quá hạn', width: 10 },
  { header: 'Số lần đã nhắc', width: 10 },
  { header: 'Đầu mối liên hệ', width: 40 },
  { header: 'Các kỳ trước', width: 40 },
];

export async function committeeRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;

  app.get('/committee/:planId/:cycleKey', { config: { access: OFFICE_READERS }, ...CYCLE_ADDRESS }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const now = deps.clock();
    const rows = await escalationList(prisma, cycle, now);
    const base = `/committee/${cycle.plan.id}/${cycle.key}`;
    const nav = html`<a href="/">dondoc</a><a href="/cycles/${cycle.plan.id}/${cycle.key}">Kỳ báo cáo <span class="en">Cycle</span></a><a href="/plans/${cycle.plan.id}/rates">Tỷ lệ báo cáo <span class="en">Rates</span></a><a href="${base}/export.xlsx">Tải XLSX <span class="en">Download XLSX</span></a> · In trên khổ A4 (Ctrl+P) <span class="en">Print on A4</span>`;
    return reply.type('text/html').send(committeeDocument(cycle, rows, now, nav));
  });

  app.get('/committee/:planId/:cycleKey/export.xlsx', { config: { access: OFFICE_READERS }, ...CYCLE_ADDRESS }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const rows = await escalationList(prisma, cycle, deps.clock());
    const bytes = await writeXlsx({
      name: `Quá hạn ${cycle.key}`,
      columns: COLUMNS,
      rows: rows.map((r, i) => [i + 1, r.unitCode, r.unitName, formatDate(r.lastDay), r.daysOverdue, r.remindersSent, contactsText(r.contacts), historyText(r.history)]),
    });
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', attachment(`chua-nop-${cycle.key}`, `Đơn vị chưa nộp - ${cycle.title} (${cycle.key})`, 'xlsx'))
      .header('cache-control', 'no-store')
      .send(bytes);
  });
}
