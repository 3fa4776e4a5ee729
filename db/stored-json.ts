// Every JSON value dondoc stores in a text column, read back through one zod schema per column. A value
// that is not JSON or not of its column's shape throws StoredJsonError naming the table, the column, the
// row and the zod issue: a broken row fails loudly where it is read instead of being cast to a type it
// does not have, or silently read as "nothing" (an empty figure list, no office address).
// The schemas are the ones the values were written through (domain/plan-object.ts, domain/one-off-request.ts,
// domain/figure-values.ts), so a value that passed them once passes them again.
import { z } from 'zod';
import { isoDate } from '../domain/plan-fields.ts';
import { FigureSchema, PlanObjectSchema, type PlanFigure } from '../domain/plan-object.ts';
import { StoredRequestSchema, type StoredRequest } from '../domain/one-off-request.ts';
import type { FigureValues } from '../domain/figure-values.ts';
import type { CycleTimeline } from '../domain/timeline.ts';
import type { CycleSummary } from '../workflows/contract.ts';

/** The JSON columns, as "Table.column". */
export type StoredJsonColumn = 'Plan.office' | 'Plan.committee' | 'Cycle.timeline' | 'Cycle.summary' | 'Cycle.figures' | 'Cycle.request' | 'Submission.figures' | 'AuditEvent.detail';

export class StoredJsonError extends Error {
  override name = 'StoredJsonError';
  constructor(
    readonly column: StoredJsonColumn,
    readonly rowId: string | undefined,
    readonly problem: string,
  ) {
    super(`stored ${column}${rowId === undefined ? '' : ` of row "${rowId}"`} is malformed: ${problem}`);
  }
}

function read<S extends z.ZodType>(column: StoredJsonColumn, schema: S, raw: string, rowId: string | undefined): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new StoredJsonError(column, rowId, `not JSON (${(err as Error).message})`);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new StoredJsonError(column, rowId, `wrong shape: ${z.prettifyError(r.error).replace(/\s*\n\s*/g, ' ')}`);
  return r.data;
}

// ---- Plan: the standing office and committee, as the plan file's schema gave them.

export const OfficeSchema = PlanObjectSchema.shape.standingOffice;
export const CommitteeSchema = PlanObjectSchema.shape.standingCommittee;
export type StoredOffice = z.output<typeof OfficeSchema>;
export type StoredCommittee = z.output<typeof CommitteeSchema>;

export function readPlanOffice(raw: string, planId?: string): StoredOffice {
  return read('Plan.office', OfficeSchema, raw, planId);
}

export function readPlanCommittee(raw: string, planId?: string): StoredCommittee {
  return read('Plan.committee', CommitteeSchema, raw, planId);
}

// ---- Cycle.timeline: domain/timeline.ts CycleTimeline with its instants as ISO strings.

const instant = z.iso.datetime().transform((s) => new Date(s));

export const TimelineSchema = z.strictObject({
  lastDay: isoDate,
  dueAt: instant,
  opensAt: instant,
  reminders: z.array(z.strictObject({ daysBefore: z.number().int().min(0), at: instant })),
  overdueAt: instant,
  escalationAt: instant,
  closesAt: instant,
  // Both added after the first cycles were stored: a row without them is an older one, not a broken one.
  nominalLastDay: isoDate.optional(),
  escalationRepeatsAt: z.array(instant).default([]),
}) satisfies z.ZodType<CycleTimeline, unknown>;

export function readCycleTimeline(raw: string, cycleId?: string): CycleTimeline {
  return read('Cycle.timeline', TimelineSchema, raw, cycleId);
}

// ---- Cycle.summary: workflows/contract.ts CycleSummary, written by closeCycle.

const rate = z.strictObject({ numerator: z.number().int().min(0), denominator: z.number().int().min(0) });
const count = z.number().int().min(0);

export const SummarySchema = z.strictObject({
  expected: count,
  submitted: count,
  onTime: count,
  late: count,
  nothingToReport: count,
  missing: count,
  exempted: count,
  reportingRate: rate,
  onTimeRate: rate,
  closedAt: z.iso.datetime(),
}) satisfies z.ZodType<CycleSummary, unknown>;

/** The summary written at close; null while the cycle is open. */
export function readCycleSummary(raw: string | null, cycleId?: string): CycleSummary | null {
  return raw === null ? null : read('Cycle.summary', SummarySchema, raw, cycleId);
}

// ---- Cycle.figures and Submission.figures (domain/figure-values.ts).

export const FigureDefinitionsSchema = z.array(FigureSchema);
export const FigureValuesSchema = z.record(z.string(), z.union([z.number(), z.string()])) satisfies z.ZodType<FigureValues, unknown>;

/** The figures the cycle asks for (the column defaults to "[]"). */
export function readCycleFigures(raw: string, cycleId?: string): PlanFigure[] {
  return read('Cycle.figures', FigureDefinitionsSchema, raw, cycleId);
}

/** The values a submission gave, or {} when it gave none (a report without figures stores null). */
export function readSubmissionFigures(raw: string | null, submissionId?: string): FigureValues {
  return raw === null ? {} : read('Submission.figures', FigureValuesSchema, raw, submissionId);
}

// ---- Cycle.request: a one-off request's definition; null for a cycle of the plan file.

export function readCycleRequest(raw: string | null, cycleId?: string): StoredRequest | undefined {
  return raw === null ? undefined : read('Cycle.request', StoredRequestSchema, raw, cycleId);
}

// ---- AuditEvent.detail: free-form facts of one event (db/audit.ts), an object when present.

export const AuditDetailSchema = z.record(z.string(), z.unknown());

export function readAuditDetail(raw: string | null, eventId?: string): Record<string, unknown> | null {
  return raw === null ? null : read('AuditEvent.detail', AuditDetailSchema, raw, eventId);
}
