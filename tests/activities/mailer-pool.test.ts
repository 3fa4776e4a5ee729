// The mailer's pooled SMTP transport (mail/mailer.ts) against dondoc's real SMTP server (mail/catcher.ts),
// connections counted on the server's side: no more open at once than the mail gate's size, a refused
// recipient fails only its own mail, an outage fails mails with the temporary error send-once retries
// (activities/send-once.ts: any code outside 5xx) and mails flow again once it ends, an idle connection
// the server closed is replaced, and close() leaves nothing open.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer, type OutgoingEmail } from '../../mail/mailer.ts';

const MAIL_FROM = 'dondoc <no-reply@test.dondoc.invalid>';
const mail = (i: number, to = `u${i}@test.dondoc.invalid`): OutgoingEmail => ({
  to: [to],
  subject: `[pool] ${i}`,
  text: `Thư ${i} / Mail ${i}`,
  html: `<p>Thư ${i} / Mail ${i}</p>`,
  messageId: `<pool-${i}@test.dondoc.invalid>`,
  replyTo: 'office@test.dondoc.invalid',
});
const subjects = (c: MailCatcher) => c.messages().map((m) => m.subject);

/** Resolves once the condition holds, fails after `ms` (what the server's side reaches asynchronously). */
async function until(what: string, condition: () => boolean, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
  }
}

function smtpCode(err: unknown): number | undefined {
  return (err as { responseCode?: number }).responseCode;
}

describe('pooled mailer (real SMTP server)', () => {
  let catcher: MailCatcher;
  let mailer: Mailer;
  const open = (mailsInFlight: number) => {
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: MAIL_FROM, worker: { mailsInFlight } });
    return mailer;
  };

  beforeAll(async () => {
    catcher = await startMailCatcher();
  });
  afterEach(async () => {
    mailer.close();
    catcher.refuseConnections(false);
    catcher.rejectRecipients([]);
    await until('the pool closed', () => catcher.connectionsOpen() === 0);
    catcher.clear();
  });
  afterAll(() => catcher.close());

  it('sends 30 mails at once over at most the gate size of connections, and close() ends them', async () => {
    const before = catcher.connectionsOpened();
    const m = open(3);
    await Promise.all(Array.from({ length: 30 }, (_, i) => m.send(mail(i))));
    expect(subjects(catcher).sort()).toStrictEqual(Array.from({ length: 30 }, (_, i) => `[pool] ${i}`).sort());
    const opened = catcher.connectionsOpened() - before;
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(3);
    expect(catcher.connectionsOpen()).toBe(opened); // kept open for the next mails
    m.close();
    await until('close() ended every connection', () => catcher.connectionsOpen() === 0);
    await expect(m.send(mail(99))).rejects.toThrow(/pool was closed/);
  });

  it('a refused recipient (550) fails only its own mail, on the same connections', async () => {
    const m = open(2);
    await m.send(mail(0)); // one connection open
    const before = catcher.connectionsOpened();
    catcher.rejectRecipients(['nobody@test.dondoc.invalid']);
    const results = await Promise.allSettled([m.send(mail(1)), m.send(mail(2, 'nobody@test.dondoc.invalid')), m.send(mail(3)), m.send(mail(4))]);
    expect(results.map((r) => r.status)).toStrictEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(smtpCode((results[1] as PromiseRejectedResult).reason)).toBe(550); // send-once records it as rejected, no retry
    expect(subjects(catcher).sort()).toStrictEqual(['[pool] 0', '[pool] 1', '[pool] 3', '[pool] 4']);
    // The 550 ended the transaction, not the connection: at most the pool's second one was opened.
    expect(catcher.connectionsOpened() - before).toBeLessThanOrEqual(1);
    await m.send(mail(5));
    expect(subjects(catcher)).toContain('[pool] 5');
  });

  it('an outage closes the open connections; mails fail with a temporary error, then flow again', async () => {
    const m = open(4);
    await Promise.all([0, 1, 2, 3].map((i) => m.send(mail(i))));
    expect(catcher.connectionsOpen()).toBeGreaterThanOrEqual(1);
    catcher.refuseConnections(true);
    expect(catcher.connectionsOpen()).toBe(0);
    const during = await Promise.allSettled([10, 11, 12].map((i) => m.send(mail(i))));
    for (const r of during) {
      expect(r.status).toBe('rejected');
      const code = smtpCode((r as PromiseRejectedResult).reason);
      expect(code).toBe(421); // not 5xx: send-once rethrows it and Temporal retries
    }
    expect(subjects(catcher)).toHaveLength(4);
    catcher.refuseConnections(false);
    const before = catcher.connectionsOpened();
    await Promise.all([20, 21, 22].map((i) => m.send(mail(i))));
    expect(subjects(catcher)).toEqual(expect.arrayContaining(['[pool] 20', '[pool] 21', '[pool] 22']));
    expect(catcher.connectionsOpened()).toBeGreaterThan(before); // new connections, not the dead ones
  });
});

describe('pooled mailer and a server that ends idle connections', () => {
  it('opens a new connection for the next mail, and the server closes promptly with a client still connected', async () => {
    const catcher = await startMailCatcher({ idleTimeoutMs: 300 });
    const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: MAIL_FROM });
    try {
      await mailer.send(mail(1));
      expect(catcher.connectionsOpened()).toBe(1);
      await until('the server ended the idle connection', () => catcher.connectionsOpen() === 0);
      await new Promise((r) => setTimeout(r, 100)); // the client has seen it go
      await mailer.send(mail(2));
      expect(catcher.connectionsOpened()).toBe(2);
      expect(subjects(catcher)).toStrictEqual(['[pool] 1', '[pool] 2']);
      // The pooled connection is still open: the server's close does not wait for it (smtp-server's
      // closeTimeout would be 30 s).
      expect(catcher.connectionsOpen()).toBe(1);
      const t = Date.now();
      await catcher.close();
      expect(Date.now() - t).toBeLessThan(1_000);
    } finally {
      mailer.close();
    }
  });
});
