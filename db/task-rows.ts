// The tasks a cycle's report speaks of (issue 14 §2, domain/report-rows.ts TaskRow): those whose period
// ends within the cycle's data period (domain/data-period.ts), each with its lead unit's latest status.
// A cycle without a data period (a quarterly cycle the plan gives none, one due before Decree 09/2019)
// has no tasks to report.
import { dataPeriodOf, type DataPeriod } from '../domain/data-period.ts';
import { parsePlan } from '../domain/plan-file.ts';
import type { TaskRow, TaskStatus } from '../domain/report-rows.ts';
import { TASK_STATUSES } from '../domain/task-board.ts';
import type { PrismaClient } from './client.ts';
import { readCycleRequest } from './stored-json.ts';

/** The data period of a stored cycle: its plan file's definition, or a one-off request's own. */
export async function storedDataPeriod(prisma: PrismaClient, cycleId: string): Promise<DataPeriod | undefined> {
  const c = await prisma.cycle.findUnique({ where: { id: cycleId }, select: { key: true, request: true, plan: { select: { source: true } } } });
  if (!c) return undefined;
  const request = readCycleRequest(c.request, cycleId);
  if (request) return dataPeriodOf(request.cycle);
  const parsed = parsePlan(c.plan.source);
  const def = parsed.ok ? parsed.plan.cycles.find((x) => x.key === c.key) : undefined;
  return def ? dataPeriodOf(def) : undefined;
}

const asStatus = (s: string): TaskStatus | undefined => (TASK_STATUSES as readonly string[]).includes(s) ? (s as TaskStatus) : undefined;

/** The rows of the tasks of a plan, optionally only those whose period ends within [from, to]; in the plan's order. */
export async function planTaskRows(prisma: PrismaClient, planId: string, ends?: { from: string; to: string }): Promise<(TaskRow & { id: string })[]> {
  const tasks = await prisma.task.findMany({
    where: { planId, ...(ends ? { toDay: { gte: ends.from, lte: ends.to } } : {}) },
    // A task kept after a reload removed it (it has reports) keeps its old position: ref breaks the tie.
    orderBy: [{ position: 'asc' }, { ref: 'asc' }],
    include: { leadUnit: { select: { name: true } }, reports: { orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 1 } },
  });
  return tasks.map((t) => {
    const r = t.reports[0];
    const status = r ? asStatus(r.status) : undefined;
    return {
      id: t.id,
      ref: t.ref,
      title: t.title,
      lead: t.leadUnit.name,
      ...(t.due !== null ? { period: t.due } : {}),
      ...(t.fromDay !== null ? { from: t.fromDay } : {}),
      ...(t.toDay !== null ? { to: t.toDay } : {}),
      ...(status ? { status } : {}),
      ...(r?.note ? { note: r.note } : {}),
      ...(r ? { reportedAt: r.at } : {}),
    };
  });
}

/** The tasks of a cycle's report, with their ids: the cycle report (taskRows) and the cycle's ZIP (web/exports/task-archive.ts) take the same ones. */
export async function cycleTaskRows(prisma: PrismaClient, cycleId: string): Promise<(TaskRow & { id: string })[]> {
  const period = await storedDataPeriod(prisma, cycleId);
  if (!period) return [];
  const planId = (await prisma.cycle.findUnique({ where: { id: cycleId }, select: { planId: true } }))!.planId;
  return planTaskRows(prisma, planId, period);
}

export async function taskRows(prisma: PrismaClient, cycleId: string): Promise<TaskRow[]> {
  return (await cycleTaskRows(prisma, cycleId)).map(({ id: _id, ...row }) => row);
}
