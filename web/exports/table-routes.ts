// Downloads of a cycle's table for the office: CSV (for any tool) and XLSX (for Excel), the same
// columns as web/exports/cycle-sheet.ts, read through the shared read model (web/cycle-table.ts), then
// one column per figure the cycle asks for (web/exports/cycle-figures.ts).
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../deps.ts';
import { toCsv } from './csv.ts';
import { CYCLE_COLUMNS, cycleSheetRows } from './cycle-sheet.ts';
import { sendDownload } from './disposition.ts';
import { writeXlsx, XLSX_TYPE } from './workbook.ts';
import { cycleRows, type CycleHead } from '../cycle-table.ts';
import { cycleFigures, figureCells, figureColumns } from './cycle-figures.ts';
import { getCycleResource } from '../cycle-address.ts';
import { OFFICE_READERS } from '../auth/access.ts';

export async function exportRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;
  const name = (cycle: { key: string; title: string }, ext: string) => ({ ascii: `bao-cao-${cycle.key}`, utf8: `${cycle.title} (${cycle.key})`, ext });

  /** The table's columns and rows: the cycle's own, then its figures. */
  async function table(cycle: CycleHead) {
    const [rows, figures] = await Promise.all([cycleRows(prisma, cycle, deps.clock()), cycleFigures(prisma, cycle.id)]);
    const cells = cycleSheetRows(rows);
    return { columns: [...CYCLE_COLUMNS, ...figureColumns(figures.defs)], rows: rows.map((r, i) => [...cells[i]!, ...figureCells(figures, r.obligationId)]) };
  }

  getCycleResource(app, prisma, '/cycles/:planId/:cycleKey/export.csv', OFFICE_READERS, async (cycle, reply) => {
    const t = await table(cycle);
    return sendDownload(reply, 'text/csv; charset=utf-8', name(cycle, 'csv'), toCsv(t.columns.map((c) => c.header), t.rows));
  });

  getCycleResource(app, prisma, '/cycles/:planId/:cycleKey/export.xlsx', OFFICE_READERS, async (cycle, reply) => {
    const t = await table(cycle);
    const bytes = await writeXlsx({ name: cycle.key, columns: t.columns, rows: t.rows });
    return sendDownload(reply, XLSX_TYPE, name(cycle, 'xlsx'), bytes);
  });
}
