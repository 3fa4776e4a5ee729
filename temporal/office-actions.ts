// The standing office's decisions on one obligation, sent as the workflow's Updates (so the caller
// gets the workflow's answer, or its validator's refusal). Used by the CLI, the web app and tests.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PrismaClient } from '../db/client.ts';
import { forEachLimited } from '../domain/concurrency.ts';
import { extensionSchedule } from '../domain/extension.ts';
import { parsePlan } from '../domain/plan-file.ts';
import { PENDING_STATUSES } from '../domain/statuses.ts';
import { acceptSubmission, escalateAlsoAt, exempt, extendDeadline, extendDeadlineForAll, resendReminder, returnForRevision, type ExtendDeadline, type ObligationState } from '../workflows/messages.ts';
import type { Dondoc } from './client.ts';
import type { StoredCycle } from '../db/plans.ts';
import { readCycleRequest } from '../db/stored-json.ts';
import { openCycles } from './open-cycles.ts';
import { followTasks } from './tasks.ts';
import { ensureUnitWorkflow, waveAlsoAtSchedule } from './unit-workflows.ts';
import { extendWaveCycleInDatabase } from './wave-extension.ts';

export class OfficeActionRefused extends Error {}

/** The cycle-wide extension signals this many obligation workflows at a time. */
const SIGNALS_AT_ONCE = 16;

async function update<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new OfficeActionRefused(err.cause?.message ?? err.message);
    if (err instanceof WorkflowNotFoundError) {
      // The obligation's workflow has ended (report received, exempted, or the cycle closed).
      throw new OfficeActionRefused('Đơn vị đã nộp, được miễn hoặc kỳ báo cáo đã đóng / already submitted, exempted or closed');
    }
    throw err;
  }
}

/** The extension's schedule from the stored plan's reminder policy, as the workflows' message carries it. */
async function extensionFor(prisma: PrismaClient, cycleId: string, newLastDay: string, reason: string, by: string) {
  const c = await prisma.cycle.findUniqueOrThrow({ where: { id: cycleId }, include: { plan: true } });
  const parsed = parsePlan(c.plan.source);
  if (!parsed.ok) throw new Error(`stored plan ${c.planId} no longer validates`);
  // A one-off request is not in the plan file: its definition is stored on the cycle (db/requests.ts).
  const cycle = parsed.plan.cycles.find((x) => x.key === c.key) ?? readCycleRequest(c.request, c.id)?.cycle;
  if (!cycle) throw new Error(`cycle ${c.key} not in the stored plan`);
  const s = extensionSchedule(cycle, parsed.plan.reminders, newLastDay);
  const message: ExtendDeadline = {
    lastDay: s.lastDay,
    dueAt: s.dueAt.toISOString(),
    remindersAt: s.remindersAt.map((x) => x.toISOString()),
    overdueAt: s.overdueAt.toISOString(),
    reason,
    by,
  };
  return { cycle: c, schedule: s, message };
}

export async function extendObligation(
  prisma: PrismaClient,
  d: Dondoc,
  obligationId: string,
  newLastDay: string,
  reason: string,
  by: string,
): Promise<ObligationState> {
  const o = await prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } });
  const { message } = await extensionFor(prisma, o.cycleId, newLastDay, reason, by);
  const unit = await ensureUnitWorkflow(prisma, d, obligationId);
  const state = await update(() => d.client.workflow.getHandle(obligationId).executeUpdate(extendDeadline, { args: [message] }));
  if (unit.design === 'waves') await waveAlsoAtSchedule(d, unit.cycleId, message);
  return state;
}

/**
 * Gia hạn for the whole cycle: every unit still owing a report gets the new deadline (one signal per
 * obligation workflow, 16 at a time; no workflow ever holds the unit list), and the cycle escalates
 * again after the new deadline. Units that already reported, were exempted, or were given a later
 * deadline are left as they are. Returns how many obligation workflows were told (`signalled`) and how
 * many units were given the new deadline (`extended`, what the office is shown): the same units in a
 * per-unit cycle; in a waves cycle those the database moved, of which only the ones with a workflow of
 * their own are signalled.
 */
