// The lateness row (c) of `npm run bench`, on either design: N reminders due at one instant T, timed
// at the SMTP server that received them (receivedAt − T), with the database's view of the same emails.
import type { PrismaClient } from '../../db/client.ts';
import type { MailCatcher } from '../../mail/catcher.ts';
import { say } from './options.ts';
import { sleep } from './processes.ts';
import { percentile } from './stats.ts';

const REMINDER_SUBJECT = '[Nhắc nộp báo cáo]';

export interface Lateness {
  count: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
  /** Inside the wave: an email's row written (before the gate) → recorded sent (gate wait, SMTP conversation, two writes). */
  rowToSentMs?: { p50: number; p99: number };
  /** When the email rows were written, first and last, ms after T. */
  rowsWrittenMs?: { first: number; last: number };
  fanOutDoneBeforeTMs: number;
  lastFirstTaskBeforeTMs: number;
  leadMs: number;
  throughputPerS: number;
  attemptsOver1: number;
  statuses: Record<string, number>;
}

/** The reminder rate the last lateness row reached (per second): the next size's projection uses it. */
export const pace: { lastThroughput?: number } = {};

/** The lateness row's cycle timeline: open now, its one reminder due at T, everything after it a day or more later. */
export function remindTimelineAt(T: number) {
  const at = (ms: number) => new Date(T + ms);
  return { opensAt: new Date(), reminders: [{ daysBefore: 1, at: new Date(T) }], dueAt: at(86_400_000), overdueAt: at(90_000_000), escalationAt: at(93_600_000), closesAt: at(97_200_000) };
}

/** From T, waits until n reminders are at the SMTP server (or `limit` ms after T), saying how many every 15 s; returns them. */
export async function remindersReceived(catcher: MailCatcher, n: number, T: number, limit: number) {
  const reminders = () => catcher.messages().filter((m) => m.subject.startsWith(REMINDER_SUBJECT));
  let lastLog = Date.now();
  for (let i = 0; i < limit / 500 + 10 && Date.now() < T + limit; i++) {
    const got = reminders().length;
    if (got >= n) break;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      say(`  ${got}/${n} reminders received`);
    }
    await sleep(500);
  }
  return reminders();
}

/** Lateness figures of the reminders received, against T, with the database's view of them. */
export async function latenessOf(
  prisma: PrismaClient,
  got: { receivedAt: Date }[],
  n: number,
  T: number,
  extra: { fanOutDoneBeforeTMs: number; lastFirstTaskBeforeTMs: number; leadMs: number },
): Promise<Lateness> {
  const late = got.map((m) => m.receivedAt.getTime() - T).sort((a, b) => a - b);
  const last = late.at(-1) ?? NaN;
  const statuses = Object.fromEntries(
    (await prisma.emailMessage.groupBy({ by: ['status'], where: { kind: 'reminder' }, _count: { _all: true } })).map((g) => [g.status, g._count._all]),
  );
  const attemptsOver1 = await prisma.emailMessage.count({ where: { kind: 'reminder', attempts: { gt: 1 } } });
  const rows = await prisma.emailMessage.findMany({ where: { kind: 'reminder', status: 'sent' }, select: { createdAt: true, sentAt: true } });
  const inGate = rows.map((e) => e.sentAt!.getTime() - e.createdAt.getTime()).sort((a, b) => a - b);
  const created = rows.map((e) => e.createdAt.getTime() - T).sort((a, b) => a - b);
  const result: Lateness = {
    count: got.length,
    expected: n,
    p50Ms: percentile(late, 0.5),
    p99Ms: got.length >= n ? percentile(late, 0.99) : NaN,
    maxMs: last,
    minMs: late[0] ?? NaN,
    rowToSentMs: { p50: percentile(inGate, 0.5), p99: percentile(inGate, 0.99) },
    rowsWrittenMs: { first: created[0] ?? NaN, last: created.at(-1) ?? NaN },
    ...extra,
    throughputPerS: got.length / Math.max(0.001, (last - Math.max(0, late[0] ?? 0)) / 1000),
    attemptsOver1,
    statuses,
  };
  pace.lastThroughput = result.throughputPerS;
  return result;
}
