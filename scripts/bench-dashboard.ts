// `npm run bench:dashboard`: how the office's cycle dashboard holds up on a cycle of 20,000 units.
// Installs nothing. Steps: migrate a template SQLite database with `prisma migrate deploy` and copy it;
// store a plan of N units (db/plans.ts savePlan) and a realistic status mix (scripts/bench/
// dashboard-data.ts); start the web app (buildWebApp, no-op deliver) in a child process on
// 127.0.0.1:0, so the load generator does not share its event loop; then with autocannon, each after a
// warm-up: (1) a static baseline, /healthz; (2) the cycle dashboard /cycles/<plan>/<cycle>, whatever it
// renders today; and (3) the cycle's CSV export, one timed request. Prints p50/p95/p99 latency, req/s
// and the dashboard/baseline ratio; writes JSON under test-artifacts/bench/. Appends nothing to
// BENCHMARKS.md.
//
// Environment (all optional): DONDOC_BENCH_UNITS (20000), DONDOC_BENCH_CONNECTIONS (50),
// DONDOC_BENCH_DURATION_S (20), DONDOC_BENCH_WARMUP_S (3), DONDOC_BENCH_TIMEOUT_S (120, per request),
// DONDOC_BENCH_COOKIE (sent as the Cookie header: the office pages need a session once sign-in lands;
// also --cookie=<value>), DONDOC_BENCH_HEADERS (JSON object of extra request headers).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { createPrisma } from '../db/client.ts';
import { buildWebApp } from '../web/app.ts';
import { openWiring, webDeps } from '../app/wiring.ts';
import { loadConfig } from '../config/config.ts';
import { seedDashboard } from './bench/dashboard-data.ts';
import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../web/auth/session-cookie.ts';
import { startSession } from '../accounts/sessions.ts';
import { grantPlan } from '../web/auth/plan-scope.ts';
import { createUser } from '../accounts/users.ts';

const root = path.resolve(import.meta.dirname, '..');
const PLAN_ID = 'bench-dashboard';
const env = process.env;
const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);

/** The child: the web app alone in its process, as in production. */
async function serve() {
  // Wired as every process is (app/wiring.ts), from a configuration of its own: no Temporal runs, and
  // none is needed (the lazy client never connects for GETs); the random cookie secret suits GETs
  // with a session and no forms; no request log, which would measure the terminal.
  const dbUrl = env.DONDOC_BENCH_DB_URL!;
  const config = loadConfig({ DATABASE_URL: dbUrl, DONDOC_UPLOADS_DIR: path.join(path.dirname(dbUrl.replace(/^file:/, '')), 'uploads'), TEMPORAL_ADDRESS: '127.0.0.1:9' });
  const wiring = await openWiring(config, { temporal: 'lazy' });
  const app = await buildWebApp(webDeps(wiring));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`LISTENING ${address}`);
  process.on('SIGTERM', () => void app.close().then(() => wiring.close()).then(() => process.exit(0)));
}

interface Measured {
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
}

