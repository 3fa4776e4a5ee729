// The decisions of one unit's obligation, as plain code: its state, what each message does to it, its
// status in the one vocabulary, and the one thing due next. No Temporal here: workflows/obligation.ts
// wires these to handlers, timers and activities, and tests/workflows/obligation-machine.test.ts checks
// them with tables and properties, without a server. Instants are epoch milliseconds (workflow time).
// Order matters to the workflow's replay: a step is begun (beginStep) before its activity runs, so a
// message handled while the activity runs sees it done, as the workflow always did.
import type { DondocStatus, ObligationStatus } from '../domain/statuses.ts';
import type { ObligationInput } from './contract.ts';
import type { ExtendDeadline, ObligationState, ReturnForRevision, SubmissionReceived } from './messages.ts';
import { nextReminder } from './reminder-schedule.ts';

export interface Schedule {
  remindersAt: number[]; // ascending
  dueAt: number;
  overdueAt: number;
}

export interface Obligation {
  readonly id: string;
  readonly closesAt: number;
  schedule: Schedule;
  submission?: SubmissionReceived;
  exempted: boolean;
  /** An extension was applied: the database says "extended" until the unit reports or is marked overdue. */
  extended: boolean;
  /** Reminders before this index are done (sent, skipped or collapsed). */
  nextIndex: number;
  markedOverdue: boolean;
  noticeSent: boolean;
  /** Scheduled instants (ISO) of the reminders that went out. */
  remindersSent: string[];
  /** Resend requests waiting to be sent, and every request ID ever accepted (the same ID twice sends one). */
  resends: string[];
  resendIds: Set<string>;
  /** Versions the office returned for revision (a late delivery of one of them is not a new report). */
  returned: string[];
  /** Returned, and not yet overdue, extended or answered again: the database says "returned". */
  reopened: boolean;
  /** Return notices (the returned version's id) waiting to be sent. */
  returnNotices: string[];
  /** The version the office accepted: nothing more is due. */
  accepted?: string;
  /** Bumped by every message that changes what is due next: a waiting workflow wakes on it. */
  changed: number;
  /** A unit of a waves cycle: the cycle's waves remind it, mark it overdue and send its notice. */
  readonly waveDriven: boolean;
  /** waveDriven: the database said "reminded" (or later) when the workflow started. */
  remindedBefore: boolean;
}

export function initialObligation(input: ObligationInput): Obligation {
  const waveDriven = input.waveDriven === true;
  const was = waveDriven ? input.statusAtStart : undefined; // ignored without waveDriven: old inputs never carry it
  return {
    id: input.obligationId,
    closesAt: Date.parse(input.closesAt),
    schedule: scheduleOf(input),
    exempted: was === 'exempted',
    extended: was === 'extended',
    nextIndex: 0,
    markedOverdue: false,
    noticeSent: false,
    remindersSent: [],
    resends: [],
    resendIds: new Set(),
    returned: [],
    reopened: was === 'returned',
    returnNotices: [],
    changed: 0,
    waveDriven,
    remindedBefore: was !== undefined && was !== 'open',
  };
}

function scheduleOf(x: { remindersAt: string[]; dueAt: string; overdueAt: string }): Schedule {
  return { remindersAt: x.remindersAt.map(Date.parse), dueAt: Date.parse(x.dueAt), overdueAt: Date.parse(x.overdueAt) };
}

/** Nothing more is owed: a report arrived, the office exempted the unit, or the cycle closed. */
export function finished(o: Obligation, now: number): boolean {
  return o.submission !== undefined || o.exempted || now >= o.closesAt;
}

/** Whether the wait begun when `changed` was `seen` should end early. */
export function interrupted(o: Obligation, seen: number): boolean {
  return o.submission !== undefined || o.exempted || o.changed !== seen;
}

/**
 * The main loop's end: finished, and no return notice left to send (a unit that answers again before
 * its return notice went out still gets it). Without a return this is `finished`, as it always was.
 */
export function loopDone(o: Obligation, now: number): boolean {
  return finished(o, now) && o.returnNotices.length === 0;
}

export type Step =
  | { kind: 'finished' }
  | { kind: 'return-notice'; submissionId: string } // tell the unit its version was returned
  | { kind: 'resend' } // the office asked for a reminder now
  | { kind: 'remind'; index: number; at: number } // a reminder (several missed ones collapse into the latest)
  | { kind: 'mark-overdue' }
  | { kind: 'overdue-notice'; at: number }
  | { kind: 'wait'; until: number }; // until then, a report or a message

