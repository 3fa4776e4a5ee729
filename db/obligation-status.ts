// Every write of an obligation's status, in one place and in the words of domain/statuses.ts. Each is
// a conditional update (`updateMany` with the statuses it may move from), so a retried activity, a
// late signal or two writers racing never move a status backwards: a report stays a report whatever
// reminder, overdue mark or close comes after it. Each returns Prisma's own promise (not awaited
// here), so a caller can put it in a `$transaction([...])` batch or run it inside an interactive one.
import type { ObligationStatus } from '../domain/statuses.ts';
import { ANSWERED_STATUSES, PENDING_STATUSES } from '../domain/statuses.ts';
import type { PrismaClient } from './client.ts';

/** A client or an interactive transaction's client alike. */
type Writer = Pick<PrismaClient, 'obligation'>;

const to = (status: ObligationStatus) => ({ status });

/** The first reminder went out: `open` becomes `reminded` (any later status stays). */
export function markReminded(db: Writer, obligationId: string) {
  return db.obligation.updateMany({ where: { id: obligationId, status: 'open' }, data: to('reminded') });
}

/** The deadline passed without a report (a returned report's new day included). */
export function markOverdue(db: Writer, obligationId: string) {
  const from: ObligationStatus[] = ['open', 'reminded', 'extended', 'returned'];
  return db.obligation.updateMany({ where: { id: obligationId, status: { in: from } }, data: to('overdue') });
}

/** The office granted a later deadline (only while the unit still owes its report). */
export function markExtended(db: Writer, obligationId: string, dueAt: Date) {
  return db.obligation.updateMany({ where: { id: obligationId, status: { in: PENDING_STATUSES } }, data: { ...to('extended'), dueAt } });
}

/** The office released the unit from this cycle. */
export function markExempted(db: Writer, obligationId: string) {
  return db.obligation.updateMany({ where: { id: obligationId, status: { in: PENDING_STATUSES } }, data: to('exempted') });
}

/** The units named in an escalation digest (those that answered meanwhile keep their answer). */
export function markEscalated(db: Writer, obligationIds: string[]) {
  return db.obligation.updateMany({ where: { id: { in: obligationIds }, status: { in: PENDING_STATUSES } }, data: to('escalated') });
}

/**
 * The office returned the unit's answer for revision: it owes a new version by `dueAt`. `late`: the
 * returned version had come in late, so every later one is late too (the on-time rule, README).
 */
export function markReturned(db: Writer, obligationId: string, dueAt: Date, late: boolean) {
  return db.obligation.updateMany({
    where: { id: obligationId, status: { in: ANSWERED_STATUSES } },
    data: { ...to('returned'), dueAt, submittedAt: null, ...(late ? { returnedLate: true } : {}) },
  });
}

/** The cycle closed: every unit still owing a report is `missing`. */
export function markMissingAtClose(db: Writer, cycleId: string) {
  return db.obligation.updateMany({ where: { cycleId, status: { in: PENDING_STATUSES } }, data: to('missing') });
}

/**
 * A submission was stored. The first answer decides the status; a later one is kept as a new version.
 * A real report after "nothing to report" says more, so it becomes the status (its own time decides
 * on time or late). Two writes, run in the caller's transaction.
 */
export async function markAnswered(db: Writer, obligationId: string, a: { kind: string; onTime: boolean; at: Date }): Promise<void> {
  const reportStatus: ObligationStatus = a.onTime ? 'submitted_on_time' : 'submitted_late';
  await db.obligation.updateMany({
    where: { id: obligationId, status: { in: PENDING_STATUSES } },
    data: { ...to(a.kind === 'nothing' ? 'nothing_to_report' : reportStatus), submittedAt: a.at },
  });
  if (a.kind === 'report') {
    await db.obligation.updateMany({ where: { id: obligationId, status: 'nothing_to_report' }, data: { ...to(reportStatus), submittedAt: a.at } });
  }
}
