// Storing a plan in batches (real SQLite): thousands of units in one transaction, reloaded with
// changes, progress reported, and nothing an obligation already has (status, submissions) reset.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { savePlan } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { recordSubmission } from '../../web/submissions.ts';
import { STACK_TRACE, dondoc, scratch } from '../cli/cli-runner.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

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

describe('savePlan in batches', { timeout: 120_000 }, () => {
  let db: TestDb;
  before(async () => {
    db = await freshDatabase();
  });
  after(() => db.close());

  it('stores thousands of units in batches, reports progress, and a reload keeps what obligations have', async () => {
    const seen: string[] = [];
    const { plan, source } = bigPlan();
    const [cycle] = await savePlan(db.prisma, plan, source, (step, done, total) => seen.push(`${step} ${done}/${total}`));
    assert.equal(cycle!.obligationIds.length, N);
    assert.deepEqual(
      seen.filter((s) => s.startsWith('units')),
      ['units 1000/2500', 'units 2000/2500', 'units 2500/2500'],
    );
    assert.ok(seen.includes(`obligations ${N}/${N}`));
    assert.equal(await db.prisma.unit.count({ where: { planId: 'big-2030' } }), N);
    assert.equal(await db.prisma.contact.count(), N);

    const someone = cycle!.obligationIds[7]!;
    await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: someone, comment: 'báo cáo', channel: 'paper', receivedAt: new Date('2030-12-01T03:00:00Z') });
    const unitBefore = await db.prisma.unit.findFirstOrThrow({ where: { code: 'xa-00007' } });

    const again = bigPlan(true);
    const reloaded: string[] = [];
    const [same] = await savePlan(db.prisma, again.plan, again.source, (step, done, total) => reloaded.push(`${step} ${done}/${total}`));
    assert.deepEqual(same!.obligationIds, cycle!.obligationIds);
    assert.ok(!reloaded.some((s) => s.startsWith('units') || s.startsWith('obligations')), 'nothing new to insert');
    const unitAfter = await db.prisma.unit.findFirstOrThrow({ where: { code: 'xa-00007' }, include: { contacts: true } });
    assert.equal(unitAfter.id, unitBefore.id, 'same unit row');
    assert.equal(unitAfter.name, 'UBND xã Mới');
    assert.deepEqual(unitAfter.contacts.map((c) => c.email), ['moi@big.dondoc.invalid']);
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: someone }, include: { submissions: true } });
    assert.equal(o.status, 'submitted_on_time');
    assert.equal(o.submissions.length, 1);
    assert.equal(await db.prisma.obligation.count(), N);
  });
});

describe('dondoc plan load', { timeout: 120_000 }, () => {
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
      assert.match(r.stderr, /Đang lưu \/ storing nghĩa vụ báo cáo \/ obligations: 2\.500\/2\.500/);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /Không kết nối được Temporal/);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
      assert.equal(await db.prisma.obligation.count(), N);
    } finally {
      await db.close();
    }
  });
});
