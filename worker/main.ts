// The worker process on its own (`dondoc worker`, and the crash tests, which kill it with SIGKILL).
// Its logs are JSON lines on stdout (worker/logging.ts); tests/helpers/worker-process.ts waits for the
// "dondoc worker: polling" line's msg.
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../config/logging.ts';
import { openDatabase } from '../db/client.ts';
import { createMailer } from '../mail/mailer.ts';
import { connectTemporal, prepareNamespace } from '../temporal/client.ts';
import { createDondocWorker } from './create-worker.ts';
import { installWorkerLogging } from './logging.ts';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, service: 'worker' });
  installWorkerLogging(log, config.logLevel);
  const prisma = await openDatabase(config.databaseUrl);
  const mailer = createMailer(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const temporal = await connectTemporal(config.temporal);
  await prepareNamespace(temporal);
  const worker = await createDondocWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    deps: { prisma, mailer, publicUrl: config.web.publicUrl, linkDaysAfterClose: config.linkDaysAfterClose, temporal },
  });
  const { taskQueue, address, namespace } = config.temporal;
  log.info({ taskQueue, address, namespace }, `dondoc worker: polling task queue "${taskQueue}" on ${address}`);
  try {
    await worker.run();
  } finally {
    mailer.close();
    await prisma.$disconnect();
    await connection.close();
    await temporal.client.connection.close();
  }
}
