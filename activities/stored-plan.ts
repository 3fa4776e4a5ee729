// The stored plan's validated form (Plan.source re-read), for activities that need the plan's own
// policy rather than a cycle's precomputed timeline: e.g. the escalation date after an extension.
// Parsing a 20,000-unit plan takes seconds, so each worker process keeps the last parse of each
// plan and reuses it while the stored source is unchanged (a reload replaces the source).
import { parsePlan } from '../domain/plan-file.ts';
import type { Plan } from '../domain/plan-schema.ts';

const parsed = new Map<string, { source: string; plan: Plan | undefined }>();

/** The plan as validated from its stored source; undefined when the source no longer validates. */
export function storedPlan(row: { id: string; source: string }): Plan | undefined {
  const hit = parsed.get(row.id);
  if (hit && hit.source === row.source) return hit.plan;
  const r = parsePlan(row.source);
  const plan = r.ok ? r.plan : undefined;
  parsed.set(row.id, { source: row.source, plan });
  return plan;
}
