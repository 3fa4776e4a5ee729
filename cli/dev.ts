// `dondoc dev`: everything in one process on the embedded defaults: the embedded SMTP server, migrations,
// the worker, the web app and the demo plan. The Temporal dev server is started by scripts/dev.sh.
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config.ts';
import { createLogger } from '../config/logging.ts';
import { openDatabase } from '../db/client.ts';
import { migrateDeploy } from '../db/migrate.ts';
import { savePlan, storedCycles } from '../db/plans.ts';
import { startMailCatcher } from '../mail/catcher.ts';
import { createMailer } from '../mail/mailer.ts';
import { connectTemporal, deliverSubmission, prepareNamespace } from '../temporal/client.ts';
import { openCycles } from '../temporal/open-cycles.ts';
import { buildWebApp } from '../web/app.ts';
import { officeEngine } from '../temporal/office-actions.ts';
import { redeliverPending } from '../temporal/submission-delivery.ts';
import { createDondocWorker } from '../worker/create-worker.ts';
import { installWorkerLogging } from '../worker/logging.ts';
import { currentDemoPlan } from './demo-plan.ts';
import { ensureDevAdmin } from './dev-admin.ts';

export async function runDev(config: Config, temporalUiUrl: string): Promise<void> {
  // One JSON log for the worker and the web app of this process; the worker's before Core starts.
  const log = createLogger({ level: config.logLevel, service: 'dev' });
  installWorkerLogging(log, config.logLevel);
  const catcher = config.embeddedSmtp.enabled
    ? await startMailCatcher({ port: config.smtp.port, host: config.smtp.host, dir: config.embeddedSmtp.outboxDir })
    : undefined;
  await migrateDeploy(config.databaseUrl);
  const prisma = await openDatabase(config.databaseUrl);
  const admin = await ensureDevAdmin(prisma, config.dataDir);
  const mailer = createMailer(config);
  const dondoc = await connectTemporal(config.temporal);
  await prepareNamespace(dondoc);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createDondocWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    deps: { prisma, mailer, publicUrl: config.web.publicUrl, linkDaysAfterClose: config.linkDaysAfterClose, temporal: dondoc },
  });
  const deliver = (id: string, s: Parameters<typeof deliverSubmission>[2]) => deliverSubmission(dondoc, id, s);
  const web = await buildWebApp({
    prisma,
    deliver,
    clock: () => new Date(),
    catcher,
    secureCookies: config.web.publicUrl.startsWith('https:'),
    cookieSecret: config.web.cookieSecret,
    uploadsDir: config.uploads.dir,
    uploadMaxBytes: config.uploads.maxBytes,
    office: officeEngine(prisma, dondoc),
    auth: config.auth,
    logger: log,
  });
  await web.listen({ host: config.web.host, port: config.web.port });
  const sweeper = setInterval(() => void redeliverPending(prisma, deliver).catch(() => undefined), 15_000);

  // The demo is placed around today once; a restart resumes it as stored (its workflows run on it).
  const { plan, source } = await currentDemoPlan(new Date());
  const stored = await storedCycles(prisma, plan.id);
  const cycles = stored.length > 0 ? stored : await savePlan(prisma, plan, source);
  await openCycles(dondoc, cycles, new Date());

  console.log(`
dondoc is running on its embedded defaults.
  Web app      ${config.web.publicUrl}/
  Outbox       ${config.web.publicUrl}/outbox${catcher ? '' : ' (disabled: DONDOC_EMBEDDED_SMTP=false)'}
  Temporal UI  ${temporalUiUrl}
  Demo plan    "${plan.id}": ${cycles.map((c) => c.cycleId).join(', ')}
${admin
  ? `  Sign in      ${admin.email} / ${admin.password}
               (shown once; also in ${admin.file}; more accounts: dondoc user add --help)`
  : '  Sign in      with an existing account (dondoc user add --help)'}
Press Ctrl+C to stop.`);

  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await worker.run();
  } finally {
    clearInterval(sweeper);
    await web.close();
    mailer.close();
    await catcher?.close();
    await prisma.$disconnect();
    await connection.close();
    await dondoc.client.connection.close();
  }
}
