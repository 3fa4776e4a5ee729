// `npm run bench:dashboard` (scripts/bench-dashboard.sh): how the office's cycle dashboard holds up on a
// cycle of 20,000 units, on SQLite and on PostgreSQL in the same run. Installs nothing but PostgreSQL 15
// when missing (scripts/lib.sh ensure_postgres). For each provider, the same steps: migrate a fresh
// database with the committed migrations (db/migrate.ts; PostgreSQL on a private server started and
// stopped here, scripts/postgres-server.ts, never the machine's own cluster); store a plan of N units
// (db/plans.ts savePlan) and the same status mix (scripts/bench/dashboard-data.ts); time one session
// lookup and one dashboard read in this process (scripts/bench/dashboard-breakdown.ts); start the web
// app (buildWebApp, no Temporal) in a child process on 127.0.0.1:0, so the load generator does not share
// its event loop; then with autocannon, each after a warm-up: (1) the baseline, /healthz with the same
// session cookie; (2) the cycle dashboard /cycles/<plan>/<cycle>; then the dashboard one request at a
// time, and the cycle's CSV export, one request. Prints one table for both providers, each dashboard's
// p95 beside its own baseline's; writes JSON under test-artifacts/bench/. Appends nothing to BENCHMARKS.md.
//
// Environment (all optional): DONDOC_BENCH_PROVIDERS (sqlite,postgres), DONDOC_BENCH_UNITS (20000),
// DONDOC_BENCH_CONNECTIONS (50), DONDOC_BENCH_DURATION_S (20), DONDOC_BENCH_WARMUP_S (3),
// DONDOC_BENCH_TIMEOUT_S (120, per request), DONDOC_BENCH_POSTGRES_BIN (PostgreSQL's bin folder, set by
// scripts/bench-dashboard.sh), DONDOC_BENCH_OUT (the JSON file; default a dated one under
// test-artifacts/bench/), DONDOC_BENCH_PROFILE_DIR (V8 CPU profiles of the web process, one per provider);
// DONDOC_PG_POOL_MAX reaches the web process's configuration (config/config.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { createPrisma } from '../db/client.ts';
import { migrateDeploy } from '../db/migrate.ts';
import { buildWebApp } from '../web/app.ts';
import { openWiring, webDeps } from '../app/wiring.ts';
import { loadConfig } from '../config/config.ts';
import { seedDashboard } from './bench/dashboard-data.ts';
import { breakdown } from './bench/dashboard-breakdown.ts';
import { load, say, sequential, type LoadOptions } from './bench/dashboard-measure.ts';
import { percentile } from './bench/stats.ts';
import { adminQuery, startPrivatePostgres, type PrivatePostgres } from './postgres-server.ts';
import { SESSION_COOKIE } from '../web/auth/session-cookie.ts';
import { startSession } from '../accounts/sessions.ts';
import { grantPlan } from '../web/auth/plan-scope.ts';
import { createUser } from '../accounts/users.ts';

const root = path.resolve(import.meta.dirname, '..');
const PLAN_ID = 'bench-dashboard';
const PROVIDERS = ['sqlite', 'postgres'] as const;
type Provider = (typeof PROVIDERS)[number];
const env = process.env;
const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
const round = (x: number) => Math.round(x * 10) / 10;

