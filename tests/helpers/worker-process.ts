// Runs `dondoc worker` as a separate OS process, configured through its environment like in production,
// so a test can kill it with SIGKILL (no graceful shutdown, no finally blocks) and start another.
// It has started once its log (JSON lines on stdout, worker/logging.ts) has the "dondoc worker: polling" line.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** stdout and stderr, as they came. */
  output(): string;
  /** stdout alone: the worker's JSON log lines. */
  stdout(): string;
  kill(): Promise<void>;
}

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'cli/dondoc.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within 90 s:\n${out}`)), 90_000);
    const check = () => {
      if (stdout.includes('dondoc worker: polling')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before polling:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    child,
    output: () => out,
    stdout: () => stdout,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
