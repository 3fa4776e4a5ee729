// `npm run bench` (scripts/bench.sh): how dondoc scales on one Temporal dev server, in one run.
//   (a) baseline: raw Temporal starting N trivial workflows, 32 at a time (the fan-out's concurrency);
//   (b) dondoc opening a cycle of N units: startCycle until the fan-out activity has started all N
//       (its ActivityTaskCompleted in the cycle's history; the visibility count checks the number);
//   (c) reminder lateness: N reminders due at the same instant T, received by dondoc's own SMTP
//       server (mail/catcher.ts) at receivedAt; p50/p99 of receivedAt - T;
//   (d) the worker's peak resident memory (`dondoc worker` as a child process, /proc VmRSS every
//       200 ms and VmHWM);
//   (floor) how long the same SMTP server takes to accept N reminders from a plain nodemailer pool with
//       the workers' mail concurrency, no Temporal, no database (scripts/bench/smtp-floor.ts; issue 15).
// Each N gets a fresh SQLite database (a copy of the template bench.sh migrated), a fresh worker
// process and its own task queue; the dev server, the mail catcher and the baseline's worker are
// shared. Everything stays on 127.0.0.1, every wait has a count and a time limit, and the script
// stops what it started. Results: a Markdown table on stdout and JSON under test-artifacts/bench/.
//
// Environment (all optional): DONDOC_BENCH_N (default 1000,5000,20000), DONDOC_BENCH_LATENESS_N
// (default 1000,5000,20000), DONDOC_BENCH_BUDGET_MIN (default 28: a size is skipped when its
// projected time would overrun it), DONDOC_BENCH_HARD_LIMIT_MIN (default 45: the script aborts),
// DONDOC_BENCH_FLOOR_N (default: the sizes of DONDOC_BENCH_N). A list without a number ("none") runs
// none of that kind: DONDOC_BENCH_N=none DONDOC_BENCH_FLOOR_N=2000 measures the floor alone.
// DONDOC_BENCH_DESIGN (waves, the default, or per-unit: the design the worker and the bench's client
// start cycles on, given to both as DONDOC_CYCLE_DESIGN); DONDOC_BENCH_GATE (a list of the worker's mail
// gate sizes, given as DONDOC_MAIL_IN_FLIGHT; default: MAILS_IN_FLIGHT; every size is run with each, the
// raw baseline once); DONDOC_BENCH_FLOOR_CONNECTIONS (the floor's pool sizes, default: gate × workers).
// On the waves design, (b) is timed to the cycle being ready for its first wave (scripts/bench/waves.ts
// waitForCycleReady), and (e) adds the overdue row: the marks at a deadline and the escalation digest.
// This file runs the sizes; the rows of each design are in scripts/bench/per-unit.ts and waves-rows.ts,
// the options in options.ts, the lateness figures in lateness.ts, the report in report.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { openWiring } from '../app/wiring.ts';
import { loadConfig } from '../config/config.ts';
import { savePlan } from '../db/plans.ts';
import { forEachLimited } from '../domain/concurrency.ts';
import { startMailCatcher, type MailCatcher } from '../mail/catcher.ts';
import { startCycle, type Dondoc } from '../temporal/client.ts';
import { CLI, CONCURRENCY, DESIGN, FLOOR_CONNECTIONS, FLOOR_SIZES, GATES, HARD_LIMIT_MS, LATENESS_SIZES, BUDGET_MS, MiB, remainingMs, say, SIZES, TEMPLATE_DB, WORK_DIR, WORKER_PROCESSES } from './bench/options.ts';
import { perUnitRows } from './bench/per-unit.ts';
import { benchPlan, moveCycle, OPEN_CYCLE, REMIND_CYCLE } from './bench/plan.ts';
import { procMemory, RssSampler, procCpuSeconds, settled, startDevServer, startWorker, type Child, type DevServer } from './bench/processes.ts';
import { report, versions, type RunMeta } from './bench/report.ts';
import type { CpuMark, RowsCtx, SizeResult } from './bench/result.ts';
import { smtpFloor, type FloorResult } from './bench/smtp-floor.ts';
import { wavesRows } from './bench/waves-rows.ts';

const root = path.resolve(import.meta.dirname, '..');

function workerErrorLines(log: string): number {
  try {
    return fs.readFileSync(log, 'utf8').split('\n').filter((l) => /error|SQLITE_BUSY|failed/i.test(l)).length;
  } catch {
    return 0;
  }
}

