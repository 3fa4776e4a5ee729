// Issue 15, the waves design (domain/cycle-design.ts): the per-row decision of the overdue part of a
// wave, beside domain/reminder-wave.ts's reminder. Given one obligation as the database holds it and
// the wave's instant T: whether to mark it overdue now (still owing, its OWN deadline passed: the
// cycle's, or the one an extension or a return gave it) and whether to send its overdue notice now (its
// own notice instant passed, and the notice of that instant, business key
// emailKey('overdue', obligation, overdueAt) as the per-unit path writes it, not sent yet). It decides
// what the obligation workflow's machine decides at T (workflows/obligation-machine.ts nextStep: the
// mark once the deadline is reached, then the notice once its instant is; an extension or a return
// gives a new deadline and notice instant, so a new mark and a new key). tests/domain/overdue-wave.test.ts
// shows they agree. Pure and import-free but for the status vocabulary; instants are epoch milliseconds.
import { PENDING_STATUSES, type ObligationStatus } from './statuses.ts';

export interface OverdueObligation {
  status: ObligationStatus;
  /** Its own deadline (Obligation.dueAt). */
  dueAt: number;
  /** Its own notice instant: the cycle's overdueAt, or domain/extension.ts's for its own deadline. */
  overdueAt: number;
  /** scheduledFor instants of the overdue notices already sent to it (EmailMessage rows with status "sent"). */
  noticesSent: ReadonlySet<number>;
}

/** Statuses markOverdue (db/obligation-status.ts) moves to "overdue": owing, not yet marked. */
const MARKABLE: readonly ObligationStatus[] = ['open', 'reminded', 'extended', 'returned'];

export type NoticeDecision =
  | { kind: 'notice'; scheduledFor: number } // send the notice of this instant (its business key)
  | { kind: 'already-sent'; scheduledFor: number } // a retry, a resumed wave, or a per-unit workflow sent it
  | { kind: 'none' };

export interface OverdueDecision {
  /** Mark it overdue now (the conditional write of db/obligation-status.ts markOverdue). */
  mark: boolean;
  notice: NoticeDecision;
}

/** The overdue mark and notice due to `o` at the wave's instant `t`. */
export function overdueAt(o: OverdueObligation, t: number): OverdueDecision {
  const owing = (PENDING_STATUSES as readonly string[]).includes(o.status);
  if (!owing || t < o.dueAt) return { mark: false, notice: { kind: 'none' } };
  const mark = MARKABLE.includes(o.status);
  // The machine sends the notice only after the mark, in the same wake-up when both are due: so does
  // the wave (the activity marks first, then reads the status again before sending).
  if (t < o.overdueAt) return { mark, notice: { kind: 'none' } };
  const at = o.overdueAt;
  return { mark, notice: o.noticesSent.has(at) ? { kind: 'already-sent', scheduledFor: at } : { kind: 'notice', scheduledFor: at } };
}
