// The whole of dondoc for an end-to-end test: the time-skipping Temporal server, a worker with the
// real activities, the web app on a real port, a real SMTP server and a fresh SQLite database.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { deliverSubmission, type Dondoc } from '../../temporal/client.ts';
import { buildWebApp } from '../../web/app.ts';
import { officeEngine } from '../../temporal/office-actions.ts';
import { createDondocWorker } from '../../worker/create-worker.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { tempUploadsDir } from './uploads.ts';
import { startTimeSkippingServer, workflowBundle } from './temporal.ts';

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

export async function startStack(taskQueue: string): Promise<Stack> {
  const [env, catcher, db, uploads] = await Promise.all([startTimeSkippingServer(), startMailCatcher(), freshDatabase(), tempUploadsDir()]);
  // The environment's client: awaiting a result through it lets the server skip time.
  const dondoc: Dondoc = { client: env.client, taskQueue };
  let webNow = new Date(await env.currentTimeMs());
  const web = await buildWebApp({
    prisma: db.prisma,
    deliver: (id, s) => deliverSubmission(dondoc, id, s),
    office: officeEngine(db.prisma, dondoc),
    clock: () => webNow,
    catcher,
    uploadsDir: uploads.dir,
    uploadMaxBytes: 20 * 1024 * 1024,
  });
  await web.listen({ host: '127.0.0.1', port: 0 });
  const address = web.server.address();
  const publicUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const mailer: Mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
  const worker = await createDondocWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: { prisma: db.prisma, mailer, publicUrl, linkDaysAfterClose: 60, temporal: dondoc },
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
    async close() {
      await web.close();
      mailer.close();
      await db.close();
      await catcher.close();
      await uploads.close();
      await env.teardown();
    },
  };
}
