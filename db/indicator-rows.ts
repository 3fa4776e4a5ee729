// The indicator table of one cycle (issue 14 §1): one row per indicator of the cycle's plan, in the
// plan's order, with the value that counts (the latest official one, else the latest estimate:
// domain/indicator-result.ts), who reported it and when, and the result against the target; for an
// indicator asked of several units (`askedOf`), the province total and each unit's value, judged on the
// total; for one split by locality (`byLocality`), each locality's part of the lead unit's value. The
// office's page, its exports and the compiled report (§3) read it.
import { z } from 'zod';
import { provinceTotal } from '../domain/indicator-aggregate.ts';
import { breakdown, isAsked, readAskedOf } from '../domain/indicator-asked.ts';
import { chooseFigure, indicatorResult } from '../domain/indicator-result.ts';
import type { Breakdown, IndicatorRow, TargetDirection } from '../domain/report-rows.ts';
import type { PrismaClient } from './client.ts';
import { localityUnits } from './indicator-figures.ts';

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
  const owing = indicators.some((i) => i.askedOf !== 'lead')
    ? (await prisma.obligation.findMany({ where: { cycleId }, select: { unit: { select: { id: true, code: true, name: true, kind: true } } } })).map((o) => o.unit).sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code))
    : [];
  const localities = indicators.some((i) => i.byLocality) ? await localityUnits(prisma, cycle.planId, cycleId) : [];
  return indicators.map((i) => {
    const askedOf = readAskedOf(i.askedOf);
    // A part by locality is not a unit's own value: the lead unit's own value is the total of its parts.
    const own = i.figures.filter((f) => f.localityUnitId === null);
    if (askedOf !== 'lead') {
      const asked = owing.filter((u) => isAsked(askedOf, i.leadCode, u));
      const parts = breakdown(asked.map((u) => ({ code: u.code, name: u.name, figures: own.filter((f) => f.unitId === u.id) })));
      return severalUnitsRow({ ...i, figures: own }, names, { by: 'unit', ...parts });
    }
    // Written by db/plan-indicators.ts from the plan's schema: a value outside it is a broken row.
    const direction = Direction.parse(i.direction);
    const aggregate = Aggregate.parse(i.aggregate);
    const target = storedTarget(i, direction);
    const { used, replacedEstimate } = chooseFigure(own);
    const bySex = used && used.female !== null && used.male !== null ? { female: used.female, male: used.male } : undefined;
    const total = provinceTotal(aggregate, own);
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
    if (i.byLocality) {
      // The parts sent with the value that counts (the same unit, the same submission).
      const sent = used ? i.figures.filter((f) => f.localityUnitId !== null && f.submissionId === used.submissionId) : [];
      row.breakdown = { by: 'locality', ...breakdown(localities.map((l) => ({ code: l.code, name: l.name, figures: sent.filter((f) => f.localityUnitId === l.id) }))) };
    }
    return row;
  });
}

type StoredIndicator = Parameters<typeof storedTarget>[0] & {
  objectiveNumber: number; number: number; text: string | null; leadCode: string | null; direction: string; aggregate: string;
};

/**
 * An indicator asked of several units: its value is the province total (the plan's aggregate) over
 * them, judged against the target; without an aggregate there is no one value, only each unit's.
 */
function severalUnitsRow(i: StoredIndicator & { figures: Parameters<typeof provinceTotal>[1] }, names: Map<string, string>, b: Breakdown): IndicatorRow {
  const target = storedTarget(i, Direction.parse(i.direction));
  const aggregate = Aggregate.parse(i.aggregate);
  const total = provinceTotal(aggregate, i.figures);
  return {
    objective: i.objectiveNumber,
    number: i.number,
    ...(i.text === null ? {} : { text: i.text }),
    ...(target ? { target } : {}),
    ...(i.leadCode && names.has(i.leadCode) ? { lead: names.get(i.leadCode)! } : {}),
    estimate: total?.estimate ?? false,
    result: indicatorResult(target, total?.value, total?.bySex),
    ...(aggregate === 'none' ? {} : { aggregate }),
    ...(total ? { total, value: total.value, ...(total.bySex ? { bySex: { ...total.bySex, total: total.value } } : {}) } : {}),
    breakdown: b,
  };
}

/** The target as stored by db/plan-indicators.ts; shared with the trend across cycles (db/indicator-trend.ts). */
export function storedTarget(
  i: { targetValue: number | null; targetUnit: string | null; targetYear: number | null; targetPerSex: boolean },
  direction: TargetDirection,
): IndicatorRow['target'] {
  if (i.targetValue === null) return undefined;
  return { value: i.targetValue, unit: i.targetUnit ?? '', ...(i.targetYear === null ? {} : { year: i.targetYear }), direction, ...(i.targetPerSex ? { perSex: true } : {}) };
}
