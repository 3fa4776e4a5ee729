// The thin slice end to end, on the time-skipping Temporal test server across the cycle's real
// 40-day span: real SMTP (assertions on what the SMTP server received), real HTTP, real SQLite.
// Three units: Sở Nội vụ submits on time through the link in its first reminder, Sở Y tế submits
// late (after the escalation), UBND huyện Cao Lộc never does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { startCycle } from '../../temporal/client.ts';
import { personalLink, submitThroughLink } from '../helpers/http.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { recordHistories } from '../helpers/histories.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const NOI_VU = 'an@noivu.test.dondoc.invalid';
const Y_TE = 'binh@yte.test.dondoc.invalid';
const CAO_LOC = 'dung@caoloc.test.dondoc.invalid';
const COMMITTEE = ['head@test.dondoc.invalid', 'secretariat@test.dondoc.invalid'];

const kind = (m: CaughtMail) => m.subject.match(/^\[([^\]]+)\]/)?.[1];
const to = (addr: string) => (m: CaughtMail) => m.to.includes(addr);

describe('one reporting cycle, end to end', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  before(async () => {
    stack = await startStack('e2e');
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    // "before today+12": the last day is today+11; reminders 7, 3 and 1 days before it.
    const { plan, source } = threeUnitPlan({ dueDate: addDays(today, 12), opensOn: today });
    lastDay = addDays(today, 11);
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(() => stack?.close());

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
        assert.ok(m, `reminder to ${addr}`);
        assert.match(m.subject, new RegExp(`hạn ${formatDate(lastDay).replace(/\//g, '\\/')}`));
        assert.match(m.text, /Hạn nộp: hết ngày .*\d{2}\/\d{2}\/\d{4}/);
        assert.match(m.text, /còn 7 ngày/);
      }
      assert.equal(formatDate(lastDay).length, 10);

      // Sở Nội vụ submits through the personal link in its reminder and gets a receipt on screen...
      const noiVuReminder = first.find(to(NOI_VU))!;
      const { receipt, submissionId } = await submitThroughLink(personalLink(noiVuReminder), 'Báo cáo tổng kết năm của Sở Nội vụ');
      assert.match(receipt, /Biên nhận/);
      assert.match(receipt, /Đúng hạn/);
      assert.match(receipt, new RegExp(submissionId));
      // ...and by email.
      await catcher.waitFor((all) => all.some((m) => kind(m) === 'Biên nhận' && m.to.includes(NOI_VU)));

      // After the escalation, Sở Y tế submits late through the link in its overdue notice.
      await skipTo(cycle.timeline.escalationAt);
      const afterEscalation = await catcher.waitFor((all) => all.some((m) => kind(m) === 'Báo cáo Thường trực Ban'));
      const yTeNotice = afterEscalation.find((m) => kind(m) === 'Quá hạn' && m.to.includes(Y_TE));
      assert.ok(yTeNotice, 'Sở Y tế got an overdue notice');
      const late = await submitThroughLink(personalLink(yTeNotice), 'Báo cáo của Sở Y tế (nộp muộn)');
      assert.match(late.receipt, /Sau hạn/);

      const result = await handle.result();
      assert.equal(result.started, 3);
      assert.deepEqual(result.escalations.map((e) => e.overdueUnits), [2]);
      assert.deepEqual(
        { expected: result.summary.expected, onTime: result.summary.onTime, late: result.summary.late, missing: result.summary.missing },
        { expected: 3, onTime: 1, late: 1, missing: 1 },
      );
      assert.deepEqual(result.summary.reportingRate, { numerator: 2, denominator: 3 });
      // Temporal's own visibility knows plan, cycle, unit and status.
      const sa = (await stack.env.client.workflow.getHandle(cycle.obligationIds.find((o) => o.endsWith('/so-noi-vu'))!).describe()).searchAttributes;
      assert.deepEqual(
        { plan: sa.DondocPlan, cycle: sa.DondocCycle, unit: sa.DondocUnit, status: sa.DondocStatus },
        { plan: ['test-2026'], cycle: ['test-2026/2026-annual'], unit: ['so-noi-vu'], status: ['submitted'] },
      );
      const caoLoc = (await stack.env.client.workflow.getHandle(cycle.obligationIds.find((o) => o.endsWith('/ubnd-cao-loc'))!).describe()).searchAttributes;
      assert.deepEqual(caoLoc.DondocStatus, ['overdue']);
      if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [cycle.cycleId, ...cycle.obligationIds], process.env.DONDOC_RECORD_HISTORIES);
    });

    const mails = catcher.messages();
    const count = (k: string, addr: string) => mails.filter((m) => kind(m) === k && m.to.includes(addr)).length;
    // No further reminder after Sở Nội vụ submitted; the other two got all three.
    assert.equal(count('Nhắc nộp báo cáo', NOI_VU), 1);
    assert.equal(count('Nhắc nộp báo cáo', Y_TE), 3);
    assert.equal(count('Nhắc nộp báo cáo', CAO_LOC), 3);
    // One overdue notice to each unit that missed the deadline, none to the one that did not.
    assert.equal(count('Quá hạn', NOI_VU), 0);
    assert.equal(count('Quá hạn', Y_TE), 1);
    assert.equal(count('Quá hạn', CAO_LOC), 1);
    // Exactly one escalation, to the whole committee, naming both overdue units and their days overdue.
    const escalations = mails.filter((m) => kind(m) === 'Báo cáo Thường trực Ban');
    assert.equal(escalations.length, 1);
    const esc = escalations[0]!;
    assert.deepEqual([...esc.to].sort(), COMMITTEE);
    assert.match(esc.subject, /2 đơn vị chưa nộp/);
    assert.match(esc.text, /Sở Y tế \| 5 \| 3 \|/);
    assert.match(esc.text, /UBND huyện Cao Lộc \| 5 \| 3 \|/);
    assert.doesNotMatch(esc.text, /Sở Nội vụ/);
    assert.match(esc.text, new RegExp(formatDate(lastDay).replace(/\//g, '\\/')));
    // The summary to the standing office at close, naming who did not report.
    const summaries = mails.filter((m) => kind(m) === 'Tổng hợp');
    assert.equal(summaries.length, 1);
    assert.deepEqual(summaries[0]!.to, ['office@test.dondoc.invalid']);
    assert.match(summaries[0]!.subject, /2\/3 đơn vị đã nộp/);
    assert.match(summaries[0]!.text, /đúng hạn: 1\/3 \(33\.3%\)/);
    assert.match(summaries[0]!.text, /Các đơn vị không nộp \(1\):[\s\S]*UBND huyện Cao Lộc/);
    // Receipts for both submissions; every email once (distinct Message-IDs).
    assert.equal(count('Biên nhận', NOI_VU), 1);
    assert.equal(count('Biên nhận', Y_TE), 1);
    assert.equal(new Set(mails.map((m) => m.messageId)).size, mails.length);

    // The database records who reported on time, late, or not at all.
    const statuses = Object.fromEntries(
      (await db.prisma.obligation.findMany({ include: { unit: true } })).map((o) => [o.unit.code, o.status]),
    );
    assert.deepEqual(statuses, { 'so-noi-vu': 'submitted_on_time', 'so-y-te': 'submitted_late', 'ubnd-cao-loc': 'missing' });
    const stored = await db.prisma.cycle.findUniqueOrThrow({ where: { id: cycle.cycleId } });
    assert.equal(stored.status, 'closed');
    assert.equal(JSON.parse(stored.summary!).onTimeRate.numerator, 1);
  });
});
