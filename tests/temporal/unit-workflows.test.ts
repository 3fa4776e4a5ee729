// The waves design's unit workflows at the client boundary, against a real database (SQLite and, in
// `unit-pg`, PostgreSQL): the input a lazily started obligation workflow gets from the obligation's
// current row (temporal/unit-workflows.ts), and the cycle-wide extension's bulk records
// (temporal/wave-extension.ts). No Temporal here: tests/e2e/wave-units.test.ts starts the workflows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { markExtended, markReminded } from '../../db/obligation-status.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { addDays, lastDayOfDue } from '../../domain/calendar.ts';
import { extensionSchedule } from '../../domain/extension.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { obligationInput } from '../../temporal/inputs.ts';
import { unitFromDatabase } from '../../temporal/unit-workflows.ts';
import { extendWaveCycleInDatabase } from '../../temporal/wave-extension.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const DUE = '2027-03-10';

describe('a unit workflow input built from the database', () => {
  let db: TestDb;
  let cycle: StoredCycle;
  let source: string;
  const id = (u: string) => `units-2027/2026-annual/${u}`;

  beforeAll(async () => {
    db = await freshDatabase();
    const p = threeUnitPlan({ id: 'units-2027', dueDate: DUE, opensOn: '2027-02-01' });
    source = p.source;
    cycle = (await savePlan(db.prisma, p.plan, p.source))[0]!;
  });
  afterAll(() => db?.close());

  it('gives nothing for a per-unit cycle (its units already have their workflows)', async () => {
    expect(await unitFromDatabase(db.prisma, id('so-y-te'))).toStrictEqual({ design: 'per-unit', cycleId: cycle.cycleId });
  });

  it('follows the cycle, the database status and an extended unit\'s own schedule in a waves cycle', async () => {
    await db.prisma.cycle.update({ where: { id: cycle.cycleId }, data: { design: 'waves' } });
    // a unit on the cycle's schedule, not reminded yet
    expect((await unitFromDatabase(db.prisma, id('so-y-te'))).input).toStrictEqual({ ...obligationInput(id('so-y-te'), cycle.timeline), waveDriven: true, statusAtStart: 'open' });
    // reminded by a wave
    await markReminded(db.prisma, id('so-y-te'));
    expect((await unitFromDatabase(db.prisma, id('so-y-te'))).input?.statusAtStart).toBe('reminded');

    // extended to a later day: the plan's policy applied to that day, as the office action computed it
    const parsed = parsePlan(source);
    if (!parsed.ok) throw new Error('test plan invalid');
    const planCycle = parsed.plan.cycles[0]!;
    const s = extensionSchedule(planCycle, parsed.plan.reminders, addDays(lastDayOfDue(cycle.timeline.dueAt), 7));
    await markExtended(db.prisma, id('so-noi-vu'), s.dueAt);
    const extended = (await unitFromDatabase(db.prisma, id('so-noi-vu'))).input!;
    expect(extended).toStrictEqual({
      obligationId: id('so-noi-vu'),
      remindersAt: s.remindersAt.map((d) => d.toISOString()),
      dueAt: s.dueAt.toISOString(),
      overdueAt: s.overdueAt.toISOString(),
      closesAt: cycle.timeline.closesAt.toISOString(),
      waveDriven: true,
      statusAtStart: 'extended',
    });
    expect(extended.dueAt).not.toBe(cycle.timeline.dueAt.toISOString());
  });

  it('moves every pending unit due earlier in bulk, with the records of the per-unit path, once', async () => {
    const later = new Date(cycle.timeline.dueAt.getTime() + 3 * 86_400_000);
    await db.prisma.obligation.update({ where: { id: id('ubnd-cao-loc') }, data: { status: 'submitted_on_time' } });
    // page of one: the paging itself is exercised; Nội vụ (extended by 7 days) is already later
    expect(await extendWaveCycleInDatabase(db.prisma, cycle.cycleId, later, { reason: 'Chờ hướng dẫn', by: 'office' }, 1)).toBe(1);
    const rows = await db.prisma.obligation.findMany({ where: { cycleId: cycle.cycleId }, orderBy: { id: 'asc' } });
    expect(rows.map((o) => [o.id, o.status, o.dueAt.getTime() === later.getTime()])).toStrictEqual([
      [id('so-noi-vu'), 'extended', false],
      [id('so-y-te'), 'extended', true],
      [id('ubnd-cao-loc'), 'submitted_on_time', false],
    ]);
    const decisions = await db.prisma.obligationDecision.findMany({ where: { kind: 'extend', dueAt: later } });
    expect(decisions.map((d) => [d.id, d.reason, d.by])).toStrictEqual([[`extend:${id('so-y-te')}:${later.toISOString()}`, 'Chờ hướng dẫn', 'office']]);
    // again (a retried request): nothing more moves, no second record
    expect(await extendWaveCycleInDatabase(db.prisma, cycle.cycleId, later, { reason: 'Chờ hướng dẫn', by: 'office' })).toBe(0);
    expect(await db.prisma.obligationDecision.count({ where: { kind: 'extend', dueAt: later } })).toBe(1);
  });

  it('gives no input once the cycle is closed (no workflow is started for it)', async () => {
    await db.prisma.cycle.update({ where: { id: cycle.cycleId }, data: { status: 'closed' } });
    expect(await unitFromDatabase(db.prisma, id('so-y-te'))).toStrictEqual({ design: 'waves', cycleId: cycle.cycleId });
  });
});
