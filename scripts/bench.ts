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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { openWiring } from '../app/wiring.ts';
import { loadConfig } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { savePlan, timelineToJson, type StoredCycle } from '../db/plans.ts';
import { forEachLimited } from '../domain/concurrency.ts';
import type { CycleTimeline } from '../domain/timeline.ts';
import { startMailCatcher, type MailCatcher } from '../mail/catcher.ts';
import { MAILS_IN_FLIGHT } from '../activities/mail-gate.ts';
import { CYCLE_DESIGNS, type CycleDesign } from '../domain/cycle-design.ts';
import { startCycle, type Dondoc } from '../temporal/client.ts';
import { benchPlan, OPEN_CYCLE, REMIND_CYCLE } from './bench/plan.ts';
import { smtpFloor, type FloorResult } from './bench/smtp-floor.ts';
import { procCpuSeconds, procMemory, RssSampler, sleep, startDevServer, startWorker, type Child, type DevServer } from './bench/processes.ts';
import { overdueRow, waitForCycleReady, waitForWave, type OverdueRow, type WaveTiming } from './bench/waves.ts';

const root = path.resolve(import.meta.dirname, '..');
const CONCURRENCY = 32; // activities/fan-out.ts
/** runSize starts one `dondoc worker` process per size: the mails it may have in the SMTP conversation at once. */
const WORKER_PROCESSES = 1;
const DESIGN = (process.env.DONDOC_BENCH_DESIGN ?? 'waves') as CycleDesign;
if (!CYCLE_DESIGNS.includes(DESIGN)) throw new Error(`DONDOC_BENCH_DESIGN: one of ${CYCLE_DESIGNS.join(', ')}`);
const REMINDER_SUBJECT = '[Nhắc nộp báo cáo]';
const MiB = 1024 * 1024;

