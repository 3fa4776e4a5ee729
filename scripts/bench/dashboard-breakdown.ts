// Where one dashboard request's time goes, measured in the benchmark's own process on the seeded
// database (no load, no cache): the session lookup every signed-in request makes (accounts/sessions.ts),
// and the dashboard's database read (web/office/cycle-dashboard.ts loadDashboard) with each of its Prisma
// operations timed. The web process's own figures under load (event loop, server-side time) come from
// the child (scripts/bench-dashboard.ts serve).
import type { PrismaClient } from '../../db/client.ts';
import { sessionUser } from '../../accounts/sessions.ts';
import { loadDashboard } from '../../web/office/cycle-dashboard.ts';
import { percentile } from './stats.ts';
import { AUTH_DEFAULTS, loadConfig } from '../../config/config.ts';
import { openWiring, webDeps } from '../../app/wiring.ts';
import { buildWebApp } from '../../web/app.ts';
import { SESSION_COOKIE } from '../../web/auth/session-cookie.ts';

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

  // The whole request, in this process without sockets (Fastify's inject), 40 times each: its wall
  // time, this process's CPU time, and the Prisma operations it made. The dashboard's requests here
  // share one read (web/office/dashboard-cache.ts), as nearly all do under load.
  const config = loadConfig({ DATABASE_URL: 'file:unused.db', TEMPORAL_ADDRESS: '127.0.0.1:9' });
  const wiring = await openWiring(config, { temporal: 'lazy', given: { prisma: timed } });
  const app = await buildWebApp(webDeps(wiring));
  const perRequest = async (url: string) => {
    const headers = { cookie: `${SESSION_COOKIE}=${rawSession}` };
    for (let i = 0; i < 5; i++) await app.inject({ url, headers }); // warm-up, and the shared read
    ops.length = 0;
    const wall: number[] = [];
    const cpu0 = process.cpuUsage();
    let bytes = 0;
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const res = await app.inject({ url, headers });
      wall.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`);
      bytes = res.rawPayload.length;
    }
    const cpu = process.cpuUsage(cpu0);
    const prismaMs = ops.reduce((a, o) => a + o.ms, 0) / 40;
    return { url, wallMs: round(median(wall)), cpuMs: round((cpu.user + cpu.system) / 1000 / 40), prismaOperations: ops.length / 40, prismaMs: round(prismaMs), operationNames: [...new Set(ops.map((o) => o.op))], bytes };
  };
  const healthz = await perRequest('/healthz');
  const dashboard = await perRequest(`/cycles/${planId}/${cycleKey}`);
  await app.close();
  await wiring.close(); // closes the lazy Temporal client only: the given client stays the caller's
  return {
    sessionLookupMs: { median: median(sessionMs), max: Math.max(...sessionMs) },
    dashboardReadMs: { median: median(readMs), max: Math.max(...readMs), runs: readMs },
    /** The operations of the last read, in the order they finished (four of them run in parallel). */
    operations: lastOps,
    /** One request at a time in this process: what each costs when nothing queues. */
    inject: { healthz, dashboard },
  };
}
