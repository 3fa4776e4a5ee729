// Faults on the cluster (deploy/cluster.sh), each during a burst of 1,000 reminders due at the same
// instant, each on a cluster of its own: one of the two dondoc workers killed with SIGKILL; the
// Temporal history service killed with SIGKILL (the cluster starts both again, as a service manager
// would); PostgreSQL, which holds both Temporal's and dondoc's databases, restarted; the SMTP server
// down for two minutes. Counted at the SMTP server afterwards: every unit's reminder arrived and is
// recorded as sent. A repeat has the Message-ID of the first and can only come from a mail the SMTP
// server accepted before its "sent" row was written (activities/send-once.ts); the mail gate
// (activities/mail-gate.ts) holds at most MAILS_IN_FLIGHT such mails per worker process (the default
// of DONDOC_MAIL_IN_FLIGHT, which startCluster keeps out of the workers' environment), so the bound
// is MAILS_IN_FLIGHT per worker whose writes the fault could cut: the killed worker's, both workers'
// when the database restarts, none when only Temporal or the SMTP server goes away.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { burstUnderway, everyReminder, openBurst, type Burst } from './burst.ts';
import { sleep, startCluster, type Cluster } from './cluster.ts';

// A cluster's start, a burst of 1,000 and its stop take about two minutes; the SMTP outage two more.
jest.setTimeout(900_000);

interface Fault {
  name: string;
  /** Repeats allowed: MAILS_IN_FLIGHT per worker whose "sent" writes the fault can cut. */
  bound: number;
  inject(c: Cluster, smtp: { catcher: MailCatcher; restart(): Promise<MailCatcher> }): Promise<void>;
}

const FAULTS: Fault[] = [
  {
    name: 'one of the two workers killed with SIGKILL',
    bound: MAILS_IN_FLIGHT,
    async inject(c) {
      const pid = await c.kill('dondoc-worker-1');
      await c.restarted('dondoc-worker-1', pid);
    },
  },
  {
    name: 'the Temporal history service killed with SIGKILL and started again',
    bound: 0,
    async inject(c) {
      const pid = await c.kill('temporal-history');
      await c.restarted('temporal-history', pid);
    },
  },
  {
    name: 'PostgreSQL (Temporal and dondoc databases) restarted',
    bound: 2 * MAILS_IN_FLIGHT,
    async inject(c) {
      await c.restartPostgres();
    },
  },
  {
    name: 'the SMTP server down for two minutes, then back',
    bound: 0,
    async inject(_c, smtp) {
      await smtp.catcher.close();
      await sleep(120_000);
      await smtp.restart();
    },
  },
];

describe('faults on the cluster during a burst of 1,000 reminders', () => {
  let cluster: Cluster | undefined;
  let burst: Burst | undefined;
  let catcher: MailCatcher | undefined;
  let passed = false;

  afterEach(async () => {
    await burst?.close();
    await catcher?.close().catch(() => undefined);
    await cluster?.cleanup(passed);
    [cluster, burst, catcher, passed] = [undefined, undefined, undefined, false];
  });

  it.each(FAULTS.map((f) => [f.name, f] as const))('%s: every reminder arrives, repeats within the bound', async (_name, fault) => {
    const t0 = Date.now();
    // The test's own SMTP server, keeping every message on disk so that it survives its own outage.
    const outbox = await fs.mkdtemp(path.join(import.meta.dirname, '../../test-artifacts/outbox-'));
    let smtp: MailCatcher = await startMailCatcher({ port: 0, dir: outbox });
    catcher = smtp;
    const port = smtp.port;
    cluster = await startCluster({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) });
    const up = Date.now();
    burst = await openBurst(cluster, { reminderInS: 45 });
    // "During the burst": once a tenth of the reminders are out.
    await burstUnderway(burst, smtp, 100);
    const atFault = Date.now();
    await fault.inject(cluster, {
      catcher: smtp,
      restart: async () => (catcher = smtp = await startMailCatcher({ port, dir: outbox })),
    });
    const count = await everyReminder(burst, smtp);
    console.log(`${fault.name}: ${JSON.stringify(count)}; cluster up in ${Math.round((up - t0) / 1000)} s; fault ${Math.round((atFault - burst.dueAt) / 1000)} s after the reminders fell due; all sent ${Math.round((Date.now() - burst.dueAt) / 1000)} s after`);
    expect(count.units).toBe(burst.n);
    // on failure, look at: `repeats (${count.repeats}) within the bound for this fault (${fault.bound})`
    expect(count.repeats).toBeLessThanOrEqual(fault.bound);
    expect(await cluster.stop()).toBe(130);
    await fs.rm(outbox, { recursive: true, force: true });
    passed = true;
  });
});