const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map((s) => Number(s.trim())).filter((x) => x > 0) : d);
const SIZES = list(process.env.DONDOC_BENCH_N, [1_000, 5_000, 20_000]);
const FLOOR_SIZES = list(process.env.DONDOC_BENCH_FLOOR_N, SIZES);
/** The worker's mail gate sizes, each size measured with each (a fresh worker and database); the first is the summary's. */
const GATES = list(process.env.DONDOC_BENCH_GATE, [MAILS_IN_FLIGHT]);
const FLOOR_CONNECTIONS = list(process.env.DONDOC_BENCH_FLOOR_CONNECTIONS, GATES.map((g) => g * WORKER_PROCESSES));
const LATENESS_SIZES = new Set(list(process.env.DONDOC_BENCH_LATENESS_N, [1_000, 5_000, 20_000]));
const BUDGET_MS = Number(process.env.DONDOC_BENCH_BUDGET_MIN ?? 28) * 60_000;
const HARD_LIMIT_MS = Number(process.env.DONDOC_BENCH_HARD_LIMIT_MIN ?? 45) * 60_000;
const TEMPLATE_DB = process.env.DONDOC_BENCH_TEMPLATE_DB;
const WORK_DIR = process.env.DONDOC_BENCH_DIR;
const CLI = process.env.TEMPORAL_CLI_PATH;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s`;
const say = (s: string) => console.error(`[bench ${elapsed()}] ${s}`);

/** The lateness row's cycle: open now, its one reminder due at T, everything after it a day or more later. */
function remindTimelineAt(T: number) {
  const at = (ms: number) => new Date(T + ms);
  return { opensAt: new Date(), reminders: [{ daysBefore: 1, at: new Date(T) }], dueAt: at(86_400_000), overdueAt: at(90_000_000), escalationAt: at(93_600_000), closesAt: at(97_200_000) };
}

/** From T, waits until n reminders are at the SMTP server (or `limit` ms after T), saying how many every 15 s; returns them. */
async function remindersReceived(catcher: MailCatcher, n: number, T: number, limit: number) {
  const reminders = () => catcher.messages().filter((m) => m.subject.startsWith(REMINDER_SUBJECT));
  let lastLog = Date.now();
  for (let i = 0; i < limit / 500 + 10 && Date.now() < T + limit; i++) {
    const got = reminders().length;
    if (got >= n) break;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      say(`  ${got}/${n} reminders received`);
    }
    await sleep(500);
  }
  return reminders();
}

interface SizeResult {
  n: number;
  /** The worker's mail gate (DONDOC_MAIL_IN_FLIGHT). */
  gate: number;
  loadMs?: number; // savePlan of N units and two cycles (2N obligations)
  baselineMs?: number; // (a)
  openMs?: number; // (b) per-unit: startCycle → fan-out ActivityTaskCompleted; waves: → ready for its first wave
  /** (b) on the waves design: ms after startCycle returned / the cycle's timer to its first wave started. */
  openWaves?: { startReturnedMs: number; timerStartedMs: number };
  /** (c) on the waves design: the reminder wave's runWave activity, ms after T. */
  reminderWave?: WaveTiming;
  /** (e) the overdue row (waves design). */
  overdue?: OverdueRow;
  overdueSkipped?: string;
  openDetail?: { workflowTaskToScheduledMs: number; activityRunMs: number; started: number; attempts: number; visibilityCount: number; lastObligationFirstTaskMs: number };
  lateness?: { rowToSentMs?: { p50: number; p99: number }; rowsWrittenMs?: { first: number; last: number }; count: number; expected: number; p50Ms: number; p99Ms: number; maxMs: number; minMs: number; fanOutDoneBeforeTMs: number; lastFirstTaskBeforeTMs: number; leadMs: number; throughputPerS: number; attemptsOver1: number; statuses: Record<string, number> };
  /** Where the lateness goes, for a few obligations spread over the cycle: ms after T of each step. */
  latenessStages?: Stages[];
  latenessSkipped?: string;
  workerPeakRss?: { ready: number; readyHwm: number; open: number; remind: number; overdue?: number; hwm: number };
  serverRss?: number;
  workerErrors?: number;
  /** CPU used during a phase, as a share of one core (200% = both cores), per process. */
  cpu?: Record<string, { wallS: number; worker: number; server: number; bench: number }>;
  skipped?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function tsMs(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!ts) return NaN;
  const s = ts.seconds as number | { toNumber(): number } | null | undefined;
  const secs = typeof s === 'number' ? s : s ? s.toNumber() : 0;
  return secs * 1000 + (ts.nanos ?? 0) / 1e6;
}

/** Moves a stored cycle to the given instants, in the database and for its workflows (as tests/helpers/compressed-cycle.ts). */
async function moveCycle(prisma: PrismaClient, c: StoredCycle, t: Pick<CycleTimeline, 'opensAt' | 'reminders' | 'dueAt' | 'overdueAt' | 'escalationAt' | 'closesAt'>): Promise<StoredCycle> {
  const timeline: CycleTimeline = { ...c.timeline, ...t, escalationRepeatsAt: [] };
  await prisma.cycle.update({
    where: { id: c.cycleId },
    data: { timeline: timelineToJson(timeline), dueAt: timeline.dueAt, opensAt: timeline.opensAt, closesAt: timeline.closesAt },
  });
  await prisma.obligation.updateMany({ where: { cycleId: c.cycleId }, data: { dueAt: timeline.dueAt } });
  return { ...c, timeline };
}

interface FanOutTiming {
  scheduledAt: number;
  startedAt: number;
  completedAt: number;
  started: number;
  attempts: number;
}

/** Polls the cycle's history (a few dozen events) until its fan-out activity completed. */
async function waitForFanOut(handle: WorkflowHandle, limitMs: number): Promise<FanOutTiming> {
  const deadline = Date.now() + limitMs;
  let lastLog = Date.now();
  for (let i = 0; i < limitMs / 200 + 10 && Date.now() < deadline; i++) {
    const history = await handle.fetchHistory();
    let scheduledAt = NaN;
    let startedAt = NaN;
    let attempts = 0;
    for (const e of history.events ?? []) {
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'startObligations') scheduledAt = tsMs(e.eventTime);
      if (e.activityTaskStartedEventAttributes) {
        startedAt = tsMs(e.eventTime);
        attempts = e.activityTaskStartedEventAttributes.attempt ?? 1;
      }
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const result = defaultPayloadConverter.fromPayload<{ started: number }>(done.result!.payloads![0]!);
        return { scheduledAt, startedAt, completedAt: tsMs(e.eventTime), started: result.started, attempts };
      }
      if (e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes) {
        throw new Error(`fan-out failed: ${JSON.stringify(e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes)}`);
      }
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      say(`  fan-out running (activity attempt ${attempts || '-'})`);
    }
    await sleep(200);
  }
  throw new Error(`fan-out not completed within ${limitMs / 1000} s`);
}

/** The visibility count of running obligation workflows on a task queue, once it stops growing or reaches `want`. */
async function visibleObligations(client: Client, taskQueue: string, want: number, limitMs: number): Promise<number> {
  const query = `WorkflowType="obligationWorkflow" AND TaskQueue="${taskQueue}" AND ExecutionStatus="Running"`;
  const deadline = Date.now() + limitMs;
  let count = 0;
  for (let i = 0; i < limitMs / 500 + 1 && Date.now() < deadline; i++) {
    count = (await client.workflow.count(query)).count;
    if (count >= want) break;
    await sleep(500);
  }
  return count;
}

function workerErrorLines(log: string): number {
  try {
    return fs.readFileSync(log, 'utf8').split('\n').filter((l) => /error|SQLITE_BUSY|failed/i.test(l)).length;
  } catch {
    return 0;
  }
}

interface Stages {
  obligationId: string;
  timerFired: number;
  activityScheduled: number;
  activityStarted: number;
  activityCompleted: number;
  mailReceived: number;
}

/** The reminder's path through Temporal for one obligation, from its history, in ms after T. */
async function stages(client: Client, obligationId: string, T: number, receivedAt: number): Promise<Stages> {
  const history = await client.workflow.getHandle(obligationId).fetchHistory();
  const first = (pick: (e: (typeof history.events & object)[number]) => unknown) => {
    const e = (history.events ?? []).find((x) => pick(x));
    return e ? tsMs(e.eventTime) - T : NaN;
  };
  return {
    obligationId,
    timerFired: first((e) => e.timerFiredEventAttributes),
    activityScheduled: first((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendReminder'),
    activityStarted: first((e) => e.activityTaskStartedEventAttributes),
    activityCompleted: first((e) => e.activityTaskCompletedEventAttributes),
    mailReceived: receivedAt - T,
  };
}

/** When the obligation's first workflow task completed (it then sleeps until its reminder), polling its history. */
async function firstTaskDone(client: Client, obligationId: string, limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (let i = 0; i < limitMs / 250 + 1 && Date.now() < deadline; i++) {
    const history = await client.workflow.getHandle(obligationId).fetchHistory();
    const done = (history.events ?? []).find((e) => e.workflowTaskCompletedEventAttributes);
    if (done) return tsMs(done.eventTime);
    await sleep(250);
  }
  return NaN;
}

async function baseline(client: Client, taskQueue: string, n: number): Promise<number> {
  const ids = Array.from({ length: n }, (_, i) => `raw-${taskQueue}-${i}`);
  const t0 = performance.now();
  await forEachLimited(ids, CONCURRENCY, (id) =>
    client.workflow.start('trivialWorkflow', { workflowId: id, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' }),
  );
  return performance.now() - t0;
}

let lastThroughput: number | undefined;

interface WavesCtx {
  client: Client;
  catcher: MailCatcher;
  prisma: PrismaClient;
  dondoc: Dondoc;
  remindStored: StoredCycle;
  sampler: RssSampler;
  cpuMark: () => { at: number; worker: number; server: number; bench: number };
  cpuPhase: (label: string, from: { at: number; worker: number; server: number; bench: number }) => void;
}

/**
 * (c) and (e) on the waves design: the second cycle started with its one reminder at T = now + 20 s
 * (nothing per unit to start first: the cycle is ready within a second, checked), lateness of the N
 * reminders at the SMTP server as for per-unit; then the overdue row on the same cycle (waves.ts overdueRow).
 */
async function wavesLateness(n: number, c: WavesCtx, r: SizeResult): Promise<void> {
  if (!LATENESS_SIZES.has(n)) return void (r.latenessSkipped = 'not requested');
  const remaining = BUDGET_MS - (Date.now() - started);
  const projected = 60_000 + (n / (lastThroughput ?? 30)) * 1000; // the rate of the previous wave measured (30/s before any)
  if (projected > remaining) {
    r.latenessSkipped = `projected ${Math.round(projected / 1000)} s exceeds the remaining budget ${Math.round(remaining / 1000)} s`;
    return void say(`N=${n}: (c) skipped: ${r.latenessSkipped}`);
  }
  const { catcher, prisma } = c;
  catcher.clear();
  const lead = 20_000;
  const T = Math.ceil((Date.now() + lead) / 1000) * 1000;
  const remindCycle = await moveCycle(prisma, c.remindStored, remindTimelineAt(T));
  c.sampler.phase('remind');
  const h2 = await startCycle(c.dondoc, remindCycle);
  const ready = await waitForCycleReady(h2, 60_000);
  say(`N=${n}: (c) cycle ready ${((T - ready.readyAt) / 1000).toFixed(1)} s before T, every reminder at T`);
  while (Date.now() < T) await sleep(Math.min(500, Math.max(1, T - Date.now())));
  const remindCpu = c.cpuMark();
  const limit = Math.max(120_000, Math.min(20 * 60_000, BUDGET_MS - (Date.now() - started)));
  const got = await remindersReceived(catcher, n, T, limit);
  c.cpuPhase('remind', remindCpu);
  r.lateness = await latenessOf(prisma, got, n, T, { fanOutDoneBeforeTMs: T - ready.readyAt, lastFirstTaskBeforeTMs: NaN, leadMs: lead });
  lastThroughput = r.lateness.throughputPerS;
  r.reminderWave = await waitForWave(h2, T, 5 * 60_000, say);
  say(`N=${n}: (c) email row → sent p50 ${r.lateness.rowToSentMs?.p50} ms, p99 ${r.lateness.rowToSentMs?.p99} ms; rows written ${r.lateness.rowsWrittenMs?.first}–${r.lateness.rowsWrittenMs?.last} ms after T`);
  say(`N=${n}: (c) ${got.length}/${n} received, p50 ${(r.lateness.p50Ms / 1000).toFixed(1)} s, p99 ${(r.lateness.p99Ms / 1000).toFixed(1)} s, max ${(r.lateness.maxMs / 1000).toFixed(1)} s; runWave started ${(r.reminderWave.started / 1000).toFixed(2)} s, completed ${(r.reminderWave.completed / 1000).toFixed(1)} s after T`);
  catcher.clear();

  c.sampler.phase('overdue');
  const overdueCpu = c.cpuMark();
  r.overdue = await overdueRow({ prisma, handle: h2, cycle: remindCycle, catcher, committee: 'head@bench.dondoc.invalid', n, limitMs: 15 * 60_000, say });
  c.cpuPhase('overdue', overdueCpu);
  const o = r.overdue;
  say(`N=${n}: (e) marks wave ${(o.wave.started / 1000).toFixed(2)}–${(o.wave.completed / 1000).toFixed(1)} s after D, ${o.wave.result?.marked} marked, ${o.overdueRows} overdue in the database; escalation email ${(o.escalationReceivedMs / 1000).toFixed(1)} s after D (${o.escalationSizeKiB} KiB)`);
  catcher.clear();
}

/** Lateness figures of the reminders received, against T, with the database's view of them. */
async function latenessOf(prisma: PrismaClient, got: { receivedAt: Date }[], n: number, T: number, extra: { fanOutDoneBeforeTMs: number; lastFirstTaskBeforeTMs: number; leadMs: number }): Promise<NonNullable<SizeResult['lateness']>> {
  const late = got.map((m) => m.receivedAt.getTime() - T).sort((a, b) => a - b);
  const last = late.at(-1) ?? NaN;
  const statuses = Object.fromEntries(
    (await prisma.emailMessage.groupBy({ by: ['status'], where: { kind: 'reminder' }, _count: { _all: true } })).map((g) => [g.status, g._count._all]),
  );
  const attemptsOver1 = await prisma.emailMessage.count({ where: { kind: 'reminder', attempts: { gt: 1 } } });
  // Where a reminder's time goes inside the wave: its email row written (before the gate) → recorded sent
  // (gate wait, SMTP conversation on a fresh connection, two writes), and the pace rows were written at.
  const rows = await prisma.emailMessage.findMany({ where: { kind: 'reminder', status: 'sent' }, select: { createdAt: true, sentAt: true } });
  const inGate = rows.map((e) => e.sentAt!.getTime() - e.createdAt.getTime()).sort((a, b) => a - b);
  const created = rows.map((e) => e.createdAt.getTime() - T).sort((a, b) => a - b);
  return {
    count: got.length,
    expected: n,
    p50Ms: percentile(late, 0.5),
    p99Ms: got.length >= n ? percentile(late, 0.99) : NaN,
    maxMs: last,
    minMs: late[0] ?? NaN,
    rowToSentMs: { p50: percentile(inGate, 0.5), p99: percentile(inGate, 0.99) },
    rowsWrittenMs: { first: created[0] ?? NaN, last: created.at(-1) ?? NaN },
    ...extra,
    throughputPerS: got.length / Math.max(0.001, (last - Math.max(0, late[0] ?? 0)) / 1000),
    attemptsOver1,
    statuses,
  };
}

async function runSize(n: number, ctx: { server: DevServer; client: Client; catcher: MailCatcher; dir: string }, r: SizeResult): Promise<void> {
  const { server, client, catcher, dir } = ctx;
  const queue = `bench-${n}-g${r.gate}`;

  // (a) raw Temporal, on a queue the in-process baseline worker polls (once per size: given when measured).
  if (r.baselineMs === undefined) {
    say(`N=${n}: (a) baseline, ${n} trivial workflows, ${CONCURRENCY} at a time`);
    r.baselineMs = await baseline(client, 'bench-raw', n);
    say(`N=${n}: (a) ${(r.baselineMs / 1000).toFixed(2)} s`);
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
    const cpuMark = () => ({ at: Date.now(), worker: procCpuSeconds(w.pid), server: procCpuSeconds(server.pid), bench: procCpuSeconds(process.pid) });
    const cpuPhase = (label: string, from: ReturnType<typeof cpuMark>) => {
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
    const openCpu = cpuMark();
    const handle = await startCycle(dondoc, openCycle);
    if (DESIGN === 'waves') {
      const startReturned = Date.now();
      const ready = await waitForCycleReady(handle, 5 * 60_000);
      cpuPhase('open', openCpu);
      r.openMs = ready.readyAt - t0;
      r.openWaves = { startReturnedMs: startReturned - t0, timerStartedMs: ready.timerStartedAt - t0 };
      say(`N=${n}: (b) ready for its first wave ${r.openMs.toFixed(0)} ms after startCycle (returned after ${r.openWaves.startReturnedMs} ms), b/a ${(r.openMs / r.baselineMs).toFixed(4)}`);
      await wavesLateness(n, { ...ctx, prisma, dondoc, remindStored, sampler, cpuMark, cpuPhase }, r);
    } else {
      const fan = await waitForFanOut(handle, 15 * 60_000);
      cpuPhase('open', openCpu);
      r.openMs = fan.completedAt - t0;
      const visible = await visibleObligations(client, queue, n, 60_000);
      const lastOpen = [...openStored.obligationIds].sort().at(-1)!; // the fan-out starts them in ID order
      const lastFirstTask = await firstTaskDone(client, lastOpen, 5 * 60_000);
      r.openDetail = {
        workflowTaskToScheduledMs: fan.scheduledAt - t0,
        activityRunMs: fan.completedAt - fan.startedAt,
        started: fan.started,
        attempts: fan.attempts,
        visibilityCount: visible,
        lastObligationFirstTaskMs: lastFirstTask - t0,
      };
      say(`N=${n}: (b) ${(r.openMs / 1000).toFixed(2)} s, started ${fan.started}, visible ${visible}, last one's first workflow task done after ${((lastFirstTask - t0) / 1000).toFixed(1)} s, b/a ${(r.openMs / r.baselineMs).toFixed(2)}`);

      // (c) N reminders due at the same instant T, after the fan-out of the second cycle is done.
      if (!LATENESS_SIZES.has(n)) {
        r.latenessSkipped = 'not requested';
      } else {
        const remaining = BUDGET_MS - (Date.now() - started);
        // The fan-out again plus the reminders at the rate the previous size reached (40/s before any).
        const projected = 2 * r.openMs + (n / (lastThroughput ?? 40)) * 1000;
        if (projected > remaining) {
          r.latenessSkipped = `projected ${Math.round(projected / 1000)} s exceeds the remaining budget ${Math.round(remaining / 1000)} s`;
          say(`N=${n}: (c) skipped: ${r.latenessSkipped}`);
        } else {
          catcher.clear();
          // T late enough for the fan-out and every obligation's first workflow task to be done before it:
          // at 5,000 the worker's first tasks lag the starts (see openDetail.lastObligationFirstTaskMs).
          const firstTasksMs = Number.isNaN(lastFirstTask) ? 5 * 60_000 : lastFirstTask - t0; // NaN: not seen within its limit
          const lead = Math.max(30_000, 1.5 * Math.max(r.openMs, firstTasksMs) + 2 * r.openMs + 20_000);
          const T = Math.ceil((Date.now() + lead) / 1000) * 1000;
          const remindCycle = await moveCycle(prisma, remindStored, remindTimelineAt(T));
          sampler.phase('remind');
          say(`N=${n}: (c) startCycle, every reminder at T = now + ${((T - Date.now()) / 1000).toFixed(0)} s`);
          const h2 = await startCycle(dondoc, remindCycle);
          const fan2 = await waitForFanOut(h2, 15 * 60_000);
          const lastRemind = [...remindStored.obligationIds].sort().at(-1)!;
          const lastFirst2 = await firstTaskDone(client, lastRemind, Math.max(10_000, T - Date.now() + 60_000));
          say(`N=${n}: (c) fan-out done ${((T - fan2.completedAt) / 1000).toFixed(1)} s before T, last obligation's first task ${((T - lastFirst2) / 1000).toFixed(1)} s before T`);
          const limit = Math.max(120_000, Math.min(15 * 60_000, BUDGET_MS - (Date.now() - started)));
          while (Date.now() < T) await sleep(Math.min(500, Math.max(1, T - Date.now())));
          const remindCpu = cpuMark();
          const got = await remindersReceived(catcher, n, T, limit);
          cpuPhase('remind', remindCpu);
          const late = got.map((m) => m.receivedAt.getTime() - T).sort((a, b) => a - b);
          const last = late.at(-1) ?? NaN;
          const statuses = Object.fromEntries(
            (await prisma.emailMessage.groupBy({ by: ['status'], where: { kind: 'reminder' }, _count: { _all: true } })).map((g) => [g.status, g._count._all]),
          );
          const attemptsOver1 = await prisma.emailMessage.count({ where: { kind: 'reminder', attempts: { gt: 1 } } });
          r.lateness = {
            count: got.length,
            expected: n,
            p50Ms: percentile(late, 0.5),
            p99Ms: got.length >= n ? percentile(late, 0.99) : NaN,
            maxMs: last,
            minMs: late[0] ?? NaN,
            fanOutDoneBeforeTMs: T - fan2.completedAt,
            lastFirstTaskBeforeTMs: T - lastFirst2,
            leadMs: lead,
            throughputPerS: got.length / Math.max(0.001, (last - Math.max(0, late[0] ?? 0)) / 1000),
            attemptsOver1,
            statuses,
          };
          // A few obligations spread over the received order: where did their lateness go?
          const byOrder = [...got].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
          const picks = [0, 0.25, 0.5, 0.75, 0.99, 1].map((q) => byOrder[Math.min(byOrder.length - 1, Math.floor(q * (byOrder.length - 1)))]).filter((m) => m !== undefined);
          r.latenessStages = [];
          for (const m of picks) {
            const code = /^(unit-\d+)@/.exec(m.to[0] ?? '')?.[1];
            if (code) r.latenessStages.push(await stages(client, `${remindStored.cycleId}/${code}`, T, m.receivedAt.getTime()));
          }
          lastThroughput = r.lateness.throughputPerS;
          say(`N=${n}: (c) ${got.length}/${n} received, p50 ${(r.lateness.p50Ms / 1000).toFixed(1)} s, p99 ${(r.lateness.p99Ms / 1000).toFixed(1)} s, max ${(last / 1000).toFixed(1)} s`);
          catcher.clear(); // the parsed messages are not needed any longer
        }
      }
    }
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

