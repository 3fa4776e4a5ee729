// Real Temporal servers for tests, started by the project's own tools (scripts/test.sh exports them):
// the Java time-skipping test server through its wrapper script, and the Temporal CLI dev server,
// shared by the files of a jest run with a namespace for each file (tests/jest/shared-servers.ts).
import fs from 'node:fs/promises';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/workflows-path.ts';
import { ensureSearchAttributes } from '../../temporal/search-attributes.ts';
import { BUNDLE_ENV, claimNamespace, DEV_SERVER_ENV, NAMESPACE_CLAIMS_ENV } from '../jest/shared-servers.ts';

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

/** A dev server environment; its `namespace` is the one the file must use for workers and clients. */
export interface DevServerEnv {
  env: TestWorkflowEnvironment;
  namespace: string;
}

export async function startDevServer(): Promise<DevServerEnv> {
  const shared = process.env[DEV_SERVER_ENV];
  const claims = process.env[NAMESPACE_CLAIMS_ENV];
  if (shared && claims) {
    const namespace = claimNamespace(claims);
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address: shared, namespace });
    await ensureSearchAttributes(env.connection, namespace);
    return { env, namespace };
  }
  // Outside a jest run with its global setup (a file run on its own by other means): a server of its own.
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is not set: run the tests with `npm test`');
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path }, ui: false } });
  await ensureSearchAttributes(env.connection, 'default');
  return { env, namespace: 'default' };
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle: the one the jest run built once (global setup), or built here once per file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  const file = process.env[BUNDLE_ENV];
  bundle ??= file
    ? Promise.all([fs.readFile(file, 'utf8'), fs.readFile(`${file}.map`, 'utf8')]).then(([code, sourceMap]) => ({ code, sourceMap }))
    : bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never });
  return bundle;
}
