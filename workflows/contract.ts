// What the client boundary (temporal/), the activities and the workflows agree on: each workflow's
// input, its result and its signature. This module imports no application code, so the client starts
// workflows by name without reaching the workflows' code (and, through their activity types, the
// activities that start workflows in turn): no import cycle. tests/workflows/contract.test.ts checks
// that each workflow function still has the signature declared here.
import type { ObligationStatus } from '../domain/statuses.ts';
import type { ObligationState } from './messages.ts';

export type { WaveResult, WaveSends } from './messages.ts';

export interface CycleInput {
  cycleId: string;
  opensAt: string;
  /** The first escalation and its repeats, ascending, all before closesAt. */
  escalationsAt: string[];
  closesAt: string;
}

export interface ObligationInput {
  obligationId: string;
  remindersAt: string[]; // ISO instants, ascending
  dueAt: string;
  overdueAt: string;
  closesAt: string;
  /**
   * A unit of a waves cycle (domain/cycle-design.ts), started for a report or an office decision: the
   * cycle's waves send its reminders, overdue mark and notice; this workflow does only what is particular
   * to the unit. Absent (every history before issue 15): the workflow does all of it, as it always did.
   */
  waveDriven?: boolean;
  /**
   * With waveDriven: the obligation's status in the database when its workflow started (the waves may
   * have reminded it, marked it overdue, or the office extended or returned it before). Only what the
   * status says is kept (temporal/unit-workflows.ts builds it); absent: 'open'.
   */
  statusAtStart?: ObligationStatus;
}

/** A cycle of the waves design: the cycle's own instants, each wave decided per unit from the database. */
export interface WaveCycleInput extends CycleInput {
  /** The cycle's reminder instants, ascending (a unit's extended or returned schedule arrives by waveAlsoAt). */
  remindersAt: string[];
  dueAt: string;
  overdueAt: string;
}

export interface TaskInput {
  taskId: string;
}

export interface TaskResult {
  /** What ended it: the reminder's outcome, or why none was due (workflows/task-reminder.ts). */
  outcome: 'sent' | 'already-sent' | 'skipped-closed' | 'moved' | 'no-task' | 'no-period' | 'period-over';
}

export interface OpenCycleInput {
  cycleId: string;
}

/** What sending one business-keyed email did: sent now, or found already sent (a retry). */
export type SendOutcome = 'sent' | 'already-sent';

export interface EscalationOutcome {
  outcome: SendOutcome | 'nothing-overdue';
  overdueUnits: number;
}

export interface CycleSummary {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  /** Units that confirmed they had nothing to report; they answered, so they count as reported. */
  nothingToReport: number;
  missing: number;
  exempted: number;
  /** DHIS2-style rates with their raw numerator and denominator. */
  reportingRate: { numerator: number; denominator: number };
  onTimeRate: { numerator: number; denominator: number };
  closedAt: string;
}

export interface CycleResult {
  started: number;
  escalations: EscalationOutcome[];
  summary: CycleSummary;
}

export type CycleWorkflow = (input: CycleInput) => Promise<CycleResult>;
export type WaveCycleWorkflow = (input: WaveCycleInput) => Promise<CycleResult>;
export type ObligationWorkflow = (input: ObligationInput) => Promise<ObligationState>;
export type OpenCycleWorkflow = (input: OpenCycleInput) => Promise<void>;
export type TaskWorkflow = (input: TaskInput) => Promise<TaskResult>;
