// The indicator table of one cycle (issue 14 §1): one row per indicator of the cycle's plan, in the
// plan's order, with the value that counts (the latest official one, else the latest estimate:
// domain/indicator-result.ts), who reported it and when, and the result against the target. The
// office's page, its exports and the compiled report (§3) read it.
import { z } from 'zod';
import { provinceTotal } from '../domain/indicator-aggregate.ts';
import { chooseFigure, indicatorResult } from '../domain/indicator-result.ts';
import type { IndicatorRow, TargetDirection } from '../domain/report-rows.ts';
import type { PrismaClient } from './client.ts';

export const Direction = z.enum(['at-least', 'at-most', 'reach']) satisfies z.ZodType<TargetDirection>;
export const Aggregate = z.enum(['sum', 'mean', 'latest', 'none']);

export async function indicatorRows(prisma: PrismaClient, cycleId: string): Promise<IndicatorRow[]> {
  const cycle = await prisma.cycle.findUnique({ where: { id: cycleId }, select: { planId: true } });
  if (!cycle) return [];
  const indicators = await prisma.indicator.findMany({
    where: { planId: cycle.planId },
    orderBy: [{ objectiveNumber: 'asc' }, { number: 'asc' }],
    include: { figures: { where: { cycleId } } },
  });
  const leadCodes = [...new Set(indicators.map((i) => i.leadCode).filter((c): c is string => c !== null))];
  const names = new Map((await prisma.unit.findMany({ where: { planId: cycle.planId, code: { in: leadCodes } }, select: { code: true, name: true } })).map((u) => [u.code, u.name]));
  return indicators.map((i) => {
    // Written by db/plan-indicators.ts from the plan's schema: a value outside it is a broken row.
    const direction = Direction.parse(i.direction);
    const aggregate = Aggregate.parse(i.aggregate);
    const target = storedTarget(i, direction);
    const { used, replacedEstimate } = chooseFigure(i.figures);
    const bySex = used && used.female !== null && used.male !== null ? { female: used.female, male: used.male } : undefined;
    const total = provinceTotal(aggregate, i.figures);
    const row: IndicatorRow = {
      objective: i.objectiveNumber,
      number: i.number,
      ...(i.text === null ? {} : { text: i.text }),
      ...(target ? { target } : {}),
      ...(i.leadCode && names.has(i.leadCode) ? { lead: names.get(i.leadCode)! } : {}),
      estimate: used?.estimate ?? false,
      result: indicatorResult(target, used?.value, bySex),
      ...(aggregate === 'none' ? {} : { aggregate }),
      ...(total ? { total } : {}),
    };
    if (used) {
      row.value = used.value;
      if (bySex) row.bySex = { ...bySex, total: used.value };
      row.reportedBy = used.reportedBy;
      row.reportedAt = used.reportedAt;
    }
    if (replacedEstimate) row.replacedEstimate = { value: replacedEstimate.value, reportedBy: replacedEstimate.reportedBy, reportedAt: replacedEstimate.reportedAt };
    return row;
  });
}

/** The target as stored by db/plan-indicators.ts; shared with the trend across cycles (db/indicator-trend.ts). */
export function storedTarget(
  i: { targetValue: number | null; targetUnit: string | null; targetYear: number | null; targetPerSex: boolean },
  direction: TargetDirection,
): IndicatorRow['target'] {
  if (i.targetValue === null) return undefined;
  return { value: i.targetValue, unit: i.targetUnit ?? '', ...(i.targetYear === null ? {} : { year: i.targetYear }), direction, ...(i.targetPerSex ? { perSex: true } : {}) };
}
