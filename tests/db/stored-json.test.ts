// The readers of the Json columns (db/stored-json.ts), as pure functions: every value dondoc writes reads
// back equal; a column's empty value (null) reads as its "none"; a value not of the column's shape (JSON
// text stored as a string among them) throws StoredJsonError naming the table.column, the row and what
// is wrong.
import { EMPTY_SECTIONS, readReportSections } from '../../db/report-drafts.ts';
import { describe, expect, it } from '@jest/globals';
import {
  auditDetailToJson,
  readAuditDetail,
  readTaskCoordinating,
  readCycleFigures,
  readCycleRequest,
  readCycleSummary,
  readCycleTimeline,
  readPlanCommittee,
  readPlanOffice,
  readSubmissionFigures,
  StoredJsonError,
  timelineToJson,
  type StoredJsonColumn,
} from '../../db/stored-json.ts';
import { planRequest, RequestInputSchema } from '../../domain/one-off-request.ts';
import { cycleTimeline } from '../../domain/timeline.ts';
import type { CycleSummary } from '../../workflows/contract.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const figures = [
  { key: 'so-vu-viec', name: 'Số vụ việc', unit: 'vụ', type: 'integer' as const },
  { key: 'ghi-chu', name: 'Ghi chú', type: 'text' as const },
];
const { plan } = threeUnitPlan({ dueDate: '2026-12-15', opensOn: '2026-11-15', figures });
const cycle = plan.cycles[0]!;
const timeline = cycleTimeline(cycle, plan.reminders, plan.calendar);
const summary: CycleSummary = {
  expected: 3,
  submitted: 2,
  onTime: 1,
  late: 1,
  nothingToReport: 0,
  missing: 1,
  exempted: 0,
  reportingRate: { numerator: 2, denominator: 3 },
  onTimeRate: { numerator: 1, denominator: 3 },
  closedAt: '2027-01-14T01:00:00.000Z',
};
const NOW = new Date('2026-11-20T03:00:00Z');
const planned = planRequest(plan, RequestInputSchema.parse({ title: 'Báo cáo kiểm tra', units: { by: 'units', codes: ['so-y-te'] }, lastDay: '2026-11-30', figures }), NOW);
if (!planned.ok) throw new Error(planned.errors.join('; '));
const request = { cycle: planned.request.cycle, selection: { by: 'units', codes: ['so-y-te'] }, createdBy: 'an@office', createdAt: NOW.toISOString() };

describe('every value dondoc writes reads back as written', () => {
  it('Plan.office and Plan.committee: the plan file\'s standing office and committee', () => {
    expect(readPlanOffice(plan.standingOffice, plan.id)).toStrictEqual(plan.standingOffice);
    expect(readPlanCommittee(plan.standingCommittee, plan.id)).toStrictEqual(plan.standingCommittee);
  });

  it('Cycle.timeline: every instant a Date again, as cycleTimeline made it', () => {
    const back = readCycleTimeline(timelineToJson(timeline), 'c');
    expect(back).toStrictEqual({ ...timeline, escalationRepeatsAt: timeline.escalationRepeatsAt ?? [] });
    expect(back.dueAt).toBeInstanceOf(Date);
    // db/plans.ts compares a stored timeline with a recomputed one in this form: equal text, whatever the
    // key order the database gave back (PostgreSQL's JSONB sorts keys by length).
    const shuffled = Object.fromEntries(Object.entries(timelineToJson(timeline)).reverse());
    expect(JSON.stringify(timelineToJson(readCycleTimeline(shuffled, 'c')))).toBe(JSON.stringify(timelineToJson(timeline)));
  });

  it('Cycle.timeline of a cycle stored before nominalLastDay and repeated escalations existed', () => {
    const { nominalLastDay: _n, escalationRepeatsAt: _e, ...older } = timeline;
    const stored: Record<string, unknown> = timelineToJson(older);
    delete stored.escalationRepeatsAt;
    const back = readCycleTimeline(stored, 'c');
    expect(back.escalationRepeatsAt).toStrictEqual([]);
    expect(back.nominalLastDay).toBeUndefined();
    expect(back.reminders).toStrictEqual(timeline.reminders);
  });

  it('Cycle.summary, Cycle.figures, Submission.figures, Cycle.request, AuditEvent.detail', () => {
    expect(readCycleSummary({ ...summary }, 'c')).toStrictEqual(summary);
    expect(readCycleFigures(cycle.figures, 'c')).toStrictEqual(cycle.figures);
    expect(readCycleFigures([], 'c')).toStrictEqual([]);
    expect(readSubmissionFigures({ 'so-vu-viec': 1234, 'ghi-chu': 'Hoàn thành' }, 's')).toStrictEqual({ 'so-vu-viec': 1234, 'ghi-chu': 'Hoàn thành' });
    expect(readCycleRequest(request, 'c')?.cycle).toStrictEqual(planned.request.cycle);
    expect(readAuditDetail({ reason: 'wrong_password', by: 'cli' }, 'e')).toStrictEqual({ reason: 'wrong_password', by: 'cli' });
  });

  it('AuditEvent.detail is written as its JSON form: an undefined field left out, a date as its ISO text', () => {
    expect(auditDetailToJson({ created: true, preset: undefined, at: new Date(0), selection: { by: 'units', codes: ['a'] } })).toStrictEqual({ created: true, at: '1970-01-01T00:00:00.000Z', selection: { by: 'units', codes: ['a'] } });
  });

  it('a null column is its "none": no summary yet, no figures given, a cycle of the plan file, no detail', () => {
    expect(readCycleSummary(null, 'c')).toBeNull();
    expect(readSubmissionFigures(null, 's')).toStrictEqual({});
    expect(readCycleRequest(null, 'c')).toBeUndefined();
    expect(readAuditDetail(null, 'e')).toBeNull();
  });
});

