// A Json column of the wrong shape in a real database row (SQLite, and PostgreSQL in unit-pg) fails where the
// application reads it, with StoredJsonError naming the table.column, the row and the problem: the
// engine's restart (storedCycles), the rates page (planRates), the exports' figures (cycleFigures)
// and the emails' office (loadObligation + officeOf). Before each corruption the same reads succeed.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadObligation, officeOf } from '../../activities/obligation-context.ts';
import { savePlan, storedCycles } from '../../db/plans.ts';
import { StoredJsonError } from '../../db/stored-json.ts';
import { cycleFigures } from '../../web/exports/cycle-figures.ts';
import { planRates } from '../../web/office/plan-rates.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

jest.setTimeout(60_000);

const PLAN = 'json-2030';
const CYCLE = `${PLAN}/2026-annual`;
const OBLIGATION = `${CYCLE}/so-y-te`;
const NOW = new Date('2030-11-10T03:00:00Z');

describe('a corrupted JSON column in a stored row', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ id: PLAN, dueDate: '2030-12-05', opensOn: '2030-11-01', figures: [{ key: 'so-vu', name: 'Số vụ', type: 'integer' }] });
    await savePlan(db.prisma, plan, source);
    await db.prisma.submission.create({
      data: { id: 'sub-1', obligationId: OBLIGATION, receivedAt: NOW, channel: 'web', onTime: true, checksum: 'x'.repeat(64), figures: { 'so-vu': 3 } },
    });
  });
  afterAll(() => db?.close());

  async function failure(read: () => Promise<unknown>): Promise<StoredJsonError> {
    const err = await read().then(
      () => new Error('the read succeeded'),
      (e: unknown) => e,
    );
    if (!(err instanceof StoredJsonError)) throw err;
    return err;
  }

  it('Cycle.timeline without its instants: restarting the plan\'s cycles stops at that cycle', async () => {
    expect((await storedCycles(db.prisma, PLAN))[0]!.timeline.dueAt).toStrictEqual(new Date('2030-12-04T17:00:00.000Z'));
    await db.prisma.cycle.update({ where: { id: CYCLE }, data: { timeline: { lastDay: '2030-12-04', dueAt: '2030-12-04T17:00:00.000Z' } } });
    const err = await failure(() => storedCycles(db.prisma, PLAN));
    expect(err.message).toMatch(new RegExp(`^stored Cycle\\.timeline of row "${CYCLE}" is malformed: wrong shape: .*→ at opensAt`));
  });

  it('Cycle.summary of the wrong shape: the rates page fails instead of drawing a made-up rate', async () => {
    expect((await planRates(db.prisma, PLAN, NOW))!.points[0]).toMatchObject({ state: 'open', expected: 3 });
    await db.prisma.cycle.update({ where: { id: CYCLE }, data: { status: 'closed', summary: { expected: 3, submitted: 'all' } } });
    const err = await failure(() => planRates(db.prisma, PLAN, NOW));
    expect(err).toMatchObject({ column: 'Cycle.summary', rowId: CYCLE });
    expect(err.message).toMatch(/wrong shape: .*expected number, received string → at submitted/);
  });

  it('Submission.figures of the wrong shape: the export fails instead of leaving the figure blank', async () => {
    expect((await cycleFigures(db.prisma, CYCLE)).latest.get(OBLIGATION)).toStrictEqual({ 'so-vu': 3 });
    await db.prisma.submission.update({ where: { id: 'sub-1' }, data: { figures: { 'so-vu': [3] } } });
    const err = await failure(() => cycleFigures(db.prisma, CYCLE));
    expect(err).toMatchObject({ column: 'Submission.figures', rowId: 'sub-1' });
  });

  it('Plan.office without its email: an email to the unit is not sent with no Reply-To', async () => {
    expect(officeOf((await loadObligation(db.prisma, OBLIGATION)).cycle.plan).email).toBe('office@test.dondoc.invalid');
    await db.prisma.plan.update({ where: { id: PLAN }, data: { office: { name: 'Sở Thử nghiệm' } } });
    const o = await loadObligation(db.prisma, OBLIGATION);
    const err = await failure(async () => officeOf(o.cycle.plan));
    expect(err.message).toMatch(new RegExp(`^stored Plan\\.office of row "${PLAN}" is malformed: wrong shape: .*→ at email`));
  });
});
