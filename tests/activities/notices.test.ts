// Activities against a real SQLite database (Prisma) and a real SMTP server: every email has a
// business key, a retry never sends twice, an SMTP outage loses nothing, a submitted unit gets no
// reminder even if its workflow has not heard of the submission yet.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createActivities, type Activities } from '../../activities/index.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { obligationIdForToken } from '../../db/tokens.ts';
import { formatDate } from '../../domain/calendar.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { recordSubmission } from '../../web/submissions.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

describe('notice activities (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let cycle: StoredCycle;
  const noiVu = 'test-2026/2026-annual/so-noi-vu';
  const yTe = 'test-2026/2026-annual/so-y-te';

  before(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60 });
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    cycle = (await savePlan(db.prisma, plan, source))[0]!;
  });
  beforeEach(() => {
    catcher.clear();
    catcher.refuseConnections(false);
  });
  after(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('sends a reminder once per business key, with a working personal link', async () => {
    const scheduledFor = cycle.timeline.reminders[0]!.at.toISOString();
    assert.equal(await acts.sendReminder({ obligationId: noiVu, scheduledFor }), 'sent');
    assert.equal(await acts.sendReminder({ obligationId: noiVu, scheduledFor }), 'already-sent');
    const mails = await catcher.waitFor((m) => m.length >= 1);
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0]!.to, ['an@noivu.test.dondoc.invalid']);
    assert.match(mails[0]!.subject, new RegExp(formatDate(cycle.timeline.lastDay).replace(/\//g, '\\/')));
    const token = mails[0]!.text.match(/https:\/\/dondoc\.test\/r\/([A-Za-z0-9_-]{43})/)?.[1];
    assert.ok(token);
    assert.equal(await obligationIdForToken(db.prisma, token, new Date('2026-11-30T00:00:00Z')), noiVu);
    assert.equal(await obligationIdForToken(db.prisma, token, new Date('2027-12-31T00:00:00Z')), null, 'expired');
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu } });
    assert.equal(o.status, 'reminded');
  });

  it('an SMTP outage fails the attempt (Temporal retries it) and loses nothing', async () => {
    const scheduledFor = cycle.timeline.reminders[1]!.at.toISOString();
    catcher.refuseConnections(true);
    await assert.rejects(acts.sendReminder({ obligationId: yTe, scheduledFor }));
    await assert.rejects(acts.sendReminder({ obligationId: yTe, scheduledFor }));
    assert.equal(catcher.messages().length, 0);
    const pending = await db.prisma.emailMessage.findFirstOrThrow({ where: { obligationId: yTe, scheduledFor: new Date(scheduledFor) } });
    assert.equal(pending.status, 'sending');
    catcher.refuseConnections(false);
    assert.equal(await acts.sendReminder({ obligationId: yTe, scheduledFor }), 'sent');
    assert.equal(await acts.sendReminder({ obligationId: yTe, scheduledFor }), 'already-sent');
    assert.equal((await catcher.waitFor((m) => m.length >= 1)).length, 1);
    const sent = await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: pending.key } });
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 3);
  });

  it('skips the reminder and the overdue notice once the report is in the database', async () => {
    const o = 'test-2026/2026-annual/ubnd-cao-loc';
    await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: o, comment: 'báo cáo', channel: 'paper', receivedAt: new Date('2026-11-20T03:00:00Z') });
    assert.equal(await acts.sendReminder({ obligationId: o, scheduledFor: cycle.timeline.reminders[2]!.at.toISOString() }), 'skipped-submitted');
    assert.equal(await acts.markOverdue({ obligationId: o }), false);
    assert.equal(await acts.sendOverdueNotice({ obligationId: o, scheduledFor: cycle.timeline.overdueAt.toISOString() }), 'skipped-submitted');
    assert.equal(catcher.messages().length, 0);
    assert.equal((await db.prisma.obligation.findUniqueOrThrow({ where: { id: o } })).status, 'submitted_on_time');
  });

  it('escalates only overdue units, once, and reports nothing when none is overdue', async () => {
    const other = await freshDatabase();
    try {
      const a = createActivities({ prisma: other.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60 });
      const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
      const [c] = await savePlan(other.prisma, plan, source);
      const at = c!.timeline.escalationAt.toISOString();
      assert.deepEqual(await a.sendEscalation({ cycleId: c!.cycleId, scheduledFor: at }), { outcome: 'nothing-overdue', overdueUnits: 0 });
      assert.equal(await a.markOverdue({ obligationId: noiVu }), true);
      assert.deepEqual(await a.sendEscalation({ cycleId: c!.cycleId, scheduledFor: at }), { outcome: 'sent', overdueUnits: 1 });
      assert.deepEqual(await a.sendEscalation({ cycleId: c!.cycleId, scheduledFor: at }), { outcome: 'already-sent', overdueUnits: 1 });
      const mails = await catcher.waitFor((m) => m.length >= 1);
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.text, /Sở Nội vụ/);
      assert.doesNotMatch(mails[0]!.text, /Sở Y tế/);
      assert.equal((await other.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu } })).status, 'escalated');
    } finally {
      await other.close();
    }
  });
});
