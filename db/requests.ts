// Stores a one-off request (domain/one-off-request.ts) as a cycle of kind "one-off" of its plan, with
// one obligation per unit, in one transaction: either all of it or, on any refusal, nothing. The
// request's definition is kept on the cycle (Cycle.request), because the plan file does not hold it;
// re-importing the plan file leaves the cycle as it is (db/plans.ts writes only the file's cycles, and
// plan-checks.ts keeps the "req-" keys out of plan files).
import type { PrismaClient } from './client.ts';
import { isUniqueViolation, withBusyRetry } from './client.ts';
import { cycleId, obligationId } from '../domain/ids.ts';
import { planRequest, sameRequest, type PlannedRequest, type StoredRequest, type ValidRequestInput } from '../domain/one-off-request.ts';
import { parsePlan } from '../domain/plan-file.ts';
import type { Plan } from '../domain/plan-schema.ts';
import type { StoredCycle } from './plans.ts';
import { readCycleRequest, readCycleTimeline, timelineToJson } from './stored-json.ts';

export type RefusalKind = 'no-plan' | 'invalid' | 'duplicate';

/** A request that was not stored, with every reason (bilingual "vi / en"). */
export class RequestRefused extends Error {
  override name = 'RequestRefused';
  constructor(
    readonly kind: RefusalKind,
    readonly errors: string[],
  ) {
    super(errors.join('\n'));
  }
}

/** The stored plan, validated again from its source (units, objectives and policies are only there). */
export async function planOf(prisma: PrismaClient, planId: string): Promise<Plan> {
  const row = await prisma.plan.findUnique({ where: { id: planId }, select: { source: true } });
  if (!row) throw new RequestRefused('no-plan', [`không có kế hoạch "${planId}" / no plan "${planId}"`]);
  const parsed = parsePlan(row.source);
  if (!parsed.ok) throw new Error(`stored plan ${planId} no longer validates`);
  return parsed.plan;
}

export interface CreatedRequest {
  stored: StoredCycle;
  /** False when the same request was already stored: nothing new was written (a repeated create). */
  created: boolean;
}

/**
 * Checks and stores the request. The same request made twice (same key, title, units, day and figures)
 * is stored once and the second call answers with the first (so it may be opened again when Temporal
 * was down the first time); another request under the same key is refused as a duplicate. `plan` is the
 * stored plan (planOf).
 */
export async function createRequest(prisma: PrismaClient, plan: Plan, input: ValidRequestInput, by: string, now: Date): Promise<CreatedRequest> {
  const planId = plan.id;
  const planned = planRequest(plan, input, now);
  if (!planned.ok) throw new RequestRefused('invalid', planned.errors);
  const store = () => storeRequest(prisma, planId, planned.request, input, by, now);
  try {
    return await store();
  } catch (err) {
    // Two identical creates at once (a double-click): the second meets the first's row and answers with it.
    if (isUniqueViolation(err)) return store();
    throw err;
  }
}

function storeRequest(prisma: PrismaClient, planId: string, { key, cycle, timeline }: PlannedRequest, input: ValidRequestInput, by: string, now: Date): Promise<CreatedRequest> {
  const id = cycleId(planId, key);
  return withBusyRetry(() =>
    prisma.$transaction(async (tx) => {
      const before = await tx.cycle.findUnique({ where: { id }, include: { obligations: { select: { id: true }, orderBy: { id: 'asc' } } } });
      if (before) {
        const had = readCycleRequest(before.request, id)?.cycle;
        if (had && sameRequest(had, cycle)) {
          const stored = { cycleId: id, planId, cycleKey: key, timeline: readCycleTimeline(before.timeline, id), obligationIds: before.obligations.map((o) => o.id) };
          return { stored, created: false };
        }
        throw new RequestRefused('duplicate', [`đã có kỳ báo cáo "${key}" với cùng tên và hạn; hãy đặt tên khác / a cycle "${key}" with this title and last day exists; choose another title`]);
      }
      const codes = cycle.units as string[];
      const units = await tx.unit.findMany({ where: { planId, code: { in: codes } }, select: { id: true, code: true } });
      const unitIds = new Map(units.map((u) => [u.code, u.id]));
      const missing = codes.filter((c) => !unitIds.has(c));
      // The plan's units are stored with it; a code the file has but the database lacks means a load failed half-way.
      if (missing.length) throw new Error(`units ${missing.join(', ')} of plan ${planId} are not stored`);
      const request: StoredRequest = { cycle, selection: input.units, ...(input.preset ? { preset: input.preset } : {}), createdBy: by, createdAt: now.toISOString() };
      await tx.cycle.create({
        data: {
          id,
          planId,
          key,
          kind: cycle.kind,
          title: cycle.title,
          timeline: timelineToJson(timeline),
          lastDay: timeline.lastDay,
          dueAt: timeline.dueAt,
          opensAt: timeline.opensAt,
          closesAt: timeline.closesAt,
          figures: cycle.figures,
          request,
        },
      });
      const obligationIds = codes.map((c) => obligationId(planId, key, c));
      const rows = codes.map((c, i) => ({ id: obligationIds[i]!, cycleId: id, unitId: unitIds.get(c)!, dueAt: timeline.dueAt }));
      // 1,000 rows a statement, under SQLite's bound-variable limit, as db/plans.ts (every district may be thousands).
      for (let i = 0; i < rows.length; i += 1000) await tx.obligation.createMany({ data: rows.slice(i, i + 1000) });
      return { stored: { cycleId: id, planId, cycleKey: key, timeline, obligationIds: [...obligationIds].sort() }, created: true };
    }, { timeout: 60_000, maxWait: 60_000 }),
  );
}
