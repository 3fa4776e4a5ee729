// `dondoc cycle ...` and `dondoc submit ...` as a person runs them (child processes), against a
// real SQLite database; Temporal is deliberately unreachable to check the errors and that a paper
// report is stored (and left for delivery) even then.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { savePlan } from '../../db/plans.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { STACK_TRACE, dondoc } from './cli-runner.ts';

describe('dondoc cycle / submit', { timeout: 120_000 }, () => {
  let db: TestDb;
  before(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ id: 'cli-2026', dueDate: '2030-12-05', opensOn: '2030-11-01' });
    await savePlan(db.prisma, plan, source);
    process.env.DATABASE_URL = db.url;
    process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'; // nothing listens there
  });
  after(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.TEMPORAL_ADDRESS;
    await db.close();
  });

  it('status prints every unit with its status and deadline', async () => {
    const r = await dondoc('cycle', 'status', 'cli-2026', '2026-annual');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Đã nộp \/ submitted: 0\/3/);
    assert.match(r.stdout, /so-noi-vu\s+Sở Nội vụ\s+Chưa nộp\s+04\/12\/2030/);
  });

  it('submit records a paper report even with Temporal down, and says it is not yet delivered', async () => {
    const r = await dondoc('submit', 'cli-2026', '2026-annual', 'so-y-te', '--comment', 'Báo cáo bản giấy, nhận ngày 20/11');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Đã ghi nhận \/ recorded .*đúng hạn/);
    assert.match(r.stdout, /not yet delivered to Temporal/);
    const s = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: 'cli-2026/2026-annual/so-y-te' } });
    assert.equal(s.channel, 'paper');
    assert.equal(s.deliveredAt, null);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'paper_submission', target: 'cli-2026/2026-annual/so-y-te' } });
    assert.equal(audit.actor, 'cli');
    assert.equal(JSON.parse(audit.detail!).submissionId, s.id);
    const after = await dondoc('cycle', 'status', 'cli-2026', '2026-annual');
    assert.match(after.stdout, /so-y-te\s+Sở Y tế\s+Nộp đúng hạn/);
  });

  for (const [name, args, code, pattern] of [
    ['an unknown unit', ['cycle', 'exempt', 'cli-2026', '2026-annual', 'so-khong-co', '--reason', 'x'], 1, /no unit "so-khong-co"/],
    ['an unknown cycle', ['cycle', 'status', 'cli-2026', 'nope'], 1, /no cycle cli-2026\/nope/],
    ['a missing --to', ['cycle', 'extend', 'cli-2026', '2026-annual', 'so-noi-vu', '--reason', 'x'], 2, /--to yyyy-mm-dd is required/],
    ['Temporal down', ['cycle', 'resend', 'cli-2026', '2026-annual', 'so-noi-vu'], 3, /cannot reach Temporal at 127\.0\.0\.1:1/],
    ['an unknown option', ['cycle', 'status', 'cli-2026', '2026-annual', '--colour'], 2, /Unknown option/],
    ['a missing comment', ['submit', 'cli-2026', '2026-annual', 'so-noi-vu'], 2, /--comment is required/],
    ['--all without --reason', ['cycle', 'extend', 'cli-2026', '2026-annual', '--all', '--to', '2030-12-20'], 2, /--reason is required/],
    ['--all on an unknown cycle', ['cycle', 'extend', 'cli-2026', 'nope', '--all', '--to', '2030-12-20', '--reason', 'x'], 1, /no cycle cli-2026\/nope/],
    ['--all with Temporal down', ['cycle', 'extend', 'cli-2026', '2026-annual', '--all', '--to', '2030-12-20', '--reason', 'x'], 3, /cannot reach Temporal/],
  ] as const) {
    it(`${name} gets a clear error and exit code ${code}`, async () => {
      const r = await dondoc(...args);
      assert.equal(r.code, code, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
    });
  }

  it('--help explains the commands', async () => {
    const r = await dondoc('cycle', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /dondoc cycle extend PLAN CYCLE UNIT --to yyyy-mm-dd/);
    assert.match(r.stdout, /dondoc cycle extend PLAN CYCLE --all --to yyyy-mm-dd/);
  });
});
