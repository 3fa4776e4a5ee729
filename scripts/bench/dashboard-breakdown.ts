// Where one dashboard request's time goes, measured in the benchmark's own process on the seeded
// database (no load, no cache): the session lookup every signed-in request makes (accounts/sessions.ts),
// and the dashboard's database read (web/office/cycle-dashboard.ts loadDashboard) with each of its Prisma
// operations timed. The web process's own figures under load (event loop, server-side time) come from
// the child (scripts/bench-dashboard.ts serve).
import type { PrismaClient } from '../../db/client.ts';
import { sessionUser } from '../../accounts/sessions.ts';
import { loadDashboard } from '../../web/office/cycle-dashboard.ts';
import { AUTH_DEFAULTS } from '../../config/config.ts';
import { percentile } from './dashboard-measure.ts';

const round = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5);

export async function breakdown(prisma: PrismaClient, planId: string, cycleKey: string, rawSession: string) {
  const ops: { op: string; ms: number }[] = [];
  // Prisma operations, not SQL statements: one operation may be one or two statements.
  const timed = prisma.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const t = performance.now();
        try {
          return await query(args);
        } finally {
          ops.push({ op: `${model ?? 'raw'}.${operation}`, ms: round(performance.now() - t) });
        }
      },
    },
  }) as unknown as PrismaClient;
  const sessionMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    if (!(await sessionUser(prisma, rawSession, new Date(), AUTH_DEFAULTS))) throw new Error('the benchmark session does not resolve');
    sessionMs.push(round(performance.now() - t));
  }
  const query = { status: 'all' as const, q: '', page: 1 };
  const readMs: number[] = [];
  let lastOps: typeof ops = [];
  for (let i = 0; i < 6; i++) {
    ops.length = 0;
    const t = performance.now();
    await loadDashboard(timed, planId, cycleKey, query);
    readMs.push(round(performance.now() - t));
    lastOps = [...ops];
  }
  readMs.shift(); // the first read warms the client's query plans
  return {
    sessionLookupMs: { median: median(sessionMs), max: Math.max(...sessionMs) },
    dashboardReadMs: { median: median(readMs), max: Math.max(...readMs), runs: readMs },
    /** The operations of the last read, in the order they finished (four of them run in parallel). */
    operations: lastOps,
  };
}
