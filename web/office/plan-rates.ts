// The reporting rate and on-time rate of every cycle of a plan: a closed cycle's from the summary its
// close wrote (the record the office was sent), an open cycle's live from the database.
import type { PrismaClient } from '../../db/client.ts';
import { readCycleSummary } from '../../db/stored-json.ts';
import { planUnitLines } from '../../db/unit-lines.ts';
import type { ObligationStatus } from '../../domain/statuses.ts';
import type { UnitLine } from '../../domain/unit-lines.ts';
import { cycleRates, type Rate } from '../cycle-table.ts';

export type CycleState = 'closed' | 'open' | 'upcoming';

export interface CyclePoint {
  key: string;
  title: string;
  lastDay: string;
  state: CycleState;
  expected: number;
  reportingRate: Rate;
  onTimeRate: Rate;
}

/** One unit's obligation in one cycle, on its line: `unit` is the unit that owed it (a merged one, or the line's own). */
export interface LineCell {
  unit: { code: string; name: string };
  status: ObligationStatus;
}

/** A unit's line across the plan's cycles: its own obligations and those of the units merged into it. */
export interface RateLine {
  line: UnitLine;
  /** One per point, in the same order: usually one obligation, none when the line owed nothing then. */
  cells: LineCell[][];
}

export interface PlanRates {
  plan: { id: string; title: string; province: string };
  points: CyclePoint[];
  /** Absent above LINES_LIMIT units (a 20,000-unit plan's page stays a chart and a table of cycles). */
  lines?: RateLine[];
}

/** Above this many units the page leaves the lines out: the cycle's own table lists each unit. */
export const LINES_LIMIT = 2000;

/** Each unit's line (domain/unit-lines.ts): a merged unit's obligations on its successor's line, no line of its own. */
export async function rateLines(prisma: PrismaClient, planId: string, cycleIds: string[], limit = LINES_LIMIT): Promise<RateLine[] | undefined> {
  if ((await prisma.unit.count({ where: { planId } })) > limit) return undefined;
  const [{ lines, lineOfId }, obligations] = await Promise.all([
    planUnitLines(prisma, planId),
    prisma.obligation.findMany({ where: { cycle: { planId } }, select: { cycleId: true, unitId: true, status: true, unit: { select: { code: true, name: true } } } }),
  ]);
  const column = new Map(cycleIds.map((id, i) => [id, i]));
  const rows = new Map(lines.map((l) => [l.code, { line: l, cells: cycleIds.map((): LineCell[] => []) }]));
  for (const o of obligations) {
    const i = column.get(o.cycleId);
    const row = rows.get(lineOfId.get(o.unitId) ?? '');
    if (i === undefined || !row) continue;
    row.cells[i]!.push({ unit: o.unit, status: o.status });
    // The line's own unit first, then the merged ones by name.
    row.cells[i]!.sort((a, b) => Number(b.unit.code === row.line.code) - Number(a.unit.code === row.line.code) || a.unit.name.localeCompare(b.unit.name, 'vi'));
  }
  return [...rows.values()];
}

/** `linesLimit`: the most units whose lines are read (the CSV reads every unit's). */
export async function planRates(prisma: PrismaClient, planId: string, now: Date, linesLimit = LINES_LIMIT): Promise<PlanRates | null> {
  const plan = await prisma.plan.findUnique({
    where: { id: planId },
    select: { id: true, title: true, province: true, cycles: { select: { id: true, key: true, title: true, lastDay: true, status: true, opensAt: true, summary: true }, orderBy: [{ dueAt: 'asc' }, { key: 'asc' }] } },
  });
  if (!plan) return null;
  const points: CyclePoint[] = [];
  for (const c of plan.cycles) {
    const base = { key: c.key, title: c.title, lastDay: c.lastDay };
    const s = readCycleSummary(c.summary, c.id);
    if (c.status === 'closed' && s) {
      points.push({ ...base, state: 'closed', expected: s.expected, reportingRate: s.reportingRate, onTimeRate: s.onTimeRate });
      continue;
    }
    // A handful of cycles per plan, two aggregate queries each: no per-obligation work.
    const live = await cycleRates(prisma, c.id);
    const state: CycleState = c.status === 'closed' ? 'closed' : c.opensAt <= now ? 'open' : 'upcoming';
    points.push({ ...base, state, expected: live.expected, reportingRate: live.reportingRate, onTimeRate: live.onTimeRate });
  }
  const lines = await rateLines(prisma, planId, plan.cycles.map((c) => c.id), linesLimit);
  return { plan: { id: plan.id, title: plan.title, province: plan.province }, points, ...(lines ? { lines } : {}) };
}
