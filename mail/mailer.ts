// Sends email over SMTP with nodemailer. The transport comes from validated config; in the embedded
// default and in tests it points at dondoc's own SMTP server (mail/catcher.ts), never at a stub.
// Every message is marked as automatic (RFC 3834 `Auto-Submitted: auto-generated`, and Exchange's
// `X-Auto-Response-Suppress`) so out-of-office replies and mail loops are suppressed, and carries a
// `Reply-To` (the plan's standing office): a unit that answers reaches people, not the no-reply sender.
// Message-IDs are on the domain of MAIL_FROM (RFC 5322 asks for a domain the sender controls).
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
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

export function createMailer(config: Pick<Config, 'smtp' | 'mailFrom'>): Mailer {
  const domain = mailDomain(config.mailFrom);
  const transport = nodemailer.createTransport({
    host: config.smtp.host,
    port: config.smtp.port,
    secure: config.smtp.secure,
    ignoreTLS: !config.smtp.secure && config.smtp.host === '127.0.0.1',
    auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
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
