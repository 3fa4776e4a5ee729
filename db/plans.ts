// Stores a validated plan: the plan, its units and contacts, its cycles with their timelines, and one
// obligation per owing unit and cycle. Re-loading the same plan updates names and contacts but never
// resets an obligation's status or its submissions.
import { randomUUID } from 'node:crypto';
import type { Plan } from '../domain/plan-schema.ts';
import { CYCLE_DESIGNS, type CycleDesign } from '../domain/cycle-design.ts';
import { cycleId, obligationId } from '../domain/ids.ts';
import { owingUnits } from '../domain/owing-units.ts';
import { cycleTimeline, type CycleTimeline } from '../domain/timeline.ts';
import { withBusyRetry, type PrismaClient } from './client.ts';
import { storeObjectives } from './plan-indicators.ts';
import { NO_FORMS, replaceCycleForms, type PlanForms } from './report-forms.ts';
import { readCycleTimeline, timelineToJson } from './stored-json.ts';
import { storePlanTasks } from './tasks.ts';

export interface StoredCycle {
  cycleId: string;
  planId: string;
  cycleKey: string;
  timeline: CycleTimeline;
  obligationIds: string[];
  /** As stored (Cycle.design): written when the cycle's workflow starts, so meaningful once it runs. */
  design?: CycleDesign;
}

// A value this code does not know is read as the design of every cycle before issue 15.
const storedDesign = (d: string): CycleDesign => ((CYCLE_DESIGNS as readonly string[]).includes(d) ? (d as CycleDesign) : 'per-unit');

// The stored timeline's form (db/stored-json.ts), also written by scripts that store cycles.
export { timelineToJson };

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

/** A plan file imported from the web by an account that does not have the plan of that id (web/auth/plan-scope.ts). */
export class PlanIdTakenError extends Error {
  override name = 'PlanIdTakenError';
  constructor(readonly planId: string) {
    super(`plan id ${planId} belongs to a plan the importing account does not have`);
  }
}

/**
 * An account importing a plan from the web (not an admin, who sees every plan): it may not overwrite a
 * plan it does not have, and is given the plan it imports, in the same transaction as the plan.
 */
export interface SaveOptions {
  forms?: PlanForms;
  importer?: PlanImporter;
}

export interface PlanImporter {
  userId: string;
  now: Date;
}

/** The cycles of a plan as stored, for restarting their workflows. */
export async function storedCycles(prisma: PrismaClient, planId: string): Promise<StoredCycle[]> {
  const cycles = await prisma.cycle.findMany({ where: { planId }, include: { obligations: { select: { id: true } } }, orderBy: { id: 'asc' } });
  return cycles.map((c) => ({
    cycleId: c.id,
    planId,
    cycleKey: c.key,
    timeline: readCycleTimeline(c.timeline, c.id),
    obligationIds: c.obligations.map((o) => o.id),
    design: storedDesign(c.design),
  }));
}

/** Progress of a plan load, for the CLI: `done` of `total` rows of one kind written. */
export type LoadProgress = (step: 'units' | 'contacts' | 'obligations', done: number, total: number) => void;

// Rows per INSERT: well under SQLite's bound-variable limit (32,766) at 7 columns a row.
const BATCH = 1000;

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>, progress?: (done: number) => void) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await write(rows.slice(i, i + BATCH));
    progress?.(Math.min(i + BATCH, rows.length));
  }
}

/**
 * Stores the plan in one transaction (all or nothing). Rows are written in batches, not one by one:
 * 20,000 units row by row took 113 s; new units, contacts and obligations are inserted 1,000 a statement.
 * `opts.forms`: the report forms the plan's cycles name, already read and stored (cli/plan-forms.ts, or
 * found stored by db/report-forms.ts); a plan naming forms without them is refused. `opts.importer`:
 * the account importing it from the web, given the plan (see PlanImporter).
 */
export async function savePlan(prisma: PrismaClient, plan: Plan, source: string, onProgress?: LoadProgress, opts: SaveOptions = {}): Promise<StoredCycle[]> {
  const stored = await storePlan(prisma, plan, source, onProgress, opts.forms ?? NO_FORMS, opts.importer);
  // After a large load, refresh the query planner's statistics (ANALYZE is SQLite and PostgreSQL alike):
  // measured on 20,000 units, the dashboard's queries went from 73 ms to 35 ms.
  if (plan.units.length >= 1000) await prisma.$executeRawUnsafe('ANALYZE');
  return stored;
}

