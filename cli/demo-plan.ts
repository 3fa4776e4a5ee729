// The embedded demo: plans/demo.yaml with its cycle moved so that it is always current when
// `npm run dev` starts (last day in 10 days, so the earliest reminder is already due and is sent once).
import path from 'node:path';
import { addDays, localDateAt } from '../domain/calendar.ts';
import type { Plan } from '../domain/plan-schema.ts';
import { readPlanFile } from './plan-commands.ts';

export const DEMO_PLAN_FILE = path.resolve(import.meta.dirname, '../plans/demo.yaml');

export async function currentDemoPlan(now: Date): Promise<{ plan: Plan; source: string }> {
  const { plan, source } = await readPlanFile(DEMO_PLAN_FILE);
  const today = localDateAt(now);
  const cycles = plan.cycles.map((c) => ({ ...c, due: { date: addDays(today, 10), rule: 'by' as const }, opensOn: addDays(today, -20) }));
  return { plan: { ...plan, cycles }, source };
}
