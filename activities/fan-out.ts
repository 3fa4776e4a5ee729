// Activities that start workflows: the cycle's own (for the Schedule that opens a cycle later, through
// workflows/open-cycle.ts) and, when a cycle opens, one obligation workflow per owing unit, started
// from here rather than as children of the cycle workflow, so a cycle of 20,000 units stays inside
// Temporal's limits (no 2,000 pending children, no 20,000 IDs in a payload, a cycle history of a few
// dozen events). Each start uses the workflow's fixed ID with USE_EXISTING: a retried or resumed
// fan-out never duplicates one. Progress is heartbeated (the last obligation ID started), so a retry
// after a crash resumes there.
import { Context } from '@temporalio/activity';
import { readCycleTimeline } from '../db/stored-json.ts';
import { forEachLimited } from '../domain/concurrency.ts';
import { startCycle, startObligation } from '../temporal/client.ts';
import type { ActivityDeps } from './deps.ts';

const PAGE = 500;
const CONCURRENCY = 32;

export function fanOutActivities(deps: ActivityDeps) {
  return {
    /** Starts a cycle's workflow under its fixed ID (the Schedule's opener calls this). */
    async startCycleWorkflow(req: { cycleId: string }): Promise<void> {
      const cycle = await deps.prisma.cycle.findUniqueOrThrow({ where: { id: req.cycleId } });
      await startCycle(deps.temporal, { cycleId: cycle.id, timeline: readCycleTimeline(cycle.timeline, cycle.id) });
    },

    async startObligations(req: { cycleId: string }): Promise<{ started: number }> {
      const { prisma, temporal } = deps;
      const ctx = Context.current();
      const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: req.cycleId } });
      const timeline = readCycleTimeline(cycle.timeline, cycle.id);
      let cursor = (ctx.info.heartbeatDetails as string | undefined) ?? '';
      let started = 0;
      for (;;) {
        const page = await prisma.obligation.findMany({
          where: { cycleId: cycle.id, id: { gt: cursor } },
          orderBy: { id: 'asc' },
          take: PAGE,
          select: { id: true },
        });
        if (page.length === 0) break;
        await forEachLimited(page, CONCURRENCY, (o) => startObligation(temporal, o.id, timeline));
        started += page.length;
        cursor = page[page.length - 1]!.id;
        ctx.heartbeat(cursor);
      }
      return { started };
    },
  };
}
