// The office's review as the engine carries it out (real SQLite, real SMTP): a return for revision
// recorded once however often retried, the unit's email (why, the new last day with its weekday, its
// personal link, Reply-To the office) sent once, reminders resuming for the returned unit, and the
// counts and rates of db/cycle-stats.ts under the README's on-time rule of a resubmission.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { createActivities, type Activities } from '../../activities/index.ts';
import { cycleCounts } from '../../db/cycle-stats.ts';
import { savePlan } from '../../db/plans.ts';
import { atLocalTime, endOfDay } from '../../domain/calendar.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { NOI_VU, threeUnitPlan, Y_TE } from '../helpers/plans.ts';

const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };
const cycleId = 'test-2026/2026-annual';
const noiVu = `${cycleId}/so-noi-vu`;
const yTe = `${cycleId}/so-y-te`;
const caoLoc = `${cycleId}/ubnd-cao-loc`;
// "before 5/12/2026": the last day is 4/12/2026, the deadline the end of it (Vietnam time).
const onTimeAt = new Date('2026-12-03T03:00:00Z');
const lateAt = new Date('2026-12-06T03:00:00Z');
const newLastDay = '2026-12-20'; // a Sunday

describe('a return for revision (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
  });
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  const submit = (obligationId: string, receivedAt: Date, kind: 'report' | 'nothing' = 'report') =>
    recordSubmission(db.prisma, { submissionId: randomUUID(), obligationId, comment: `Báo cáo ${receivedAt.toISOString()}`, kind, channel: 'web', receivedAt }).then((r) => r.submission);
  const returnIt = (obligationId: string, submissionId: string) =>
    acts.recordReturn({ obligationId, submissionId, dueAt: endOfDay(newLastDay).toISOString(), reason: 'Thiếu biểu số liệu kèm theo', by: 'chanh.vp@test.dondoc.invalid' });

  it('records the return once, makes the unit "returned" by the new day, and counts it as expected, not reported', async () => {
    const v1 = await submit(noiVu, onTimeAt);
    await submit(caoLoc, onTimeAt);
    const before = await cycleCounts(db.prisma, cycleId);
    expect(before.reportingRate).toStrictEqual({ numerator: 2, denominator: 3 });
    expect(before.onTimeRate).toStrictEqual({ numerator: 2, denominator: 3 });

    await returnIt(noiVu, v1.id);
    await returnIt(noiVu, v1.id); // a retry after a lost answer
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu }, include: { decisions: true } });
    expect(o.status).toBe('returned');
    expect(o.dueAt.toISOString()).toBe(endOfDay(newLastDay).toISOString());
    expect(o.submittedAt).toBeNull();
    expect(o.returnedLate).toBe(false);
    expect(o.decisions.map((d) => [d.kind, d.submissionId, d.reason, d.by])).toStrictEqual([['return', v1.id, 'Thiếu biểu số liệu kèm theo', 'chanh.vp@test.dondoc.invalid']]);

    const after = await cycleCounts(db.prisma, cycleId);
    expect(after.byStatus.returned).toBe(1);
    expect(after.expected).toBe(3);
    expect(after.reportingRate).toStrictEqual({ numerator: 1, denominator: 3 });
    expect(after.onTimeRate).toStrictEqual({ numerator: 1, denominator: 3 });
    // the workflow reading the database later does not take the returned version for a new report
    expect(await acts.readStoredSubmission({ obligationId: noiVu })).toBeNull();
  });

  it('tells the unit once: the reason, the new last day with its weekday, its link, Reply-To the office', async () => {
    const v1 = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: noiVu } });
    expect(await acts.sendReturnNotice({ obligationId: noiVu, submissionId: v1.id })).toBe('sent');
    expect(await acts.sendReturnNotice({ obligationId: noiVu, submissionId: v1.id })).toBe('already-sent');
    const [mail] = (await catcher.waitFor((all) => all.length >= 1)).filter((m) => m.to.includes(NOI_VU));
    expect(mail!.subject).toBe('[Trả lại báo cáo] Báo cáo tổng kết năm 2026 – đề nghị hoàn thiện, hạn 20/12/2026');
    expect(mail!.headers['reply-to']).toContain('office@test.dondoc.invalid');
    expect(mail!.text).toContain('Lý do: Thiếu biểu số liệu kèm theo');
    expect(mail!.text).toContain('trước hết ngày Chủ nhật, 20/12/2026');
    expect(mail!.text).toContain('Reason: Thiếu biểu số liệu kèm theo');
    expect(mail!.text).toContain('by the end of Sunday, 20/12/2026');
    expect(mail!.text.indexOf('Lý do:')).toBeLessThan(mail!.text.indexOf('Reason:')); // Vietnamese first
    expect(mail!.text).toMatch(/https:\/\/dondoc\.test\/r\/[A-Za-z0-9_-]{20,}/);
    expect(await db.prisma.emailMessage.count({ where: { obligationId: noiVu, kind: 'returned', status: 'sent' } })).toBe(1);
  });

  it('reminds the returned unit again, and its new version by the new day is on time', async () => {
    expect(await acts.sendReminder({ obligationId: noiVu, scheduledFor: atLocalTime('2026-12-17', '08:00').toISOString() })).toBe('sent');
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu } })).status).toBe('returned');
    const v2 = await submit(noiVu, new Date('2026-12-18T03:00:00Z'));
    expect(v2.onTime).toBe(true);
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu } })).status).toBe('submitted_on_time');
    const c = await cycleCounts(db.prisma, cycleId);
    expect(c.byStatus.returned).toBe(0);
    expect(c.reportingRate).toStrictEqual({ numerator: 2, denominator: 3 });
    expect(c.onTimeRate).toStrictEqual({ numerator: 2, denominator: 3 });
  });

  it('a late first version stays late after its return, even when the new version comes by the new day', async () => {
    const v1 = await submit(yTe, lateAt);
    expect(v1.onTime).toBe(false);
    await returnIt(yTe, v1.id);
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: yTe } })).returnedLate).toBe(true);
    // "nothing to report" by the new day: reported, not on time
    const v2 = await submit(yTe, new Date('2026-12-18T03:00:00Z'), 'nothing');
    expect(v2.onTime).toBe(false);
    const c = await cycleCounts(db.prisma, cycleId);
    expect(c.byStatus.nothing_to_report).toBe(1);
    expect(c.reportingRate).toStrictEqual({ numerator: 3, denominator: 3 });
    expect(c.onTimeRate).toStrictEqual({ numerator: 2, denominator: 3 });
  });

  it('an acceptance is a mark on the version: recorded once, the status stays', async () => {
    const v = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: caoLoc } });
    await acts.recordAcceptance({ obligationId: caoLoc, submissionId: v.id, by: 'cli' });
    await acts.recordAcceptance({ obligationId: caoLoc, submissionId: v.id, by: 'cli' });
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: caoLoc }, include: { decisions: true } });
    expect(o.status).toBe('submitted_on_time');
    expect(o.decisions.map((d) => [d.kind, d.submissionId, d.by])).toStrictEqual([['accept', v.id, 'cli']]);
  });
});
