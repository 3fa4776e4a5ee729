// `dondoc cycle ...` and `dondoc submit ...` as a person runs them (child processes), against a
// real SQLite database; Temporal is deliberately unreachable to check the errors and that a paper
// report is stored (and left for delivery) even then. `cycle status` must count exactly as the
// dashboard does (db/cycle-stats.ts), so a second plan holds a unit in every status.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { cycleCounts } from '../../db/cycle-stats.ts';
import { savePlan } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { OBLIGATION_STATUSES, STATUS_LABELS, type ObligationStatus } from '../../domain/statuses.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { STACK_TRACE, dondoc } from './cli-runner.ts';
import { readAuditDetail } from '../../db/stored-json.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(120_000);

describe('dondoc cycle / submit', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ id: 'cli-2026', dueDate: '2030-12-05', opensOn: '2030-11-01' });
    await savePlan(db.prisma, plan, source);
    await saveEveryStatusPlan(db);
    process.env.DATABASE_URL = db.url;
    process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'; // nothing listens there
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.TEMPORAL_ADDRESS;
    await db.close();
  });

  it('status prints every unit with its status and deadline', async () => {
    const r = await dondoc('cycle', 'status', 'cli-2026', '2026-annual');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/Đã nộp \/ submitted: 0\/3/);
    expect(r.stdout).toMatch(/so-noi-vu\s+Sở Nội vụ\s+Chưa nộp\s+04\/12\/2030/);
  });

  it('submit records a paper report even with Temporal down, and says it is not yet delivered', async () => {
    const r = await dondoc('submit', 'cli-2026', '2026-annual', 'so-y-te', '--comment', 'Báo cáo bản giấy, nhận ngày 20/11');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/Đã ghi nhận \/ recorded .*đúng hạn/);
    expect(r.stdout).toMatch(/not yet delivered to Temporal/);
    const s = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: 'cli-2026/2026-annual/so-y-te' } });
    expect(s.channel).toBe('paper');
    expect(s.deliveredAt).toBe(null);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'paper_submission', target: 'cli-2026/2026-annual/so-y-te' } });
    expect(audit.actor).toBe('cli');
    expect(readAuditDetail(audit.detail)?.submissionId).toBe(s.id);
    const after = await dondoc('cycle', 'status', 'cli-2026', '2026-annual');
    expect(after.stdout).toMatch(/so-y-te\s+Sở Y tế\s+Nộp đúng hạn/);
  });

  for (const [name, args, code, pattern] of [
    ['an unknown unit', ['cycle', 'exempt', 'cli-2026', '2026-annual', 'so-khong-co', '--reason', 'x'], 1, /no unit "so-khong-co"/],
    ['an unknown cycle', ['cycle', 'status', 'cli-2026', 'nope'], 1, /no cycle cli-2026\/nope/],
    ['a missing --to', ['cycle', 'extend', 'cli-2026', '2026-annual', 'so-noi-vu', '--reason', 'x'], 2, /--to dd\/mm\/yyyy is required/],
    ['an impossible --to', ['cycle', 'extend', 'cli-2026', '2026-annual', 'so-noi-vu', '--to', '31/02/2031', '--reason', 'x'], 2, /--to: Không có ngày 31\/02\/2031 trong lịch.* \/ There is no day 31\/02\/2031/],
    ['--to that is not a day', ['cycle', 'extend', 'cli-2026', '2026-annual', '--all', '--to', 'soon', '--reason', 'x'], 2, /"soon" is not a day/],
    ['Temporal down', ['cycle', 'resend', 'cli-2026', '2026-annual', 'so-noi-vu'], 3, /cannot reach Temporal at 127\.0\.0\.1:1/],
    ['an unknown option', ['cycle', 'status', 'cli-2026', '2026-annual', '--colour'], 2, /Unknown option/],
    ['a missing comment', ['submit', 'cli-2026', '2026-annual', 'so-noi-vu'], 2, /--comment is required/],
    ['--all without --reason', ['cycle', 'extend', 'cli-2026', '2026-annual', '--all', '--to', '2030-12-20'], 2, /--reason is required/],
    ['--all on an unknown cycle', ['cycle', 'extend', 'cli-2026', 'nope', '--all', '--to', '2030-12-20', '--reason', 'x'], 1, /no cycle cli-2026\/nope/],
    ['--all with Temporal down', ['cycle', 'extend', 'cli-2026', '2026-annual', '--all', '--to', '2030-12-20', '--reason', 'x'], 3, /cannot reach Temporal/],
    ['--to dd/mm/yyyy with Temporal down (the day was read)', ['cycle', 'extend', 'cli-2026', '2026-annual', 'so-noi-vu', '--to', '20/12/2030', '--reason', 'x'], 3, /cannot reach Temporal/],
    ['a return without --reason', ['cycle', 'return', 'cli-2026', '2026-annual', 'so-y-te', '--to', '20/12/2030'], 2, /--reason is required/],
    ['a return without --to', ['cycle', 'return', 'cli-2026', '2026-annual', 'so-y-te', '--reason', 'Thiếu số liệu'], 2, /--to dd\/mm\/yyyy is required/],
    ['a return to a day in the past', ['cycle', 'return', 'cli-2026', '2026-annual', 'so-y-te', '--to', '01/01/2020', '--reason', 'x'], 1, /Hạn nộp lại phải từ hôm nay trở đi \/ the new last day must be today or later/],
    ['a review of a unit that sent nothing', ['cycle', 'accept', 'cli-2026', '2026-annual', 'so-noi-vu'], 1, /has no submission to review/],
    ['a return with Temporal down (the day and the version were read)', ['cycle', 'return', 'cli-2026', '2026-annual', 'so-y-te', '--to', '20/12/2030', '--reason', 'x'], 3, /cannot reach Temporal/],
  ] as const) {
    it(`${name} gets a clear error and exit code ${code}`, async () => {
      const r = await dondoc(...args);
      // on failure, look at: `${r.stdout}\n${r.stderr}`
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    });
  }

  it('status counts exactly as db/cycle-stats.ts does, "nothing to report" included', async () => {
    const r = await dondoc('cycle', 'status', 'cli-all', '2026-annual');
    // on failure, look at: r.stdout
    expect(r.code).toBe(0);
    const c = await cycleCounts(db.prisma, 'cli-all/2026-annual');
    // the fixture has every status, and a "nothing to report" on time and one late
    expect(OBLIGATION_STATUSES.filter((s) => c.byStatus[s] === 0)).toStrictEqual([]);
    expect(c.onTimeRate.numerator).toBe(c.byStatus.submitted_on_time + 1);
    const number = (re: RegExp) => {
      const m = r.stdout.match(re);
      // on failure, look at: `${re} in ${r.stdout}`
      expect(m).not.toBe(null);
      return m!.slice(1).map(Number);
    };
    expect(number(/Tỷ lệ báo cáo \/ reporting rate: (\d+)\/(\d+)/)).toStrictEqual([c.reportingRate.numerator, c.reportingRate.denominator]);
    expect(number(/Đúng hạn \/ on time: (\d+)\/(\d+)/)).toStrictEqual([c.onTimeRate.numerator, c.onTimeRate.denominator]);
    expect(number(/Đã nộp \/ submitted: (\d+)\/(\d+)/)).toStrictEqual([c.byStatus.submitted_on_time + c.byStatus.submitted_late, c.expected]);
    for (const s of OBLIGATION_STATUSES) {
      const label = `${STATUS_LABELS[s].vi} / ${STATUS_LABELS[s].en}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect([s, ...number(new RegExp(`^\\s*${label}: (\\d+)$`, 'm'))]).toStrictEqual([s, c.byStatus[s]]);
    }
    // the headline rates are the dashboard's: "nothing to report" counts as reported
    expect(c.reportingRate.numerator).toBe(c.byStatus.submitted_on_time + c.byStatus.submitted_late + c.byStatus.nothing_to_report);
  });

  it('--help explains the commands', async () => {
    const r = await dondoc('cycle', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dondoc cycle extend PLAN CYCLE UNIT --to dd\/mm\/yyyy/);
    expect(r.stdout).toMatch(/dondoc cycle extend PLAN CYCLE --all --to dd\/mm\/yyyy/);
    expect(r.stdout).toMatch(/\(or yyyy-mm-dd\)/);
    expect(r.stdout).toMatch(/dondoc cycle return PLAN CYCLE UNIT --reason "\.\.\." --to dd\/mm\/yyyy/);
    expect(r.stdout).toMatch(/dondoc cycle accept PLAN CYCLE UNIT/);
  });
});

/**
 * A plan of eleven units, one in each obligation status plus a second "nothing to report" (one on
 * time, one after the deadline), written straight into the database as the engine would have left it.
 */
async function saveEveryStatusPlan(db: TestDb): Promise<void> {
  const base = parse(threeUnitPlan({ id: 'cli-all', dueDate: '2030-12-05', opensOn: '2030-11-01' }).source) as { units: { code: string; name: string }[] };
  const statuses: ObligationStatus[] = [...OBLIGATION_STATUSES, 'nothing_to_report'];
  const template = base.units[0]!;
  base.units = statuses.map((_, i) => ({ ...template, code: `don-vi-${String(i + 1).padStart(2, '0')}`, name: `Đơn vị ${i + 1}` }));
  const r = parsePlan(stringify(base));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const [cycle] = await savePlan(db.prisma, r.plan, stringify(base));
  for (const [i, status] of statuses.entries()) {
    const id = cycle!.obligationIds.find((o) => o.endsWith(`/don-vi-${String(i + 1).padStart(2, '0')}`))!;
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id } });
    const answered = status.startsWith('submitted') || status === 'nothing_to_report';
    // the second "nothing to report" came a day after the deadline
    const submittedAt = answered ? new Date(o.dueAt.getTime() + (i === statuses.length - 1 ? 1 : -1) * 86_400_000) : null;
    await db.prisma.obligation.update({ where: { id }, data: { status, submittedAt } });
  }
}