/** The child: the web app alone in its process, as in production; reports its own figures over IPC. */
async function serve() {
  // Wired as every process is (app/wiring.ts), from a configuration of its own: no Temporal runs, and
  // none is needed (the lazy client never connects for GETs); the random cookie secret suits GETs
  // with a session and no forms; no request log, which would measure the terminal.
  // DONDOC_PG_POOL_MAX passes through: the PostgreSQL pool's size is what the benchmark compares.
  const config = loadConfig({ DATABASE_URL: env.DONDOC_BENCH_DB_URL!, DONDOC_UPLOADS_DIR: env.DONDOC_BENCH_UPLOADS!, TEMPORAL_ADDRESS: '127.0.0.1:9', DONDOC_PG_POOL_MAX: env.DONDOC_PG_POOL_MAX });
  const wiring = await openWiring(config, { temporal: 'lazy' });
  const app = await buildWebApp(webDeps(wiring));
  // Server-side time of each answer (from the request's arrival to the answer sent): beside the
  // client's latency, the difference is time spent waiting for the event loop to accept and read it.
  let served: number[] = [];
  app.addHook('onResponse', async (_req, reply) => void served.push(reply.elapsedTime));
  let elu = perf.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  process.on('message', (m) => {
    if (m === 'start') {
      served = [];
      elu = perf.eventLoopUtilization();
      cpu = process.cpuUsage();
      delay.reset();
      delay.enable();
      process.send!({ ok: true });
    } else if (m === 'end') {
      delay.disable();
      const used = process.cpuUsage(cpu);
      const sorted = served.sort((a, b) => a - b);
      process.send!({
        eventLoopUtilization: Math.round(100 * perf.eventLoopUtilization(elu).utilization) / 100,
        cpuMs: Math.round((used.user + used.system) / 1000),
        eventLoopDelayMs: { p50: round(delay.percentile(50) / 1e6), p99: round(delay.percentile(99) / 1e6) },
        serverMs: { answers: sorted.length, p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)) },
      });
    }
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`LISTENING ${address}`);
  process.on('SIGTERM', () => void app.close().then(() => wiring.close()).then(() => process.exit(0)));
}

function startServer(dbUrl: string, uploads: string): Promise<{ child: ChildProcess; base: string }> {
  // DONDOC_BENCH_PROFILE_DIR: the web process writes a V8 CPU profile there when it stops (one per provider).
  const profile = env.DONDOC_BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(env.DONDOC_BENCH_PROFILE_DIR)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'scripts/bench-dashboard.ts'), '--serve'], {
    cwd: root,
    env: { ...env, DONDOC_BENCH_DB_URL: dbUrl, DONDOC_BENCH_UPLOADS: uploads },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the web app did not start within 60 s')), 60_000);
    child.once('exit', (code, signal) => {
      say(`the web app exited (${code ?? signal})`);
      reject(new Error(`the web app exited with ${code ?? signal}`));
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^LISTENING (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1]! });
      }
    });
  });
}

async function stopServer(child: ChildProcess) {
  child.removeAllListeners('exit'); // stopping it now is not news
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Asks the web process for its figures: `start` resets them, `end` returns those since. */
function ask(child: ChildProcess, m: 'start' | 'end'): Promise<unknown> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(m);
  });
}

/** A migrated, empty database of the provider; PostgreSQL on its private server. */
async function freshDatabase(provider: Provider, work: string, pgServer: () => Promise<PrivatePostgres>): Promise<string> {
  if (provider === 'sqlite') {
    const url = `file:${path.join(work, 'bench.db')}`;
    await migrateDeploy(url);
    return url;
  }
  const server = await pgServer();
  await adminQuery(server.baseUrl, 'CREATE DATABASE "dondoc_bench"');
  const url = `${server.baseUrl}/dondoc_bench`;
  await migrateDeploy(url);
  return url;
}

