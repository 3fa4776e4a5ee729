// Downloads of a cycle's table for the office: CSV (for any tool) and XLSX (for Excel), the same
// columns as web/export/cycle-sheet.ts, read through the shared read model.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebDeps } from '../app.ts';
import { toCsv } from '../export/csv.ts';
import { CYCLE_COLUMNS, cycleSheetRows } from '../export/cycle-sheet.ts';
import { attachment } from '../export/disposition.ts';
import { writeXlsx, XLSX_TYPE } from '../export/workbook.ts';
import { cycleRows, findCycle } from '../read/cycle-table.ts';
import { CYCLE_ADDRESS, noSuchCycle } from './not-found.ts';
import { OFFICE_READERS } from '../auth/access.ts';

export async function exportRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;

  app.get('/cycles/:planId/:cycleKey/export.csv', { config: { access: OFFICE_READERS }, ...CYCLE_ADDRESS }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const rows = await cycleRows(prisma, cycle, deps.clock());
    const csv = toCsv(CYCLE_COLUMNS.map((c) => c.header), cycleSheetRows(rows));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', attachment(`bao-cao-${cycle.key}`, `${cycle.title} (${cycle.key})`, 'csv'))
      .header('cache-control', 'no-store')
      .send(csv);
  });

  app.get('/cycles/:planId/:cycleKey/export.xlsx', { config: { access: OFFICE_READERS }, ...CYCLE_ADDRESS }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const rows = await cycleRows(prisma, cycle, deps.clock());
    const bytes = await writeXlsx({ name: cycle.key, columns: CYCLE_COLUMNS, rows: cycleSheetRows(rows) });
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', attachment(`bao-cao-${cycle.key}`, `${cycle.title} (${cycle.key})`, 'xlsx'))
      .header('cache-control', 'no-store')
      .send(bytes);
  });
}