const s = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const mib = (b: number | undefined) => (b === undefined || Number.isNaN(b) ? '–' : String(Math.round(b / MiB)));

function table(results: SizeResult[]): string {
  const rows = [
    '| N | mail gate | load (savePlan) s | (a) raw start s | (b) dondoc open s | b/a | lateness p50 s | lateness p99 s | lateness max s | reminders received | overdue marks wave s after D | marked | escalation email s after D | worker RSS at start MiB | worker peak RSS MiB (VmHWM) | dev server RSS MiB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.skipped) {
      rows.push(`| ${r.n} | ${r.gate} | ${r.skipped} | | | | | | | | | | | | | |`);
      continue;
    }
    const ratio = r.openMs && r.baselineMs ? (r.openMs / r.baselineMs).toFixed(r.openMs / r.baselineMs < 0.1 ? 4 : 2) : '–';
    const o = r.overdue;
    const l = r.lateness;
    rows.push(
      `| ${r.n} | ${r.gate} | ${s(r.loadMs)} | ${s(r.baselineMs)} | ${s(r.openMs)} | ${ratio} | ${l ? s(l.p50Ms) : '–'} | ${l ? s(l.p99Ms) : r.latenessSkipped ?? '–'} | ${l ? s(l.maxMs) : '–'} | ${l ? `${l.count}/${l.expected}` : '–'} | ${o ? `${s(o.wave.started)}–${s(o.wave.completed)}` : '–'} | ${o ? `${o.wave.result?.marked ?? '?'} (db ${o.overdueRows})` : '–'} | ${o ? s(o.escalationReceivedMs) : '–'} | ${mib(r.workerPeakRss?.ready)} | ${mib(r.workerPeakRss?.hwm)} | ${mib(r.serverRss)} |`,
    );
  }
  return rows.join('\n');
}

