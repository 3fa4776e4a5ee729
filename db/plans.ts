// Stores a validated plan: the plan, its units and contacts, its cycles with their timelines, and one
// obligation per owing unit and cycle. Re-loading the same plan updates names and contacts but never
// resets an obligation's status or its submissions.
import type { Plan } from '../domain/plan-schema.ts';
import { cycleId, obligationId } from '../domain/ids.ts';
import { owingUnits } from '../domain/owing-units.ts';
import { cycleTimeline, type CycleTimeline } from '../domain/timeline.ts';
import { withBusyRetry, type PrismaClient } from './client.ts';

export interface StoredCycle {
  cycleId: string;
  planId: string;
  cycleKey: string;
  timeline: CycleTimeline;
  obligationIds: string[];
}

export function timelineToJson(t: CycleTimeline): string {
  return JSON.stringify(t);
}

export function timelineFromJson(s: string): CycleTimeline {
  const raw = JSON.parse(s) as Record<string, unknown> & { reminders: { daysBefore: number; at: string }[]; escalationRepeatsAt?: string[] };
  const d = (k: string) => new Date(raw[k] as string);
  return {
    lastDay: raw.lastDay as string,
    dueAt: d('dueAt'),
    opensAt: d('opensAt'),
    reminders: raw.reminders.map((r) => ({ daysBefore: r.daysBefore, at: new Date(r.at) })),
    overdueAt: d('overdueAt'),
    escalationAt: d('escalationAt'),
    closesAt: d('closesAt'),
    nominalLastDay: raw.nominalLastDay as string | undefined,
    escalationRepeatsAt: (raw.escalationRepeatsAt ?? []).map((x) => new Date(x)),
  };
}

/** Reloading a plan may not move a stored cycle's dates: its workflows already run on them. */
export class CycleDatesChangedError extends Error {
  override name = 'CycleDatesChangedError';
  constructor(readonly cycleIds: string[]) {
    super(
      `Không thể đổi mốc thời gian của kỳ báo cáo đang chạy: ${cycleIds.join(', ')}; hãy dùng gia hạn. / ` +
        `The dates of running cycles cannot change on reload: ${cycleIds.join(', ')}; extend the deadline instead.`,
    );
  }
}

/** The cycles of a plan as stored, for restarting their workflows. */
export async function storedCycles(prisma: PrismaClient, planId: string): Promise<StoredCycle[]> {
  const cycles = await prisma.cycle.findMany({ where: { planId }, include: { obligations: { select: { id: true } } }, orderBy: { id: 'asc' } });
  return cycles.map((c) => ({
    cycleId: c.id,
    planId,
    cycleKey: c.key,
    timeline: timelineFromJson(c.timeline),
    obligationIds: c.obligations.map((o) => o.id),
  }));
}

export async function savePlan(prisma: PrismaClient, plan: Plan, source: string): Promise<StoredCycle[]> {
  const office = JSON.stringify(plan.standingOffice);
  const committee = JSON.stringify(plan.standingCommittee);
  return withBusyRetry(() => prisma.$transaction(async (tx) => {
    await tx.plan.upsert({
      where: { id: plan.id },
      create: { id: plan.id, title: plan.title, province: plan.province, source, office, committee },
      update: { title: plan.title, province: plan.province, source, office, committee },
    });
    const unitIds = new Map<string, string>();
    for (const u of plan.units) {
      const unit = await tx.unit.upsert({
        where: { planId_code: { planId: plan.id, code: u.code } },
        create: { planId: plan.id, code: u.code, name: u.name, kind: u.kind },
        update: { name: u.name, kind: u.kind },
      });
      unitIds.set(u.code, unit.id);
      await tx.contact.deleteMany({ where: { unitId: unit.id } });
      await tx.contact.createMany({ data: u.focalPersons.map((p) => ({ unitId: unit.id, name: p.name, email: p.email })) });
    }
    const stored: StoredCycle[] = [];
    const changed: string[] = [];
    for (const c of plan.cycles) {
      const timeline = cycleTimeline(c, plan.reminders, plan.calendar);
      const id = cycleId(plan.id, c.key);
      const before = await tx.cycle.findUnique({ where: { id }, select: { timeline: true } });
      if (before && before.timeline !== timelineToJson(timeline)) changed.push(id);
      const fields = {
        kind: c.kind,
        title: c.title,
        form: c.form ?? null,
        timeline: timelineToJson(timeline),
        lastDay: timeline.lastDay,
        dueAt: timeline.dueAt,
        opensAt: timeline.opensAt,
        closesAt: timeline.closesAt,
        figures: JSON.stringify(c.figures), // the unit page asks for these (domain/figure-values.ts)
      };
      await tx.cycle.upsert({ where: { id }, create: { id, planId: plan.id, key: c.key, ...fields }, update: fields });
      // Only units that exist on the cycle's last day and match its kinds owe it (domain/owing-units.ts).
      const owing = owingUnits(plan.units, c).map((u) => u.code);
      const obligationIds: string[] = [];
      for (const code of owing) {
        const oid = obligationId(plan.id, c.key, code);
        await tx.obligation.upsert({
          where: { id: oid },
          create: { id: oid, cycleId: id, unitId: unitIds.get(code)!, dueAt: timeline.dueAt },
          update: {},
        });
        obligationIds.push(oid);
      }
      stored.push({ cycleId: id, planId: plan.id, cycleKey: c.key, timeline, obligationIds });
    }
    if (changed.length > 0) throw new CycleDatesChangedError(changed); // rolls the whole load back
    return stored;
  }));
}