/** The one thing due at `now`. Pure: beginStep records that it is under way. */
export function nextStep(o: Obligation, now: number): Step {
  const { remindersAt, dueAt, overdueAt } = o.schedule;
  if (o.returnNotices.length > 0) return { kind: 'return-notice', submissionId: o.returnNotices[0]! };
  if (finished(o, now)) return { kind: 'finished' };
  if (o.resends.length > 0) return { kind: 'resend' };
  if (o.waveDriven) return { kind: 'wait', until: waveDrivenWake(o, now) };
  if (now < dueAt) {
    const i = nextReminder(remindersAt, o.nextIndex, now);
    if (i >= 0 && remindersAt[i]! <= now) return { kind: 'remind', index: i, at: remindersAt[i]! };
    return { kind: 'wait', until: Math.min(i >= 0 ? Math.min(remindersAt[i]!, dueAt) : dueAt, o.closesAt) };
  }
  if (!o.markedOverdue) return { kind: 'mark-overdue' };
  if (!o.noticeSent && now >= overdueAt) return { kind: 'overdue-notice', at: overdueAt };
  // Overdue: stay open for a late report until the cycle closes.
  return { kind: 'wait', until: Math.min(o.noticeSent ? o.closesAt : overdueAt, o.closesAt) };
}

/**
 * A wave-driven unit waits for messages until the cycle closes, waking only at the instants its status
 * changes in the database without it (the first reminder of its schedule, its deadline), so that the
 * DondocStatus it shows follows the waves. It sends nothing at them.
 */
function waveDrivenWake(o: Obligation, now: number): number {
  const later = [o.schedule.remindersAt[0], o.schedule.dueAt].filter((t): t is number => t !== undefined && t > now);
  return Math.min(...later, o.closesAt);
}

/** Marks a step as under way, before its activity runs (a retry of the activity is the same step). */
export function beginStep(o: Obligation, step: Step): void {
  if (step.kind === 'resend') o.resends.shift();
  else if (step.kind === 'return-notice') o.returnNotices.shift();
  else if (step.kind === 'remind') o.nextIndex = step.index + 1;
  else if (step.kind === 'overdue-notice') o.noticeSent = true;
}

/** A reminder scheduled for `at` went out (or had already gone out before a retry). */
export function reminderSent(o: Obligation, at: number): void {
  o.remindersSent.push(new Date(at).toISOString());
}

/** The database now says overdue. (Set after the activity: an extension during it does not undo it.) */
export function overdueMarked(o: Obligation): void {
  o.markedOverdue = true;
}

/** A report, or "nothing to report"; the first one counts, a duplicate delivery changes nothing. */
export function receive(o: Obligation, s: SubmissionReceived): void {
  if (o.returned.includes(s.submissionId)) return; // a redelivery of a returned version
  o.submission ??= s;
}

const FINISHED_REFUSAL: [string, string] = ['Đơn vị đã nộp, được miễn hoặc kỳ báo cáo đã đóng', 'already submitted, exempted or closed'];

/** Why an office action (exemption, reminder now) cannot apply, in Vietnamese and English; undefined when it can. */
export function actionRefusal(o: Obligation, now: number): [string, string] | undefined {
  return finished(o, now) ? FINISHED_REFUSAL : undefined;
}

/** Why an extension cannot apply; undefined when it can. */
export function extensionRefusal(o: Obligation, x: ExtendDeadline, now: number): [string, string] | undefined {
  if (finished(o, now)) return FINISHED_REFUSAL;
  if (Date.parse(x.dueAt) <= o.schedule.dueAt) return ['Hạn mới phải sau hạn hiện tại', 'the new deadline must be later than the current one'];
  if (Date.parse(x.dueAt) >= o.closesAt) return ['Hạn mới phải trước khi kỳ báo cáo đóng', 'the new deadline must come before the cycle closes'];
  return undefined;
}

/** Why the office cannot review (accept or return) `submissionId` now; undefined when it can. */
export function reviewRefusal(o: Obligation, submissionId: string, now: number): [string, string] | undefined {
  if (o.exempted || now >= o.closesAt) return ['Đơn vị được miễn hoặc kỳ báo cáo đã đóng', 'exempted or the cycle is closed'];
  if (o.returned.includes(submissionId)) return ['Phiên bản này đã bị trả lại', 'this version was already returned'];
  if (!o.submission) return ['Đơn vị chưa nộp báo cáo để xem xét', 'there is no submitted report to review'];
  if (o.accepted !== undefined) return ['Báo cáo đã được tiếp nhận', 'the report was already accepted'];
  return undefined;
}

/** Why a return for revision cannot apply; undefined when it can. The new day is a day still to come. */
export function returnRefusal(o: Obligation, x: ReturnForRevision, now: number): [string, string] | undefined {
  const why = reviewRefusal(o, x.submissionId, now);
  if (why) return why;
  if (Date.parse(x.dueAt) <= now) return ['Hạn mới phải từ hôm nay trở đi', 'the new last day must be today or later'];
  if (Date.parse(x.dueAt) >= o.closesAt) return ['Hạn mới phải trước khi kỳ báo cáo đóng', 'the new last day must come before the cycle closes'];
  return undefined;
}

