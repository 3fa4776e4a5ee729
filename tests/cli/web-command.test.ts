// `dondoc web` as a real child process, configured through its environment like in production, on a
// free port (DONDOC_WEB_PORT=0, read back from its "listening" log line) and a fresh SQLite database:
// /healthz, /readyz against an unreachable Temporal, a silent one and the shared dev server, and a
// SIGTERM while a request is in flight.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { startDevServer } from '../helpers/temporal.ts';
import { ROOT } from './cli-runner.ts';

interface WebChild {
  child: ChildProcess;
  url: string;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startWeb(env: Record<string, string>): Promise<WebChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/dondoc.ts', 'web'], {
    cwd: ROOT,
    env: { ...process.env, DONDOC_WEB_PORT: '0', DONDOC_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dondoc web did not listen within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /"port":(\d+)[^\n]*dondoc web: listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`dondoc web exited with ${code} before listening:\n${out}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, stdout: () => out, exited };
}

async function stop(w: WebChild | undefined): Promise<void> {
  if (!w || w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGKILL');
  await w.exited;
}

/** A port nothing listens on: connecting is refused at once. */
async function refusedAddress(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `127.0.0.1:${port}`;
}

describe('dondoc web', () => {
  let db: TestDb;
  let dataDir: string;
  const silent = net.createServer(() => undefined); // accepts and never answers: a Temporal that hangs
  const base = () => ({ DATABASE_URL: db.url, DONDOC_DATA_DIR: dataDir });

  beforeAll(async () => {
    db = await freshDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-web-'));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await db?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
    silent.close();
  });

  it('is up on /healthz and not ready on /readyz, with a bilingual reason, when Temporal is unreachable', async () => {
    let web: WebChild | undefined;
    try {
      web = await startWeb({ ...base(), TEMPORAL_ADDRESS: await refusedAddress() });
      const health = await fetch(`${web.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toStrictEqual({ ok: true });
      const ready = await fetch(`${web.url}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { ready: boolean; checks: Record<string, { ok: boolean; reason?: string }> };
      expect(body.ready).toBe(false);
      expect(body.checks.database).toStrictEqual({ ok: true });
      expect(body.checks.temporal!.ok).toBe(false);
      expect(body.checks.temporal!.reason).toBe('Không kết nối được máy chủ Temporal / the Temporal server does not answer');
      // The pages are served meanwhile: a unit's link that does not exist gets its 404 page, not a 5xx.
      expect((await fetch(`${web.url}/r/no-such-token`)).status).toBe(404);
    } finally {
      await stop(web);
    }
  }, 90_000);

  it('answers the request in flight when SIGTERM arrives, then exits 0', async () => {
    let web: WebChild | undefined;
    try {
      // /readyz against a Temporal that never answers takes its check's 3 s: a request still in flight.
      web = await startWeb({ ...base(), TEMPORAL_ADDRESS: `127.0.0.1:${(silent.address() as net.AddressInfo).port}` });
      const started = Date.now();
      const inFlight = fetch(`${web.url}/readyz`);
      await new Promise((r) => setTimeout(r, 700));
      web.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: { temporal: { ok: boolean } } }).checks.temporal.ok).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_500); // it really was in flight during the signal
      expect(await web.exited).toStrictEqual({ code: 0, signal: null });
      expect(web.stdout()).toContain('dondoc web: closed');
      await expect(fetch(`${web.url}/healthz`)).rejects.toThrow(); // no longer listening
    } finally {
      await stop(web);
    }
  }, 90_000);

  it('is ready against a running Temporal server (the shared dev server)', async () => {
    const { env, namespace } = await startDevServer();
    let web: WebChild | undefined;
    try {
      web = await startWeb({ ...base(), TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: namespace });
      const ready = await fetch(`${web.url}/readyz`);
      expect(await ready.json()).toStrictEqual({ ready: true, checks: { database: { ok: true }, temporal: { ok: true } } });
      expect(ready.status).toBe(200);
      web.child.kill('SIGINT');
      expect(await web.exited).toStrictEqual({ code: 0, signal: null });
    } finally {
      await stop(web);
      await env.teardown();
    }
  }, 120_000);
});
