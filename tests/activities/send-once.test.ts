// sendOnce against a real SQLite database (Prisma) and a real SMTP server: one email per business key,
// a retry after "sent" sends nothing and writes nothing (no second personal-link token either), and a
// mail the server refuses for good is recorded and reported as MAIL_REJECTED, not retried.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { createActivities, type Activities, type ActivityDeps } from '../../activities/index.ts';
import { alreadySent, sendOnce, type EmailEnvelope } from '../../activities/send-once.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { MAIL_REJECTED } from '../../workflows/failure-types.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

// sendOnce never starts workflows: a client that is never connected proves it.
const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };
const noiVu = 'test-2026/2026-annual/so-noi-vu';
const yTe = 'test-2026/2026-annual/so-y-te';

/** Lets a mail that was (wrongly) handed over reach the catcher before counting. */
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('sendOnce (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let deps: ActivityDeps;
  let acts: Activities;
  let cycle: StoredCycle;

  const envelope = (key: string, to = ['office@test.dondoc.invalid']): EmailEnvelope => ({ key, kind: 'summary', to, replyTo: 'vp@test.dondoc.invalid' });
  const email = (subject: string) => ({ subject, text: `${subject} (text)`, html: `<p>${subject}</p>` });

  /** Everything a notice to one obligation can write: its tokens, its email rows, its status. */
  async function writesFor(obligationId: string) {
    const [tokens, emails, obligation] = await Promise.all([
      db.prisma.accessToken.findMany({ where: { obligationId }, orderBy: { id: 'asc' } }),
      db.prisma.emailMessage.findMany({ where: { obligationId }, orderBy: { key: 'asc' } }),
      db.prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } }),
    ]);
    return { tokens, emails, obligation };
  }

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    deps = { prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal };
    acts = createActivities(deps);
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    cycle = (await savePlan(db.prisma, plan, source))[0]!;
  });
  beforeEach(() => {
    catcher.clear();
    catcher.rejectRecipients([]);
  });
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('a mail waiting at the gate sends nothing when its row cannot be written, or another attempt sent it meanwhile', async () => {
    // A gate that lets each queued call through only after `meanwhile` ran: what happens while it waits.
    const gated = (meanwhile: () => Promise<void>): ActivityDeps => ({ ...deps, mailGate: { run: async (fn) => (await meanwhile(), fn()) } });
    // Sent by another attempt while this one waited: it sends nothing and says so.
    const sentMeanwhile = gated(() => db.prisma.emailMessage.update({ where: { key: 'summary:raced' }, data: { status: 'sent' } }).then(() => undefined));
    expect(await sendOnce(sentMeanwhile, { ...envelope('summary:raced'), email: email('Đã gửi') })).toBe('already-sent');
    // Its row not writable (here: gone; on the cluster: the database restarting): it fails, unsent.
    const lost = gated(() => db.prisma.emailMessage.delete({ where: { key: 'summary:lost' } }).then(() => undefined));
    await expect(sendOnce(lost, { ...envelope('summary:lost'), email: email('Không gửi') })).rejects.toThrow();
    await settle();
    expect(catcher.messages()).toStrictEqual([]);
  });

  it('sends one email per business key and records it as sent', async () => {
    expect(await alreadySent(db.prisma, 'summary:once')).toBe(false);
    expect(await sendOnce(deps, { ...envelope('summary:once'), email: email('Lần một') })).toBe('sent');
    expect(await alreadySent(db.prisma, 'summary:once')).toBe(true);
    // The same key with another rendering (a retry that rendered again) is not sent again.
    expect(await sendOnce(deps, { ...envelope('summary:once'), email: email('Lần hai') })).toBe('already-sent');
    // Another key is another email.
    expect(await sendOnce(deps, { ...envelope('summary:other'), email: email('Thư khác') })).toBe('sent');
    const mails = await catcher.waitFor((m) => m.length >= 2);
    await settle();
    expect(catcher.messages().map((m) => m.subject).sort()).toStrictEqual(['Lần một', 'Thư khác']);
    expect(mails.find((m) => m.subject === 'Lần một')!.to).toStrictEqual(['office@test.dondoc.invalid']);
    const row = await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: 'summary:once' } });
    expect({ status: row.status, attempts: row.attempts, subject: row.subject, recipients: row.recipients }).toStrictEqual({
      status: 'sent',
      attempts: 1,
      subject: 'Lần một',
      recipients: 'office@test.dondoc.invalid',
    });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('a retried reminder or overdue notice after "sent" sends nothing and writes nothing, no second token', async () => {
    const reminderAt = cycle.timeline.reminders[0]!.at.toISOString();
    const overdueAt = cycle.timeline.overdueAt.toISOString();
    expect(await acts.sendReminder({ obligationId: noiVu, scheduledFor: reminderAt })).toBe('sent');
    expect(await acts.sendOverdueNotice({ obligationId: noiVu, scheduledFor: overdueAt })).toBe('sent');
    await catcher.waitFor((m) => m.length >= 2);
    const before = await writesFor(noiVu);
    // One token per email that went out.
    expect(before.tokens.length).toBe(2);
    expect(before.emails.map((e) => [e.kind, e.status, e.attempts])).toStrictEqual([
      ['overdue', 'sent', 1],
      ['reminder', 'sent', 1],
    ]);

    expect(await acts.sendReminder({ obligationId: noiVu, scheduledFor: reminderAt })).toBe('already-sent');
    expect(await acts.sendOverdueNotice({ obligationId: noiVu, scheduledFor: overdueAt })).toBe('already-sent');
    await settle();
    expect(catcher.messages().length).toBe(2);
    expect(await writesFor(noiVu)).toStrictEqual(before);
  });

  it('reports a mail the server rejects for good as MAIL_REJECTED, records it, and sends nothing', async () => {
    catcher.rejectRecipients(['nobody@test.dondoc.invalid']);
    const failure = await sendOnce(deps, { ...envelope('summary:rejected', ['nobody@test.dondoc.invalid']), email: email('Bị từ chối') }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect({ type: (failure as ApplicationFailure).type, nonRetryable: (failure as ApplicationFailure).nonRetryable }).toStrictEqual({ type: MAIL_REJECTED, nonRetryable: true });
    expect((failure as Error).message).toMatch(/^SMTP 550/);
    const row = await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: 'summary:rejected' } });
    expect({ status: row.status, attempts: row.attempts }).toStrictEqual({ status: 'rejected', attempts: 1 });
    await settle();
    expect(catcher.messages().length).toBe(0);
  });

  it('a unit\'s notice to a rejected mailbox fails as MAIL_REJECTED too, so its workflow moves on', async () => {
    const contacts = await db.prisma.contact.findMany({ where: { unit: { code: 'so-y-te' } } });
    catcher.rejectRecipients(contacts.map((c) => c.email));
    const at = cycle.timeline.reminders[0]!.at.toISOString();
    await expect(acts.sendReminder({ obligationId: yTe, scheduledFor: at })).rejects.toMatchObject({ type: MAIL_REJECTED, nonRetryable: true });
    const [row] = (await writesFor(yTe)).emails;
    expect(row?.status).toBe('rejected');
    expect(catcher.messages().length).toBe(0);
  });
});
