// The README's run command (scripts/dev.sh → `dondoc dev`), run for real on free ports: the Temporal
// dev server, the web app, the embedded SMTP server's Outbox with the demo plan's reminders, the
// Temporal UI, and workflow IDs a person can read. Restarting on the same data sends nothing again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { csrfOf } from '../helpers/csrf.ts';
import { expectTruthy } from '../helpers/expect.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(420_000);

const root = path.resolve(import.meta.dirname, '../..');

interface Run {
  child: ChildProcess;
  out: () => string;
}

function startDev(env: Record<string, string>): Promise<Run> {
  const child = spawn('bash', ['scripts/dev.sh'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev run did not come up in 180 s:\n${out}`)), 180_000);
    child.stdout!.on('data', () => {
      if (out.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve({ child, out: () => out });
      }
    });
    child.once('exit', (code) => reject(new Error(`dev run exited with ${code}:\n${out}`)));
  });
}

const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

function killGroup(c: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-c.pid!, signal); // the whole group: dev.sh, node, the Temporal server
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function stopDev(run: Run) {
  if (running(run.child)) {
    const exited = new Promise((r) => run.child.once('exit', r));
    killGroup(run.child, 'SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  }
  killGroup(run.child, 'SIGKILL'); // whatever of the group is left
  await new Promise((r) => setTimeout(r, 500));
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('npm run dev (the README run command)', () => {
  const base = 20_000 + Math.floor(Math.random() * 20_000);
  const ports = { temporal: base, ui: base + 1000, web: base + 2, smtp: base + 3 };
  let dataDir: string;
  let env: Record<string, string>;
  let run: Run | undefined;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-dev-'));
    env = {
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      DONDOC_WEB_PORT: String(ports.web),
      SMTP_PORT: String(ports.smtp),
      DONDOC_DATA_DIR: dataDir,
    };
  });
  afterAll(async () => {
    if (run) await stopDev(run);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  // The office pages need a signed-in user: the administrator the first dev run created.
  let cookie = '';
  const web = (p: string) => fetch(`http://127.0.0.1:${ports.web}${p}`, { headers: { cookie }, redirect: 'manual' });
  const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  async function signInAsDevAdmin() {
    const file = path.join(dataDir, 'dev-admin-password.txt');
    // the password file is readable by its owner only
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const password = (await fs.readFile(file, 'utf8')).trim();
    // the password is printed once on the console
    expect(run!.out()).toContain(password);
    const form = await fetch(`http://127.0.0.1:${ports.web}/signin`);
    const csrf = csrfOf(await form.text());
    expectTruthy(csrf);
    const res = await fetch(`http://127.0.0.1:${ports.web}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form).join('; ') },
      body: new URLSearchParams({ _csrf: csrf, email: 'admin@dondoc.invalid', password }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    cookie = [...cookiesOf(form), ...cookiesOf(res)].join('; ');
  }
  const outboxRows = async () => {
    const html = await (await web('/outbox')).text();
    return [...html.matchAll(/<a href="\/outbox\/[0-9a-f]+">([^<]*)<\/a>/g)].map((m) => m[1]!);
  };

  it('brings up the web app, the Outbox with the demo reminders and the Temporal UI', async () => {
    run = await startDev(env);
    expect(run.out()).toMatch(new RegExp(`Web app\\s+http://localhost:${ports.web}/`));
    expect(run.out()).toMatch(new RegExp(`Temporal UI\\s+http://localhost:${ports.ui}`));
    expect(run.out()).toMatch(/Outbox\s+http:\/\/localhost:\d+\/outbox/);

    const anonymous = await web('/');
    // office pages need a signed-in user
    expect(anonymous.status).toBe(303);
    await signInAsDevAdmin();
    const home = await web('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/Báo cáo tổng kết năm 2026/);

    // The demo's earliest reminder is already due when it starts: one reminder to each of 4 units.
    const rows = await waitFor('4 reminders in the Outbox', async () => {
      const r = await outboxRows();
      return r.length >= 4 ? r : undefined;
    });
    expect(rows.length).toBe(4);
    // on failure, look at: rows.join(' | ')
    expect(rows.every((s) => s.startsWith('[Nhắc nộp báo cáo]'))).toBeTruthy();

    const ui = await waitFor('the Temporal UI', async () => {
      const r = await fetch(`http://127.0.0.1:${ports.ui}/`);
      return r.ok ? r : undefined;
    });
    expect(ui.status).toBe(200);

    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    try {
      // The demo cycle, under its readable ID, on the default design: its waves are the cycle's workflow.
      const d = await new Client({ connection }).workflow.getHandle('demo-2026/2026-annual').describe();
      expect(d.type).toBe('waveCycleWorkflow');
      expect(d.status.name).toBe('RUNNING');
    } finally {
      await connection.close();
    }
  });

  it('restarting on the same data sends nothing twice and keeps the Outbox', async () => {
    await stopDev(run!);
    run = await startDev(env);
    // no second administrator
    expect(run.out()).toMatch(/Sign in\s+with an existing account/);
    await new Promise((r) => setTimeout(r, 8_000));
    const rows = await outboxRows();
    // on failure, look at: rows.join(' | ')
    expect(rows.length).toBe(4);
  });
});
