// Downloads of a cycle's table for the office: CSV (for any tool) and XLSX (for Excel), the same
// columns as web/exports/cycle-sheet.ts, read through the shared read model (web/cycle-table.ts).
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../deps.ts';
import { toCsv } from './csv.ts';
import { CYCLE_COLUMNS, cycleSheetRows } from './cycle-sheet.ts';
import { sendDownload } from './disposition.ts';
import { writeXlsx, XLSX_TYPE } from './workbook.ts';
import { cycleRows } from '../cycle-table.ts';
import { getCycleResource } from '../cycle-address.ts';
import { OFFICE_READERS } from '../auth/access.ts';

export async function exportRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;
  const name = (cycle: { key: string; title: string }, ext: string) => ({ ascii: `bao-cao-${cycle.key}`, utf8: `${cycle.title} (${cycle.key})`, ext });

  getCycleResource(app, prisma, '/cycles/:planId/:cycleKey/export.csv', OFFICE_READERS, async (cycle, reply) => {
    const rows = await cycleRows(prisma, cycle, deps.clock());
    const csv = toCsv(CYCLE_COLUMNS.map((c) => c.header), cycleSheetRows(rows));
    return sendDownload(reply, 'text/csv; charset=utf-8', name(cycle, 'csv'), csv);
  });

  getCycleResource(app, prisma, '/cycles/:planId/:cycleKey/export.xlsx', OFFICE_READERS, async (cycle, reply) => {
    const rows = await cycleRows(prisma, cycle, deps.clock());
    const bytes = await writeXlsx({ name: cycle.key, columns: CYCLE_COLUMNS, rows: cycleSheetRows(rows) });
    return sendDownload(reply, XLSX_TYPE, name(cycle, 'xlsx'), bytes);
  });
}
