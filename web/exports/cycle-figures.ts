// The figures a cycle asks for, as columns of the cycle's table (CSV and XLSX): one column per figure
// the cycle defines, in the plan's order, holding the latest version's value for each unit. The latest
// version is the unit's last word, so a correction replaces the figures; a later version without
// figures (a paper note, say) leaves its columns empty rather than showing figures it superseded.
import type { PrismaClient } from '../../db/client.ts';
import { readCycleFigures, readSubmissionFigures } from '../../db/stored-json.ts';
import type { FigureValues } from '../../domain/figure-values.ts';
import type { PlanFigure } from '../../domain/plan-schema.ts';
import type { XlsxColumn } from './workbook.ts';

export interface CycleFigures {
  defs: PlanFigure[];
  /** Obligation id → its latest version's values. */
  latest: Map<string, FigureValues>;
}

export async function cycleFigures(prisma: PrismaClient, cycleId: string): Promise<CycleFigures> {
  const cycle = await prisma.cycle.findUnique({ where: { id: cycleId }, select: { figures: true } });
  const defs = cycle ? readCycleFigures(cycle.figures, cycleId) : [];
  if (defs.length === 0) return { defs, latest: new Map() };
  // Oldest first, so each obligation's last row is its latest version (ties as web/submission-versions.ts orders them).
  const rows = await prisma.submission.findMany({
    where: { obligation: { is: { cycleId } } },
    select: { id: true, obligationId: true, figures: true },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
  });
  const latest = new Map<string, FigureValues>();
  for (const r of rows) latest.set(r.obligationId, readSubmissionFigures(r.figures, r.id));
  return { defs, latest };
}

/** "Số vụ việc (vụ)": the figure's name with its unit of measure. */
export function figureColumns(defs: PlanFigure[]): XlsxColumn[] {
  return defs.map((f) => ({ header: f.unit ? `${f.name} (${f.unit})` : f.name, width: f.type === 'text' ? 30 : 14 }));
}

/**
 * The cells of one unit's figures: numbers stay numbers (a number cell in the XLSX, a plain decimal
 * with a dot in the CSV, what every tool reads), text stays text.
 */
export function figureCells(f: CycleFigures, obligationId: string): (string | number | null)[] {
  const values = f.latest.get(obligationId);
  return f.defs.map((d) => values?.[d.key] ?? null);
}