export async function extendCycle(prisma: PrismaClient, d: Dondoc, cycleId: string, newLastDay: string, reason: string, by: string): Promise<{ signalled: number; ended: number; extended: number }> {
  const { cycle, schedule, message } = await extensionFor(prisma, cycleId, newLastDay, reason, by);
  if (cycle.status === 'closed') throw new OfficeActionRefused('Kỳ báo cáo đã đóng / the cycle is closed');
  if (schedule.dueAt <= cycle.dueAt) throw new OfficeActionRefused('Hạn mới phải sau hạn của kỳ báo cáo / the new deadline must be later than the cycle\'s');
  if (schedule.dueAt >= cycle.closesAt) throw new OfficeActionRefused('Hạn mới phải trước khi kỳ báo cáo đóng / the new deadline must come before the cycle closes');
  // A waves cycle: the database is updated here for every pending unit, in bulk; only the units with a
  // workflow of their own are told (their workflow writes the same records again, idempotently).
  const waves = cycle.design === 'waves';
  const moved = waves ? await extendWaveCycleInDatabase(prisma, cycleId, schedule.dueAt, { reason, by }) : 0;
  const ids = (
    await prisma.obligation.findMany({
      where: waves ? { cycleId, status: { in: PENDING_STATUSES }, ownWorkflowAt: { not: null } } : { cycleId, status: { in: PENDING_STATUSES }, dueAt: { lt: schedule.dueAt } },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
  ).map((o) => o.id);
  let signalled = 0;
  let ended = 0;
  await forEachLimited(ids, SIGNALS_AT_ONCE, async (id) => {
    try {
      await d.client.workflow.getHandle(id).signal(extendDeadlineForAll, message);
      signalled++;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      ended++; // finished between the query and the signal (a report just arrived)
    }
  });
  await d.client.workflow
    .getHandle(cycleId)
    .signal(escalateAlsoAt, { at: schedule.escalationAt.toISOString() })
    .catch((err) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err; // a cycle not opened yet escalates on its own timeline
    });
  if (waves) await waveAlsoAtSchedule(d, cycleId, message);
  return { signalled, ended, extended: waves ? moved : signalled };
}

export async function exemptObligation(prisma: PrismaClient, d: Dondoc, obligationId: string, reason: string, by: string): Promise<ObligationState> {
  await ensureUnitWorkflow(prisma, d, obligationId);
  return update(() => d.client.workflow.getHandle(obligationId).executeUpdate(exempt, { args: [{ reason, by }] }));
}

export async function resendReminderNow(prisma: PrismaClient, d: Dondoc, obligationId: string, requestId: string, by: string): Promise<ObligationState> {
  await ensureUnitWorkflow(prisma, d, obligationId);
  return update(() => d.client.workflow.getHandle(obligationId).executeUpdate(resendReminder, { args: [{ requestId, by }] }));
}

/**
 * Trả lại để hoàn thiện: returns the unit's version `submissionId` for revision with a reason and a new
 * last day (the plan's reminder policy applied to it, as for an extension). Refused (OfficeActionRefused)
 * for a version of another unit, and by the workflow when there is nothing to review, the version was
 * already reviewed, or the day is past or after the cycle closes.
 */
export async function returnSubmission(prisma: PrismaClient, d: Dondoc, obligationId: string, submissionId: string, newLastDay: string, reason: string, by: string): Promise<ObligationState> {
  await ownVersion(prisma, obligationId, submissionId);
  const o = await prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } });
  const { message } = await extensionFor(prisma, o.cycleId, newLastDay, reason, by);
  const unit = await ensureUnitWorkflow(prisma, d, obligationId);
  const state = await update(() => d.client.workflow.getHandle(obligationId).executeUpdate(returnForRevision, { args: [{ ...message, submissionId }] }));
  if (unit.design === 'waves') await waveAlsoAtSchedule(d, unit.cycleId, message);
  return state;
}

/** Tiếp nhận: the office accepts the unit's version `submissionId` (a mark on it; the status stays). */
export async function acceptVersion(prisma: PrismaClient, d: Dondoc, obligationId: string, submissionId: string, by: string): Promise<ObligationState> {
  await ownVersion(prisma, obligationId, submissionId);
  await ensureUnitWorkflow(prisma, d, obligationId);
  return update(() => d.client.workflow.getHandle(obligationId).executeUpdate(acceptSubmission, { args: [{ submissionId, by }] }));
}

async function ownVersion(prisma: PrismaClient, obligationId: string, submissionId: string): Promise<void> {
  const s = await prisma.submission.findUnique({ where: { id: submissionId }, select: { obligationId: true } });
  if (s?.obligationId !== obligationId) throw new OfficeActionRefused('Phiên bản này không phải của đơn vị này / this version is not one of this unit\'s');
}

/** The engine's office actions bound to one database and Temporal connection (the web app's view). */
export function officeEngine(prisma: PrismaClient, d: Dondoc) {
  return {
    extend: (obligationId: string, newLastDay: string, reason: string, by: string) => extendObligation(prisma, d, obligationId, newLastDay, reason, by),
    extendAll: (cycleId: string, newLastDay: string, reason: string, by: string) => extendCycle(prisma, d, cycleId, newLastDay, reason, by),
    exempt: (obligationId: string, reason: string, by: string) => exemptObligation(prisma, d, obligationId, reason, by),
    resend: (obligationId: string, requestId: string, by: string) => resendReminderNow(prisma, d, obligationId, requestId, by),
    returnVersion: (obligationId: string, submissionId: string, newLastDay: string, reason: string, by: string) => returnSubmission(prisma, d, obligationId, submissionId, newLastDay, reason, by),
    accept: (obligationId: string, submissionId: string, by: string) => acceptVersion(prisma, d, obligationId, submissionId, by),
    /** A plan imported from the web: its cycles start now or get their opening Schedule. */
    openCycles: (cycles: StoredCycle[], now: Date) => openCycles(d, cycles, now),
    /** A plan imported from the web: its tasks' reminder workflows start, or read their instant again (temporal/tasks.ts). */
    followTasks: (planId: string) => followTasks(d, prisma, planId),
  };
}
export type OfficeEngine = ReturnType<typeof officeEngine>;
