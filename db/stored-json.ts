// Every Json column (db/schema/models.prisma), read back through one zod schema per column: Prisma types
// a Json column as any JSON value, so a value not of its column's shape throws StoredJsonError naming the
// table, the column, the row and the zod issue. A broken row fails loudly where it is read instead of
// being cast to a type it does not have, or silently read as "nothing" (an empty figure list, no office
// address). Values are written as plain JSON values (objects, arrays), never as JSON text: a string
// stored by mistake reads as the wrong shape. PostgreSQL's JSONB does not keep an object's key order,
// so a comparison of stored values goes through these readers and timelineToJson, never the raw value.
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
export type StoredJsonColumn = 'Plan.office' | 'Plan.committee' | 'Cycle.timeline' | 'Cycle.summary' | 'Cycle.figures' | 'Cycle.request' | 'Submission.figures' | 'AuditEvent.detail' | 'Task.coordinating' | 'ReportDraft.sections';

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

/** A Json column's value as Prisma reads it (its JsonValue); null is SQL NULL (or a JSON null). */
export type StoredJson = unknown;

function read<S extends z.ZodType>(column: StoredJsonColumn, schema: S, raw: StoredJson, rowId: string | undefined): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new StoredJsonError(column, rowId, `wrong shape: ${z.prettifyError(r.error).replace(/\s*\n\s*/g, ' ')}`);
  return r.data;
}

// ---- Plan: the standing office and committee, as the plan file's schema gave them.

export const OfficeSchema = PlanObjectSchema.shape.standingOffice;
export const CommitteeSchema = PlanObjectSchema.shape.standingCommittee;
export type StoredOffice = z.output<typeof OfficeSchema>;
export type StoredCommittee = z.output<typeof CommitteeSchema>;

export function readPlanOffice(raw: StoredJson, planId?: string): StoredOffice {
  return read('Plan.office', OfficeSchema, raw, planId);
}

export function readPlanCommittee(raw: StoredJson, planId?: string): StoredCommittee {
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

/**
 * The timeline as stored: every instant as its ISO string, the keys always in this order, so that two
 * timelines are the same exactly when JSON.stringify of theirs is (db/plans.ts compares a stored
 * cycle's with the one a reload computes).
 */
export function timelineToJson(t: CycleTimeline) {
  return {
    lastDay: t.lastDay,
    dueAt: t.dueAt.toISOString(),
    opensAt: t.opensAt.toISOString(),
    reminders: t.reminders.map((r) => ({ daysBefore: r.daysBefore, at: r.at.toISOString() })),
    overdueAt: t.overdueAt.toISOString(),
    escalationAt: t.escalationAt.toISOString(),
    closesAt: t.closesAt.toISOString(),
    ...(t.nominalLastDay === undefined ? {} : { nominalLastDay: t.nominalLastDay }),
    escalationRepeatsAt: (t.escalationRepeatsAt ?? []).map((x) => x.toISOString()),
  };
}

export function readCycleTimeline(raw: StoredJson, cycleId?: string): CycleTimeline {
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
export function readCycleSummary(raw: StoredJson, cycleId?: string): CycleSummary | null {
  return raw === null || raw === undefined ? null : read('Cycle.summary', SummarySchema, raw, cycleId);
}

// ---- Cycle.figures and Submission.figures (domain/figure-values.ts).

export const FigureDefinitionsSchema = z.array(FigureSchema);
export const FigureValuesSchema = z.record(z.string(), z.union([z.number(), z.string()])) satisfies z.ZodType<FigureValues, unknown>;

/** The figures the cycle asks for (the column defaults to "[]"). */
export function readCycleFigures(raw: StoredJson, cycleId?: string): PlanFigure[] {
  return read('Cycle.figures', FigureDefinitionsSchema, raw, cycleId);
}

/** The values a submission gave, or {} when it gave none (a report without figures stores null). */
export function readSubmissionFigures(raw: StoredJson, submissionId?: string): FigureValues {
  return raw === null || raw === undefined ? {} : read('Submission.figures', FigureValuesSchema, raw, submissionId);
}

// ---- Cycle.request: a one-off request's definition; null for a cycle of the plan file.

export function readCycleRequest(raw: StoredJson, cycleId?: string): StoredRequest | undefined {
  return raw === null || raw === undefined ? undefined : read('Cycle.request', StoredRequestSchema, raw, cycleId);
}

// ---- AuditEvent.detail: free-form facts of one event (db/audit.ts), an object when present.

export const AuditDetailSchema = z.record(z.string(), z.json());
export type AuditDetail = z.output<typeof AuditDetailSchema>;

/** The detail as written: its JSON form (an undefined field left out), checked to be an object of JSON values. */
export function auditDetailToJson(detail: Record<string, unknown>): AuditDetail {
  return AuditDetailSchema.parse(JSON.parse(JSON.stringify(detail)));
}

export function readAuditDetail(raw: StoredJson, eventId?: string): AuditDetail | null {
  return raw === null || raw === undefined ? null : read('AuditEvent.detail', AuditDetailSchema, raw, eventId);
}

// ---- Task: its coordinating units' codes, as the plan file listed them (db/tasks.ts).
export const TaskCoordinatingSchema = z.array(z.string());

export function readTaskCoordinating(raw: StoredJson, taskId?: string): string[] {
  return read('Task.coordinating', TaskCoordinatingSchema, raw, taskId);
}
