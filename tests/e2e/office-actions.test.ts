// The office's decisions as workflow Updates, on the time-skipping server: resend a reminder now
// (once per request id), exempt a unit (nothing more is sent; not expected in the summary), extend a
// deadline (every pending reminder and notice moves; the escalation no longer names the unit), and
// the validators' refusals (on the dev server: the Java test server answers a refused Update with
// "update not found").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { OfficeActionRefused, exemptObligation, extendObligation, resendReminderNow } from '../../temporal/office-actions.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { freshDatabase } from '../helpers/db.ts';
import { startDevServer, workflowBundle } from '../helpers/temporal.ts';
import { startMailCatcher } from '../../mail/catcher.ts';
import { createMailer } from '../../mail/mailer.ts';
import { createDondocWorker } from '../../worker/create-worker.ts';
import { obligationState } from '../../workflows/messages.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const NOI_VU = 'an@noivu.test.dondoc.invalid';
const Y_TE = 'binh@yte.test.dondoc.invalid';
const CAO_LOC = 'dung@caoloc.test.dondoc.invalid';
const id = (unit: string) => `office-2026/2026-annual/${unit}`;

describe('office actions on running obligations', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  before(async () => {
    stack = await startStack('office');
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const { plan, source } = threeUnitPlan({ id: 'office-2026', dueDate: addDays(today, 12), opensOn: today });
    lastDay = addDays(today, 11);
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(() => stack?.close());

  it('resends, exempts and extends through the engine, and refuses what makes no sense', async () => {
    const { catcher, db, dondoc } = stack;
    const reminders = (addr: string) => catcher.messages().filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]') && m.to.includes(addr));
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      await catcher.waitFor(() => [NOI_VU, Y_TE, CAO_LOC].every((a) => reminders(a).length === 1));

      // Resend now, with a retried request: one extra reminder.
      await resendReminderNow(dondoc, id('so-y-te'), 'req-1', 'office');
      await resendReminderNow(dondoc, id('so-y-te'), 'req-1', 'office');
      await catcher.waitFor(() => reminders(Y_TE).length === 2);

      // Exempt Cao Lộc; a second exemption is refused with a clear message.
      assert.equal((await exemptObligation(dondoc, id('ubnd-cao-loc'), 'Đã sáp nhập', 'office')).phase, 'exempted');

      // Extend Nội vụ by a week; an "extension" to an earlier day is refused.
      const newLastDay = addDays(lastDay, 7);
      const extended = await extendObligation(db.prisma, dondoc, id('so-noi-vu'), newLastDay, 'Chờ số liệu thống kê', 'office');
      assert.equal(localDateAt(new Date(Date.parse(extended.dueAt) - 1)), newLastDay);
      assert.equal((await db.prisma.obligation.findUniqueOrThrow({ where: { id: id('so-noi-vu') } })).status, 'extended');

      const result = await handle.result();
      assert.deepEqual(
        { expected: result.summary.expected, exempted: result.summary.exempted, missing: result.summary.missing },
        { expected: 2, exempted: 1, missing: 2 },
      );
      assert.deepEqual(result.escalations.map((e) => e.overdueUnits), [1], 'only Sở Y tế was overdue at the escalation');
    });

    const mails = catcher.messages();
    // Exempted: nothing after the first reminder.
    assert.equal(mails.filter((m) => m.to.includes(CAO_LOC)).length, 1);
    // Sở Y tế: the first reminder, the resend, the two later ones, and one overdue notice.
    assert.equal(reminders(Y_TE).length, 4);
    // Sở Nội vụ: the first reminder, then the new schedule's three, every one naming the new deadline,
    // and its overdue notice after the new deadline.
    const noiVu = reminders(NOI_VU);
    assert.equal(noiVu.length, 4);
    for (const m of noiVu.slice(1)) assert.match(m.subject, new RegExp(formatDate(addDays(lastDay, 7)).replace(/\//g, '\\/')), m.subject);
    const notice = mails.find((m) => m.subject.startsWith('[Quá hạn]') && m.to.includes(NOI_VU));
    assert.ok(notice, 'overdue notice after the extended deadline');
    const escalation = mails.find((m) => m.subject.startsWith('[Báo cáo Thường trực Ban]'))!;
    assert.match(escalation.text, /Sở Y tế/);
    assert.doesNotMatch(escalation.text, /Sở Nội vụ|Cao Lộc/);
  });
});

describe('refused office actions (real Temporal dev server)', { timeout: 120_000 }, () => {
  it('refuses an earlier "extension", a second exemption, and any action after an exemption', async () => {
    const [env, db, catcher] = await Promise.all([startDevServer(), freshDatabase(), startMailCatcher()]);
    const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    try {
      const dondoc = { client: env.client, taskQueue: 'refusals' };
      const worker = await createDondocWorker({
        connection: env.nativeConnection,
        namespace: 'default',
        taskQueue: 'refusals',
        deps: { prisma: db.prisma, mailer, publicUrl: 'http://127.0.0.1:9', linkDaysAfterClose: 60, temporal: dondoc },
        workflowBundle: await workflowBundle(),
      });
      const { plan, source } = threeUnitPlan({ id: 'refuse-2026', dueDate: '2027-03-10', opensOn: '2027-02-01' });
      const stored = (await savePlan(db.prisma, plan, source))[0]!;
      // Everything far in the future except the opening: the obligations start at once and wait.
      const cycle = await compressCycle(db.prisma, stored, Date.now(), { reminders: [3600], due: 7200, overdue: 7300, escalation: 7400, close: 7500 });
      await worker.runUntil(async () => {
        await startCycle(dondoc, cycle);
        const rid = (u: string) => `refuse-2026/2026-annual/${u}`;
        for (const u of ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc']) {
          for (let i = 0; i < 100; i++) {
            const ok = await env.client.workflow.getHandle(rid(u)).query(obligationState).then(() => true, () => false);
            if (ok) break;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        await assert.rejects(
          extendObligation(db.prisma, dondoc, rid('so-noi-vu'), addDays(localDateAt(new Date()), -1), 'x', 'office'),
          (e: Error) => e instanceof OfficeActionRefused && /Hạn mới phải sau hạn hiện tại/.test(e.message),
        );
        await exemptObligation(dondoc, rid('ubnd-cao-loc'), 'Đã sáp nhập', 'office');
        await assert.rejects(exemptObligation(dondoc, rid('ubnd-cao-loc'), 'again', 'office'), (e: Error) => e instanceof OfficeActionRefused && /được miễn/.test(e.message));
        await assert.rejects(resendReminderNow(dondoc, rid('ubnd-cao-loc'), 'r', 'office'), OfficeActionRefused);
        assert.equal((await db.prisma.obligation.findUniqueOrThrow({ where: { id: rid('so-noi-vu') } })).status, 'open', 'a refused extension changed nothing');
        await env.client.workflow.getHandle(rid('so-noi-vu')).terminate('test over');
        await env.client.workflow.getHandle(rid('so-y-te')).terminate('test over');
        await env.client.workflow.getHandle('refuse-2026/2026-annual').terminate('test over');
      });
      assert.equal(catcher.messages().length, 0, 'nothing was sent');
    } finally {
      mailer.close();
      await catcher.close();
      await db.close();
      await env.teardown();
    }
  });
});
