// The office's decisions as workflow Updates, on the time-skipping server: resend a reminder now
// (once per request id), exempt a unit (nothing more is sent; not expected in the summary), extend a
// deadline (every pending reminder and notice moves; the escalation no longer names the unit), and
// the validators' refusals (on the dev server: the Java test server answers a refused Update with
// "update not found").
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { OfficeActionRefused, exemptObligation, extendObligation, resendReminderNow } from '../../temporal/office-actions.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { recordHistories } from '../helpers/histories.ts';
import { startDevStack } from '../helpers/dev-stack.ts';
import { obligationState } from '../../workflows/messages.ts';
import { CAO_LOC, NOI_VU, Y_TE, threeUnitPlan } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const id = (unit: string) => `office-2026/2026-annual/${unit}`;

describe('office actions on running obligations', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('office', 'office-2026'));
  });
  afterAll(() => stack?.close());

  it('resends, exempts and extends through the engine, and refuses what makes no sense', async () => {
    const { catcher, db, dondoc } = stack;
    const reminders = (addr: string) => catcher.messages().filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]') && m.to.includes(addr));
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      await catcher.waitFor(() => [NOI_VU, Y_TE, CAO_LOC].every((a) => reminders(a).length === 1));

      // Resend now, with a retried request: one extra reminder.
      await resendReminderNow(db.prisma, dondoc, id('so-y-te'), 'req-1', 'office');
      await resendReminderNow(db.prisma, dondoc, id('so-y-te'), 'req-1', 'office');
      await catcher.waitFor(() => reminders(Y_TE).length === 2);

      // Exempt Cao Lộc; a second exemption is refused with a clear message.
      expect((await exemptObligation(db.prisma, dondoc, id('ubnd-cao-loc'), 'Đã sáp nhập', 'office')).status).toBe('exempted');

      // Extend Nội vụ by a week; an "extension" to an earlier day is refused.
      const newLastDay = addDays(lastDay, 7);
      const extended = await extendObligation(db.prisma, dondoc, id('so-noi-vu'), newLastDay, 'Chờ số liệu thống kê', 'office');
      expect(localDateAt(new Date(Date.parse(extended.dueAt) - 1))).toBe(newLastDay);
      expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: id('so-noi-vu') } })).status).toBe('extended');
      expect(extended.status).toBe('extended');

      const result = await handle.result();
      expect({ expected: result.summary.expected, exempted: result.summary.exempted, missing: result.summary.missing }).toStrictEqual({ expected: 2, exempted: 1, missing: 2 });
      // only Sở Y tế was overdue at the escalation
      expect(result.escalations.map((e) => e.overdueUnits)).toStrictEqual([1]);
      // Temporal's visibility ends with the database's words: exempted, and missing for the other two.
      const shown: Record<string, unknown> = {};
      for (const o of cycle.obligationIds) shown[o] = (await dondoc.client.workflow.getHandle(o).describe()).searchAttributes.DondocStatus;
      const stored = await db.prisma.obligation.findMany({ where: { cycleId: cycle.cycleId } });
      expect(shown).toStrictEqual(Object.fromEntries(stored.map((o) => [o.id, [o.status]])));
      expect(stored.map((o) => o.status).sort()).toStrictEqual(['exempted', 'missing', 'missing']);
      if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [cycle.cycleId, ...cycle.obligationIds], process.env.DONDOC_RECORD_HISTORIES);
    });

    const mails = catcher.messages();
    // Exempted: nothing after the first reminder.
    expect(mails.filter((m) => m.to.includes(CAO_LOC)).length).toBe(1);
    // Sở Y tế: the first reminder, the resend, the two later ones, and one overdue notice.
    expect(reminders(Y_TE).length).toBe(4);
    // Sở Nội vụ: the first reminder, then the new schedule's three, every one naming the new deadline,
    // and its overdue notice after the new deadline.
    const noiVu = reminders(NOI_VU);
    expect(noiVu.length).toBe(4);
    for (const m of noiVu.slice(1)) {
      // on failure, look at: m.subject
      expect(m.subject).toMatch(new RegExp(formatDate(addDays(lastDay, 7)).replace(/\//g, '\\/')));
    }
    const notice = mails.find((m) => m.subject.startsWith('[Quá hạn]') && m.to.includes(NOI_VU));
    // overdue notice after the extended deadline
    expect(notice).toBeTruthy();
    const escalation = mails.find((m) => m.subject.startsWith('[Báo cáo Thường trực Ban]'))!;
    expect(escalation.text).toMatch(/Sở Y tế/);
    expect(escalation.text).not.toMatch(/Sở Nội vụ|Cao Lộc/);
  });
});

