// A plan loaded after its deadline, on the time-skipping server: nobody gets a "days left" reminder;
// a report that reached the database while its signal never did still gets its receipt; a mailbox
// the SMTP server permanently rejects does not stop the cycle; the escalation names every unit whose
// deadline passed without a report.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { recordSubmission } from '../../web/submissions.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const NOI_VU = 'an@noivu.test.dondoc.invalid';
const Y_TE = 'binh@yte.test.dondoc.invalid';
const CAO_LOC = 'dung@caoloc.test.dondoc.invalid';

describe('a plan loaded after its deadline', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;

  before(async () => {
    stack = await startStack('late');
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    // "before today-1": the last day was two days ago; escalation 5 days after it.
    const { plan, source } = threeUnitPlan({ id: 'late-2026', dueDate: addDays(today, -1), opensOn: addDays(today, -30) });
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(() => stack?.close());

  it('sends no reminder, one notice per overdue unit, the receipt, and closes despite a dead mailbox', async () => {
    const { catcher, db } = stack;
    // Sở Nội vụ's report is in the database (say, recorded from paper while Temporal was down);
    // its workflow is never signalled.
    const paper = await recordSubmission(db.prisma, {
      submissionId: crypto.randomUUID(),
      obligationId: 'late-2026/2026-annual/so-noi-vu',
      comment: 'Báo cáo giấy',
      channel: 'paper',
      receivedAt: new Date(cycle.timeline.dueAt.getTime() - 3_600_000),
    });
    catcher.rejectRecipients([CAO_LOC]);

    await stack.worker.runUntil(async () => {
      const result = await (await startCycle(stack.dondoc, cycle)).result();
      assert.equal(result.escalations.length, 1);
      assert.equal(result.escalations[0]!.overdueUnits, 2);
      assert.deepEqual({ onTime: result.summary.onTime, missing: result.summary.missing }, { onTime: 1, missing: 2 });
    });

    const mails = catcher.messages();
    const kinds = (addr: string) => mails.filter((m) => m.to.includes(addr)).map((m) => m.subject.match(/^\[([^\]]+)\]/)?.[1]);
    assert.deepEqual(kinds(NOI_VU), ['Biên nhận'], 'the report in the database is receipted; no reminder, no notice');
    assert.deepEqual(kinds(Y_TE), ['Quá hạn'], 'no reminder after the deadline; one overdue notice');
    assert.deepEqual(kinds(CAO_LOC), [], 'the rejected mailbox received nothing');
    const rejected = await db.prisma.emailMessage.findMany({ where: { obligationId: 'late-2026/2026-annual/ubnd-cao-loc' } });
    assert.deepEqual(rejected.map((e) => [e.kind, e.status]), [['overdue', 'rejected']]);
    const escalation = mails.find((m) => m.subject.startsWith('[Báo cáo Thường trực Ban]'))!;
    assert.match(escalation.text, /Sở Y tế/);
    assert.match(escalation.text, /UBND huyện Cao Lộc/);
    assert.ok(mails.some((m) => m.subject.startsWith('[Biên nhận]') && m.text.includes(paper.submission.id)));
  });
});
