// Storing one-off requests (db/requests.ts, real SQLite): a cycle of kind "one-off" with its
// obligations and its definition; a repeat stored once, a different request under the same key and
// every bad input refused with nothing stored; and the request surviving re-imports of the plan file.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { savePlan, storedCycles } from '../../db/plans.ts';
import { createRequest, planOf, RequestRefused } from '../../db/requests.ts';
import { RequestInputSchema, StoredRequestSchema, type RequestInput } from '../../domain/one-off-request.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

jest.setTimeout(60_000);

const NOW = new Date('2030-11-10T03:00:00Z'); // 10:00 on 10/11/2030, Vietnam time
const ID = 'req-2030';

/** The three-unit test plan with one objective led by Sở Y tế, an indicator led by Sở Nội vụ. */
function planSource(renameNoiVu = false): string {
  const doc = parse(threeUnitPlan({ id: ID, dueDate: '2030-12-05', opensOn: '2030-11-01' }).source) as Record<string, unknown> & { units: { code: string; name: string }[] };
  doc.objectives = [{ number: 1, text: 'Mục tiêu 1', lead: 'so-y-te', indicators: [{ number: 1, lead: 'so-noi-vu' }] }];
  if (renameNoiVu) doc.units = doc.units.map((u) => (u.code === 'so-noi-vu' ? { ...u, name: 'Sở Nội vụ (mới)' } : u));
  return stringify(doc);
}
async function load(db: TestDb, source: string) {
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return savePlan(db.prisma, r.plan, source);
}
const input = (i: Partial<RequestInput> = {}) => RequestInputSchema.parse({ title: 'Báo cáo kết quả kiểm tra', units: { by: 'objective', number: 1 }, lastDay: '2030-11-20', preset: 'inspection', figures: [{ key: 'so-cuoc', name: 'Số cuộc kiểm tra', unit: 'cuộc', type: 'integer' }], ...i });

