// The floor of a reminder wave (issue 15 (a)): how long the bench's SMTP server (mail/catcher.ts) takes
// to accept N reminder-sized messages from a plain nodemailer pool, with no Temporal and no database in
// the way. A wave sent by dondoc cannot be faster than this on the same machine, so the lateness of (c)
// is read against it (issue 15's target: p99 ≤ 2 × the floor).
// The pool holds as many connections as dondoc's workers may have mails in the SMTP conversation at
// once: the mail gate's permits (activities/mail-gate.ts) times the worker processes, given by the caller.
// Each message is a real rendered reminder (templates/reminder.ts) to its own address, so its size and
// parsing cost at the server are those of the wave's.
import nodemailer from 'nodemailer';
import { AUTOMATIC_HEADERS } from '../../mail/mailer.ts';
import type { MailCatcher } from '../../mail/catcher.ts';
import { renderReminder } from '../../templates/reminder.ts';

export interface FloorResult {
  n: number;
  maxConnections: number;
  /** From the first sendMail to the last one the server accepted (250 after DATA). */
  acceptedMs: number;
  /** From the first sendMail to the last receivedAt the server recorded (end of DATA). */
  lastReceivedMs: number;
  received: number;
  failed: number;
  perSecond: number;
}

export async function smtpFloor(catcher: MailCatcher, n: number, maxConnections: number): Promise<FloorResult> {
  const office = { name: 'Văn phòng Sở (bench)', email: 'office@bench.dondoc.invalid' };
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true, pool: true, maxConnections });
  const mail = (i: number) => {
    const code = `floor-${String(i).padStart(5, '0')}`;
    const email = renderReminder({
      unitName: `Đơn vị ${code}`,
      cycleTitle: 'Báo cáo tháng (bench)',
      planTitle: 'Kế hoạch (bench)',
      lastDay: '2026-12-31',
      daysLeft: 3,
      link: `http://127.0.0.1:9/r/${code}-0123456789abcdef0123456789abcdef`,
      office,
    });
    return {
      from: 'dondoc <no-reply@bench.dondoc.invalid>',
      to: [`${code}@bench.dondoc.invalid`],
      replyTo: office.email,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${code}@bench.dondoc.invalid>`,
      headers: { ...AUTOMATIC_HEADERS },
    };
  };
  const messages = Array.from({ length: n }, (_, i) => mail(i)); // rendered before the clock starts
  catcher.clear();
  let failed = 0;
  const t0 = Date.now();
  try {
    // All handed to the pool at once: it queues them and sends maxConnections at a time.
    await Promise.all(messages.map((m) => transport.sendMail(m).catch(() => failed++)));
  } finally {
    transport.close();
  }
  const acceptedMs = Date.now() - t0;
  const got = catcher.messages().filter((m) => m.to[0]?.startsWith('floor-'));
  const lastReceivedMs = Math.max(...got.map((m) => m.receivedAt.getTime())) - t0;
  catcher.clear();
  return { n, maxConnections, acceptedMs, lastReceivedMs, received: got.length, failed, perSecond: got.length / Math.max(0.001, acceptedMs / 1000) };
}
