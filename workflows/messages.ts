// Every message a workflow accepts, defined once and imported by the workflows, the web app, the CLI
// and the tests. Payloads carry instants as ISO strings (JSON payloads, no Date revival).
// Updates (with validators) where the caller needs an answer; signals for fire-and-forget delivery.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ObligationStatus } from '../domain/statuses.ts';

export interface SubmissionReceived {
  submissionId: string;
  receivedAt: string; // ISO instant the web app stored it
  onTime: boolean;
  /** 'nothing': the unit confirmed it has nothing to report. Absent in older histories = a report. */
  kind?: SubmissionKind;
}

export type SubmissionKind = 'report' | 'nothing';

/** The message for a stored submission (a database row), built one way by whoever sends or reads it. */
export function submissionReceivedOf(s: { id: string; receivedAt: Date; onTime: boolean; kind: string }): SubmissionReceived {
  return { submissionId: s.id, receivedAt: s.receivedAt.toISOString(), onTime: s.onTime, kind: s.kind === 'nothing' ? 'nothing' : 'report' };
}

/** A report was stored in the database. Delivering the same submission twice is a no-op. */
export const submissionReceived = defineSignal<[SubmissionReceived]>('submissionReceived');

export interface ExtendDeadline {
  /** The new schedule, computed by the calendar (domain/extension.ts) outside the workflow. */
  lastDay: string; // yyyy-mm-dd, Vietnam time
  dueAt: string;
  remindersAt: string[];
  overdueAt: string;
  reason: string;
  by: string; // who granted it
}

/** Gia hạn: a later deadline. Every pending reminder and notice moves to the new schedule. */
export const extendDeadline = defineUpdate<ObligationState, [ExtendDeadline]>('extendDeadline');

/**
 * Gia hạn for every unit of a cycle (the province moved the deadline): one signal per obligation, no
 * answer awaited. Ignored by an obligation that has finished or whose deadline is already as late.
 */
export const extendDeadlineForAll = defineSignal<[ExtendDeadline]>('extendDeadlineForAll');

/** To the cycle: also escalate at this instant (the escalation of a cycle-wide extension). */
export const escalateAlsoAt = defineSignal<[{ at: string }]>('escalateAlsoAt');

/**
 * To a cycle of the waves design (domain/cycle-design.ts): also run a wave at these instants (ISO), e.g.
 * the reminders, deadline and notice of a unit's extended or returned schedule; at each wave the cycle
 * decides per unit, from the database, what is due (a reminder, the overdue mark, the notice).
 */
export const waveAlsoAt = defineSignal<[{ at: string[] }]>('waveAlsoAt');

/** What one kind of email of a wave did (activities/reminder-wave.ts runWave). */
export interface WaveSends {
  /** Handed to the SMTP server and recorded as sent by this attempt. */
  sent: number;
  /** Due now, but gone out before (an earlier wave, a per-unit workflow, a retry). */
  alreadySent: number;
  /** Refused for good by the SMTP server (550): recorded "rejected", the wave goes on. */
  rejected: number;
}

/** One wave of a waves cycle, counted per kind. */
export interface WaveResult {
  reminders: WaveSends;
  /** Obligations this wave marked overdue (their own deadline passed without a report). */
  marked: number;
  notices: WaveSends;
  /** Rows with nothing due at the instant (their own later schedule, reported meanwhile). */
  skipped: number;
}

/** What a cycle of the waves design shows in Temporal (query waveState): each wave done, the next one. */
export interface WaveState {
  /** The waves done, oldest first, each with its instant and what it did per kind. */
  waves: (WaveResult & { at: string })[];
  /** The next wave instant (ISO); absent when none is left before the close. */
  next?: string;
  /** Escalation instants still to come (ISO). */
  escalationsDue: string[];
}

export const waveState = defineQuery<WaveState>('waveState');

/** Miễn: the unit owes nothing in this cycle; nothing more is sent to it. */
export const exempt = defineUpdate<ObligationState, [{ reason: string; by: string }]>('exempt');

/** Sends one reminder now (the office chasing a unit); the same requestId twice sends one. */
export const resendReminder = defineUpdate<ObligationState, [{ requestId: string; by: string }]>('resendReminder');

/**
 * Trả lại để hoàn thiện: the office returns the submitted version for revision with a reason and a new
 * last day (its schedule computed by the calendar as an extension's is). The unit is told by email, the
 * same personal link takes a new version, and reminders and the overdue notice follow the new day.
 */
export interface ReturnForRevision extends ExtendDeadline {
  /** The version being returned: the one the workflow holds (a later version is reviewed on its own). */
  submissionId: string;
}
export const returnForRevision = defineUpdate<ObligationState, [ReturnForRevision]>('returnForRevision');

/** Tiếp nhận: the office accepts the submitted version; a mark on it, the obligation's status stays. */
export const acceptSubmission = defineUpdate<ObligationState, [{ submissionId: string; by: string }]>('acceptSubmission');

export interface ObligationState {
  obligationId: string;
  /** As the workflow knows it, in the database's words (workflows/obligation-machine.ts statusOf). */
  status: ObligationStatus;
  dueAt: string;
  remindersSent: string[]; // scheduled instants (ISO) of the reminders that went out
  submissionId?: string;
  /** When the report the workflow knows of was received (ISO), and whether before the deadline. */
  receivedAt?: string;
  onTime?: boolean;
  /** The versions returned for revision, oldest first; absent when none was. */
  returned?: string[];
  /** The version the office accepted. */
  accepted?: string;
}

export const obligationState = defineQuery<ObligationState>('obligationState');

/** The plan holding a task was loaded again: its reminder workflow (task.ts) reads its instant again. */
export const taskChanged = defineSignal('taskChanged');
