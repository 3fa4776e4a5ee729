// Sends email over SMTP with nodemailer. The transport comes from validated config; in the embedded
// default and in tests it points at dondoc's own SMTP server (mail/catcher.ts), never at a stub.
// Every message is marked as automatic (RFC 3834 `Auto-Submitted: auto-generated`, and Exchange's
// `X-Auto-Response-Suppress`) so out-of-office replies and mail loops are suppressed, and carries a
// `Reply-To` (the plan's standing office): a unit that answers reaches people, not the no-reply sender.
// Message-IDs are on the domain of MAIL_FROM (RFC 5322 asks for a domain the sender controls).
// The transport is pooled (BENCHMARKS.md, issue 15: at the bench's SMTP server a fresh connection per
// mail cost 106 ms, 100 of them smtp-server's greeting delay, against 2–3 ms on an open one), with as
// many connections as the mail gate lets mails through at once (DONDOC_MAIL_IN_FLIGHT): more could
// never be busy, fewer would queue mails the gate already let go.
// What a pooled transport does that a per-mail one did not, as nodemailer 10 does it:
// - a refused recipient (550) fails only that message, with its responseCode as before; the
//   connection is reset (RSET) and reused for the next message;
// - a connection the server closes while idle (its idle timeout, or ours: socketTimeout below) is
//   dropped from the pool and the next mail opens a new one; one closed just as a mail is handed to it,
//   before a byte of the message went out, is requeued on another connection (at most `maxRequeues`,
//   nodemailer's 5, times; then it fails with ECONNECTION: a temporary error, Temporal retries the
//   activity);
// - close() ends the idle connections at once and a busy one as soon as its message is done, so
//   nothing stays open to keep a process or a test alive.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { MAILS_IN_FLIGHT } from '../activities/mail-gate.ts';
import type { Config } from '../config/config.ts';

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Deterministic Message-ID derived from the business key (mailer.messageIdFor): a resend is recognisably the same mail. */
  messageId: string;
  /** Where replies go: the standing office's address from the plan. */
  replyTo: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<void>;
  /** The Message-ID of the email with this business key, `<hash@domain of MAIL_FROM>`. */
  messageIdFor(key: string): string;
  /** Ends the pool's connections (a busy one once its message is done); mails sent after it fail. */
  close(): void;
}

/** Headers of every message dondoc sends: it is automatic, so no auto-reply should answer it. */
export const AUTOMATIC_HEADERS = {
  'Auto-Submitted': 'auto-generated', // RFC 3834 §5
  'X-Auto-Response-Suppress': 'All', // Microsoft Exchange / Outlook's equivalent
} as const;

/** The domain of the MAIL_FROM address ("dondoc <no-reply@so-ldtbxh.gov.vn>" → "so-ldtbxh.gov.vn"). */
export function mailDomain(mailFrom: string): string {
  const address = addressparser(mailFrom, { flatten: true })[0]?.address ?? '';
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : '';
  if (!domain) {
    throw new Error(
      `MAIL_FROM "${mailFrom}" không có địa chỉ email, ví dụ "dondoc <no-reply@so-ldtbxh.gov.vn>" / MAIL_FROM has no email address, e.g. "dondoc <no-reply@so-ldtbxh.gov.vn>"`,
    );
  }
  return domain;
}

/**
 * Messages one pooled connection carries before it is closed and replaced. nodemailer's default (100)
 * would reconnect 200 times in a 20,000-unit wave, each time a TCP (and TLS, and AUTH) handshake;
 * 1,000 keeps that to a few while still moving a long-lived session now and then (a relay behind a
 * load balancer gets rebalanced, a server's per-session state is let go).
 */
export const MESSAGES_PER_CONNECTION = 1000;

export interface MailerConfig extends Pick<Config, 'smtp' | 'mailFrom'> {
  /** The mail gate's size (DONDOC_MAIL_IN_FLIGHT) sizes the pool; absent: the gate's default. */
  worker?: Pick<Config['worker'], 'mailsInFlight'>;
}

export function createMailer(config: MailerConfig): Mailer {
  const domain = mailDomain(config.mailFrom);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: config.worker?.mailsInFlight ?? MAILS_IN_FLIGHT,
    maxMessages: MESSAGES_PER_CONNECTION,
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    ignoreTLS: !config.smtp.secure && config.smtp.host === '127.0.0.1',
    auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000, // also ends a pooled connection idle this long (between waves)
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.mailFrom,
        to: mail.to,
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { ...AUTOMATIC_HEADERS },
      });
    },
    messageIdFor(key) {
      return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
    },
    close() {
      transport.close();
    },
  };
}
