// threeUnitPlan (plans.ts) with tasks (nhiệm vụ): the tests of issue 14 §2 (tasks stored, reminded,
// reported, shown on the office's board).
import { parse, stringify } from 'yaml';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { threeUnitPlan } from './plans.ts';

export interface TestTask {
  ref: string;
  title: string;
  lead: string;
  coordinating?: string[];
  due?: string;
}

export function taskPlan(opts: Parameters<typeof threeUnitPlan>[0] & { tasks: TestTask[]; workingDaysOnly?: boolean }): { plan: Plan; source: string } {
  const { tasks, workingDaysOnly, ...rest } = opts;
  const doc = parse(threeUnitPlan(rest).source) as Record<string, unknown> & { reminders: Record<string, unknown> };
  doc.tasks = tasks.map((t) => ({ coordinating: [], ...t }));
  if (workingDaysOnly !== undefined) doc.reminders.workingDaysOnly = workingDaysOnly;
  const source = stringify(doc);
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}
