// The processes `npm run bench` starts and stops itself: the Temporal CLI dev server and dondoc's worker
// (`dondoc worker`, as in production), each with its output in a log file, plus a sampler of their
// resident memory read from /proc every 200 ms. Everything listens on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');
const children = new Set<ChildProcess>();

/** Last resort on any exit: SIGKILL whatever this script started and did not stop. */
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Child {
  pid: number;
  child: ChildProcess;
  log: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess, log: string): Child {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return {
    pid: child.pid!,
    child,
    log,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(hard);
          resolve();
        });
        child.kill(signal);
      }),
  };
}

export interface DevServer extends Child {
  address: string;
}

/** `temporal server start-dev` (in-memory SQLite, no UI) on a free port of 127.0.0.1. */
export async function startDevServer(cli: string, logDir: string): Promise<DevServer> {
  const port = await freePort();
  const log = path.join(logDir, 'temporal.log');
  const out = fs.openSync(log, 'a');
  const child = spawn(cli, ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'], {
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const c = track(child, log);
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (let i = 0; i < 300 && Date.now() < deadline; i++) {
    if (child.exitCode !== null) throw new Error(`the dev server exited with ${child.exitCode}; see ${log}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2_000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      return { ...c, address };
    } catch {
      await sleep(300);
    }
  }
  await c.stop('SIGKILL');
  throw new Error(`the dev server did not answer within 90 s; see ${log}`);
}

/** `dondoc worker` as its own process, configured through its environment. */
export async function startWorker(env: Record<string, string>, log: string): Promise<Child> {
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'cli/dondoc.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const c = track(child, log);
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < 1_200 && Date.now() < deadline; i++) {
    if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}; see ${log}`);
    if (fs.readFileSync(log, 'utf8').includes('dondoc worker: polling')) return c;
    await sleep(100);
  }
  await c.stop('SIGKILL');
  throw new Error(`the worker did not poll within 120 s; see ${log}`);
}

/** VmRSS / VmHWM of a process in bytes (null when it is gone). */
export function procMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process's VmRSS every 200 ms; `peak(label)` is the highest since `phase(label)`. */
export class RssSampler {
  private timer: NodeJS.Timeout;
  private peaks = new Map<string, number>();
  private current = 'start';
  overall = 0;
  constructor(private pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }
  private sample() {
    const m = procMemory(this.pid);
    if (!m) return;
    this.overall = Math.max(this.overall, m.rss);
    this.peaks.set(this.current, Math.max(this.peaks.get(this.current) ?? 0, m.rss));
  }
  phase(label: string) {
    this.sample();
    this.current = label;
  }
  peak(label: string): number {
    return this.peaks.get(label) ?? 0;
  }
  stop() {
    this.sample();
    clearInterval(this.timer);
  }
}

/** CPU seconds (user + system, all threads) a process has used so far (NaN when it is gone). */
export function procCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/**
 * Waits (at most `limitMs`) until a process uses under `share` of one core over 2 s: the dev server goes on
 * working for a while after the raw baseline's 20,000 workflows (their visibility records), and the
 * reminder wave measured next must not share the machine with that. Returns the ms waited.
 */
export async function settled(pid: number, share = 0.2, limitMs = 120_000): Promise<number> {
  const t0 = Date.now();
  for (let i = 0; i < limitMs / 2_000 + 1 && Date.now() - t0 < limitMs; i++) {
    const before = procCpuSeconds(pid);
    await sleep(2_000);
    if (!((procCpuSeconds(pid) - before) / 2 >= share)) break; // NaN (gone) counts as settled
  }
  return Date.now() - t0;
}
