// `npm run cluster` (deploy/cluster.sh) for real, on free ports: PostgreSQL, the four Temporal service
// processes, the UI, SMTP, two dondoc workers and two web processes come up and print their addresses;
// the frontend answers with the namespace and dondoc's search attributes; a plan loaded with the CLI
// against the cluster has its reminders delivered by the cluster's workers to its SMTP server; Ctrl-C
// (SIGINT) stops every process and frees every port.
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { NOI_VU, threeUnitPlan, Y_TE } from '../helpers/plans.ts';
import { alive, run, startCluster, TEMPORAL_CLI as cli, type Cluster } from './cluster.ts';

// Cold start of the whole cluster (schemas, four services, namespace cache) and its orderly stop.
jest.setTimeout(420_000);

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Vietnam's calendar day, `days` from now, as the plan file writes it. */
function vnDay(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('npm run cluster', () => {
  let cluster: Cluster | undefined;
  let passed = false;
  afterAll(async () => {
    await cluster?.cleanup(passed);
  });

  it('comes up, runs a plan through its workers to its SMTP server, and stops on Ctrl-C', async () => {
    const started = Date.now();
    // SMTP_HOST unset (startCluster drops the run's): the cluster's embedded SMTP server
    cluster = await startCluster();
    const { dir, base } = cluster;
    const out = cluster.output();
    console.log(`cluster up in ${Math.round((Date.now() - started) / 1000)} s`);
    const pidLines = (await fs.readFile(path.join(dir, 'pids'), 'utf8')).trim().split('\n').map((l) => l.split(' '));
    const byName = new Map(pidLines.map(([pid, name]) => [name!, Number(pid)]));
    const pids = [...byName.values()];
    // four Temporal services, the UI, SMTP, two workers, two web processes
    expect(pids).toHaveLength(10);

    // every address printed, on the ports derived from the base
    const frontend = `127.0.0.1:${base + 33}`;
    expect(out).toContain(`Temporal frontend  ${frontend}`);
    expect(out).toContain(`PostgreSQL         127.0.0.1:${base}`);
    expect(out).toContain(`Temporal UI        http://127.0.0.1:${base + 80}/`);
    expect(out).toContain(`Web app 1          http://127.0.0.1:${base + 10}/`);
    expect(out).toContain(`Web app 2          http://127.0.0.1:${base + 11}/`);
    expect(out).toContain(`SMTP               127.0.0.1:${base + 25} (embedded`);
    // the app's own database on the cluster's PostgreSQL
    expect(cluster.databaseUrl).toBe(`postgresql://temporal@127.0.0.1:${base}/dondoc`);

    // the frontend answers, with the namespace and dondoc's search attributes (Keyword)
    const ns = await run(cli, ['operator', 'namespace', 'describe', '-n', 'default', '--address', frontend]);
    expect(ns).toMatchObject({ code: 0 });
    expect(ns.out).toMatch(/NamespaceInfo\.Name\s+default/);
    const attrs = await run(cli, ['operator', 'search-attribute', 'list', '-n', 'default', '--address', frontend, '-o', 'json']);
    expect(attrs.code).toBe(0);
    const custom = (JSON.parse(attrs.out) as { customAttributes: Record<string, string> }).customAttributes;
    for (const name of ['DondocPlan', 'DondocCycle', 'DondocUnit', 'DondocStatus']) expect(custom[name]).toMatch(/KEYWORD/i);

    // the two dondoc workers poll the task queue (the SDK's identity is "pid@host")
    const tq = await run(cli, ['task-queue', 'describe', '--task-queue', 'dondoc', '-n', 'default', '--address', frontend, '-o', 'json']);
    const pollers = (JSON.parse(tq.out) as { pollers: { identity: string; taskQueueType: string }[] }).pollers;
    for (const name of ['dondoc-worker-1', 'dondoc-worker-2']) {
      const pid = byName.get(name);
      expect(pollers.filter((p) => p.identity.startsWith(`${pid}@`)).map((p) => p.taskQueueType).sort()).toEqual(['activity', 'workflow']);
    }

    // both web processes and the UI answer over HTTP
    for (const port of [base + 10, base + 11]) expect((await fetch(`http://127.0.0.1:${port}/signin`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${base + 80}/`)).status).toBe(200);

    // a plan loaded with the CLI against the cluster: its reminder of 7 days before the due day, passed
    // since the cycle opened, is sent at once and reaches the SMTP server
    const { source } = threeUnitPlan({ id: 'cluster-2026', dueDate: vnDay(5), opensOn: vnDay(-10) });
    const planFile = path.join(dir, 'plan.yaml');
    await fs.writeFile(planFile, source);
    const load = await run(process.execPath, ['--import', 'tsx', 'cli/dondoc.ts', 'plan', 'load', planFile], {
      DATABASE_URL: cluster.databaseUrl,
      TEMPORAL_ADDRESS: frontend,
      DONDOC_DATA_DIR: dir,
    });
    expect(load).toMatchObject({ code: 0 });
    const outbox = path.join(dir, 'outbox');
    const deadline = Date.now() + 120_000;
    let mails: string[] = [];
    while (Date.now() < deadline) {
      const names = (await fs.readdir(outbox)).filter((n) => n.endsWith('.eml'));
      mails = await Promise.all(names.map((n) => fs.readFile(path.join(outbox, n), 'utf8')));
      if ([NOI_VU, Y_TE].every((a) => mails.some((m) => m.includes(a)))) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (const a of [NOI_VU, Y_TE]) expect(mails.some((m) => m.includes(`To: `) && m.includes(a))).toBe(true);
    // the workflow ran on the cluster: listed by its search attribute in SQL visibility
    const listed = await run(cli, ['workflow', 'list', '-n', 'default', '--address', frontend, '--query', `DondocCycle = "cluster-2026/2026-annual"`, '-o', 'json']);
    expect(listed.out).toContain('cluster-2026/2026-annual');

    // Ctrl-C: the script stops everything and exits; no process is left, no port still open
    const stopStarted = Date.now();
    expect(await cluster.stop()).toBe(130);
    console.log(`cluster stopped in ${Math.round((Date.now() - stopStarted) / 1000)} s`);
    for (const pid of pids) expect({ pid, alive: alive(pid) }).toEqual({ pid, alive: false });
    const ports = [0, 10, 11, 25, 33, 34, 35, 39, 43, 53, 54, 55, 59, 80].map((o) => base + o);
    const open = [];
    for (const p of ports) if (await accepts(p)) open.push(p);
    expect(open).toEqual([]);
    await expect(fs.access(path.join(dir, 'postgres', 'postmaster.pid'))).rejects.toThrow();
    passed = true;
  });
});
