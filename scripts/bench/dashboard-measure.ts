// The measuring part of scripts/bench-dashboard.ts: autocannon after a warm-up, with the latencies of
// the 2xx answers only, a drain between loads (requests a load left queued are still being served
// after autocannon stops) and one request at a time (the page's own service time).
import os from 'node:os';
import autocannon from 'autocannon';
import { percentile } from './stats.ts';

const started = Date.now();
export function say(s: string) {
  console.error(`[bench:dashboard ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
}

export interface Measured {
  path: string;
  connections: number;
  durationS: number;
  requests: number;
  /** Sent during the run; sent − requests were still queued in the app when the run ended. */
  sent: number;
  reqPerS: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerResponse: number;
  /** The machine's CPUs busy during the measured run (all processes: load generator, web app, database), 0–1. */
  machineBusy: number;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  timeoutS: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

function cpuTimes() {
  let busy = 0;
  let all = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq;
    busy += t;
    all += t + c.times.idle;
  }
  return { busy, all };
}

/** Waits until the app answers /healthz at once. */
export async function drain(base: string, headers: Record<string, string>) {
  for (let i = 0; i < 1200; i++) {
    const t = performance.now();
    // A pooled socket the app closed while busy answers ECONNRESET: try again on a fresh one.
    const ok = await fetch(`${base}/healthz`, { headers }).then(() => true, () => false);
    if (ok && performance.now() - t < 50) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the web app did not become idle within 10 minutes');
}

/** One request at a time: the page's own service time, without queueing behind other requests. */
export async function sequential(base: string, urlPath: string, headers: Record<string, string>, count: number) {
  const ms: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(`${base}${urlPath}`, { headers });
    bytes = (await res.arrayBuffer()).byteLength;
    status = res.status;
    ms.push(round(performance.now() - t));
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { path: urlPath, status, bytes, ms, p50: percentile(sorted, 0.5), max: sorted.at(-1) };
}

/** `around` is told when the measured run starts and ends (the web process's event-loop figures). */
export async function load(base: string, urlPath: string, headers: Record<string, string>, o: LoadOptions, around?: { start(): Promise<void>; end(): Promise<unknown> }) {
  const url = `${base}${urlPath}`;
  say(`warm-up ${urlPath} (${o.warmupS} s)`);
  await autocannon({ url, connections: o.connections, duration: o.warmupS, timeout: o.timeoutS, headers });
  await drain(base, headers);
  say(`measure ${urlPath}: ${o.connections} connections, ${o.durationS} s`);
  const times: number[] = [];
  let bytes = 0;
  await around?.start();
  const cpu0 = cpuTimes();
  const run = autocannon({ url, connections: o.connections, duration: o.durationS, timeout: o.timeoutS, headers });
  run.on('response', (_c, status, resBytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
    bytes += resBytes;
  });
  const r = await run;
  const cpu1 = cpuTimes();
  const webProcess = await around?.end();
  await drain(base, headers);
  times.sort((a, b) => a - b);
  const measured: Measured = {
    path: urlPath,
    connections: o.connections,
    durationS: r.duration,
    requests: times.length,
    sent: r.requests.sent,
    reqPerS: round(times.length / r.duration),
    latencyMs: { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)), p99: round(percentile(times, 0.99)), max: round(times.at(-1) ?? NaN), mean: round(times.reduce((a, b) => a + b, 0) / (times.length || 1)) },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    bytesPerResponse: Math.round(bytes / (times.length || 1)),
    machineBusy: Math.round((100 * (cpu1.busy - cpu0.busy)) / (cpu1.all - cpu0.all || 1)) / 100,
  };
  return { ...measured, webProcess };
}