function floorTable(floor: FloorResult[]): string {
  const rows = ['| N (floor) | pool connections | accepted s | last received s | per second | received | failed |', '|---:|---:|---:|---:|---:|---:|---:|'];
  for (const f of floor) rows.push(`| ${f.n} | ${f.maxConnections} | ${s(f.acceptedMs)} | ${s(f.lastReceivedMs)} | ${f.perSecond.toFixed(0)} | ${f.received}/${f.n} | ${f.failed} |`);
  return rows.join('\n');
}

/** BENCHMARKS.md's machine-read lines (issue 15), one per size measured, for the default configuration's floor. */
function summaryLines(results: SizeResult[], floor: FloorResult[]): string[] {
  const n2 = (x: number | undefined, d: number) => (x === undefined || Number.isNaN(x) ? 'NaN' : x.toFixed(d));
  return results
    .filter((r) => !r.skipped && r.gate === GATES[0])
    .map((r) => {
      const f = floor.find((x) => x.n === r.n && x.maxConnections === r.gate * WORKER_PROCESSES);
      const ratio = r.openMs && r.baselineMs ? r.openMs / r.baselineMs : NaN;
      return `bench-summary: n=${r.n} open_ratio=${n2(ratio, 4)} lateness_p99_s=${n2((r.lateness?.p99Ms ?? NaN) / 1000, 1)} floor_s=${n2((f?.acceptedMs ?? NaN) / 1000, 1)} worker_peak_mib=${n2((r.workerPeakRss?.hwm ?? NaN) / MiB, 0)}`;
    });
}