/** Requests a load left queued are still being served after autocannon stops: wait until the app answers at once. */
async function drain(base: string, headers: Record<string, string>) {
  for (let i = 0; i < 600; i++) {
    const t = performance.now();
    // A pooled socket the app closed while busy answers ECONNRESET: try again on a fresh one.
    const ok = await fetch(`${base}/healthz`, { headers }).then(() => true, () => false);
    if (ok && performance.now() - t < 50) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the web app did not become idle within 10 minutes');
}

/** One request at a time: the page's own service time, without queueing behind other requests. */
async function sequential(base: string, urlPath: string, headers: Record<string, string>, count: number) {
  const ms: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(`${base}${urlPath}`, { headers });
    bytes = (await res.arrayBuffer()).byteLength;
    status = res.status;
    ms.push(Math.round(performance.now() - t));
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { path: urlPath, status, bytes, ms, p50: percentile(sorted, 0.5), max: sorted.at(-1) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function load(base: string, urlPath: string, headers: Record<string, string>, o: { connections: number; durationS: number; warmupS: number; timeoutS: number }): Promise<Measured> {
  const url = `${base}${urlPath}`;
  say(`warm-up ${urlPath} (${o.warmupS} s)`);
  await autocannon({ url, connections: o.connections, duration: o.warmupS, timeout: o.timeoutS, headers });
  await drain(base, headers);
  say(`measure ${urlPath}: ${o.connections} connections, ${o.durationS} s`);
  const times: number[] = [];
  let bytes = 0;
  const run = autocannon({ url, connections: o.connections, duration: o.durationS, timeout: o.timeoutS, headers });
  run.on('response', (_c, status, resBytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
    bytes += resBytes;
  });
  const r = await run;
  await drain(base, headers);
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
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
  };
}

const started = Date.now();
function say(s: string) {
  console.error(`[bench:dashboard ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
}

function startServer(dbUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench-dashboard.ts'), '--serve'], {
    cwd: root,
    env: { ...env, DONDOC_BENCH_DB_URL: dbUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
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

async function main() {
  const n = num(env.DONDOC_BENCH_UNITS, 20_000);
  const opts = { connections: num(env.DONDOC_BENCH_CONNECTIONS, 50), durationS: num(env.DONDOC_BENCH_DURATION_S, 20), warmupS: num(env.DONDOC_BENCH_WARMUP_S, 3), timeoutS: num(env.DONDOC_BENCH_TIMEOUT_S, 120) };
  let cookie = process.argv.find((a) => a.startsWith('--cookie='))?.slice('--cookie='.length) ?? env.DONDOC_BENCH_COOKIE;
  const extraHeaders: Record<string, string> = env.DONDOC_BENCH_HEADERS ? (JSON.parse(env.DONDOC_BENCH_HEADERS) as Record<string, string>) : {};
  if (!fs.existsSync(path.join(root, 'db/generated'))) throw new Error('db/generated is missing: run `npm run setup` once (this benchmark installs nothing)');

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-dashboard-'));
  let server: { child: ChildProcess; base: string } | undefined;
  try {
    say('migrate the template database (prisma migrate deploy)');
    const noEngine = path.join(work, 'no-engine');
    fs.writeFileSync(noEngine, ''); // Prisma's CLI would otherwise try to download native engines
    const template = path.join(work, 'template.db');
    execFileSync('npx', ['--no-install', 'prisma', 'migrate', 'deploy'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, DATABASE_URL: `file:${template}`, PRISMA_QUERY_ENGINE_LIBRARY: noEngine, PRISMA_SCHEMA_ENGINE_BINARY: noEngine, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    });
    const dbFile = path.join(work, 'bench.db');
    fs.copyFileSync(template, dbFile);
    const dbUrl = `file:${dbFile}`;

    say(`store a plan of ${n} units and the status mix`);
    const prisma = await createPrisma({ databaseUrl: dbUrl });
    const seedStart = Date.now();
    const { cycleKey, counts } = await seedDashboard(prisma, PLAN_ID, n, new Date());
    const seedMs = Date.now() - seedStart;
    if (!cookie) {
      // The office pages need a session: a standing-office user signed in for the run, as in the tests.
      const user = await createUser(prisma, { email: 'bench@bench.dondoc.invalid', name: 'Benchmark', role: 'office', password: randomBytes(18).toString('base64url') });
      await grantPlan(prisma, user.id, PLAN_ID, new Date()); // accounts see only their plans (web/auth/plan-scope.ts)
      cookie = `${SESSION_COOKIE}=${await startSession(prisma, user.id, new Date())}`;
    }
    await prisma.$disconnect();
    say(`seeded in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);

    const headers: Record<string, string> = { ...extraHeaders, cookie };
    server = await startServer(dbUrl);
    const dashboardPath = `/cycles/${PLAN_ID}/${cycleKey}`;
    const baseline = await load(server.base, '/healthz', headers, opts);
    const dashboard = await load(server.base, dashboardPath, headers, opts);

    say('dashboard, 5 requests one at a time');
    const dashboardAlone = await sequential(server.base, dashboardPath, headers, 5);
    say('CSV export, one request');
    const t0 = performance.now();
    const res = await fetch(`${server.base}${dashboardPath}/export.csv`, { headers });
    const csvBytes = (await res.arrayBuffer()).byteLength;
    const csv = { path: `${dashboardPath}/export.csv`, status: res.status, ms: Math.round(performance.now() - t0), bytes: csvBytes };

    const ratio = { p50: dashboard.latencyMs.p50 / baseline.latencyMs.p50, reqPerS: baseline.reqPerS / dashboard.reqPerS };
    const result = { at: new Date().toISOString(), units: n, obligationsInCycle: n, seedMs, cpus: os.cpus().length, node: process.version, options: { ...opts, cookie: Boolean(cookie), headers: Object.keys(headers) }, counts, baseline, dashboard, dashboardAlone, csv, ratio };
    const outDir = path.join(root, 'test-artifacts/bench');
    fs.mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, `dashboard-${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(out, JSON.stringify(result, null, 2));

    const row = (name: string, m: Measured) => `| ${name} | \`${m.path}\` | ${m.requests} of ${m.sent} | ${m.reqPerS} | ${m.latencyMs.p50} | ${m.latencyMs.p95} | ${m.latencyMs.p99} | ${m.errors + m.timeouts + m.non2xx} | ${(m.bytesPerResponse / 1024).toFixed(1)} KiB |`;
    console.log(`\nDashboard benchmark: ${n} units, ${opts.connections} connections, ${opts.durationS} s each after ${opts.warmupS} s warm-up, ${os.cpus().length} CPUs, Node ${process.version}\n`);
    console.log('| route | path | answered of sent | req/s | p50 ms | p95 ms | p99 ms | errors | response |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(row('baseline', baseline));
    console.log(row('dashboard', dashboard));
    console.log(`\nDashboard alone (one request at a time, 5): p50 ${dashboardAlone.p50} ms, max ${dashboardAlone.max} ms, HTTP ${dashboardAlone.status}, ${(dashboardAlone.bytes / 1024).toFixed(0)} KiB`);
    console.log(`CSV export (one request): HTTP ${csv.status}, ${csv.ms} ms, ${(csv.bytes / 1024).toFixed(0)} KiB`);
    console.log(
      Number.isFinite(ratio.p50)
        ? `Dashboard / baseline: p50 latency × ${ratio.p50.toFixed(1)}, throughput ÷ ${ratio.reqPerS.toFixed(1)}`
        : `Dashboard / baseline: no dashboard response completed within the ${opts.durationS} s run (${dashboard.sent} sent, all still queued)`,
    );
    console.log(`JSON: ${path.relative(root, out)}`);
  } finally {
    if (server) {
      server.child.removeAllListeners('exit'); // stopping it now is not news
      const exited = new Promise((r) => server!.child.once('exit', r));
      server.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// Last, so that every module-level constant above is initialised before either mode runs.
if (process.argv.includes('--serve')) await serve();
else await main();
