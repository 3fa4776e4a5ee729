// Storing a plan in batches (real SQLite): thousands of units in one transaction, reloaded with
// changes, progress reported, and nothing an obligation already has (status, submissions) reset.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { stringify } from 'yaml';
import { savePlan } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { STACK_TRACE, dondoc, scratch } from '../cli/cli-runner.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(120_000);

const N = 2_500; // more than one batch of 1,000

function bigPlan(rename = false) {
  const base = threeUnitPlan({ id: 'big-2030', dueDate: '2030-12-05', opensOn: '2030-11-01' }).plan;
  const units = Array.from({ length: N }, (_, i) => ({
    code: `xa-${String(i).padStart(5, '0')}`,
    name: rename && i === 7 ? 'UBND xã Mới' : `UBND xã số ${i + 1}`,
    kind: 'other' as const,
    focalPersons: [{ name: `Đầu mối ${i + 1}`, email: rename && i === 7 ? 'moi@big.dondoc.invalid' : `xa${i}@big.dondoc.invalid` }],
  }));
  const source = stringify({ ...base, units });
  const parsed = parsePlan(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { plan: parsed.plan, source };
}

describe('savePlan in batches', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.close());

  it('stores thousands of units in batches, reports progress, and a reload keeps what obligations have', async () => {
    const seen: string[] = [];
    const { plan, source } = bigPlan();
    const [cycle] = await savePlan(db.prisma, plan, source, (step, done, total) => seen.push(`${step} ${done}/${total}`));
    expect(cycle!.obligationIds.length).toBe(N);
    expect(seen.filter((s) => s.startsWith('units'))).toStrictEqual(['units 1000/2500', 'units 2000/2500', 'units 2500/2500']);
    expect(seen).toContain(`obligations ${N}/${N}`);
    expect(await db.prisma.unit.count({ where: { planId: 'big-2030' } })).toBe(N);
    expect(await db.prisma.contact.count()).toBe(N);

    const someone = cycle!.obligationIds[7]!;
    await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: someone, comment: 'báo cáo', channel: 'paper', receivedAt: new Date('2030-12-01T03:00:00Z') });
    const unitBefore = await db.prisma.unit.findFirstOrThrow({ where: { code: 'xa-00007' } });

    const again = bigPlan(true);
    const reloaded: string[] = [];
    const [same] = await savePlan(db.prisma, again.plan, again.source, (step, done, total) => reloaded.push(`${step} ${done}/${total}`));
    expect(same!.obligationIds).toStrictEqual(cycle!.obligationIds);
    // nothing new to insert
    expect(!reloaded.some((s) => s.startsWith('units') || s.startsWith('obligations'))).toBeTruthy();
    const unitAfter = await db.prisma.unit.findFirstOrThrow({ where: { code: 'xa-00007' }, include: { contacts: true } });
    // same unit row
    expect(unitAfter.id).toBe(unitBefore.id);
    expect(unitAfter.name).toBe('UBND xã Mới');
    expect(unitAfter.contacts.map((c) => c.email)).toStrictEqual(['moi@big.dondoc.invalid']);
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: someone }, include: { submissions: true } });
    expect(o.status).toBe('submitted_on_time');
    expect(o.submissions.length).toBe(1);
    expect(await db.prisma.obligation.count()).toBe(N);
  });
});

describe('dondoc plan load', () => {
  it('shows progress while storing, and says clearly when Temporal cannot be reached (the plan stays stored)', async () => {
    const db = await freshDatabase();
    try {
      const file = scratch().write('big.yaml', bigPlan().source);
      const saved = { DATABASE_URL: process.env.DATABASE_URL, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS };
      process.env.DATABASE_URL = db.url;
      process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'; // nothing listens there
      let r;
      try {
        r = await dondoc('plan', 'load', file);
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      expect(r.stderr).toMatch(/Đang lưu \/ storing nghĩa vụ báo cáo \/ obligations: 2\.500\/2\.500/);
      expect(r).toMatchObject({ code: 3 });
      expect(r.stderr).toMatch(/Không kết nối được Temporal/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(await db.prisma.obligation.count()).toBe(N);
    } finally {
      await db.close();
    }
  });
});
