// The waves design's per-unit workflows, at the client boundary (issue 15): a unit of a waves cycle has
// no workflow of its own until something particular to it happens (a report, an office decision), and
// then gets today's obligationWorkflow, started here just before the signal or update that needs it,
// with an input built from the obligation's CURRENT database state (its own schedule when extended or
// returned, its status) and `waveDriven: true` (the cycle's waves keep its reminders, overdue mark and
// notice). A unit of a per-unit cycle already has its workflow: nothing is done for it.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { PrismaClient } from '../db/client.ts';
import { readCycleRequest, readCycleTimeline } from '../db/stored-json.ts';
import { lastDayOfDue } from '../domain/calendar.ts';
import type { CycleDesign } from '../domain/cycle-design.ts';
import { extensionSchedule } from '../domain/extension.ts';
import { parsePlan } from '../domain/plan-file.ts';
import type { PlanCycle, ReminderPolicy } from '../domain/plan-schema.ts';
import type { CycleTimeline } from '../domain/timeline.ts';
import { OBLIGATION_STATUSES, type ObligationStatus } from '../domain/statuses.ts';
import type { ObligationInput } from '../workflows/contract.ts';
import { waveAlsoAt, type SubmissionReceived } from '../workflows/messages.ts';
import { deliverSubmission, startObligationIfNew, type DeliveryResult, type Dondoc } from './client.ts';
import { obligationInput } from './inputs.ts';

export interface StoredUnit {
  id: string;
  dueAt: Date;
  status: string;
}

/**
 * The input of a wave-driven obligation workflow from the database's row: the cycle's schedule while
 * the unit's deadline is the cycle's; otherwise (extended, or returned with a new last day) the plan's
 * reminder policy applied to its own last day, as the office actions computed it (domain/extension.ts).
 * `policy` is needed only in that second case. Pure.
 */
export function waveObligationInput(o: StoredUnit, timeline: CycleTimeline, policy?: () => { cycle: PlanCycle; reminders: ReminderPolicy }): ObligationInput {
  const base = obligationInput(o.id, timeline);
  const statusAtStart = (OBLIGATION_STATUSES as readonly string[]).includes(o.status) ? (o.status as ObligationStatus) : undefined;
  const common = { waveDriven: true, ...(statusAtStart ? { statusAtStart } : {}) };
  if (o.dueAt.getTime() === timeline.dueAt.getTime()) return { ...base, ...common };
  if (!policy) throw new Error(`obligation ${o.id}: its own deadline needs the plan's reminder policy`);
  const p = policy();
  const s = extensionSchedule(p.cycle, p.reminders, lastDayOfDue(o.dueAt));
  return { ...base, remindersAt: s.remindersAt.map((d) => d.toISOString()), dueAt: o.dueAt.toISOString(), overdueAt: s.overdueAt.toISOString(), ...common };
}

/** The obligation's cycle design and, for a waves cycle still open, its workflow input from the database. */
export async function unitFromDatabase(prisma: PrismaClient, obligationId: string): Promise<{ design: CycleDesign; input?: ObligationInput; cycleId: string }> {
  const o = await prisma.obligation.findUniqueOrThrow({ where: { id: obligationId }, include: { cycle: { include: { plan: true } } } });
  const c = o.cycle;
  if (c.design !== 'waves') return { design: 'per-unit', cycleId: c.id };
  // A closed cycle owes nothing more: no workflow is started (the message then finds none, and is refused).
  if (c.status === 'closed') return { design: 'waves', cycleId: c.id };
  const policy = () => {
    const parsed = parsePlan(c.plan.source);
    if (!parsed.ok) throw new Error(`stored plan ${c.planId} no longer validates`);
    // A one-off request is not in the plan file: its definition is stored on the cycle (db/requests.ts).
    const cycle = parsed.plan.cycles.find((x) => x.key === c.key) ?? readCycleRequest(c.request, c.id)?.cycle;
    if (!cycle) throw new Error(`cycle ${c.key} not in the stored plan`);
    return { cycle, reminders: parsed.plan.reminders };
  };
  return { design: 'waves', cycleId: c.id, input: waveObligationInput(o, readCycleTimeline(c.timeline, c.id), policy) };
}

/**
 * Before any signal or update to an obligation: in a waves cycle, its workflow runs (started now, under
 * today's ID, when it did not) and Obligation.ownWorkflowAt is set. A workflow of this ID that already
 * ended (report received and reviewed, exempted, closed) is not started again (REJECT_DUPLICATE): the
 * message then finds it ended, as in a per-unit cycle. Returns the cycle's design and id.
 */
export async function ensureUnitWorkflow(prisma: PrismaClient, d: Dondoc, obligationId: string): Promise<{ design: CycleDesign; cycleId: string }> {
  const unit = await unitFromDatabase(prisma, obligationId);
  if (unit.design !== 'waves' || !unit.input) return unit;
  await startObligationIfNew(d, unit.input); // false: ended before, left as it is
  await prisma.obligation.updateMany({ where: { id: obligationId, ownWorkflowAt: null }, data: { ownWorkflowAt: new Date() } });
  return unit;
}

/** The submission delivery's signal (temporal/submission-delivery.ts), with the unit's workflow ensured first. */
export async function deliverToUnit(prisma: PrismaClient, d: Dondoc, obligationId: string, s: SubmissionReceived): Promise<DeliveryResult> {
  await ensureUnitWorkflow(prisma, d, obligationId);
  return deliverSubmission(d, obligationId, s);
}

/**
 * A unit of a waves cycle has a new schedule (extended, returned): the cycle runs a wave at its
 * instants too (reminders, deadline, overdue notice). A cycle not running (not opened yet, closed)
 * has no wave to add.
 */
export async function waveAlsoAtSchedule(d: Dondoc, cycleId: string, s: { remindersAt: string[]; dueAt: string; overdueAt: string }): Promise<void> {
  await d.client.workflow
    .getHandle(cycleId)
    .signal(waveAlsoAt, { at: [...s.remindersAt, s.dueAt, s.overdueAt] })
    .catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
}
