// The thin slice end to end, on the time-skipping Temporal test server across the cycle's real
// 40-day span: real SMTP (assertions on what the SMTP server received), real HTTP, real SQLite.
// Three units: Sở Nội vụ submits on time through the link in its first reminder, Sở Y tế submits
// late (after the escalation), UBND huyện Cao Lộc never does.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { formatDate } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { startCycle } from '../../temporal/client.ts';
import { personalLink, submitThroughLink } from '../helpers/http.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { recordHistories } from '../helpers/histories.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';
import { expectTruthy } from '../helpers/expect.ts';
import { readCycleSummary } from '../../db/stored-json.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const COMMITTEE = ['head@test.dondoc.invalid', 'secretariat@test.dondoc.invalid'];

const kind = (m: CaughtMail) => m.subject.match(/^\[([^\]]+)\]/)?.[1];
const to = (addr: string) => (m: CaughtMail) => m.to.includes(addr);

describe('one reporting cycle, end to end', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    // "before today+12": the last day is today+11; reminders 7, 3 and 1 days before it.
    // The per-unit design, pinned: this file asserts its internals (three obligation workflows started at
    // the opening, each one's search attributes) and records its histories; cycles started before issue 15
    // run on it. tests/e2e/waves-cycle.test.ts asserts the same outcomes on the default (waves) design.
    ({ stack, cycle, lastDay } = await startStackWithCycle('e2e', 'test-2026', { design: 'per-unit' }));
  });
  afterAll(() => stack?.close());

  it('reminds, takes submissions, notices, escalates once and closes with the right statuses', async () => {
    const { catcher, db, skipTo } = stack;
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(stack.dondoc, cycle);
      const [r1] = cycle.timeline.reminders;

      // First reminder: one to each unit, in Vietnamese, with the deadline as dd/mm/yyyy.
      await skipTo(r1!.at);
      const first = await catcher.waitFor((all) => all.filter((m) => kind(m) === 'Nhắc nộp báo cáo').length === 3);
      for (const addr of [NOI_VU, Y_TE, CAO_LOC]) {
        const m = first.find(to(addr));
        // on failure, look at: `reminder to ${addr}`
        expectTruthy(m);
        expect(m.subject).toMatch(new RegExp(`hạn ${formatDate(lastDay).replace(/\//g, '\\/')}`));
        expect(m.text).toMatch(/Hạn nộp: hết ngày .*\d{2}\/\d{2}\/\d{4}/);
        expect(m.text).toMatch(/còn 7 ngày/);
      }
      expect(formatDate(lastDay).length).toBe(10);

      // Sở Nội vụ submits through the personal link in its reminder and gets a receipt on screen...
      const noiVuReminder = first.find(to(NOI_VU))!;
      const { receipt, submissionId } = await submitThroughLink(personalLink(noiVuReminder), 'Báo cáo tổng kết năm của Sở Nội vụ');
      expect(receipt).toMatch(/Biên nhận/);
      expect(receipt).toMatch(/Đúng hạn/);
      expect(receipt).toMatch(new RegExp(submissionId));
      // ...and by email.
      await catcher.waitFor((all) => all.some((m) => kind(m) === 'Biên nhận' && m.to.includes(NOI_VU)));

      // After the escalation, Sở Y tế submits late through the link in its overdue notice.
      await skipTo(cycle.timeline.escalationAt);
      const afterEscalation = await catcher.waitFor((all) => all.some((m) => kind(m) === 'Báo cáo Thường trực Ban'));
      const yTeNotice = afterEscalation.find((m) => kind(m) === 'Quá hạn' && m.to.includes(Y_TE));
      // Sở Y tế got an overdue notice
      expectTruthy(yTeNotice);
      const late = await submitThroughLink(personalLink(yTeNotice), 'Báo cáo của Sở Y tế (nộp muộn)');
      expect(late.receipt).toMatch(/Sau hạn/);

      const result = await handle.result();
      expect(result.started).toBe(3);
      expect(result.escalations.map((e) => e.overdueUnits)).toStrictEqual([2]);
      expect({ expected: result.summary.expected, onTime: result.summary.onTime, late: result.summary.late, missing: result.summary.missing }).toStrictEqual({ expected: 3, onTime: 1, late: 1, missing: 1 });
      expect(result.summary.reportingRate).toStrictEqual({ numerator: 2, denominator: 3 });
      // Temporal's own visibility knows plan, cycle, unit and status.
      const sa = (await stack.env.client.workflow.getHandle(cycle.obligationIds.find((o) => o.endsWith('/so-noi-vu'))!).describe()).searchAttributes;
      expect({ plan: sa.DondocPlan, cycle: sa.DondocCycle, unit: sa.DondocUnit, status: sa.DondocStatus }).toStrictEqual({ plan: ['test-2026'], cycle: ['test-2026/2026-annual'], unit: ['so-noi-vu'], status: ['submitted_on_time'] });
      // DondocStatus speaks the database's words: each obligation shows the status the database holds.
      const shown: Record<string, unknown> = {};
      for (const o of cycle.obligationIds) shown[o] = (await stack.env.client.workflow.getHandle(o).describe()).searchAttributes.DondocStatus;
      const stored = await db.prisma.obligation.findMany({ where: { cycleId: cycle.cycleId } });
      expect(shown).toStrictEqual(Object.fromEntries(stored.map((o) => [o.id, [o.status]])));
      expect(stored.map((o) => o.status).sort()).toStrictEqual(['missing', 'submitted_late', 'submitted_on_time']);
      if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [cycle.cycleId, ...cycle.obligationIds], process.env.DONDOC_RECORD_HISTORIES);
    });

    const mails = catcher.messages();
    const count = (k: string, addr: string) => mails.filter((m) => kind(m) === k && m.to.includes(addr)).length;
    // No further reminder after Sở Nội vụ submitted; the other two got all three.
    expect(count('Nhắc nộp báo cáo', NOI_VU)).toBe(1);
    expect(count('Nhắc nộp báo cáo', Y_TE)).toBe(3);
    expect(count('Nhắc nộp báo cáo', CAO_LOC)).toBe(3);
    // One overdue notice to each unit that missed the deadline, none to the one that did not.
    expect(count('Quá hạn', NOI_VU)).toBe(0);
    expect(count('Quá hạn', Y_TE)).toBe(1);
    expect(count('Quá hạn', CAO_LOC)).toBe(1);
    // Exactly one escalation, to the whole committee, naming both overdue units and their days overdue.
    const escalations = mails.filter((m) => kind(m) === 'Báo cáo Thường trực Ban');
    expect(escalations.length).toBe(1);
    const esc = escalations[0]!;
    expect([...esc.to].sort()).toStrictEqual(COMMITTEE);
    expect(esc.subject).toMatch(/2 đơn vị chưa nộp/);
    expect(esc.text).toMatch(/Sở Y tế \| 5 \| 3 \|/);
    expect(esc.text).toMatch(/UBND huyện Cao Lộc \| 5 \| 3 \|/);
    expect(esc.text).not.toMatch(/Sở Nội vụ/);
    expect(esc.text).toMatch(new RegExp(formatDate(lastDay).replace(/\//g, '\\/')));
    // The summary to the standing office at close, naming who did not report.
    const summaries = mails.filter((m) => kind(m) === 'Tổng hợp');
    expect(summaries.length).toBe(1);
    expect(summaries[0]!.to).toStrictEqual(['office@test.dondoc.invalid']);
    expect(summaries[0]!.subject).toMatch(/2\/3 đơn vị đã nộp/);
    expect(summaries[0]!.text).toMatch(/đúng hạn: 1\/3 \(33\.3%\)/);
    expect(summaries[0]!.text).toMatch(/Các đơn vị không nộp \(1\):[\s\S]*UBND huyện Cao Lộc/);
    // Receipts for both submissions; every email once (distinct Message-IDs).
    expect(count('Biên nhận', NOI_VU)).toBe(1);
    expect(count('Biên nhận', Y_TE)).toBe(1);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);

    // The database records who reported on time, late, or not at all.
    const statuses = Object.fromEntries(
      (await db.prisma.obligation.findMany({ include: { unit: true } })).map((o) => [o.unit.code, o.status]),
    );
    expect(statuses).toStrictEqual({ 'so-noi-vu': 'submitted_on_time', 'so-y-te': 'submitted_late', 'ubnd-cao-loc': 'missing' });
    const stored = await db.prisma.cycle.findUniqueOrThrow({ where: { id: cycle.cycleId } });
    expect(stored.status).toBe('closed');
    expect(readCycleSummary(stored.summary)?.onTimeRate.numerator).toBe(1);
  });
});
