// The worker process on its own (`dondoc worker`, and the crash tests, which kill it with SIGKILL).
// Its logs are JSON lines on stdout (worker/logging.ts); tests/helpers/worker-process.ts waits for the
// "dondoc worker: polling" line's msg. Its dependencies come from app/wiring.ts, like every process's.
import { openWiring } from '../app/wiring.ts';
import { openWorker } from '../app/worker-process.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../config/logging.ts';
import { installWorkerLogging } from './logging.ts';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, service: 'worker' });
  installWorkerLogging(log, config.logLevel);
  const w = await openWiring(config);
  try {
    const { worker, connection } = await openWorker(w, config);
    try {
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
