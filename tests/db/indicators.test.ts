// Issue 14 §1 on a real database (SQLite, and PostgreSQL in unit-pg): objectives and indicators stored
// when a plan loads and updated by a reload, the lead unit asked for its indicators, values stored with
// the submission, and the cycle's indicator table: an estimate replaced by the official value sent in
// the next cycle, both kept with who and when.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { indicatorAsks } from '../../db/indicator-figures.ts';
import { indicatorRows } from '../../db/indicator-rows.ts';
import { savePlan } from '../../db/plans.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { cycleId, obligationId } from '../../domain/ids.ts';
import type { IndicatorFigureInput } from '../../domain/indicator-figures.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { INDICATOR_PLAN as P, indicatorPlan, indicatorPlanDoc } from '../helpers/indicator-plan.ts';

const SIX = cycleId(P, '2026-6-thang');
const YEAR = cycleId(P, '2026-nam');

describe('indicators stored and reported', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = indicatorPlan();
    await savePlan(db.prisma, plan, source);
  });
  afterAll(() => db.close());

  const submit = (cycleKey: string, unit: string, at: string, indicatorFigures: IndicatorFigureInput[]) =>
    recordSubmission(db.prisma, { submissionId: randomUUID(), obligationId: obligationId(P, cycleKey, unit), comment: 'Báo cáo', channel: 'web', receivedAt: new Date(at), indicatorFigures });
  const asksOf = async (cycle: string, code: string) => {
    const unit = await db.prisma.unit.findFirstOrThrow({ where: { planId: P, code } });
    return indicatorAsks(db.prisma, { cycleId: cycle, unit });
  };

  it('stores the objectives and indicators with target, direction, lead (the objective\'s when the indicator has none), aggregate and split by sex', async () => {
    const objectives = await db.prisma.objective.findMany({ where: { planId: P }, orderBy: { number: 'asc' } });
    expect(objectives.map((o) => [o.id, o.leadCode])).toStrictEqual([[`${P}/1`, null], [`${P}/2`, 'so-y-te']]);
    const inds = await db.prisma.indicator.findMany({ where: { planId: P }, orderBy: [{ objectiveNumber: 'asc' }, { number: 'asc' }] });
    expect(inds.map((i) => [i.key, i.targetValue, i.targetUnit, i.targetYear, i.direction, i.leadCode, i.bySex, i.aggregate, i.coordinating])).toStrictEqual([
      ['ct-1-1', 60, '%', 2026, 'at-least', 'so-noi-vu', false, 'none', 'so-ldtbxh'],
      ['ct-1-2', 1000, 'người', null, 'at-least', 'so-ldtbxh', true, 'sum', ''],
      ['ct-2-1', 112, 'bé trai/100 bé gái', null, 'at-most', 'so-y-te', false, 'none', ''],
      ['ct-2-2', null, null, null, 'at-least', 'so-y-te', false, 'none', ''],
    ]);
  });

  it('asks each lead unit for its own indicators only', async () => {
    expect((await asksOf(SIX, 'so-noi-vu')).map((a) => [a.key, a.field, a.bySex])).toStrictEqual([['ct-1-1', 'ind_ct-1-1', false]]);
    expect((await asksOf(SIX, 'so-y-te')).map((a) => a.key)).toStrictEqual(['ct-2-1', 'ct-2-2']);
    expect((await asksOf(SIX, 'so-ldtbxh')).map((a) => [a.key, a.bySex])).toStrictEqual([['ct-1-2', true]]);
  });

  it('the 6-month table: an estimate, a split by sex, no data, no target', async () => {
    await submit('2026-6-thang', 'so-noi-vu', '2026-06-01T02:00:00Z', [{ key: 'ct-1-1', forCycleId: SIX, value: 55, estimate: true }]);
    await submit('2026-6-thang', 'so-ldtbxh', '2026-06-02T02:00:00Z', [{ key: 'ct-1-2', forCycleId: SIX, value: 1200, female: 700, male: 500, estimate: false }]);
    const rows = await indicatorRows(db.prisma, SIX);
    expect(rows.map((r) => [`${r.objective}.${r.number}`, r.value, r.estimate, r.result, r.lead, r.reportedBy])).toStrictEqual([
      ['1.1', 55, true, 'not-met', 'Sở Nội vụ', 'Sở Nội vụ'],
      ['1.2', 1200, false, 'met', 'Sở Lao động - Thương binh và Xã hội', 'Sở Lao động - Thương binh và Xã hội'],
      ['2.1', undefined, false, 'no-data', 'Sở Y tế', undefined],
      ['2.2', undefined, false, 'no-target', 'Sở Y tế', undefined],
    ]);
    expect(rows[0]!.reportedAt).toStrictEqual(new Date('2026-06-01T02:00:00Z'));
    expect(rows[1]!.bySex).toStrictEqual({ female: 700, male: 500, total: 1200 });
    expect(rows[1]!.aggregate).toBe('sum');
    expect(rows[0]!.target).toStrictEqual({ value: 60, unit: '%', year: 2026, direction: 'at-least' });
  });

  it('the next cycle asks for the official value of the estimate, which then replaces it; both kept', async () => {
    const asks = await asksOf(YEAR, 'so-noi-vu');
    expect(asks.map((a) => [a.field, a.forCycleId, a.estimateAllowed, a.replaces])).toStrictEqual([
      ['ind_ct-1-1', YEAR, true, undefined],
      ['ind_ct-1-1__2026-6-thang', SIX, false, { cycleTitle: 'Báo cáo 6 tháng 2026', value: 55 }],
    ]);
    await submit('2026-nam', 'so-noi-vu', '2026-11-20T02:00:00Z', [
      { key: 'ct-1-1', forCycleId: SIX, value: 62, estimate: false },
      { key: 'ct-1-1', forCycleId: YEAR, value: 64, estimate: true },
    ]);
    const row = (await indicatorRows(db.prisma, SIX))[0]!;
    expect([row.value, row.estimate, row.result, row.reportedAt]).toStrictEqual([62, false, 'met', new Date('2026-11-20T02:00:00Z')]);
    expect(row.replacedEstimate).toStrictEqual({ value: 55, reportedBy: 'Sở Nội vụ', reportedAt: new Date('2026-06-01T02:00:00Z') });
    expect(await db.prisma.indicatorFigure.count({ where: { cycleId: SIX, indicatorId: `${P}/ct-1-1` } })).toBe(2);
    // No longer asked: the 6-month value is official now; the annual one is this cycle's own estimate.
    expect((await asksOf(YEAR, 'so-noi-vu')).map((a) => a.field)).toStrictEqual(['ind_ct-1-1']);
    const year = (await indicatorRows(db.prisma, YEAR))[0]!;
    expect([year.value, year.estimate, year.result]).toStrictEqual([64, true, 'met']);
  });

  it('a reload updates an indicator in place (its values stay) and removes one the file no longer has', async () => {
    const doc = indicatorPlanDoc();
    doc.objectives[0]!.indicators[0]!.target = { value: 65, unit: '%', year: 2026 };
    doc.objectives[1]!.indicators.pop();
    const r = parsePlan(stringify(doc));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    await savePlan(db.prisma, r.plan, stringify(doc));
    const rows = await indicatorRows(db.prisma, SIX);
    expect(rows.map((x) => `${x.objective}.${x.number}`)).toStrictEqual(['1.1', '1.2', '2.1']);
    expect([rows[0]!.target?.value, rows[0]!.value, rows[0]!.result]).toStrictEqual([65, 62, 'not-met']);
  });

  it('a reload can make a target per sex: stored, and the split then decides; the sum\'s province total', async () => {
    const reload = async (target: { value: number; unit: string; perSex?: boolean }) => {
      const doc = indicatorPlanDoc();
      doc.objectives[0]!.indicators[1]!.target = { ...target, direction: 'at-least' };
      const r = parsePlan(stringify(doc));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      await savePlan(db.prisma, r.plan, stringify(doc));
      return (await indicatorRows(db.prisma, SIX))[1]!;
    };
    // 1.2: 1.200 in total, 700 women, 500 men.
    const each1000 = await reload({ value: 1000, unit: 'người', perSex: true });
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: `${P}/ct-1-2` } })).targetPerSex).toBe(true);
    expect([each1000.target?.perSex, each1000.result]).toStrictEqual([true, 'not-met']); // the total 1.200 ≥ 1.000 does not count
    expect((await reload({ value: 500, unit: 'người', perSex: true })).result).toBe('met');
    const onTotal = await reload({ value: 1000, unit: 'người' });
    expect([onTotal.target?.perSex, onTotal.result]).toStrictEqual([undefined, 'met']);
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: `${P}/ct-1-2` } })).targetPerSex).toBe(false);
    expect(onTotal.total).toStrictEqual({ aggregate: 'sum', value: 1200, bySex: { female: 700, male: 500 }, estimate: false, units: 1 });
  });

  it('an unknown cycle has no rows', async () => {
    expect(await indicatorRows(db.prisma, `${P}/no-such`)).toStrictEqual([]);
  });
});