async function baseline(client: Client, taskQueue: string, n: number): Promise<number> {
  const ids = Array.from({ length: n }, (_, i) => `raw-${taskQueue}-${i}`);
  const t0 = performance.now();
  await forEachLimited(ids, CONCURRENCY, (id) =>
    client.workflow.start('trivialWorkflow', { workflowId: id, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' }),
  );
  return performance.now() - t0;
}

async function runSize(n: number, ctx: { server: DevServer; client: Client; catcher: MailCatcher; dir: string }, r: SizeResult): Promise<void> {
  const { server, client, catcher, dir } = ctx;
  const queue = `bench-${n}-g${r.gate}`;

  // (a) raw Temporal, on a queue the in-process baseline worker polls (once per size: given when measured).
  if (r.baselineMs === undefined) {
    say(`N=${n}: (a) baseline, ${n} trivial workflows, ${CONCURRENCY} at a time`);
    r.baselineMs = await baseline(client, 'bench-raw', n);
    say(`N=${n}: (a) ${(r.baselineMs / 1000).toFixed(2)} s`);
    say(`N=${n}: (a) dev server settled ${(await settled(server.pid)) / 1000} s after the baseline`);
  }

  // The plan in a fresh database.
  const dbFile = path.join(dir, `bench-${n}-g${r.gate}.db`);
  fs.copyFileSync(TEMPLATE_DB!, dbFile);
  // One environment for the worker process and this process's own wiring (app/wiring.ts): the same
  // configuration, read by the same loadConfig. This process reuses the run's Temporal client.
  const processEnv = {
    TEMPORAL_ADDRESS: server.address,
    DONDOC_TASK_QUEUE: queue,
    DATABASE_URL: `file:${dbFile}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(catcher.port),
    DONDOC_PUBLIC_URL: 'http://127.0.0.1:9',
    DONDOC_CYCLE_DESIGN: DESIGN,
    DONDOC_MAIL_IN_FLIGHT: String(r.gate),
  };
  const wiring = await openWiring(loadConfig(processEnv), { given: { temporal: { client, taskQueue: queue } } });
  const { prisma } = wiring;
  let worker: Child | undefined;
  let sampler: RssSampler | undefined;
  try {
    const { plan, source } = benchPlan(`bench-${n}-g${r.gate}`, n, new Date());
    let t = performance.now();
    const cycles = await savePlan(prisma, plan, source);
    r.loadMs = performance.now() - t;
    say(`N=${n}: plan loaded (savePlan, ${n} units, ${2 * n} obligations) in ${(r.loadMs / 1000).toFixed(1)} s`);
    const openStored = cycles.find((c) => c.cycleKey === OPEN_CYCLE)!;
    const remindStored = cycles.find((c) => c.cycleKey === REMIND_CYCLE)!;

    // The worker, as its own process, on this database and the shared SMTP server.
    const log = path.join(dir, `worker-${n}-g${r.gate}.log`);
    say(`N=${n}: worker with mail gate ${r.gate}`);
    worker = await startWorker(processEnv, log);
    const ready = procMemory(worker.pid);
    const w = worker;
    r.cpu = {};
    const cpuMark = (): CpuMark => ({ at: Date.now(), worker: procCpuSeconds(w.pid), server: procCpuSeconds(server.pid), bench: procCpuSeconds(process.pid) });
    const cpuPhase = (label: string, from: CpuMark) => {
      const to = cpuMark();
      const wallS = (to.at - from.at) / 1000;
      const pct = (k: 'worker' | 'server' | 'bench') => Math.round((100 * (to[k] - from[k])) / wallS);
      r.cpu![label] = { wallS, worker: pct('worker'), server: pct('server'), bench: pct('bench') };
    };
    sampler = new RssSampler(worker.pid);
    const dondoc: Dondoc = wiring.temporal;

    // (b) open a cycle whose reminders are far away: until the fan-out has started all N.
    const now = Date.now();
    const far = (days: number) => new Date(now + days * 86_400_000);
    const openCycle = await moveCycle(prisma, openStored, {
      opensAt: new Date(now),
      reminders: [{ daysBefore: 7, at: far(30) }],
      dueAt: far(37),
      overdueAt: far(38),
      escalationAt: far(42),
      closesAt: far(67),
    });
    sampler.phase('open');
    say(`N=${n}: (b) startCycle`);
    const t0 = Date.now();
    const cpu = cpuMark();
    const handle = await startCycle(dondoc, openCycle);
    const rows: RowsCtx = { client, catcher, prisma, dondoc, queue, openStored, remindStored, sampler, cpuMark, cpuPhase };
    if (DESIGN === 'waves') await wavesRows(rows, { handle, t0, returnedAt: Date.now(), cpu }, r);
    else await perUnitRows(rows, { handle, t0, cpu }, r);
    sampler.stop();
    const hwm = procMemory(worker.pid)?.hwm ?? NaN;
    r.workerPeakRss = { ready: ready?.rss ?? NaN, readyHwm: ready?.hwm ?? NaN, open: sampler.peak('open'), remind: sampler.peak('remind'), overdue: sampler.peak('overdue'), hwm };
    r.serverRss = procMemory(server.pid)?.rss;
    r.workerErrors = workerErrorLines(log);
    say(`N=${n}: worker VmHWM ${(hwm / MiB).toFixed(0)} MiB; dev server VmRSS ${((r.serverRss ?? 0) / MiB).toFixed(0)} MiB`);
  } finally {
    sampler?.stop();
    await worker?.stop('SIGKILL');
    await wiring.close();
  }
}

async function main(): Promise<number> {
  if (!WORK_DIR || !CLI || (SIZES.length > 0 && !TEMPLATE_DB)) throw new Error('run through `npm run bench` (scripts/bench.sh sets DONDOC_BENCH_TEMPLATE_DB, DONDOC_BENCH_DIR, TEMPORAL_CLI_PATH)');
  const results: SizeResult[] = [];
  const floor: FloorResult[] = [];
  let meta: RunMeta | undefined;
  const hardLimit = setTimeout(() => {
    console.error(`[bench] hard limit of ${HARD_LIMIT_MS / 60_000} min reached: stopping, with what was measured`);
    try {
      if (meta) report(meta, results, floor);
    } finally {
      process.exit(2); // the exit handler kills the children
    }
  }, HARD_LIMIT_MS);
  hardLimit.unref();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130)); // the exit handler kills the children

  const machine = { nproc: os.availableParallelism(), memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1), cpu: os.cpus()[0]?.model ?? '?', kernel: os.release() };
  const m = { date: new Date().toISOString(), machine, versions: versions(CLI), design: DESIGN, gates: GATES, sizes: SIZES, latenessSizes: [...LATENESS_SIZES], floorSizes: FLOOR_SIZES, floorConnections: FLOOR_CONNECTIONS };
  meta = m;
  say(`machine ${JSON.stringify(machine)}`);
  say(`design ${DESIGN}, mail gates ${GATES.join(', ')}; sizes ${SIZES.join(', ') || 'none'}; lateness at ${[...LATENESS_SIZES].join(', ') || 'none'}; floor at ${FLOOR_SIZES.join(', ') || 'none'}; budget ${BUDGET_MS / 60_000} min`);

  const catcher = await startMailCatcher({ host: '127.0.0.1' });
  // The floor first, before the dev server starts: nothing else of the bench runs meanwhile.
  for (const n of FLOOR_SIZES) {
    for (const connections of FLOOR_CONNECTIONS) {
      say(`floor: ${n} reminders through a nodemailer pool of ${connections} connections (mail gates ${GATES.join(', ')} × ${WORKER_PROCESSES} worker process)`);
      const f = await smtpFloor(catcher, n, connections);
      floor.push(f);
      say(`floor: ${f.received}/${n} accepted in ${(f.acceptedMs / 1000).toFixed(2)} s (${f.perSecond.toFixed(0)}/s), ${f.failed} failed`);
    }
  }
  if (SIZES.length > 0) await runSizes(catcher, results);
  else await catcher.close();
  report(m, results, floor);
  return 0;
}

/** (a)–(d) for every size, on one dev server; closes the catcher. */
async function runSizes(catcher: MailCatcher, results: SizeResult[]): Promise<void> {
  const server = await startDevServer(CLI!, WORK_DIR!);
  say(`dev server on ${server.address} (pid ${server.pid})`);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const rawWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'bench-raw',
    workflowsPath: path.join(root, 'scripts/bench/trivial-workflow.ts'),
  });
  const rawRun = rawWorker.run();
  try {
    let previous: { n: number; ms: number } | undefined; // (a) + load + (b) of the previous size
    for (const n of SIZES) {
      let first: { r: SizeResult; wallMs: number } | undefined; // this size with the first gate
      for (const gate of GATES) {
        const r: SizeResult = { n, gate, baselineMs: first?.r.baselineMs };
        results.push(r);
        const remaining = remainingMs();
        // Another gate: as long as the first gate took, less its baseline, with its reminder wave scaled by
        // the gates' ratio (the wave is paced by the gate: mails in flight × a connection each); another
        // size: from the previous one's opening.
        const wave = first?.r.lateness?.maxMs ?? 0;
        const projected = first ? first.wallMs - (first.r.baselineMs ?? 0) - wave + (wave * first.r.gate) / gate : previous ? (1.5 * previous.ms * n) / previous.n : 0;
        if (projected > remaining) {
          r.skipped = `skipped: projected ${Math.round(projected / 1000)} s > remaining budget ${Math.round(remaining / 1000)} s`;
          say(`N=${n} gate ${gate}: ${r.skipped}`);
          continue;
        }
        const t0 = Date.now();
        await runSize(n, { server, client, catcher, dir: WORK_DIR! }, r);
        first ??= { r, wallMs: Date.now() - t0 };
        previous = { n, ms: (r.baselineMs ?? 0) + (r.loadMs ?? 0) + (r.openMs ?? 0) };
      }
    }
  } finally {
    rawWorker.shutdown();
    await rawRun.catch(() => undefined);
    await nativeConnection.close();
    await connection.close();
    await catcher.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
