// The whole of dondoc for an end-to-end test: the time-skipping Temporal server, a worker with the
// real activities, the web app on a real port, a real SMTP server and a fresh SQLite database.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { activityDeps, openWiring, webDeps } from '../../app/wiring.ts';
import { withCycleDesign, type Dondoc } from '../../temporal/client.ts';
import type { CycleDesign } from '../../domain/cycle-design.ts';
import { buildWebApp } from '../../web/app.ts';
import { createDondocWorker } from '../../worker/create-worker.ts';
import { Cleanups } from './cleanups.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { threeUnitPlan } from './plans.ts';
import { tempUploadsDir } from './uploads.ts';
import { startTimeSkippingServer, workflowBundle } from './temporal.ts';
import { testConfig } from './wiring.ts';

export interface Stack {
  env: TestWorkflowEnvironment;
  catcher: MailCatcher;
  db: TestDb;
  worker: Worker;
  dondoc: Dondoc;
  web: FastifyInstance;
  publicUrl: string;
  /** Moves the server clock to `at` plus a minute; the web app's clock follows. */
  skipTo(at: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * `design`: the design the stack's client (and its web app) starts new cycles on; by default the
 * configured one (DONDOC_CYCLE_DESIGN's default, 'waves'). A test of the per-unit workflows' own
 * internals pins 'per-unit': cycles of that design still run (those started before issue 15).
 */
export async function startStack(taskQueue: string, o: { design?: CycleDesign } = {}): Promise<Stack> {
  const cleanups = new Cleanups();
  const [env, catcher, db, uploads] = await cleanups.all([
    cleanups.start(startTimeSkippingServer(), (e) => e.teardown()),
    cleanups.start(startMailCatcher(), (c) => c.close()),
    cleanups.start(freshDatabase(), (d) => d.close()),
    cleanups.start(tempUploadsDir(), (u) => u.close()),
  ]);
  return cleanups.guard(async () => {
    const config = testConfig({ databaseUrl: db.url, smtpPort: catcher.port, uploadsDir: uploads.dir, taskQueue });
    // The environment's client: awaiting a result through it lets the server skip time.
    const dondoc: Dondoc = withCycleDesign({ client: env.client, taskQueue }, o.design ?? config.cycleDesign, db.prisma);
    let webNow = new Date(await env.currentTimeMs());
    // Wired as the processes are (app/wiring.ts); the database, the client and the clock are the test's.
    const wiring = cleanups.add(
      await openWiring(config, {
        given: { prisma: db.prisma, temporal: dondoc, clock: () => webNow },
      }),
      (w) => w.close(),
    );
    const web = cleanups.add(await buildWebApp(webDeps(wiring, { catcher })), (w) => w.close());
    await web.listen({ host: '127.0.0.1', port: 0 });
    const address = web.server.address();
    const publicUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const worker = await createDondocWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: activityDeps(wiring, { publicUrl }),
      workflowBundle: await workflowBundle(),
    });
    return {
      env,
      catcher,
      db,
      worker,
      dondoc,
      web,
      publicUrl,
      async skipTo(at) {
        const ms = at.getTime() + 60_000 - (await env.currentTimeMs());
        if (ms > 0) await env.sleep(ms);
        webNow = new Date(await env.currentTimeMs());
      },
      close: () => cleanups.run(),
    };
  });
}

export interface StackWithCycle {
  stack: Stack;
  cycle: StoredCycle;
  /** The server's date when the stack started (Vietnam time, yyyy-mm-dd). */
  today: string;
  /** The cycle's last day: the day before its "before" due date. */
  lastDay: string;
}

/**
 * A stack with the three-unit test plan stored (threeUnitPlan), its cycle due "before" `dueInDays`
 * after the server's today and open from `opensInDays` (both relative to today; defaults 12 and 0).
 * The cycle is stored, not started: a test starts it inside its worker's runUntil.
 */
export async function startStackWithCycle(
  taskQueue: string,
  planId: string,
  o: { dueInDays?: number; opensInDays?: number; design?: CycleDesign } = {},
): Promise<StackWithCycle> {
  const stack = await startStack(taskQueue, { design: o.design });
  try {
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const dueDate = addDays(today, o.dueInDays ?? 12);
    const { plan, source } = threeUnitPlan({ id: planId, dueDate, opensOn: addDays(today, o.opensInDays ?? 0) });
    const cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
    return { stack, cycle, today, lastDay: addDays(dueDate, -1) };
  } catch (err) {
    await stack.close();
    throw err;
  }
}
