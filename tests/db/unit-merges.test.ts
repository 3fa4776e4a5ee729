// Unit merges as a plan load stores them (db/plans.ts) and reads them back as lines (db/unit-lines.ts):
// a reload that adds, moves or drops a merger updates the stored days and successor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { savePlan } from '../../db/plans.ts';
import { planUnitLines } from '../../db/unit-lines.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const ID = 'merge-db-2026';

/** The three-unit plan (Sở Nội vụ, Sở Y tế, UBND huyện Cao Lộc) with extra units and the district's merger. */
function planWith(merge: { into?: string; closesOn?: string }): Plan {
  const base = threeUnitPlan({ id: ID, dueDate: '2026-12-05', opensOn: '2026-11-01' }).plan;
  const person = (code: string) => [{ name: 'Đầu mối', email: `${code}@t.dondoc.invalid` }];
  const units = base.units.map((u) => (u.kind === 'district' ? { ...u, ...(merge.closesOn ? { closesOn: merge.closesOn } : {}), ...(merge.into ? { mergedInto: merge.into } : {}) } : u));
  return {
    ...base,
    units: [
      ...units,
      { code: 'xa-a', name: 'UBND xã A', kind: 'commune', opensOn: '2025-07-01', focalPersons: person('xa-a') },
      { code: 'phuong-b', name: 'UBND phường B', kind: 'ward', focalPersons: person('phuong-b') },
    ],
  };
}

describe('unit merges stored with the plan', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db?.close());

  const stored = async () =>
    Object.fromEntries((await db.prisma.unit.findMany({ where: { planId: ID }, select: { code: true, opensOn: true, closesOn: true, mergedInto: { select: { code: true } } } })).map((u) => [u.code, [u.opensOn, u.closesOn, u.mergedInto?.code ?? null]]));

  it('a merger is stored, moved to another successor on reload, and dropped', async () => {
    await savePlan(db.prisma, planWith({ into: 'xa-a', closesOn: '2025-06-30' }), 'v1');
    expect((await stored())['ubnd-cao-loc']).toStrictEqual([null, '2025-06-30', 'xa-a']);
    expect((await stored())['xa-a']).toStrictEqual(['2025-07-01', null, null]);
    let lines = await planUnitLines(db.prisma, ID);
    expect(lines.lines.map((l) => l.label.vi)).toStrictEqual(['Sở Nội vụ', 'Sở Y tế', 'UBND phường B', 'UBND xã A (gồm UBND huyện Cao Lộc đến 30/06/2025)']);

    await savePlan(db.prisma, planWith({ into: 'phuong-b', closesOn: '2025-06-30' }), 'v2');
    expect((await stored())['ubnd-cao-loc']).toStrictEqual([null, '2025-06-30', 'phuong-b']);
    lines = await planUnitLines(db.prisma, ID);
    expect(lines.lines.map((l) => l.label.vi)).toStrictEqual(['Sở Nội vụ', 'Sở Y tế', 'UBND phường B (gồm UBND huyện Cao Lộc đến 30/06/2025)', 'UBND xã A']);

    await savePlan(db.prisma, planWith({}), 'v3');
    expect((await stored())['ubnd-cao-loc']).toStrictEqual([null, null, null]);
    lines = await planUnitLines(db.prisma, ID);
    expect(lines.lines.map((l) => l.code)).toStrictEqual(['so-noi-vu', 'so-y-te', 'ubnd-cao-loc', 'phuong-b', 'xa-a']);
  });
});
