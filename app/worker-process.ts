// The worker as dondoc's processes start it (`dondoc worker`, `dondoc dev`): a connection to the
// configured Temporal, the namespace's search attributes registered, and the worker on the configured
// task queue with the wiring's activities. The caller runs it and closes the connection afterwards.
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Config } from '../config/config.ts';
import { prepareNamespace } from '../temporal/client.ts';
import { createDondocWorker } from '../worker/create-worker.ts';
import { activityDeps, type Wiring } from './wiring.ts';

export async function openWorker(w: Wiring, config: Config): Promise<{ worker: Worker; connection: NativeConnection }> {
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
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
