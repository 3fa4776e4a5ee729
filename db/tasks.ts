// A plan's tasks (nhiệm vụ) in the database: stored at each load, in the plan's transaction
// (db/plans.ts calls storePlanTasks), their status reports from the lead unit, and the tasks' personal
// links. A reload updates each task in place (its reports stay); a task no longer in the file is deleted
// unless its lead unit already reported on it, so no report is ever lost to a reload.
import { randomBytes } from 'node:crypto';
import type { Plan } from '../domain/plan-schema.ts';
import type { TaskStatus } from '../domain/report-rows.ts';
import { taskId, taskPeriod } from '../domain/task-reminders.ts';
import { isUniqueViolation, withBusyRetry, type PrismaClient } from './client.ts';
import { hashToken } from './tokens.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Writes the plan's tasks; `unitIds` maps the plan's unit codes to their rows (every task's lead is one, plan-checks.ts). */
export async function storePlanTasks(tx: Tx, plan: Plan, unitIds: Map<string, string>): Promise<void> {
  const ids = plan.tasks.map((t) => taskId(plan.id, t.ref));
  await tx.task.deleteMany({ where: { planId: plan.id, id: { notIn: ids }, reports: { none: {} } } });
  for (const [position, t] of plan.tasks.entries()) {
    const period = taskPeriod(t, plan);
    const fields = {
      position,
      title: t.title,
      leadUnitId: unitIds.get(t.lead)!,
      coordinating: t.coordinating,
      coordinatingNote: t.coordinatingNote ?? null,
      due: t.due ?? null,
      fromDay: period?.from ?? null,
      toDay: period?.to ?? null,
    };
    await tx.task.upsert({ where: { id: ids[position]! }, create: { id: ids[position]!, planId: plan.id, ref: t.ref, ...fields }, update: fields });
  }
}

/** The ids of a plan's tasks that have a period (the ones a reminder workflow follows). */
export async function datedTaskIds(prisma: PrismaClient, planId: string): Promise<string[]> {
  const rows = await prisma.task.findMany({ where: { planId, toDay: { not: null } }, select: { id: true }, orderBy: { position: 'asc' } });
  return rows.map((r) => r.id);
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A personal link to one task (same form as the cycles' links, db/tokens.ts; a table of its own). */
export async function issueTaskToken(prisma: PrismaClient, id: string, expiresAt: Date): Promise<string> {
  const raw = randomBytes(32).toString('base64url');
  await prisma.taskToken.create({ data: { taskId: id, tokenHash: hashToken(raw), expiresAt } });
  return raw;
}

/** The task a link opens, or null for a malformed, unknown, expired or revoked link alike. */
export async function taskIdForToken(prisma: PrismaClient, raw: string, now: Date): Promise<string | null> {
  if (!TOKEN_SHAPE.test(raw)) return null;
  const t = await prisma.taskToken.findUnique({ where: { tokenHash: hashToken(raw) } });
  if (!t || t.revokedAt || t.expiresAt <= now) return null;
  return t.taskId;
}

export interface TaskReportInput {
  id: string; // the form's id: a double-click stores one row
  taskId: string;
  status: TaskStatus;
  note?: string;
  fileSha256?: string;
  by: string;
  at: Date;
}

/** Stores a status report; false when a report of this id already exists (the same form posted twice, or a forged id). */
export async function recordTaskReport(prisma: PrismaClient, r: TaskReportInput): Promise<boolean> {
  try {
    await withBusyRetry(() => prisma.taskReport.create({ data: { id: r.id, taskId: r.taskId, status: r.status, note: r.note ?? null, fileSha256: r.fileSha256 ?? null, by: r.by, at: r.at } }));
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