function versions(cli: string): Record<string, string> {
  const pkg = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  let temporal = '?';
  try {
    temporal = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  return {
    node: process.version,
    temporalCli: temporal,
    '@temporalio/*': pkg('@temporalio/worker'),
    prisma: pkg('@prisma/client'),
    '@libsql/client': pkg('@libsql/client'),
    nodemailer: pkg('nodemailer'),
    'smtp-server': pkg('smtp-server'),
  };
}

async function main(): Promise<number> {
  if (!WORK_DIR || !CLI || (SIZES.length > 0 && !TEMPLATE_DB)) throw new Error('run through `npm run bench` (scripts/bench.sh sets DONDOC_BENCH_TEMPLATE_DB, DONDOC_BENCH_DIR, TEMPORAL_CLI_PATH)');
  const results: SizeResult[] = [];
  const floor: FloorResult[] = [];
  let meta: Parameters<typeof report>[0] | undefined;
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
        const remaining = BUDGET_MS - (Date.now() - started);
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

function report(meta: { date: string; machine: object; versions: object } & Record<string, unknown>, results: SizeResult[], floor: FloorResult[]): void {
  const out = path.join(root, 'test-artifacts', 'bench');
  fs.mkdirSync(out, { recursive: true });
  const stamp = meta.date.replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(out, `bench-${stamp}.json`), JSON.stringify({ ...meta, totalS: (Date.now() - started) / 1000, floor, results }, null, 2));
  const serverLog = path.join(WORK_DIR!, 'temporal.log');
  if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(out, `temporal-${stamp}.log`));
  for (const r of results) {
    const w = path.join(WORK_DIR!, `worker-${r.n}-g${r.gate}.log`);
    if (fs.existsSync(w)) fs.copyFileSync(w, path.join(out, `worker-${r.n}-g${r.gate}-${stamp}.log`));
  }
  console.log(`\n## dondoc bench ${meta.date}\n`);
  console.log(`design: ${DESIGN}; mail gates (DONDOC_MAIL_IN_FLIGHT): ${GATES.join(', ')}\nmachine: ${JSON.stringify(meta.machine)}\nversions: ${JSON.stringify(meta.versions)}\ntotal: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (floor.length > 0) console.log(`${floorTable(floor)}\n`);
  if (results.length > 0) console.log(table(results));
  console.log(`\ndetails: ${JSON.stringify({ floor, results }, null, 1)}`);
  console.log('');
  for (const line of summaryLines(results, floor)) console.log(line);
  console.log(`\nJSON and logs in ${path.relative(root, out)}/`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
