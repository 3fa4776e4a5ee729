// The worker process on its own (`dondoc worker`, and the crash tests, which kill it with SIGKILL).
// Its logs are JSON lines on stdout (worker/logging.ts); tests/helpers/worker-process.ts waits for the
// "dondoc worker: polling" line's msg. Its dependencies come from app/wiring.ts, like every process's.
import { NativeConnection } from '@temporalio/worker';
import { activityDeps, openWiring } from '../app/wiring.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../config/logging.ts';
import { prepareNamespace } from '../temporal/client.ts';
import { createDondocWorker } from './create-worker.ts';
import { installWorkerLogging } from './logging.ts';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, service: 'worker' });
  installWorkerLogging(log, config.logLevel);
  const w = await openWiring(config);
  try {
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    try {
      await prepareNamespace(w.temporal);
      const worker = await createDondocWorker({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        maxCachedWorkflows: config.worker.maxCachedWorkflows,
        deps: activityDeps(w),
      });
      const { taskQueue, address, namespace } = config.temporal;
      log.info({ taskQueue, address, namespace }, `dondoc worker: polling task queue "${taskQueue}" on ${address}`);
      await worker.run();
    } finally {
      await connection.close();
    }
  } finally {
    await w.close();
  }
}
