// The worker process on its own (`dondoc worker`, and the crash tests, which kill it with SIGKILL).
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/client.ts';
import { createMailer } from '../mail/mailer.ts';
import { connectTemporal, prepareNamespace } from '../temporal/client.ts';
import { createDondocWorker } from './create-worker.ts';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
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
  console.log(`dondoc worker: polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
  try {
    await worker.run();
  } finally {
    mailer.close();
    await prisma.$disconnect();
    await connection.close();
    await temporal.client.connection.close();
  }
}