/** Moves to the schedule `x` carries, skipping its reminders already in the past. */
function reschedule(o: Obligation, x: { remindersAt: string[]; dueAt: string; overdueAt: string }, now: number): void {
  o.schedule = scheduleOf(x);
  o.nextIndex = 0;
  while (o.nextIndex < o.schedule.remindersAt.length && o.schedule.remindersAt[o.nextIndex]! <= now) o.nextIndex++;
  o.markedOverdue = false;
  o.noticeSent = false;
}

/**
 * Returned for revision, once recorded: the version held (and the one named, when the office reviewed
 * a later one) no longer counts, the unit owes a new version by the new day, and is told so first.
 */
export function applyReturn(o: Obligation, x: ReturnForRevision, now: number): void {
  for (const id of [o.submission?.submissionId, x.submissionId]) if (id && !o.returned.includes(id)) o.returned.push(id);
  o.submission = undefined;
  reschedule(o, x, now);
  o.reopened = true;
  o.extended = false;
  o.returnNotices.push(x.submissionId);
  o.changed++;
}

export function accept(o: Obligation, submissionId: string): void {
  o.accepted = submissionId;
  o.changed++;
}

/** After the receipt, the wait for the office's review ends: accepted, or returned (a new version is owed). */
export function reviewEnded(o: Obligation): boolean {
  return o.accepted !== undefined || o.submission === undefined;
}

/** The new schedule, once recorded: reminders of it already in the past are skipped, not sent. */
export function applyExtension(o: Obligation, x: ExtendDeadline, now: number): void {
  reschedule(o, x, now);
  o.extended = true;
  o.reopened = false; // the database says "extended" now
  o.changed++;
}

export function exemptUnit(o: Obligation): void {
  o.exempted = true;
  o.changed++;
}

/** Queues one reminder now; returns false for a request ID already accepted. */
export function requestResend(o: Obligation, requestId: string): boolean {
  if (o.resendIds.has(requestId)) return false;
  o.resendIds.add(requestId);
  o.resends.push(requestId);
  o.changed++;
  return true;
}

/** The status of the first report-or-nothing, as the database records it. */
function answeredStatus(s: SubmissionReceived): ObligationStatus {
  return s.kind === 'nothing' ? 'nothing_to_report' : s.onTime ? 'submitted_on_time' : 'submitted_late';
}

/**
 * The obligation's status as the workflow knows it, in the database's words. Two of them it cannot know:
 * "escalated" (the cycle escalates, the obligation stays "overdue" here) and a "nothing to report"
 * replaced later by a report (the database keeps the report; the workflow heard the first answer).
 * A wave-driven unit does not hear the waves: it starts from the database's status (statusAtStart) and
 * says what the waves do at their instants: "reminded" from the first reminder of its schedule, "overdue"
 * from its deadline (the wave marks it then; for the seconds the wave takes, the database may still say
 * otherwise, and a unit whose reminder was rejected stays "open" there). The database is the truth.
 */
export function statusOf(o: Obligation, now: number): ObligationStatus {
  if (o.submission) return answeredStatus(o.submission);
  if (o.exempted) return 'exempted';
  if (now >= o.closesAt) return 'missing';
  if (o.markedOverdue || (o.waveDriven && now >= o.schedule.dueAt)) return 'overdue';
  if (o.reopened) return 'returned';
  if (o.extended) return 'extended';
  if (o.waveDriven && (o.remindedBefore || (o.schedule.remindersAt[0] ?? Infinity) <= now)) return 'reminded';
  return o.remindersSent.length > 0 ? 'reminded' : 'open';
}

/**
 * The DondocStatus shown before patch 'status-vocabulary': the same changes at the same steps (the
 * upserts a history replays), named in the vocabulary (replay compares no values). No "extended", no
 * "missing": those are upserts older workflows did not make.
 */
export function legacyShownStatus(o: Obligation): DondocStatus {
  if (o.submission) return answeredStatus(o.submission);
  if (o.exempted) return 'exempted';
  if (o.markedOverdue) return 'overdue';
  return o.remindersSent.length > 0 ? 'reminded' : 'open';
}

/** What the query, the office's updates and the workflow's result return. */
export function stateOf(o: Obligation, now: number): ObligationState {
  return {
    obligationId: o.id,
    status: statusOf(o, now),
    dueAt: new Date(o.schedule.dueAt).toISOString(),
    remindersSent: [...o.remindersSent],
    submissionId: o.submission?.submissionId,
    // '' only in histories from before the stored report was read (patch 'read-stored-submission')
    receivedAt: o.submission?.receivedAt || undefined,
    onTime: o.submission?.onTime,
    ...(o.returned.length > 0 ? { returned: [...o.returned] } : {}),
    ...(o.accepted !== undefined ? { accepted: o.accepted } : {}),
  };
}