type Reader = (raw: unknown, id: string) => unknown;
const READERS: [StoredJsonColumn, Reader][] = [
  ['Plan.office', readPlanOffice],
  ['Plan.committee', readPlanCommittee],
  ['Cycle.timeline', readCycleTimeline],
  ['Cycle.summary', readCycleSummary],
  ['Cycle.figures', readCycleFigures],
  ['Submission.figures', readSubmissionFigures],
  ['Cycle.request', readCycleRequest],
  ['AuditEvent.detail', readAuditDetail],
  ['Task.coordinating', readTaskCoordinating],
  ['ReportDraft.sections', readReportSections],
];

function thrown(f: () => unknown): StoredJsonError {
  try {
    f();
  } catch (err) {
    if (err instanceof StoredJsonError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('JSON text stored as a string instead of the value throws, naming the column and the row', () => {
  const WRITTEN: Record<StoredJsonColumn, unknown> = {
    'Plan.office': plan.standingOffice,
    'Plan.committee': plan.standingCommittee,
    'Cycle.timeline': timelineToJson(timeline),
    'Cycle.summary': summary,
    'Cycle.figures': cycle.figures,
    'Submission.figures': { 'so-vu-viec': 1 },
    'Cycle.request': request,
    'AuditEvent.detail': { reason: 'x' },
    'Task.coordinating': ['so-y-te'],
    'ReportDraft.sections': EMPTY_SECTIONS,
  };
  it.each(READERS)('%s', (column, read) => {
    expect(() => read(WRITTEN[column], 'row-1')).not.toThrow();
    const err = thrown(() => read(JSON.stringify(WRITTEN[column]), 'row-1'));
    expect(err.column).toBe(column);
    expect(err.rowId).toBe('row-1');
    expect(err.message).toMatch(new RegExp(`^stored ${column.replace('.', '\\.')} of row "row-1" is malformed: wrong shape: .*received string`));
  });
});

const { email: _email, ...officeWithoutEmail } = plan.standingOffice;
// A detail is an object of JSON values: a Date (or undefined) cannot be stored as one.
const WRONG_SHAPES: [StoredJsonColumn, Reader, unknown, RegExp][] = [
  ['Plan.office', readPlanOffice, officeWithoutEmail, /→ at email/],
  ['Plan.office', readPlanOffice, { ...plan.standingOffice, email: 'not an address' }, /not an email address[\s\S]*→ at email/],
  ['Plan.office', readPlanOffice, 'Sở Thử nghiệm', /expected object, received string/],
  ['Plan.committee', readPlanCommittee, [], /needs at least one escalation recipient/],
  ['Plan.committee', readPlanCommittee, [{ name: 'Trưởng ban', email: 'head@test.dondoc.invalid' }], /→ at \[0\]\.role/],
  ['Cycle.timeline', readCycleTimeline, { ...timelineToJson(timeline), dueAt: 'soon' }, /→ at dueAt/],
  ['Cycle.timeline', readCycleTimeline, { ...timelineToJson(timeline), reminders: [{ daysBefore: -1, at: timeline.dueAt.toISOString() }] }, /→ at reminders\[0\]\.daysBefore/],
  ['Cycle.timeline', readCycleTimeline, { ...timelineToJson(timeline), lastDay: '2026-02-31' }, /no such date[\s\S]*→ at lastDay/],
  ['Cycle.summary', readCycleSummary, { ...summary, expected: '3' }, /→ at expected/],
  ['Cycle.summary', readCycleSummary, { ...summary, onTimeRate: null }, /→ at onTimeRate/],
  // zod names an object from another realm (jest's module sandbox) by its constructor, "Object", else "object"
  ['Cycle.figures', readCycleFigures, {}, /expected array, received object/i],
  ['Cycle.figures', readCycleFigures, [{ key: 'Số vụ', name: 'x' }], /→ at \[0\]\.key/],
  ['Submission.figures', readSubmissionFigures, { 'so-vu-viec': true }, /Invalid input → at \["so-vu-viec"\]/],
  ['Submission.figures', readSubmissionFigures, [1, 2], /expected record, received array/],
  ['Cycle.request', readCycleRequest, { ...request, selection: { by: 'everyone' } }, /→ at selection\.by/],
  ['AuditEvent.detail', readAuditDetail, 'signin', /expected record, received string/],
  ['AuditEvent.detail', readAuditDetail, { at: new Date(0) }, /→ at at/],
  ['Task.coordinating', readTaskCoordinating, [1], /→ at \[0\]/],
];

describe('a value of the wrong shape throws with the zod issue and where it is', () => {
  it.each(WRONG_SHAPES)('%s #%#', (column, read, raw, issue) => {
    const err = thrown(() => read(raw, 'row-2'));
    expect(err.column).toBe(column);
    expect(err.message).toMatch(new RegExp(`^stored ${column.replace('.', '\\.')} of row "row-2" is malformed: wrong shape: `));
    expect(err.problem).toMatch(issue);
  });
});
