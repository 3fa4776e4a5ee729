// The reporting rate and on-time rate of every cycle of a plan: a closed cycle's from the summary its
// close wrote (the record the office was sent), an open cycle's live from the database.
import type { PrismaClient } from '../../db/client.ts';
import { readCycleSummary } from '../../db/stored-json.ts';
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

export interface PlanRates {
  plan: { id: string; title: string; province: string };
  points: CyclePoint[];
}

export async function planRates(prisma: PrismaClient, planId: string, now: Date): Promise<PlanRates | null> {
  const plan = await prisma.plan.findUnique({
    where: { id: planId },
    select: { id: true, title: true, province: true, cycles: { select: { id: true, key: true, title: true, lastDay: true, status: true, opensAt: true, summary: true }, orderBy: { dueAt: 'asc' } } },
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
  return { plan: { id: plan.id, title: plan.title, province: plan.province }, points };
}
