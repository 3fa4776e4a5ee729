// Every message a workflow accepts, defined once and imported by the workflows, the web app, the CLI
// and the tests. Payloads carry instants as ISO strings (JSON payloads, no Date revival).
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface SubmissionReceived {
  submissionId: string;
  receivedAt: string; // ISO instant the web app stored it
  onTime: boolean;
}

/** A report was stored in the database. Delivering the same submission twice is a no-op. */
export const submissionReceived = defineSignal<[SubmissionReceived]>('submissionReceived');

export interface ObligationState {
  obligationId: string;
  phase: 'waiting' | 'overdue' | 'submitted' | 'closed';
  remindersSent: string[]; // scheduled instants (ISO) of the reminders that went out
  submissionId?: string;
}

export const obligationState = defineQuery<ObligationState>('obligationState');