describe('one-off requests in the database', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
    await load(db, planSource());
  });
  afterAll(() => db?.close());

  const counts = async () => ({ cycles: await db.prisma.cycle.count(), obligations: await db.prisma.obligation.count() });

  it('stores a one-off cycle of the plan, one obligation per lead unit, and its definition', async () => {
    const { stored, created } = await createRequest(db.prisma, await planOf(db.prisma, ID), input(), 'an@office', NOW);
    expect(created).toBe(true);
    expect(stored.cycleId).toBe('req-2030/req-20301120-bao-cao-ket-qua-kiem-tra');
    expect(stored.obligationIds).toStrictEqual(['req-2030/req-20301120-bao-cao-ket-qua-kiem-tra/so-noi-vu', 'req-2030/req-20301120-bao-cao-ket-qua-kiem-tra/so-y-te']);
    const c = await db.prisma.cycle.findUniqueOrThrow({ where: { id: stored.cycleId }, include: { obligations: { include: { unit: true } } } });
    expect(c).toMatchObject({ kind: 'one-off', title: 'Báo cáo kết quả kiểm tra', lastDay: '2030-11-20', status: 'open' });
    expect(c.obligations.map((o) => o.unit.code).sort()).toStrictEqual(['so-noi-vu', 'so-y-te']);
    expect(c.obligations.every((o) => o.dueAt.getTime() === stored.timeline.dueAt.getTime())).toBe(true);
    expect(c.figures).toStrictEqual([{ key: 'so-cuoc', name: 'Số cuộc kiểm tra', unit: 'cuộc', type: 'integer' }]);
    const request = StoredRequestSchema.parse(c.request);
    expect(request).toMatchObject({ selection: { by: 'objective', number: 1 }, preset: 'inspection', createdBy: 'an@office', createdAt: NOW.toISOString() });
    // The first email goes when it is created (the announcement), then the plan's reminders.
    expect(stored.timeline.reminders[0]!.at).toStrictEqual(NOW);
  });

  it('a repeated create is answered with the stored request and writes nothing', async () => {
    const before = await counts();
    const again = await createRequest(db.prisma, await planOf(db.prisma, ID), input(), 'binh@office', new Date(NOW.getTime() + 3_600_000));
    expect(again.created).toBe(false);
    expect(again.stored.obligationIds.length).toBe(2);
    expect(again.stored.timeline.reminders[0]!.at).toStrictEqual(NOW); // the first one's instants
    expect(await counts()).toStrictEqual(before);
  });

  it('refuses, storing nothing: another request under the same key, no units, a past day, unknown unit, unknown objective, unknown plan', async () => {
    const before = await counts();
    const cases: [Partial<RequestInput>, string, RegExp][] = [
      [{ units: { by: 'units', codes: ['so-y-te'] } }, 'duplicate', /choose another title/],
      [{ title: 'Báo cáo huyện', units: { by: 'kind', kind: 'board' } }, 'invalid', /no unit owes this request/],
      [{ title: 'Báo cáo cũ', lastDay: '2030-11-09' }, 'invalid', /the last day is in the past/],
      [{ title: 'Báo cáo khác', units: { by: 'units', codes: ['so-y-te', 'so-khong-co'] } }, 'invalid', /unknown unit code\(s\): so-khong-co/],
      [{ title: 'Báo cáo mục tiêu', units: { by: 'objective', number: 4 } }, 'invalid', /no objective 4/],
    ];
    for (const [i, kind, message] of cases) {
      const err = await createRequest(db.prisma, await planOf(db.prisma, ID), input(i), 'an@office', NOW).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RequestRefused);
      expect((err as RequestRefused).kind).toBe(kind);
      expect((err as RequestRefused).message).toMatch(message);
    }
    const noPlan = await planOf(db.prisma, 'khong-co').catch((e: unknown) => e);
    expect((noPlan as RequestRefused).kind).toBe('no-plan');
    expect(await counts()).toStrictEqual(before);
  });

  it('every district: a request to the units of a kind', async () => {
    const { stored } = await createRequest(db.prisma, await planOf(db.prisma, ID), input({ title: 'Kế hoạch công tác năm 2031 và dự toán kinh phí', units: { by: 'kind', kind: 'district' }, preset: 'work-plan' }), 'an@office', NOW);
    expect(stored.obligationIds).toStrictEqual(['req-2030/req-20301120-ke-hoach-cong-tac-nam-2031-va-du-toan-kinh-phi/ubnd-cao-loc']);
  });

  it('survives re-importing the plan file, unchanged or changed, with its obligations as they were', async () => {
    const id = 'req-2030/req-20301120-bao-cao-ket-qua-kiem-tra';
    await db.prisma.obligation.update({ where: { id: `${id}/so-y-te` }, data: { status: 'reminded' } });
    const before = await db.prisma.cycle.findUniqueOrThrow({ where: { id }, include: { obligations: { orderBy: { id: 'asc' } } } });
    const fromFile = await load(db, planSource(true));
    expect(fromFile.map((c) => c.cycleKey)).toStrictEqual(['2026-annual']); // the file's cycles only...
    await load(db, planSource());
    const after = await db.prisma.cycle.findUniqueOrThrow({ where: { id }, include: { obligations: { orderBy: { id: 'asc' } } } });
    expect(after).toStrictEqual(before);
    // ...and the request is still one of the plan's stored cycles.
    expect((await storedCycles(db.prisma, ID)).map((c) => c.cycleKey)).toContain('req-20301120-bao-cao-ket-qua-kiem-tra');
  });

  it('a plan file cannot take a request\'s key', () => {
    const r = parsePlan(planSource().replace('key: 2026-annual', 'key: req-20301120-bao-cao-ket-qua-kiem-tra'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.message).join()).toMatch(/the prefix "req-" is kept for one-off requests/);
  });
});
