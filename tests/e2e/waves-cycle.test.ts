// A cycle of the waves design end to end (workflows/wave-cycle.ts), on the time-skipping Temporal test
// server across the cycle's real span, with real SMTP, HTTP and SQLite: the same outcomes
// tests/e2e/cycle.test.ts asserts for the per-unit design. Three units: Sở Nội vụ submits on time
// through the link in its first reminder (the web's own path, which stores the report in the database),
// Sở Y tế submits late after the escalation, UBND huyện Cao Lộc never does. The cycle's waves send
// the reminders only to the units that have not reported, mark the other two overdue at the deadline,
// send their notices; the digest and the close follow; no obligation workflow exists for a unit that
// did nothing particular.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { formatDate } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { startCycle, withCycleDesign } from '../../temporal/client.ts';
import { waveState } from '../../workflows/messages.ts';
import { personalLink, submitThroughLink } from '../helpers/http.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { recordHistories } from '../helpers/histories.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';
import { expectTruthy } from '../helpers/expect.ts';

jest.setTimeout(180_000);

const COMMITTEE = ['head@test.dondoc.invalid', 'secretariat@test.dondoc.invalid'];
const kind = (m: CaughtMail) => m.subject.match(/^\[([^\]]+)\]/)?.[1];
const to = (addr: string) => (m: CaughtMail) => m.to.includes(addr);

describe('one reporting cycle of the waves design, end to end', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    // "before today+12": the last day is today+11; reminders 7, 3 and 1 days before it.
    ({ stack, cycle, lastDay } = await startStackWithCycle('e2e-waves', 'waves-2026'));
  });
  afterAll(() => stack?.close());

  it('reminds only the units that have not reported, marks and notices at their instants, escalates once and closes', async () => {
    const { catcher, db, skipTo } = stack;
    const dondoc = withCycleDesign(stack.dondoc, 'waves', db.prisma);
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(dondoc, cycle);
      expect((await handle.describe()).type).toBe('waveCycleWorkflow');
      expect((await db.prisma.cycle.findUniqueOrThrow({ where: { id: cycle.cycleId } })).design).toBe('waves');
      // Starting it again (a second plan load) is a no-op on the same workflow.
      expect((await startCycle(dondoc, cycle)).firstExecutionRunId).toBe(handle.firstExecutionRunId);
      const [r1] = cycle.timeline.reminders;

      await skipTo(r1!.at);
      const first = await catcher.waitFor((all) => all.filter((m) => kind(m) === 'Nhắc nộp báo cáo').length === 3);
      for (const addr of [NOI_VU, Y_TE, CAO_LOC]) {
        const m = first.find(to(addr));
        // on failure, look at: `reminder to ${addr}`
        expectTruthy(m);
        expect(m.subject).toMatch(new RegExp(`hạn ${formatDate(lastDay).replace(/\//g, '\\/')}`));
        expect(m.text).toMatch(/còn 7 ngày/);
      }

      // Sở Nội vụ submits through the personal link of its reminder: the web stores it in the database.
      const { receipt } = await submitThroughLink(personalLink(first.find(to(NOI_VU))!), 'Báo cáo tổng kết năm của Sở Nội vụ');
      expect(receipt).toMatch(/Đúng hạn/);

      await skipTo(cycle.timeline.escalationAt);
      const afterEscalation = await catcher.waitFor((all) => all.some((m) => kind(m) === 'Báo cáo Thường trực Ban'));
      const yTeNotice = afterEscalation.find((m) => kind(m) === 'Quá hạn' && m.to.includes(Y_TE));
      expectTruthy(yTeNotice);
      // The waves so far: the three reminders, the deadline (two marks), the notice instant (two notices).
      const state = await handle.query(waveState);
      expect(state.waves.map((w) => [w.reminders.sent, w.marked, w.notices.sent])).toStrictEqual([[3, 0, 0], [2, 0, 0], [2, 0, 0], [0, 2, 0], [0, 0, 2]]);
      expect(state.waves.map((w) => w.at)).toStrictEqual([...cycle.timeline.reminders.map((r) => r.at), cycle.timeline.dueAt, cycle.timeline.overdueAt].map((d) => d.toISOString()));
      expect(state.next).toBeUndefined();
      const late = await submitThroughLink(personalLink(yTeNotice), 'Báo cáo của Sở Y tế (nộp muộn)');
      expect(late.receipt).toMatch(/Sau hạn/);

      const result = await handle.result();
      expect(result.started).toBe(0); // no per-unit workflow when it opened
      expect(result.escalations.map((e) => e.overdueUnits)).toStrictEqual([2]);
      expect({ expected: result.summary.expected, onTime: result.summary.onTime, late: result.summary.late, missing: result.summary.missing }).toStrictEqual({ expected: 3, onTime: 1, late: 1, missing: 1 });
      expect(result.summary.reportingRate).toStrictEqual({ numerator: 2, denominator: 3 });
      // The cycle's DondocStatus: closed, as the database says.
      expect((await handle.describe()).searchAttributes.DondocStatus).toStrictEqual(['closed']);
      // A unit that did nothing particular has no workflow of its own.
      const caoLoc = cycle.obligationIds.find((o) => o.endsWith('/ubnd-cao-loc'))!;
      await expect(stack.env.client.workflow.getHandle(caoLoc).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [cycle.cycleId], process.env.DONDOC_RECORD_HISTORIES);
    });

    const mails = catcher.messages();
    const count = (k: string, addr: string) => mails.filter((m) => kind(m) === k && m.to.includes(addr)).length;
    expect(count('Nhắc nộp báo cáo', NOI_VU)).toBe(1);
    expect(count('Nhắc nộp báo cáo', Y_TE)).toBe(3);
    expect(count('Nhắc nộp báo cáo', CAO_LOC)).toBe(3);
    expect(count('Quá hạn', NOI_VU)).toBe(0);
    expect(count('Quá hạn', Y_TE)).toBe(1);
    expect(count('Quá hạn', CAO_LOC)).toBe(1);
    const escalations = mails.filter((m) => kind(m) === 'Báo cáo Thường trực Ban');
    expect(escalations.length).toBe(1);
    const esc = escalations[0]!;
    expect([...esc.to].sort()).toStrictEqual(COMMITTEE);
    expect(esc.subject).toMatch(/2 đơn vị chưa nộp/);
    expect(esc.text).toMatch(/Sở Y tế \| 5 \| 3 \|/);
    expect(esc.text).toMatch(/UBND huyện Cao Lộc \| 5 \| 3 \|/);
    expect(esc.text).not.toMatch(/Sở Nội vụ/);
    const summaries = mails.filter((m) => kind(m) === 'Tổng hợp');
    expect(summaries.length).toBe(1);
    expect(summaries[0]!.subject).toMatch(/2\/3 đơn vị đã nộp/);
    expect(summaries[0]!.text).toMatch(/Các đơn vị không nộp \(1\):[\s\S]*UBND huyện Cao Lộc/);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);

    const statuses = Object.fromEntries((await db.prisma.obligation.findMany({ include: { unit: true } })).map((o) => [o.unit.code, o.status]));
    expect(statuses).toStrictEqual({ 'so-noi-vu': 'submitted_on_time', 'so-y-te': 'submitted_late', 'ubnd-cao-loc': 'missing' });
    expect((await db.prisma.cycle.findUniqueOrThrow({ where: { id: cycle.cycleId } })).status).toBe('closed');
  });
});
