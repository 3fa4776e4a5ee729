// The worker's log (worker/logging.ts): `dondoc worker`, run as its own process on the shared Temporal
// dev server, writes JSON lines on stdout: its own "polling" line, and the Temporal SDK's messages
// through the Runtime logger, in the web app's format.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startDevStack, type DevStack } from '../helpers/dev-stack.ts';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.ts';
import { expectTruthy } from '../helpers/expect.ts';

// The worker process bundles the workflows before it polls.
jest.setTimeout(180_000);

interface LogLine {
  level: string;
  msg: string;
  time: string;
  service: string;
  pid: number;
  [field: string]: unknown;
}

describe('worker log', () => {
  let stack: DevStack;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    stack = await startDevStack();
    worker = await startWorkerProcess(stack.workerProcessEnv('logging'));
  });
  afterAll(async () => {
    await worker?.kill();
    await stack?.close();
  });

  const lines = () =>
    worker!
      .stdout()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as LogLine);

  it('writes JSON lines on stdout: the polling line and the Temporal SDK\'s own messages', async () => {
    // The SDK says the worker runs just after our polling line: wait for it.
    for (let i = 0; i < 100 && !worker!.stdout().includes('Worker state changed'); i++) await new Promise((r) => setTimeout(r, 100));
    // every stdout line parses (JSON.parse throws on the first one that does not)
    const all = lines();
    // on failure, look at: worker!.output()
    expect(all.length).toBeGreaterThan(2);
    for (const l of all) {
      expect(l).toMatchObject({ service: 'worker', pid: worker!.child.pid });
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(l.level);
      expect(Number.isNaN(Date.parse(l.time))).toBe(false);
    }

    const polling = all.find((l) => l.msg.startsWith('dondoc worker: polling'));
    expectTruthy(polling);
    expect(polling).toMatchObject({ level: 'info', msg: `dondoc worker: polling task queue "logging" on ${stack.env.address}`, taskQueue: 'logging', namespace: stack.namespace });

    // Through Runtime.install's logger: the SDK's messages with their metadata as fields. (The workflow
    // bundle is built in a child process, worker/workflow-bundle.ts: its webpack lines are not the worker's.)
    const running = all.find((l) => l.msg === 'Worker state changed' && l.state === 'RUNNING');
    expectTruthy(running);
    expect(running).toMatchObject({ level: 'info', sdkComponent: 'worker', taskQueue: 'logging' });
  });
});
