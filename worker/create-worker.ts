// Builds dondoc's Temporal worker: the workflow bundle plus activities made from injected dependencies.
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { buildWorkflowBundle } from './workflow-bundle.ts';

export const MAX_CONCURRENT_ACTIVITIES = 20;

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one per run); otherwise the workflows are bundled at start, in a child process. */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Bounds the worker's memory (config DONDOC_MAX_CACHED_WORKFLOWS); the SDK's own default when absent. */
  maxCachedWorkflows?: number;
}

export async function createDondocWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowBundle: o.workflowBundle ?? (await buildWorkflowBundle()),
    activities: createActivities(o.deps),
    // Bounds the work queued behind SQLite's one writer. The mails a crash can repeat are bounded
    // separately, and more tightly, by the mail gate (activities/mail-gate.ts).
    maxConcurrentActivityTaskExecutions: MAX_CONCURRENT_ACTIVITIES,
    // A wave's heartbeat carries its cursor (activities/reminder-wave.ts): the SDK would hold it back for
    // 0.8 × the heartbeat timeout (24 s), so a worker killed after a page would make its retry redo that
    // page's reads; sent within 2 s instead (heartbeats are few: one per page and one per 5 s of a wave).
    maxHeartbeatThrottleInterval: '2 seconds',
    ...(o.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: o.maxCachedWorkflows } : {}),
  });
}
