// Issue 15, the design the lead chose: each wave of a cycle (the reminders due at one instant; later the
// overdue marks and notices at a deadline) is sent by ONE activity of the cycle, which pages the cycle's
// pending obligations from the database in id order, decides per row what is due at the wave's instant,
// and sends through sendOnce and the mail gate under the same business key (EmailMessage.key) the
// per-unit reminder uses, heartbeating its cursor so that a retry resumes and never sends twice.
// Per-unit workflows will be woken only by what is particular to a unit (a submission, an extension, an
// exemption, a resend); that part is not built yet.
//
// This module is the per-row decision of a reminder wave: given one obligation as the database holds it
// and the wave's instant T, the reminder to send now, or why none is due. Pure and import-free but for
// the status vocabulary. It decides what the obligation workflow's machine decides at T
// (workflows/obligation-machine.ts nextStep, with workflows/reminder-schedule.ts nextReminder):
// reminders missed (plan loaded late, worker down) collapse into the latest one due, never a burst; a
// schedule given by an extension or a return skips its reminders already past when it was given; nothing
// at or after the deadline. The machine knows what it sent by its index; the wave knows it by the
// EmailMessage keys already "sent" (the same keys), which tests/domain/reminder-wave.test.ts shows
// agree. Instants are epoch milliseconds.
import { ANSWERED_STATUSES, PENDING_STATUSES, type ObligationStatus } from './statuses.ts';

export interface WaveObligation {
  status: ObligationStatus;
  /** The obligation's deadline: the cycle's, or the one an extension or a return gave it. */
  dueAt: number;
  /** The reminder instants of its schedule, ascending: the cycle's, or domain/extension.ts's for its own dueAt. */
  remindersAt: readonly number[];
  /**
   * When its own schedule was given (the extension's or the return's decision): its reminders at or
   * before then were skipped by the workflow (obligation-machine.ts reschedule), so never sent here.
   * Absent for the cycle's schedule, whose missed reminders collapse into the latest.
   */
  scheduleSince?: number;
  /** scheduledFor instants of the reminders already sent to it (EmailMessage rows with status "sent"). */
  sent: ReadonlySet<number>;
}

export type WaveSkip = 'reported' | 'exempted' | 'closed' | 'past-deadline' | 'nothing-due';

export type WaveDecision =
  | { kind: 'remind'; scheduledFor: number } // send the reminder of this instant (its business key)
  | { kind: 'already-sent'; scheduledFor: number } // the reminder due now went out before (a retry, a resumed wave)
  | { kind: 'skip'; why: WaveSkip };

const skip = (why: WaveSkip): WaveDecision => ({ kind: 'skip', why });

/** The reminder due to `o` at the wave's instant `t`, or why none is. */
export function reminderAt(o: WaveObligation, t: number): WaveDecision {
  if ((ANSWERED_STATUSES as readonly string[]).includes(o.status)) return skip('reported'); // an accepted version is a submitted one
  if (o.status === 'exempted') return skip('exempted');
  if (!(PENDING_STATUSES as readonly string[]).includes(o.status)) return skip('closed'); // "missing": the cycle closed
  if (o.status === 'overdue' || o.status === 'escalated' || t >= o.dueAt) return skip('past-deadline');
  // The latest reminder due at or before t: the ones before it, if never sent, collapse into it.
  let latest = -1;
  for (let i = 0; i < o.remindersAt.length && o.remindersAt[i]! <= t; i++) latest = i;
  if (latest < 0) return skip('nothing-due');
  const at = o.remindersAt[latest]!;
  if (o.scheduleSince !== undefined && at <= o.scheduleSince) return skip('nothing-due');
  return o.sent.has(at) ? { kind: 'already-sent', scheduledFor: at } : { kind: 'remind', scheduledFor: at };
}
