// Reading a workflow's history in the bench: event times as epoch ms, and ids that may be Long.
import type { WorkflowHandle } from '@temporalio/client';

export type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** An event's time (a protobuf Timestamp, seconds possibly a Long) as epoch ms; NaN without one. */
export function tsMs(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!ts) return NaN;
  const s = ts.seconds as number | { toNumber(): number } | null | undefined;
  const secs = typeof s === 'number' ? s : s ? s.toNumber() : 0;
  return secs * 1000 + (ts.nanos ?? 0) / 1e6;
}

/** A number that may come as a Long (event ids). */
export const num = (v: unknown) => (typeof v === 'number' ? v : v && typeof (v as { toNumber(): number }).toNumber === 'function' ? (v as { toNumber(): number }).toNumber() : Number(v));
