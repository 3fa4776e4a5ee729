// Sends email over SMTP with nodemailer. The transport comes from validated config; in the embedded
// default and in tests it points at dondoc's own SMTP server (mail/catcher.ts), never at a stub.
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Deterministic Message-ID derived from the business key: a resend is recognisably the same mail. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'smtp' | 'mailFrom'>): Mailer {
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
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      });
    },
    close() {
      transport.close();
    },
  };
}
