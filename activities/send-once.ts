// Sends an email at most once per business key. The key is claimed in the database before the SMTP
// conversation; a retry of an activity whose mail was already sent returns without sending.
// The one window left is a crash (or a lost database) after the SMTP server accepted the mail and before
// "sent" was written: the retry then sends again with the same Message-ID (at-least-once, never lost).
// The mail gate (mail-gate.ts) keeps at most a few mails in that window per process. Every email names the
// plan's standing office as Reply-To (the sender is a no-reply address).
// sendOnce takes an email already rendered: whatever an email needs written first (a personal-link
// token) the activity writes itself, after asking `alreadySent`, so a retry of a sent email writes nothing.
import { ApplicationFailure } from '@temporalio/activity';
import { isUniqueViolation, type PrismaClient } from '../db/client.ts';
import { MAIL_REJECTED } from '../workflows/failure-types.ts';
import type { SendOutcome } from '../workflows/contract.ts';
import type { RenderedEmail } from '../templates/layout.ts';
import type { ActivityDeps } from './deps.ts';
import type { MailGate } from './mail-gate.ts';

export type { SendOutcome } from '../workflows/contract.ts';

/** Who an email goes to and under which business key: all that is known before it is rendered. */
export interface EmailEnvelope {
  key: string;
  kind: 'reminder' | 'overdue' | 'escalation' | 'receipt' | 'summary' | 'returned' | 'task-reminder';
  to: string[];
  obligationId?: string;
  cycleId?: string;
  scheduledFor?: Date;
  /** The standing office's email from the plan: where a recipient's reply goes. */
  replyTo: string;
}

export interface SendOnceRequest extends EmailEnvelope {
  email: RenderedEmail;
}

/** True once the email of this business key went out: the activity then prepares nothing. */
export async function alreadySent(prisma: PrismaClient, key: string): Promise<boolean> {
  const row = await prisma.emailMessage.findUnique({ where: { key }, select: { status: true } });
  return row?.status === 'sent';
}

export async function sendOnce(deps: ActivityDeps, req: SendOnceRequest): Promise<SendOutcome> {
  const { prisma } = deps;
  const existing = await prisma.emailMessage.findUnique({ where: { key: req.key } });
  if (existing?.status === 'sent') return 'already-sent';
  const { email } = req;
  // A retry resends with the Message-ID first recorded, even if MAIL_FROM changed in between.
  const messageId = existing?.messageId ?? deps.mailer.messageIdFor(req.key);
  if (!existing) {
    try {
      await prisma.emailMessage.create({
        data: {
          key: req.key,
          kind: req.kind,
          obligationId: req.obligationId ?? null,
          cycleId: req.cycleId ?? null,
          recipients: req.to.join(', '),
          subject: email.subject,
          messageId,
          status: 'sending',
          scheduledFor: req.scheduledFor ?? null,
        },
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const again = await prisma.emailMessage.findUnique({ where: { key: req.key } });
      if (again?.status === 'sent') return 'already-sent';
    }
  }
  const gate = deps.mailGate ?? UNGATED;
  return gate.run(async () => {
    // Counted inside the gate, just before the SMTP conversation: a mail goes out only when the
    // database took a write a moment before, so when it goes away (a restart), the mails queued at
    // the gate fail here, unsent, instead of each being sent without its "sent" row (measured on the
    // cluster: 30 repeats in a burst of 1,000 with the count outside, tests/cluster/fault-burst.test.ts).
    // The condition also stops a mail another attempt has sent meanwhile.
    const { count } = await prisma.emailMessage.updateMany({ where: { key: req.key, status: { not: 'sent' } }, data: { attempts: { increment: 1 } } });
    if (count === 0) {
      if (await alreadySent(prisma, req.key)) return 'already-sent' as const;
      throw new Error(`email ${req.key}: its row is gone; not sent`);
    }
    try {
      await deps.mailer.send({ to: req.to, subject: email.subject, text: email.text, html: email.html, messageId, replyTo: req.replyTo });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code && code >= 500 && code < 600) {
        // Permanent rejection (e.g. 550 unknown mailbox): retrying cannot help. Record it for the office
        // and let the workflow go on to the next step instead of retrying forever.
        await prisma.emailMessage.update({ where: { key: req.key }, data: { status: 'rejected' } });
        throw ApplicationFailure.nonRetryable(`SMTP ${code}: ${(err as Error).message}`, MAIL_REJECTED);
      }
      throw err; // temporary (connection refused, 4xx): Temporal retries with backoff
    }
    await prisma.emailMessage.update({ where: { key: req.key }, data: { status: 'sent', sentAt: new Date() } });
    return 'sent' as const;
  });
}

const UNGATED: MailGate = { run: (fn) => fn() };
