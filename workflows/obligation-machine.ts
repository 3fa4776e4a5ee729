// The decisions of one unit's obligation, as plain code: its state, what each message does to it, its
// status in the one vocabulary, and the one thing due next. No Temporal here: workflows/obligation.ts
// wires these to handlers, timers and activities, and tests/workflows/obligation-machine.test.ts checks
// them with tables and properties, without a server. Instants are epoch milliseconds (workflow time).
// Order matters to the workflow's replay: a step is begun (beginStep) before its activity runs, so a
// message handled while the activity runs sees it done, as the workflow always did.
import type { DondocStatus, ObligationStatus } from '../domain/statuses.ts';
import type { ObligationInput } from './contract.ts';
import type { ExtendDeadline, ObligationState, SubmissionReceived } from './messages.ts';
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
  /** Bumped by every message that changes what is due next: a waiting workflow wakes on it. */
  changed: number;
}

export function initialObligation(input: ObligationInput): Obligation {
  return {
    id: input.obligationId,
    closesAt: Date.parse(input.closesAt),
    schedule: scheduleOf(input),
    exempted: false,
    extended: false,
    nextIndex: 0,
    markedOverdue: false,
    noticeSent: false,
    remindersSent: [],
    resends: [],
    resendIds: new Set(),
    changed: 0,
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

export type Step =
  | { kind: 'finished' }
  | { kind: 'resend' } // the office asked for a reminder now
  | { kind: 'remind'; index: number; at: number } // a reminder (several missed ones collapse into the latest)
  | { kind: 'mark-overdue' }
  | { kind: 'overdue-notice'; at: number }
  | { kind: 'wait'; until: number }; // until then, a report or a message

/** The one thing due at `now`. Pure: beginStep records that it is under way. */
export function nextStep(o: Obligation, now: number): Step {
  const { remindersAt, dueAt, overdueAt } = o.schedule;
  if (finished(o, now)) return { kind: 'finished' };
  if (o.resends.length > 0) return { kind: 'resend' };
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

/** Marks a step as under way, before its activity runs (a retry of the activity is the same step). */
export function beginStep(o: Obligation, step: Step): void {
  if (step.kind === 'resend') o.resends.shift();
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

/** The new schedule, once recorded: reminders of it already in the past are skipped, not sent. */
export function applyExtension(o: Obligation, x: ExtendDeadline, now: number): void {
  o.schedule = scheduleOf(x);
  o.nextIndex = 0;
  while (o.nextIndex < o.schedule.remindersAt.length && o.schedule.remindersAt[o.nextIndex]! <= now) o.nextIndex++;
  o.markedOverdue = false;
  o.noticeSent = false;
  o.extended = true;
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
 */
export function statusOf(o: Obligation, now: number): ObligationStatus {
  if (o.submission) return answeredStatus(o.submission);
  if (o.exempted) return 'exempted';
  if (now >= o.closesAt) return 'missing';
  if (o.markedOverdue) return 'overdue';
  if (o.extended) return 'extended';
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
  };
}
