// The office's report drafts on both providers: versions numbered per cycle, never overwritten, two
// saves at once get two versions, a malformed stored row fails by name, a deleted plan takes them along.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { savePlan } from '../../db/plans.ts';
import { draftVersion, draftVersions, EMPTY_SECTIONS, saveDraft } from '../../db/report-drafts.ts';
import { StoredJsonError } from '../../db/stored-json.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const AT = new Date('2026-12-10T03:00:00Z');

describe('report drafts', () => {
  let db: TestDb;
  let cycleId: string;
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    const cycles = await savePlan(db.prisma, plan, source);
    cycleId = cycles[0]!.cycleId;
  });
  afterAll(async () => db?.close());

  it('numbers versions per cycle and keeps each as saved', async () => {
    expect(await draftVersion(db.prisma, cycleId)).toBeNull();
    expect(await saveDraft(db.prisma, cycleId, { ...EMPTY_SECTIONS, intro: 'Một' }, 'a@test.dondoc.invalid', AT)).toBe(1);
    expect(await saveDraft(db.prisma, cycleId, { ...EMPTY_SECTIONS, intro: 'Hai' }, 'b@test.dondoc.invalid', AT)).toBe(2);
    expect((await draftVersion(db.prisma, cycleId))!.sections.intro).toBe('Hai');
    expect((await draftVersion(db.prisma, cycleId, 1))!).toStrictEqual({ version: 1, sections: { ...EMPTY_SECTIONS, intro: 'Một' }, savedBy: 'a@test.dondoc.invalid', savedAt: AT });
    expect(await draftVersion(db.prisma, cycleId, 7)).toBeNull();
  });

  it('two saves at once get two versions', async () => {
    const got = await Promise.all([1, 2, 3].map((n) => saveDraft(db.prisma, cycleId, { ...EMPTY_SECTIONS, proposals: `P${n}` }, 'c@test.dondoc.invalid', AT)));
    expect([...got].sort()).toStrictEqual([3, 4, 5]);
    expect((await draftVersions(db.prisma, cycleId)).map((v) => v.version)).toStrictEqual([5, 4, 3, 2, 1]);
  });

  it('a malformed stored row fails naming its column and row; too long a section is refused before writing', async () => {
    await db.prisma.reportDraft.create({ data: { cycleId, version: 99, sections: { intro: 1 }, savedBy: 'x', savedAt: AT } });
    const err = await draftVersion(db.prisma, cycleId, 99).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoredJsonError);
    expect((err as StoredJsonError).message).toMatch(/^stored ReportDraft\.sections of row ".*#99" is malformed/);
    await db.prisma.reportDraft.delete({ where: { cycleId_version: { cycleId, version: 99 } } });
    await expect(saveDraft(db.prisma, cycleId, { ...EMPTY_SECTIONS, intro: 'x'.repeat(50_001) }, 'x', AT)).rejects.toThrow();
    expect((await draftVersions(db.prisma, cycleId)).length).toBe(5);
  });

  it('goes with its plan', async () => {
    const planId = cycleId.split('/')[0]!;
    await db.prisma.plan.delete({ where: { id: planId } });
    expect(await db.prisma.reportDraft.count()).toBe(0);
  });
});
