// `dondoc dev`: everything in one process on the embedded defaults: the embedded SMTP server, migrations,
// the worker, the web process (app/web-process.ts, with its redelivery) and the demo plan. The Temporal
// dev server is started by scripts/dev.sh. Built from app/wiring.ts like the production processes.
import { openWiring } from '../app/wiring.ts';
import { openWorker } from '../app/worker-process.ts';
import { startWebProcess } from '../app/web-process.ts';
import type { Config } from '../config/config.ts';
import { createLogger } from '../config/logging.ts';
import { migrateDeploy } from '../db/migrate.ts';
import { savePlan, storedCycles } from '../db/plans.ts';
import { startMailCatcher } from '../mail/catcher.ts';
import { openCycles } from '../temporal/open-cycles.ts';
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
  const w = await openWiring(config);
  const admin = await ensureDevAdmin(w.prisma, config.dataDir);
  const { worker, connection } = await openWorker(w, config);
  const web = await startWebProcess(w, { log, catcher });

  // The demo is placed around today once; a restart resumes it as stored (its workflows run on it).
  const { plan, source } = await currentDemoPlan(new Date());
  const stored = await storedCycles(w.prisma, plan.id);
  const cycles = stored.length > 0 ? stored : await savePlan(w.prisma, plan, source);
  await openCycles(w.temporal, cycles, new Date());

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
    await web.close();
    await catcher?.close();
    await connection.close();
    await w.close();
  }
}
