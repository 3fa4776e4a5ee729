// Real Temporal servers for tests, started by the project's own tools (scripts/test.sh exports them):
// the Java time-skipping test server through its wrapper script, and the Temporal CLI dev server.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker.ts';
import { ensureSearchAttributes } from '../../temporal/search-attributes.ts';

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = process.env.DONDOC_TEST_SERVER;
  if (!path) throw new Error('DONDOC_TEST_SERVER is not set: run the tests with `npm test`');
  // The SDK waits only 5 s for the JVM to listen; a cold JVM on a busy machine can miss that.
  let lastError: unknown;
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
      await ensureSearchAttributes(env.connection, 'default');
      return env;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is not set: run the tests with `npm test`');
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path }, ui: false } });
  await ensureSearchAttributes(env.connection, 'default');
  return env;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never });
  return bundle;
}
