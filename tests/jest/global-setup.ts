// Once per jest run, before any test file: the workflow bundle and the shared Temporal dev server
// (tests/jest/shared-servers.ts says what is shared and why the time-skipping server is not).
import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker.ts';
import { BUNDLE_ENV, DEV_SERVER_ENV, NAMESPACE_CLAIMS_ENV, startSharedDevServer, type DevServer } from './shared-servers.ts';

declare global {
  var dondocDevServer: DevServer | undefined;
}

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export default async function globalSetup() {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const silent = { info() {}, warn() {}, debug() {}, trace() {}, log() {}, error: (m: string) => process.stderr.write(`${m}\n`) };
  const [bundle, devServer] = await Promise.all([
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silent as never }),
    process.env.TEMPORAL_CLI_PATH ? startSharedDevServer(process.env.TEMPORAL_CLI_PATH, path.join(ARTIFACTS, 'dev-server.log')) : undefined,
  ]);
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
