// dondoc on the real Temporal dev server, for what the time-skipping server cannot do (killed workers,
// Schedules, refused Updates): the dev server shared by the jest run (a namespace of this file's own),
// a fresh database, a real SMTP server, and workers in this process or as `dondoc worker` processes.
// Timelines are compressed into seconds (compressed-cycle.ts): the dev server has no time skipping.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { activityDeps, openWiring } from '../../app/wiring.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { withCycleDesign, type Dondoc } from '../../temporal/client.ts';
import type { CycleDesign } from '../../domain/cycle-design.ts';
import { createDondocWorker } from '../../worker/create-worker.ts';
import { Cleanups } from './cleanups.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { startDevServer, workflowBundle } from './temporal.ts';
import { testConfig } from './wiring.ts';

export interface DevStack {
  env: TestWorkflowEnvironment;
  /** The namespace this file has on the shared dev server: workers and clients use it. */
  namespace: string;
  db: TestDb;
  catcher: MailCatcher;
  mailer: Mailer;
  dondoc(taskQueue: string): Dondoc;
  /** A worker in this process with the real activities (not started: use runUntil). */
  worker(taskQueue: string): Promise<Worker>;
  /** The environment a `dondoc worker` process needs to serve `taskQueue` on this stack. */
  workerProcessEnv(taskQueue: string): Record<string, string>;
  close(): Promise<void>;
}

/** `design`: the design its clients start new cycles on; by default the configured one ('waves'). */
export async function startDevStack(o: { design?: CycleDesign } = {}): Promise<DevStack> {
  const cleanups = new Cleanups();
  const [{ env, namespace }, db, catcher] = await cleanups.all([
    cleanups.start(startDevServer(), (d) => d.env.teardown()),
    cleanups.start(freshDatabase(), (d) => d.close()),
    cleanups.start(startMailCatcher(), (c) => c.close()),
  ]);
  const config = testConfig({ databaseUrl: db.url, smtpPort: catcher.port, temporalAddress: env.address, namespace });
  const design = o.design ?? config.cycleDesign;
  const dondoc = (taskQueue: string): Dondoc => withCycleDesign({ client: env.client, taskQueue }, design, db.prisma);
  // Wired as the processes are (app/wiring.ts): its mailer is the stack's; each worker gets the client
  // for its own task queue.
  const wiring = cleanups.add(
    await openWiring(config, {
      given: { prisma: db.prisma, temporal: dondoc('dondoc') },
    }),
    (w) => w.close(),
  );
  const { mailer } = wiring;
  return {
    env,
    namespace,
    db,
    catcher,
    mailer,
    dondoc,
    async worker(taskQueue) {
      return createDondocWorker({
        connection: env.nativeConnection,
        namespace,
        taskQueue,
        deps: { ...activityDeps(wiring), temporal: dondoc(taskQueue) },
        workflowBundle: await workflowBundle(),
      });
    },
    workerProcessEnv: (taskQueue) => ({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: namespace,
      DONDOC_TASK_QUEUE: taskQueue,
      DATABASE_URL: db.url,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(catcher.port),
      DONDOC_PUBLIC_URL: 'http://127.0.0.1:9',
      DONDOC_CYCLE_DESIGN: design,
    }),
    close: () => cleanups.run(),
  };
}
