// The readers of the JSON columns (db/stored-json.ts), as pure functions: every value dondoc writes reads
// back equal; a column's empty value (null) reads as its "none"; a value that is not JSON, or not of the
// column's shape, throws StoredJsonError naming the table.column, the row and what is wrong.
import { describe, expect, it } from '@jest/globals';
import { timelineToJson } from '../../db/plans.ts';
import {
  readAuditDetail,
  readCycleFigures,
  readCycleRequest,
  readCycleSummary,
  readCycleTimeline,
  readPlanCommittee,
  readPlanOffice,
  readSubmissionFigures,
  StoredJsonError,
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
    expect(readPlanOffice(JSON.stringify(plan.standingOffice), plan.id)).toStrictEqual(plan.standingOffice);
    expect(readPlanCommittee(JSON.stringify(plan.standingCommittee), plan.id)).toStrictEqual(plan.standingCommittee);
  });

  it('Cycle.timeline: every instant a Date again, as cycleTimeline made it', () => {
    const back = readCycleTimeline(timelineToJson(timeline), 'c');
    expect(back).toStrictEqual({ ...timeline, escalationRepeatsAt: timeline.escalationRepeatsAt ?? [] });
    expect(back.dueAt).toBeInstanceOf(Date);
    expect(timelineToJson(back)).toBe(timelineToJson(timeline)); // storePlan compares the stored text with a recomputed one
  });

  it('Cycle.timeline of a cycle stored before nominalLastDay and repeated escalations existed', () => {
    const { nominalLastDay: _n, escalationRepeatsAt: _e, ...older } = timeline;
    const back = readCycleTimeline(JSON.stringify(older), 'c');
    expect(back.escalationRepeatsAt).toStrictEqual([]);
    expect(back.nominalLastDay).toBeUndefined();
    expect(back.reminders).toStrictEqual(timeline.reminders);
  });

  it('Cycle.summary, Cycle.figures, Submission.figures, Cycle.request, AuditEvent.detail', () => {
    expect(readCycleSummary(JSON.stringify(summary), 'c')).toStrictEqual(summary);
    expect(readCycleFigures(JSON.stringify(cycle.figures), 'c')).toStrictEqual(cycle.figures);
    expect(readCycleFigures('[]', 'c')).toStrictEqual([]);
    expect(readSubmissionFigures(JSON.stringify({ 'so-vu-viec': 1234, 'ghi-chu': 'Hoàn thành' }), 's')).toStrictEqual({ 'so-vu-viec': 1234, 'ghi-chu': 'Hoàn thành' });
    expect(readCycleRequest(JSON.stringify(request), 'c')?.cycle).toStrictEqual(planned.request.cycle);
    expect(readAuditDetail(JSON.stringify({ reason: 'wrong_password', by: 'cli' }), 'e')).toStrictEqual({ reason: 'wrong_password', by: 'cli' });
  });

  it('a null column is its "none": no summary yet, no figures given, a cycle of the plan file, no detail', () => {
    expect(readCycleSummary(null, 'c')).toBeNull();
    expect(readSubmissionFigures(null, 's')).toStrictEqual({});
    expect(readCycleRequest(null, 'c')).toBeUndefined();
    expect(readAuditDetail(null, 'e')).toBeNull();
  });
});

type Reader = (raw: string, id: string) => unknown;
const READERS: [StoredJsonColumn, Reader][] = [
  ['Plan.office', readPlanOffice],
  ['Plan.committee', readPlanCommittee],
  ['Cycle.timeline', readCycleTimeline],
  ['Cycle.summary', readCycleSummary],
  ['Cycle.figures', readCycleFigures],
  ['Submission.figures', readSubmissionFigures],
  ['Cycle.request', readCycleRequest],
  ['AuditEvent.detail', readAuditDetail],
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

describe('a value that is not JSON throws, naming the column and the row', () => {
  it.each(READERS)('%s', (column, read) => {
    for (const raw of ['', '{"name": "Sở', 'undefined', "{'a': 1}"]) {
      const err = thrown(() => read(raw, 'row-1'));
      expect(err.column).toBe(column);
      expect(err.rowId).toBe('row-1');
      expect(err.message).toMatch(new RegExp(`^stored ${column.replace('.', '\\.')} of row "row-1" is malformed: not JSON \\(`));
    }
  });
});

const { email: _email, ...officeWithoutEmail } = plan.standingOffice;
const WRONG_SHAPES: [StoredJsonColumn, Reader, string, RegExp][] = [
  ['Plan.office', readPlanOffice, JSON.stringify(officeWithoutEmail), /→ at email/],
  ['Plan.office', readPlanOffice, JSON.stringify({ ...plan.standingOffice, email: 'not an address' }), /not an email address[\s\S]*→ at email/],
  ['Plan.office', readPlanOffice, '"Sở Thử nghiệm"', /expected object, received string/],
  ['Plan.committee', readPlanCommittee, '[]', /needs at least one escalation recipient/],
  ['Plan.committee', readPlanCommittee, JSON.stringify([{ name: 'Trưởng ban', email: 'head@test.dondoc.invalid' }]), /→ at \[0\]\.role/],
  ['Cycle.timeline', readCycleTimeline, JSON.stringify({ ...JSON.parse(timelineToJson(timeline)), dueAt: 'soon' }), /→ at dueAt/],
  ['Cycle.timeline', readCycleTimeline, JSON.stringify({ ...JSON.parse(timelineToJson(timeline)), reminders: [{ daysBefore: -1, at: timeline.dueAt }] }), /→ at reminders\[0\]\.daysBefore/],
  ['Cycle.timeline', readCycleTimeline, JSON.stringify({ ...JSON.parse(timelineToJson(timeline)), lastDay: '2026-02-31' }), /no such date[\s\S]*→ at lastDay/],
  ['Cycle.summary', readCycleSummary, JSON.stringify({ ...summary, expected: '3' }), /→ at expected/],
  ['Cycle.summary', readCycleSummary, JSON.stringify({ ...summary, onTimeRate: undefined }), /→ at onTimeRate/],
  ['Cycle.figures', readCycleFigures, '{}', /expected array, received Object/],
  ['Cycle.figures', readCycleFigures, JSON.stringify([{ key: 'Số vụ', name: 'x' }]), /→ at \[0\]\.key/],
  ['Submission.figures', readSubmissionFigures, JSON.stringify({ 'so-vu-viec': true }), /Invalid input → at \["so-vu-viec"\]/],
  ['Submission.figures', readSubmissionFigures, '[1, 2]', /expected record, received array/],
  ['Cycle.request', readCycleRequest, JSON.stringify({ ...request, selection: { by: 'everyone' } }), /→ at selection\.by/],
  ['AuditEvent.detail', readAuditDetail, '"signin"', /expected record, received string/],
];

describe('a value of the wrong shape throws with the zod issue and where it is', () => {
  it.each(WRONG_SHAPES)('%s #%#', (column, read, raw, issue) => {
    const err = thrown(() => read(raw, 'row-2'));
    expect(err.column).toBe(column);
    expect(err.message).toMatch(new RegExp(`^stored ${column.replace('.', '\\.')} of row "row-2" is malformed: wrong shape: `));
    expect(err.problem).toMatch(issue);
  });
});
