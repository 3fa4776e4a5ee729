// Once per jest run, before any test file: the workflow bundle, the shared Temporal dev server
// (tests/jest/shared-servers.ts says what is shared and why the time-skipping server is not) and the
// private PostgreSQL server with its migrated template (tests/jest/postgres-server.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/workflows-path.ts';
import { PG_TEMPLATE_ENV, PG_URL_ENV, startTestPostgres, TEMPLATE_DB, type TestPostgres } from './postgres-server.ts';
import { BUNDLE_ENV, DEV_SERVER_ENV, NAMESPACE_CLAIMS_ENV, startSharedDevServer, type DevServer } from './shared-servers.ts';

declare global {
  var dondocDevServer: DevServer | undefined;
  var dondocPostgres: TestPostgres | undefined;
}

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export default async function globalSetup() {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const silent = { info() {}, warn() {}, debug() {}, trace() {}, log() {}, error: (m: string) => process.stderr.write(`${m}\n`) };
  // PostgreSQL only when scripts/test.sh found its programs (ensure_postgres): the `unit-pg` project.
  const pgBin = process.env.DONDOC_TEST_POSTGRES_BIN;
  const started = await Promise.allSettled([
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent as never }),
    process.env.TEMPORAL_CLI_PATH ? startSharedDevServer(process.env.TEMPORAL_CLI_PATH, path.join(ARTIFACTS, 'dev-server.log')) : undefined,
    pgBin ? startTestPostgres(pgBin, path.join(ARTIFACTS, 'postgres')) : undefined,
  ] as const);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    // One server that cannot start fails the run at once, and takes the others down with it.
    await Promise.all(started.map((r) => (r.status === 'fulfilled' && r.value && 'stop' in r.value ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  const [bundle, devServer, postgres] = started.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof bundleWorkflowCode>>,
    DevServer | undefined,
    TestPostgres | undefined,
  ];
  if (postgres) {
    globalThis.dondocPostgres = postgres;
    process.env[PG_URL_ENV] = postgres.baseUrl;
    process.env[PG_TEMPLATE_ENV] = TEMPLATE_DB;
  }
  const bundleFile = path.join(ARTIFACTS, 'workflow-bundle.js');
  await fs.writeFile(bundleFile, bundle.code);
  await fs.writeFile(`${bundleFile}.map`, bundle.sourceMap);
  process.env[BUNDLE_ENV] = bundleFile;
  if (devServer) {
    globalThis.dondocDevServer = devServer;
    process.env[DEV_SERVER_ENV] = devServer.address;
    const claims = path.join(ARTIFACTS, 'namespace-claims');
    await fs.rm(claims, { recursive: true, force: true });
    await fs.mkdir(claims);
    process.env[NAMESPACE_CLAIMS_ENV] = claims;
  }
}
