// `npm run cluster` (deploy/cluster.sh) started by a test on free ports, in a folder of its own under
// test-artifacts/, and the hands a fault test needs on it: the live pid of each named process (the
// script's pids file; a process it starts again gets a new line), SIGKILL, a PostgreSQL restart, and
// the orderly stop with Ctrl-C. After a failure the folder stays, with every process's log.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const TEMPORAL_CLI = process.env.TEMPORAL_CLI_PATH ?? path.join(ROOT, '.tools/temporal-cli-v1.5.1/temporal');
const PG_BIN = process.env.DONDOC_TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr });
    });
  });
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it is true; throws `what` after `ms`. */
export async function until(what: string, ms: number, check: () => Promise<boolean> | boolean, everyMs = 500): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

export interface Cluster {
  dir: string;
  base: number;
  /** host:port of the Temporal frontend. */
  frontend: string;
  /** The app database the script printed (PostgreSQL on the cluster's server by default). */
  databaseUrl: string;
  webUrl(n: 1 | 2): string;
  /** Everything the script printed so far. */
  output(): string;
  /** The live pid of a process the script started, e.g. "dondoc-worker-1", "temporal-history". */
  pidOf(name: string): Promise<number>;
  /** SIGKILL to the process named; returns its pid. */
  kill(name: string): Promise<number>;
  /** Until the script has started `name` again after `oldPid` ended; returns the new pid. */
  restarted(name: string, oldPid: number, ms?: number): Promise<number>;
  /** `pg_ctl restart -m fast` of the cluster's PostgreSQL (as its owner), as an operator would. */
  restartPostgres(): Promise<void>;
  /** Ctrl-C: resolves with the script's exit code (130 when it stopped as it should). */
  stop(): Promise<number | null | 'timeout'>;
  /** Kills whatever is left (only after a failure) and removes the folder when `passed`. */
  cleanup(passed: boolean): Promise<void>;
}

export async function startCluster(env: Record<string, string | undefined> = {}): Promise<Cluster> {
  // Every port at or below 32767: Temporal keeps membership ports as smallint (deploy/cluster.sh).
  const base = 21_000 + 100 * Math.floor(Math.random() * 110);
  // Under the checkout, not /tmp: the postgres user must reach its data folder (mkdtemp makes 0700).
  await fs.mkdir(path.join(ROOT, 'test-artifacts'), { recursive: true });
  const dir = await fs.mkdtemp(path.join(ROOT, 'test-artifacts', 'cluster-'));
  await fs.chmod(dir, 0o755);
  const spawnEnv: Record<string, string | undefined> = { ...process.env, DONDOC_CLUSTER_DIR: dir, DONDOC_CLUSTER_PORT_BASE: String(base) };
  // None of these from the test run: the cluster's own unless the caller says otherwise. The workers'
  // mail gate stays at its default size (MAILS_IN_FLIGHT), the bound fault-burst.test.ts asserts.
  for (const k of ['SMTP_HOST', 'SMTP_PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'DONDOC_CLUSTER_DATABASE_URL', 'DONDOC_MAIL_IN_FLIGHT']) delete spawnEnv[k];
  Object.assign(spawnEnv, env);
  const child: ChildProcess = spawn('bash', ['deploy/cluster.sh'], { cwd: ROOT, env: spawnEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not come up in 300 s:\n${out}`)), 300_000);
    const check = () => {
      if (out.includes('Press Ctrl+C to stop everything.')) (clearTimeout(timer), resolve());
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the cluster exited with ${code}:\n${out}`))));
  });
  const databaseUrl = /App database\s+(\S+)/.exec(out)?.[1];
  if (!databaseUrl) throw new Error(`no app database in the script's output:\n${out}`);

  const pids = async () => {
    const lines = (await fs.readFile(path.join(dir, 'pids'), 'utf8')).trim().split('\n').map((l) => l.split(' '));
    return new Map(lines.map(([pid, name]) => [name!, Number(pid)])); // the last line of a name wins
  };
  const pidOf = async (name: string) => {
    const pid = (await pids()).get(name);
    if (!pid) throw new Error(`the cluster started no process named ${name}`);
    return pid;
  };
  const asPostgres = (args: string[]) => (process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', ...args]) : run(args[0]!, args.slice(1)));

  return {
    dir,
    base,
    frontend: `127.0.0.1:${base + 33}`,
    databaseUrl,
    webUrl: (n) => `http://127.0.0.1:${base + 9 + n}`,
    output: () => out,
    pidOf,
    async kill(name) {
      const pid = await pidOf(name);
      process.kill(pid, 'SIGKILL');
      return pid;
    },
    async restarted(name, oldPid, ms = 60_000) {
      let pid = oldPid;
      await until(`${name} to be started again`, ms, async () => (pid = await pidOf(name)) !== oldPid && alive(pid));
      return pid;
    },
    async restartPostgres() {
      const pgdata = path.join(dir, 'postgres');
      const r = await asPostgres([path.join(PG_BIN, 'pg_ctl'), '-D', pgdata, '-l', path.join(dir, 'logs', 'postgres.log'), '-m', 'fast', '-w', '-t', '60', 'restart']);
      if (r.code !== 0) throw new Error(`pg_ctl restart failed: ${r.out}`);
    },
    async stop() {
      process.kill(child.pid!, 'SIGINT');
      return Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 90_000).unref())]);
    },
    async cleanup(passed) {
      for (const pid of (await pids().catch(() => new Map<string, number>())).values()) if (alive(pid)) process.kill(-pid, 'SIGKILL');
      if (child.pid && alive(child.pid)) process.kill(-child.pid, 'SIGKILL');
      await asPostgres([path.join(PG_BIN, 'pg_ctl'), '-D', path.join(dir, 'postgres'), '-m', 'immediate', 'stop']).catch(() => undefined);
      if (passed) await fs.rm(dir, { recursive: true, force: true });
      else console.log(`cluster logs kept in ${dir}/logs`);
    },
  };
}