async function measureProvider(provider: Provider, n: number, opts: LoadOptions, work: string, pgServer: () => Promise<PrivatePostgres>) {
  say(`${provider}: migrate a fresh database (prisma migrate deploy)`);
  const dbUrl = await freshDatabase(provider, work, pgServer);
  say(`${provider}: store a plan of ${n} units and the status mix`);
  const prisma = await createPrisma({ databaseUrl: dbUrl });
  const seedStart = Date.now();
  const { cycleKey, counts } = await seedDashboard(prisma, PLAN_ID, n, new Date());
  const seedMs = Date.now() - seedStart;
  // The office pages need a session: a standing-office user signed in for the run, as in the tests.
  const user = await createUser(prisma, { email: 'bench@bench.dondoc.invalid', name: 'Benchmark', role: 'office', password: randomBytes(18).toString('base64url') });
  await grantPlan(prisma, user.id, PLAN_ID, new Date()); // accounts see only their plans (web/auth/plan-scope.ts)
  const rawSession = await startSession(prisma, user.id, new Date());
  say(`${provider}: seeded in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  say(`${provider}: one session lookup and one dashboard read, in this process`);
  const inProcess = await breakdown(prisma, PLAN_ID, cycleKey, rawSession);
  await prisma.$disconnect();

  const headers = { cookie: `${SESSION_COOKIE}=${rawSession}` };
  const server = await startServer(dbUrl, path.join(work, `uploads-${provider}`));
  try {
    const around = { start: () => ask(server.child, 'start').then(() => {}), end: () => ask(server.child, 'end') };
    const dashboardPath = `/cycles/${PLAN_ID}/${cycleKey}`;
    const baseline = await load(server.base, '/healthz', headers, opts, around);
    const dashboard = await load(server.base, dashboardPath, headers, opts, around);
    say(`${provider}: dashboard, 5 requests one at a time`);
    // Two seconds apart: the dashboard's shared read lasts two seconds (web/office/dashboard-cache.ts),
    // so each of these pays the whole read, as the first request after a change does.
    const alone = await sequential(server.base, dashboardPath, headers, 1);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 2_100));
      const one = await sequential(server.base, dashboardPath, headers, 1);
      alone.ms.push(...one.ms);
    }
    const sorted = [...alone.ms].sort((a, b) => a - b);
    const dashboardAlone = { ...alone, p50: percentile(sorted, 0.5), max: sorted.at(-1) };
    const cachedAlone = await sequential(server.base, dashboardPath, headers, 5); // within the two seconds
    say(`${provider}: CSV export, one request`);
    const t0 = performance.now();
    const res = await fetch(`${server.base}${dashboardPath}/export.csv`, { headers });
    const csvBytes = (await res.arrayBuffer()).byteLength;
    const csv = { path: `${dashboardPath}/export.csv`, status: res.status, ms: Math.round(performance.now() - t0), bytes: csvBytes };
    const ratio = { p50: dashboard.latencyMs.p50 / baseline.latencyMs.p50, p95: dashboard.latencyMs.p95 / baseline.latencyMs.p95, reqPerS: baseline.reqPerS / dashboard.reqPerS };
    return { provider, seedMs, counts, inProcess, baseline, dashboard, dashboardAlone, cachedAlone, csv, ratio };
  } finally {
    await stopServer(server.child);
  }
}

function providersWanted(): Provider[] {
  const raw = (env.DONDOC_BENCH_PROVIDERS ?? PROVIDERS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of raw) if (!(PROVIDERS as readonly string[]).includes(p)) throw new Error(`DONDOC_BENCH_PROVIDERS: unknown provider ${p} (sqlite, postgres)`);
  return raw as Provider[];
}

async function main() {
  const n = num(env.DONDOC_BENCH_UNITS, 20_000);
  const opts = { connections: num(env.DONDOC_BENCH_CONNECTIONS, 50), durationS: num(env.DONDOC_BENCH_DURATION_S, 20), warmupS: num(env.DONDOC_BENCH_WARMUP_S, 3), timeoutS: num(env.DONDOC_BENCH_TIMEOUT_S, 120) };
  const providers = providersWanted();
  const loadAtStart = os.loadavg(); // the machine may be shared: other work skews every figure
  if (!fs.existsSync(path.join(root, 'db/generated'))) throw new Error('db/generated is missing: run `npm run setup` once');
  const pgBin = env.DONDOC_BENCH_POSTGRES_BIN;
  if (providers.includes('postgres') && !pgBin) throw new Error('DONDOC_BENCH_POSTGRES_BIN is not set: run `npm run bench:dashboard` (scripts/bench-dashboard.sh finds PostgreSQL 15)');

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-dashboard-'));
  fs.chmodSync(work, 0o711); // mkdtemp's 0700 would keep the postgres user (initdb as root) out of its folder
  let pg: PrivatePostgres | undefined;
  const pgServer = async () => {
    say('start a private PostgreSQL server');
    pg = await startPrivatePostgres(pgBin!, path.join(work, 'postgres'), { durable: true });
    return pg;
  };
  try {
    const runs = [];
    for (const provider of providers) runs.push(await measureProvider(provider, n, opts, work, pgServer));
    const pgPoolMax = loadConfig({ DONDOC_PG_POOL_MAX: env.DONDOC_PG_POOL_MAX }).databasePoolMax;
    const result = { at: new Date().toISOString(), units: n, obligationsInCycle: n, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: { atStart: loadAtStart, atEnd: os.loadavg() }, node: process.version, options: { ...opts, pgPoolMax }, runs };
    const out = env.DONDOC_BENCH_OUT ?? path.join(root, 'test-artifacts/bench', `dashboard-${result.at.replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    printTable(result);
    console.log(`JSON: ${path.relative(root, out)}`);
  } finally {
    await pg?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

type Run = Awaited<ReturnType<typeof measureProvider>>;

function printTable(r: { units: number; options: LoadOptions & { pgPoolMax: number }; cpus: number; node: string; runs: Run[] }) {
  const o = r.options;
  console.log(`\nDashboard benchmark: ${r.units} units, ${o.connections} connections, ${o.durationS} s each after ${o.warmupS} s warm-up, ${r.cpus} CPUs, Node ${r.node}, PostgreSQL pool ${o.pgPoolMax}\n`);
  console.log('| provider | route | answered of sent | req/s | p50 ms | p95 ms | p99 ms | errors | server p95 ms | web event loop busy | machine busy |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const run of r.runs) {
    for (const [name, m] of [['/healthz (baseline)', run.baseline], ['dashboard', run.dashboard]] as const) {
      const w = m.webProcess as { eventLoopUtilization: number; serverMs: { p95: number } };
      console.log(`| ${run.provider} | ${name} | ${m.requests} of ${m.sent} | ${m.reqPerS} | ${m.latencyMs.p50} | ${m.latencyMs.p95} | ${m.latencyMs.p99} | ${m.errors + m.timeouts + m.non2xx} | ${w.serverMs.p95} | ${Math.round(100 * w.eventLoopUtilization)}% | ${Math.round(100 * m.machineBusy)}% |`);
    }
  }
  console.log('');
  for (const run of r.runs) {
    const p = run.inProcess;
    const per = (x: typeof p.inject.healthz) => `${x.wallMs} ms, ${x.cpuMs} ms CPU, ${x.prismaOperations} Prisma operations taking ${x.prismaMs} ms, ${(x.bytes / 1024).toFixed(0)} KiB`;
    console.log(`${run.provider}: dashboard p95 ${run.dashboard.latencyMs.p95} ms = ${run.ratio.p95.toFixed(1)} × the baseline's ${run.baseline.latencyMs.p95} ms (p50 × ${run.ratio.p50.toFixed(1)}, throughput ÷ ${run.ratio.reqPerS.toFixed(1)})`);
    console.log(`  over HTTP, one at a time: dashboard ${run.dashboardAlone.p50} ms with its read, ${run.cachedAlone.p50} ms sharing one`);
    console.log(`  in process, one at a time: /healthz ${per(p.inject.healthz)}; dashboard sharing a read ${per(p.inject.dashboard)}`);
    console.log(`  session lookup ${p.sessionLookupMs.median} ms; dashboard read ${p.dashboardReadMs.median} ms (${p.operations.map((o) => `${o.op} ${o.ms}`).join(', ')})`);
    console.log(`  CSV export HTTP ${run.csv.status} ${run.csv.ms} ms, ${(run.csv.bytes / 1024).toFixed(0)} KiB; seeded in ${(run.seedMs / 1000).toFixed(1)} s`);
  }
}

// Last, so that every module-level constant above is initialised before either mode runs.
if (process.argv.includes('--serve')) await serve();
else await main();
