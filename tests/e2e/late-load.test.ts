// A plan loaded after its deadline, on the time-skipping server: nobody gets a "days left" reminder;
// a report that reached the database while its signal never did still gets its receipt; a mailbox
// the SMTP server permanently rejects does not stop the cycle; the escalation names every unit whose
// deadline passed without a report.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);


describe('a plan loaded after its deadline', () => {
  let stack: Stack;
  let cycle: StoredCycle;

  beforeAll(async () => {
    // "before today-1": the last day was two days ago; escalation 5 days after it.
    ({ stack, cycle } = await startStackWithCycle('late', 'late-2026', { dueInDays: -1, opensInDays: -30 }));
  });
  afterAll(() => stack?.close());

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
      expect(result.escalations.length).toBe(1);
      expect(result.escalations[0]!.overdueUnits).toBe(2);
      expect({ onTime: result.summary.onTime, missing: result.summary.missing }).toStrictEqual({ onTime: 1, missing: 2 });
    });

    const mails = catcher.messages();
    const kinds = (addr: string) => mails.filter((m) => m.to.includes(addr)).map((m) => m.subject.match(/^\[([^\]]+)\]/)?.[1]);
    // the report in the database is receipted; no reminder, no notice
    expect(kinds(NOI_VU)).toStrictEqual(['Biên nhận']);
    // no reminder after the deadline; one overdue notice
    expect(kinds(Y_TE)).toStrictEqual(['Quá hạn']);
    // the rejected mailbox received nothing
    expect(kinds(CAO_LOC)).toStrictEqual([]);
    const rejected = await db.prisma.emailMessage.findMany({ where: { obligationId: 'late-2026/2026-annual/ubnd-cao-loc' } });
    expect(rejected.map((e) => [e.kind, e.status])).toStrictEqual([['overdue', 'rejected']]);
    const escalation = mails.find((m) => m.subject.startsWith('[Báo cáo Thường trực Ban]'))!;
    expect(escalation.text).toMatch(/Sở Y tế/);
    expect(escalation.text).toMatch(/UBND huyện Cao Lộc/);
    expect(mails.some((m) => m.subject.startsWith('[Biên nhận]') && m.text.includes(paper.submission.id))).toBeTruthy();
  });
});
