// An indicator's trend over a plan's cycles (issue 14 §1): for each indicator, its value in each cycle
// in order of deadline (the latest official value, else the latest estimate, as the cycle's own table
// chooses: domain/indicator-result.ts), judged against the target as it stands in the cycle's year
// (domain/indicator-aggregate.ts trendResult). The office's page /plans/PLAN/indicators and its CSV read it.
import { provinceTotal, trendResult, type TrendResult } from '../domain/indicator-aggregate.ts';
import { readAskedOf } from '../domain/indicator-asked.ts';
import { chooseFigure } from '../domain/indicator-result.ts';
import type { IndicatorRow } from '../domain/report-rows.ts';
import type { UnitLine } from '../domain/unit-lines.ts';
import type { PrismaClient } from './client.ts';
import { Aggregate, Direction, storedTarget } from './indicator-rows.ts';
import { planUnitLines } from './unit-lines.ts';

export interface TrendCycle {
  key: string;
  title: string;
  /** yyyy-mm-dd, Vietnam time. */
  lastDay: string;
  /** The year whose target the cycle is judged against: its last day's. */
  year: number;
}

export interface TrendPoint {
  value?: number;
  bySex?: { female: number; male: number };
  estimate: boolean;
  result: TrendResult;
}

/** One unit's value on a unit line in one cycle (the value that counts for that unit: chooseFigure). */
export interface LineValue {
  unit: { code: string; name: string };
  value: number;
  estimate: boolean;
}

/**
 * The values of the units on one line (domain/unit-lines.ts: a merged unit's on its successor's), one
 * list per cycle of IndicatorTrend.cycles, usually of one value, empty when none was reported.
 */
export interface TrendLine {
  line: UnitLine;
  points: LineValue[][];
}

export interface TrendRow {
  objective: number;
  number: number;
  text?: string;
  target?: IndicatorRow['target'];
  /** One per cycle of IndicatorTrend.cycles, in the same order. */
  points: TrendPoint[];
  /** Each reporting unit's line, when more than one unit reported the indicator (else the row is that unit's). */
  lines?: TrendLine[];
}

export interface IndicatorTrend {
  plan: { id: string; title: string; province: string };
  cycles: TrendCycle[];
  rows: TrendRow[];
}

export async function indicatorTrend(prisma: PrismaClient, planId: string): Promise<IndicatorTrend | null> {
  const plan = await prisma.plan.findUnique({ where: { id: planId }, select: { id: true, title: true, province: true } });
  if (!plan) return null;
  const [allCycles, indicators, unitLines] = await Promise.all([
    prisma.cycle.findMany({ where: { planId }, select: { id: true, key: true, title: true, lastDay: true, request: true }, orderBy: [{ dueAt: 'asc' }, { key: 'asc' }] }),
    prisma.indicator.findMany({ where: { planId }, orderBy: [{ objectiveNumber: 'asc' }, { number: 'asc' }], include: { figures: true } }),
    planUnitLines(prisma, planId),
  ]);
  // The plan's own cycles, and a one-off request only where a value was reported for it: a request
  // asking for something else (or for an earlier cycle's official value) is no point on the line.
  const withFigures = new Set(indicators.flatMap((i) => i.figures.map((f) => f.cycleId)));
  const cycles = allCycles.filter((c) => c.request === null || withFigures.has(c.id));
  const rows = indicators.map((i): TrendRow => {
    const target = storedTarget(i, Direction.parse(i.direction));
    const points = cycles.map((c): TrendPoint => {
      // The units' own values (a part by locality is not one); over several units asked, the province total.
      const own = i.figures.filter((f) => f.cycleId === c.id && f.localityUnitId === null);
      // Without an aggregate, several units' values make no one point.
      const total = provinceTotal(Aggregate.parse(i.aggregate), own);
      const used = readAskedOf(i.askedOf) === 'lead'
        ? chooseFigure(own).used
        : total && { value: total.value, female: total.bySex?.female ?? null, male: total.bySex?.male ?? null, estimate: total.estimate };
      const bySex = used && used.female !== null && used.male !== null ? { female: used.female, male: used.male } : undefined;
      return {
        ...(used ? { value: used.value } : {}),
        ...(bySex ? { bySex } : {}),
        estimate: used?.estimate ?? false,
        result: trendResult(target, Number(c.lastDay.slice(0, 4)), used?.value, bySex),
      };
    });
    const lines = trendLines(i.figures, cycles.map((c) => c.id), unitLines);
    return { objective: i.objectiveNumber, number: i.number, ...(i.text === null ? {} : { text: i.text }), ...(target ? { target } : {}), points, ...(lines ? { lines } : {}) };
  });
  return { plan, cycles: cycles.map((c) => ({ key: c.key, title: c.title, lastDay: c.lastDay, year: Number(c.lastDay.slice(0, 4)) })), rows };
}

type StoredFigure = Parameters<typeof chooseFigure>[0][number] & { cycleId: string; unitId: string; value: number; reportedBy: string };

/** Each line's values per cycle, when more than one unit reported the indicator; lines nobody on reported are left out. */
function trendLines(figures: StoredFigure[], cycleIds: string[], u: Awaited<ReturnType<typeof planUnitLines>>): TrendLine[] | undefined {
  const reported = figures.filter((f) => cycleIds.includes(f.cycleId));
  if (new Set(reported.map((f) => f.unitId)).size < 2) return undefined;
  return u.lines
    .map((line): TrendLine => ({
      line,
      points: cycleIds.map((cycleId) => {
        const mine = reported.filter((f) => f.cycleId === cycleId && u.lineOfId.get(f.unitId) === line.code);
        // One value per unit that owed it (the line's own unit first), each the one that counts for that unit.
        const units = [...new Set(mine.map((f) => f.unitId))].sort((a, b) => Number(u.codeOfId.get(b) === line.code) - Number(u.codeOfId.get(a) === line.code));
        return units.flatMap((unitId) => {
          const { used } = chooseFigure(mine.filter((f) => f.unitId === unitId));
          return used ? [{ unit: { code: u.codeOfId.get(unitId) ?? '', name: used.reportedBy }, value: used.value, estimate: used.estimate }] : [];
        });
      }),
    }))
    .filter((l) => l.points.some((p) => p.length > 0));
}
