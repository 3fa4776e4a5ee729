// The standing office's decisions on one obligation, sent as the workflow's Updates (so the caller
// gets the workflow's answer, or its validator's refusal). Used by the CLI, the web app and tests.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PrismaClient } from '../db/client.ts';
import { extensionSchedule } from '../domain/extension.ts';
import { parsePlan } from '../domain/plan-file.ts';
import { exempt, extendDeadline, resendReminder, type ObligationState } from '../workflows/messages.ts';
import type { Dondoc } from './client.ts';

export class OfficeActionRefused extends Error {}

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

export async function extendObligation(
  prisma: PrismaClient,
  d: Dondoc,
  obligationId: string,
  newLastDay: string,
  reason: string,
  by: string,
): Promise<ObligationState> {
  const o = await prisma.obligation.findUniqueOrThrow({ where: { id: obligationId }, include: { cycle: { include: { plan: true } } } });
  const parsed = parsePlan(o.cycle.plan.source);
  if (!parsed.ok) throw new Error(`stored plan ${o.cycle.planId} no longer validates`);
  const cycle = parsed.plan.cycles.find((c) => c.key === o.cycle.key);
  if (!cycle) throw new Error(`cycle ${o.cycle.key} not in the stored plan`);
  const s = extensionSchedule(cycle, parsed.plan.reminders, newLastDay);
  return update(() =>
    d.client.workflow.getHandle(obligationId).executeUpdate(extendDeadline, {
      args: [{ lastDay: s.lastDay, dueAt: s.dueAt.toISOString(), remindersAt: s.remindersAt.map((x) => x.toISOString()), overdueAt: s.overdueAt.toISOString(), reason, by }],
    }),
  );
}

export function exemptObligation(d: Dondoc, obligationId: string, reason: string, by: string): Promise<ObligationState> {
  return update(() => d.client.workflow.getHandle(obligationId).executeUpdate(exempt, { args: [{ reason, by }] }));
}

export function resendReminderNow(d: Dondoc, obligationId: string, requestId: string, by: string): Promise<ObligationState> {
  return update(() => d.client.workflow.getHandle(obligationId).executeUpdate(resendReminder, { args: [{ requestId, by }] }));
}
