// The standing committee's escalation list of one cycle: a printable A4 document and the same columns
// as XLSX.
import type { FastifyInstance } from 'fastify';
import { formatDate } from '../../domain/calendar.ts';
import type { WebDeps } from '../deps.ts';
import { formatContactList } from '../../domain/contacts.ts';
import { COLUMN } from '../exports/cycle-sheet.ts';
import { sendDownload } from '../exports/disposition.ts';
import { writeXlsx, XLSX_TYPE, type XlsxColumn } from '../exports/workbook.ts';
import { html } from '../html.ts';
import { getCycleResource } from '../cycle-address.ts';
import { escalationList, historyText } from './escalation-list.ts';
import { committeeDocument } from './list-document.ts';
import { OFFICE_READERS } from '../auth/access.ts';

const COLUMNS: XlsxColumn[] = [
  COLUMN.number,
  COLUMN.unitCode,
  { header: 'Đơn vị', width: 36 },
  COLUMN.deadline,
  COLUMN.daysOverdue,
  COLUMN.reminders,
  COLUMN.contacts,
  { header: 'Các kỳ trước', width: 40 },
];

export async function committeeRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;

  getCycleResource(app, prisma, '/committee/:planId/:cycleKey', OFFICE_READERS, async (cycle, reply) => {
    const now = deps.clock();
    const rows = await escalationList(prisma, cycle, now);
    const base = `/committee/${cycle.plan.id}/${cycle.key}`;
    const nav = html`<a href="/">dondoc</a><a href="/cycles/${cycle.plan.id}/${cycle.key}">Kỳ báo cáo <span class="en">Cycle</span></a><a href="/plans/${cycle.plan.id}/rates">Tỷ lệ báo cáo <span class="en">Rates</span></a><a href="${base}/export.xlsx">Tải XLSX <span class="en">Download XLSX</span></a> · In trên khổ A4 (Ctrl+P) <span class="en">Print on A4</span>`;
    return reply.type('text/html').send(committeeDocument(cycle, rows, now, nav));
  });

  getCycleResource(app, prisma, '/committee/:planId/:cycleKey/export.xlsx', OFFICE_READERS, async (cycle, reply) => {
    const rows = await escalationList(prisma, cycle, deps.clock());
    const bytes = await writeXlsx({
      name: `Quá hạn ${cycle.key}`,
      columns: COLUMNS,
      rows: rows.map((r, i) => [i + 1, r.unitCode, r.unitName, formatDate(r.lastDay), r.daysOverdue, r.remindersSent, formatContactList(r.contacts), historyText(r.history)]),
    });
    return sendDownload(reply, XLSX_TYPE, { ascii: `chua-nop-${cycle.key}`, utf8: `Đơn vị chưa nộp - ${cycle.title} (${cycle.key})`, ext: 'xlsx' }, bytes);
  });
}
