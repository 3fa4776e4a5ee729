// What every test file of one jest run shares, started once by global-setup.ts and found by the files
// through the environment (jest starts its workers after the global setup, so they inherit it):
// - the workflow bundle, built once and written to a file (each file used to build its own);
// - one Temporal CLI dev server, where each file claims a namespace of its own, so files never see
//   each other's workflows, task queues or schedules.
// The Java time-skipping server is not shared: its clock is global, and every file that skips time
// would move it for the others.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../../scripts/free-port.ts';

export const BUNDLE_ENV = 'DONDOC_TEST_WORKFLOW_BUNDLE';
export const DEV_SERVER_ENV = 'DONDOC_TEST_DEV_SERVER';
export const NAMESPACE_CLAIMS_ENV = 'DONDOC_TEST_NAMESPACE_CLAIMS';
/** Namespaces created with the dev server; a file claims the first free one. */
export const SHARED_NAMESPACES = Array.from({ length: 16 }, (_, i) => `dondoc-test-${i + 1}`);


async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.end(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export interface DevServer {
  address: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` in memory on a free loopback port, with the shared namespaces. */
export async function startSharedDevServer(cliPath: string, logFile: string): Promise<DevServer> {
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'warn'];
  for (const ns of SHARED_NAMESPACES) args.push('--namespace', ns);
  const child = spawn(cliPath, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const deadline = Date.now() + 60_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with ${child.exitCode}; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`the Temporal dev server did not listen on ${port} within 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address: `127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Claims a namespace of the shared dev server for this file (a directory per claim: mkdir is atomic). */
export function claimNamespace(claimsDir: string): string {
  for (const ns of SHARED_NAMESPACES) {
    try {
      fs.mkdirSync(path.join(claimsDir, ns));
      return ns;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`all ${SHARED_NAMESPACES.length} namespaces of the shared dev server are taken: add more in tests/jest/shared-servers.ts`);
}