async function storePlan(prisma: PrismaClient, plan: Plan, source: string, onProgress: LoadProgress | undefined, forms: PlanForms, importer: PlanImporter | undefined): Promise<StoredCycle[]> {
  const office = plan.standingOffice;
  const committee = plan.standingCommittee;
  return withBusyRetry(() => prisma.$transaction(async (tx) => {
    if (importer) {
      const taken = await tx.plan.findUnique({ where: { id: plan.id }, select: { grants: { where: { userId: importer.userId }, select: { userId: true } } } });
      if (taken && taken.grants.length === 0) throw new PlanIdTakenError(plan.id);
    }
    await tx.plan.upsert({
      where: { id: plan.id },
      create: { id: plan.id, title: plan.title, province: plan.province, source, office, committee },
      update: { title: plan.title, province: plan.province, source, office, committee },
    });
    if (importer) {
      const key = { userId: importer.userId, planId: plan.id };
      await tx.userPlan.upsert({ where: { userId_planId: key }, create: { ...key, grantedAt: importer.now }, update: {} });
    }
    // Units: create the new ones, update only those whose name, kind or days changed.
    const existing = new Map((await tx.unit.findMany({ where: { planId: plan.id }, select: { id: true, code: true, name: true, kind: true, opensOn: true, closesOn: true, mergedIntoId: true } })).map((u) => [u.code, u]));
    const unitIds = new Map<string, string>();
    const fresh: { id: string; planId: string; code: string; name: string; kind: string; opensOn: string | null; closesOn: string | null }[] = [];
    for (const u of plan.units) {
      const had = existing.get(u.code);
      const fields = { name: u.name, kind: u.kind, opensOn: u.opensOn ?? null, closesOn: u.closesOn ?? null };
      if (!had) {
        const id = randomUUID();
        fresh.push({ id, planId: plan.id, code: u.code, ...fields });
        unitIds.set(u.code, id);
        continue;
      }
      unitIds.set(u.code, had.id);
      if (had.name !== u.name || had.kind !== u.kind || had.opensOn !== fields.opensOn || had.closesOn !== fields.closesOn) await tx.unit.update({ where: { id: had.id }, data: fields });
    }
    await inBatches(fresh, (data) => tx.unit.createMany({ data }), (n) => onProgress?.('units', n, fresh.length));
    // Merges (plan `mergedInto`), once every unit has its id: a handful of units, one update each that changed.
    for (const u of plan.units) {
      const mergedIntoId = u.mergedInto === undefined ? null : unitIds.get(u.mergedInto)!;
      if ((existing.get(u.code)?.mergedIntoId ?? null) !== mergedIntoId) await tx.unit.update({ where: { id: unitIds.get(u.code)! }, data: { mergedIntoId } });
    }
    // Contacts are the plan's focal persons as written now: replaced as a whole.
    await tx.contact.deleteMany({ where: { unit: { planId: plan.id } } });
    const contacts = plan.units.flatMap((u) => u.focalPersons.map((p) => ({ unitId: unitIds.get(u.code)!, name: p.name, email: p.email })));
    await inBatches(contacts, (data) => tx.contact.createMany({ data }), (n) => onProgress?.('contacts', n, contacts.length));
    await storePlanTasks(tx, plan, unitIds); // the plan's tasks (nhiệm vụ), followed up by workflows/task.ts
    await storeObjectives(tx, plan); // objectives and indicators with their targets (issue 14 §1)

    const stored: StoredCycle[] = [];
    const changed: string[] = [];
    for (const c of plan.cycles) {
      const timeline = cycleTimeline(c, plan.reminders, plan.calendar);
      const id = cycleId(plan.id, c.key);
      const before = await tx.cycle.findUnique({ where: { id }, select: { timeline: true, design: true } });
      // Compared in the stored form: JSONB (PostgreSQL) keeps no key order, so never the raw values.
      if (before && JSON.stringify(timelineToJson(readCycleTimeline(before.timeline, id))) !== JSON.stringify(timelineToJson(timeline))) changed.push(id);
      const fields = {
        kind: c.kind,
        title: c.title,
        form: c.form ?? null,
        timeline: timelineToJson(timeline),
        lastDay: timeline.lastDay,
        dueAt: timeline.dueAt,
        opensAt: timeline.opensAt,
        closesAt: timeline.closesAt,
        figures: c.figures, // the unit page asks for these (domain/figure-values.ts)
      };
      await tx.cycle.upsert({ where: { id }, create: { id, planId: plan.id, key: c.key, ...fields }, update: fields });
      await replaceCycleForms(tx, id, c.key, (c.forms ?? []).length, forms);
      // Only units that exist on the cycle's last day and match its kinds owe it (domain/owing-units.ts).
      // An existing obligation is never touched: its status and submissions stay.
      const owing = owingUnits(plan.units, c).map((u) => u.code);
      const have = new Set((await tx.obligation.findMany({ where: { cycleId: id }, select: { id: true } })).map((o) => o.id));
      const obligationIds = owing.map((code) => obligationId(plan.id, c.key, code));
      const missing = owing
        .map((code, i) => ({ id: obligationIds[i]!, cycleId: id, unitId: unitIds.get(code)!, dueAt: timeline.dueAt }))
        .filter((o) => !have.has(o.id));
      await inBatches(missing, (data) => tx.obligation.createMany({ data }), (n) => onProgress?.('obligations', n, missing.length));
      stored.push({ cycleId: id, planId: plan.id, cycleKey: c.key, timeline, obligationIds, ...(before ? { design: storedDesign(before.design) } : {}) });
    }
    if (changed.length > 0) throw new CycleDatesChangedError(changed); // rolls the whole load back
    return stored;
  }, { timeout: 10 * 60_000, maxWait: 60_000 }));
}