describe('refused office actions (real Temporal dev server)', () => {
  it('refuses an earlier "extension", a second exemption, and any action after an exemption', async () => {
    const stack = await startDevStack();
    const { env, db, catcher } = stack;
    try {
      const dondoc = stack.dondoc('refusals');
      const worker = await stack.worker('refusals');
      const { plan, source } = threeUnitPlan({ id: 'refuse-2026', dueDate: '2027-03-10', opensOn: '2027-02-01' });
      const stored = (await savePlan(db.prisma, plan, source))[0]!;
      // Everything far in the future except the opening: the obligations start at once and wait.
      const cycle = await compressCycle(db.prisma, stored, Date.now(), { reminders: [3600], due: 7200, overdue: 7300, escalation: 7400, close: 7500 });
      await worker.runUntil(async () => {
        await startCycle(dondoc, cycle);
        const rid = (u: string) => `refuse-2026/2026-annual/${u}`;
        // The cycle runs (on the waves design a unit's workflow is started by the office's action itself;
        // on the per-unit design by the cycle's fan-out, which the first action then waits for).
        const running = (wid: string) => env.client.workflow.getHandle(wid).query(obligationState).then(() => true, () => false);
        for (let i = 0; i < 100; i++) {
          const design = (await db.prisma.cycle.findUniqueOrThrow({ where: { id: cycle.cycleId } })).design;
          if (design === 'waves' ? (await env.client.workflow.getHandle(cycle.cycleId).describe().then(() => true, () => false)) : (await Promise.all(['so-noi-vu', 'so-y-te', 'ubnd-cao-loc'].map((u) => running(rid(u))))).every(Boolean)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const backwards = await extendObligation(db.prisma, dondoc, rid('so-noi-vu'), addDays(localDateAt(new Date()), -1), 'x', 'office').catch((e: unknown) => e);
        expect(backwards).toBeInstanceOf(OfficeActionRefused);
        expect((backwards as Error).message).toMatch(/Hạn mới phải sau hạn hiện tại/);
        await exemptObligation(db.prisma, dondoc, rid('ubnd-cao-loc'), 'Đã sáp nhập', 'office');
        const again = await exemptObligation(db.prisma, dondoc, rid('ubnd-cao-loc'), 'again', 'office').catch((e: unknown) => e);
        expect(again).toBeInstanceOf(OfficeActionRefused);
        expect((again as Error).message).toMatch(/được miễn/);
        await expect(resendReminderNow(db.prisma, dondoc, rid('ubnd-cao-loc'), 'r', 'office')).rejects.toThrow(OfficeActionRefused);
        // a refused extension changed nothing
        expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: rid('so-noi-vu') } })).status).toBe('open');
        // Whatever runs of this cycle: a unit no action touched has no workflow on the waves design.
        for (const wid of [rid('so-noi-vu'), rid('so-y-te'), 'refuse-2026/2026-annual']) {
          await env.client.workflow.getHandle(wid).terminate('test over').catch((e: unknown) => {
            if (!(e instanceof WorkflowNotFoundError)) throw e;
          });
        }
      });
      // nothing was sent
      expect(catcher.messages().length).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
