// Activities against a real SQLite database (Prisma) and a real SMTP server: every email has a
// business key, a retry never sends twice, an SMTP outage loses nothing, a submitted unit gets no
// reminder even if its workflow has not heard of the submission yet.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { createActivities, type Activities } from '../../activities/index.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { obligationIdForToken } from '../../db/tokens.ts';
import { formatDate } from '../../domain/calendar.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { expectTruthy } from '../helpers/expect.ts';

// The notice activities never start workflows: a client that is never connected proves it.
const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };

describe('notice activities (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let cycle: StoredCycle;
  const noiVu = 'test-2026/2026-annual/so-noi-vu';
  const yTe = 'test-2026/2026-annual/so-y-te';

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    cycle = (await savePlan(db.prisma, plan, source))[0]!;
  });
  beforeEach(() => {
    catcher.clear();
    catcher.refuseConnections(false);
  });
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('sends a reminder once per business key, with a working personal link', async () => {
    const scheduledFor = cycle.timeline.reminders[0]!.at.toISOString();
    expect(await acts.sendReminder({ obligationId: noiVu, scheduledFor })).toBe('sent');
    expect(await acts.sendReminder({ obligationId: noiVu, scheduledFor })).toBe('already-sent');
    const mails = await catcher.waitFor((m) => m.length >= 1);
    expect(mails.length).toBe(1);
    expect(mails[0]!.to).toStrictEqual(['an@noivu.test.dondoc.invalid']);
    expect(mails[0]!.subject).toMatch(new RegExp(formatDate(cycle.timeline.lastDay).replace(/\//g, '\\/')));
    const token = mails[0]!.text.match(/https:\/\/dondoc\.test\/r\/([A-Za-z0-9_-]{43})/)?.[1];
    expectTruthy(token);
    expect(await obligationIdForToken(db.prisma, token, new Date('2026-11-30T00:00:00Z'))).toBe(noiVu);
    // expired
    expect(await obligationIdForToken(db.prisma, token, new Date('2027-12-31T00:00:00Z'))).toBe(null);
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu } });
    expect(o.status).toBe('reminded');
  });

  it('an SMTP outage fails the attempt (Temporal retries it) and loses nothing', async () => {
    const scheduledFor = cycle.timeline.reminders[1]!.at.toISOString();
    catcher.refuseConnections(true);
    await expect(acts.sendReminder({ obligationId: yTe, scheduledFor })).rejects.toThrow();
    await expect(acts.sendReminder({ obligationId: yTe, scheduledFor })).rejects.toThrow();
    expect(catcher.messages().length).toBe(0);
    const pending = await db.prisma.emailMessage.findFirstOrThrow({ where: { obligationId: yTe, scheduledFor: new Date(scheduledFor) } });
    expect(pending.status).toBe('sending');
    catcher.refuseConnections(false);
    expect(await acts.sendReminder({ obligationId: yTe, scheduledFor })).toBe('sent');
    expect(await acts.sendReminder({ obligationId: yTe, scheduledFor })).toBe('already-sent');
    expect((await catcher.waitFor((m) => m.length >= 1)).length).toBe(1);
    const sent = await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: pending.key } });
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBe(3);
  });

  it('skips the reminder and the overdue notice once the report is in the database', async () => {
    const o = 'test-2026/2026-annual/ubnd-cao-loc';
    const { submission } = await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: o, comment: 'báo cáo', channel: 'paper', receivedAt: new Date('2026-11-20T03:00:00Z') });
    expect(await acts.sendReminder({ obligationId: o, scheduledFor: cycle.timeline.reminders[2]!.at.toISOString() })).toBe('skipped-submitted');
    expect(await acts.markOverdue({ obligationId: o })).toStrictEqual({ overdue: false, submissionId: submission.id });
    expect(await acts.sendOverdueNotice({ obligationId: o, scheduledFor: cycle.timeline.overdueAt.toISOString() })).toBe('skipped-submitted');
    expect(catcher.messages().length).toBe(0);
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: o } })).status).toBe('submitted_on_time');
  });

  it('escalates every unit past its deadline without a report, once; nothing before the deadline', async () => {
    const other = await freshDatabase();
    try {
      const a = createActivities({ prisma: other.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
      const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
      const [c] = await savePlan(other.prisma, plan, source);
      const early = new Date(c!.timeline.dueAt.getTime() - 60_000).toISOString();
      expect(await a.sendEscalation({ cycleId: c!.cycleId, scheduledFor: early })).toStrictEqual({ outcome: 'nothing-overdue', overdueUnits: 0 });
      for (const unit of ['so-y-te', 'ubnd-cao-loc']) {
        await recordSubmission(other.prisma, { submissionId: crypto.randomUUID(), obligationId: `test-2026/2026-annual/${unit}`, comment: 'x', channel: 'paper', receivedAt: new Date('2026-12-01T03:00:00Z') });
      }
      // Sở Nội vụ's own workflow has not marked it overdue (say it was down): it is still named.
      const at = c!.timeline.escalationAt.toISOString();
      expect(await a.sendEscalation({ cycleId: c!.cycleId, scheduledFor: at })).toStrictEqual({ outcome: 'sent', overdueUnits: 1 });
      expect(await a.sendEscalation({ cycleId: c!.cycleId, scheduledFor: at })).toStrictEqual({ outcome: 'already-sent', overdueUnits: 1 });
      const mails = await catcher.waitFor((m) => m.length >= 1);
      expect(mails.length).toBe(1);
      expect(mails[0]!.text).toMatch(/Sở Nội vụ/);
      expect(mails[0]!.text).not.toMatch(/Sở Y tế/);
      expect((await other.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu } })).status).toBe('escalated');
    } finally {
      await other.close();
    }
  });
});

describe('"nothing to report" (không có nội dung báo cáo)', () => {
  it('is its own status, counts as reported in the rates, and a later real report replaces it', async () => {
    const [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    try {
      const a = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
      const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
      const [c] = await savePlan(db.prisma, plan, source);
      const id = (unit: string) => `test-2026/2026-annual/${unit}`;
      const before = new Date('2026-12-01T03:00:00Z');
      const nothing = await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: id('so-noi-vu'), comment: 'Kỳ này không phát sinh vụ việc', channel: 'web', kind: 'nothing', receivedAt: before });
      expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: id('so-noi-vu') } })).status).toBe('nothing_to_report');
      // The receipt says what was confirmed.
      expect(await a.sendReceipt({ submissionId: nothing.submission.id })).toBe('sent');
      const [receipt] = await catcher.waitFor((m) => m.length >= 1);
      expect(receipt!.subject).toMatch(/xác nhận không có nội dung báo cáo/);
      // Sở Y tế first says "nothing", then sends a real report after the deadline: the report decides.
      await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: id('so-y-te'), comment: 'không có', channel: 'web', kind: 'nothing', receivedAt: before });
      await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: id('so-y-te'), comment: 'Báo cáo bổ sung', channel: 'web', receivedAt: new Date('2026-12-08T03:00:00Z') });
      expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: id('so-y-te') } })).status).toBe('submitted_late');
      // both versions kept
      expect(await db.prisma.submission.count({ where: { obligationId: id('so-y-te') } })).toBe(2);

      const summary = await a.closeCycle({ cycleId: c!.cycleId, closedAt: c!.timeline.closesAt.toISOString() });
      expect({ expected: summary.expected, onTime: summary.onTime, late: summary.late, nothing: summary.nothingToReport, missing: summary.missing }).toStrictEqual({ expected: 3, onTime: 0, late: 1, nothing: 1, missing: 1 });
      expect(summary.reportingRate).toStrictEqual({ numerator: 2, denominator: 3 });
      expect(summary.onTimeRate).toStrictEqual({ numerator: 1, denominator: 3 });
      const mails = await catcher.waitFor((m) => m.some((x) => x.subject.startsWith('[Tổng hợp]')));
      const text = mails.find((x) => x.subject.startsWith('[Tổng hợp]'))!.text;
      expect(text).toMatch(/không có nội dung báo cáo: 1/);
      expect(text).toMatch(/Các đơn vị không nộp \(1\):[\s\S]*UBND huyện Cao Lộc/);
      expect(text.split('Các đơn vị không nộp')[1]!.split('To:')[0]!).not.toMatch(/Sở Nội vụ/);
    } finally {
      mailer.close();
      await catcher.close();
      await db.close();
    }
  });
});

describe('reloading a plan', () => {
  it('updates names but refuses to move the dates of a stored cycle, and keeps statuses', async () => {
    const db = await freshDatabase();
    try {
      const first = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
      await savePlan(db.prisma, first.plan, first.source);
      await db.prisma.obligation.update({ where: { id: 'test-2026/2026-annual/so-y-te' }, data: { status: 'reminded' } });
      const renamed = { ...first.plan, units: first.plan.units.map((u) => (u.code === 'so-y-te' ? { ...u, name: 'Sở Y tế tỉnh' } : u)) };
      await savePlan(db.prisma, renamed, first.source);
      const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: 'test-2026/2026-annual/so-y-te' }, include: { unit: true } });
      expect(o.unit.name).toBe('Sở Y tế tỉnh');
      expect(o.status).toBe('reminded');
      const moved = threeUnitPlan({ dueDate: '2026-12-10', opensOn: '2026-11-01' });
      await expect(savePlan(db.prisma, { ...moved.plan, units: renamed.units }, moved.source)).rejects.toThrow(/test-2026\/2026-annual.*extend the deadline/s);
      const c = await db.prisma.cycle.findUniqueOrThrow({ where: { id: 'test-2026/2026-annual' } });
      // the refused load changed nothing
      expect(c.lastDay).toBe('2026-12-04');
    } finally {
      await db.close();
    }
  });
});

describe('who owes a cycle', () => {
  it('a unit closed before the deadline, or of another kind, gets no obligation', async () => {
    const db = await freshDatabase();
    try {
      const base = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
      const plan = {
        ...base.plan,
        units: base.plan.units.map((u) => (u.code === 'ubnd-cao-loc' ? { ...u, closesOn: '2026-07-01' } : u)),
        cycles: base.plan.cycles.map((c) => ({ ...c, unitKinds: ['department' as const, 'district' as const] })),
      };
      const [c] = await savePlan(db.prisma, plan, base.source);
      expect(c!.obligationIds).toStrictEqual(['test-2026/2026-annual/so-noi-vu', 'test-2026/2026-annual/so-y-te']);
    } finally {
      await db.close();
    }
  });
});

describe('the receipt email of a report with a file and figures', () => {
  it('shows the time, the file\'s checksum, its name and size, and the figures entered', async () => {
    const [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    try {
      const a = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
      const figures = [
        { key: 'so-vu-viec', name: 'Số vụ việc', unit: 'vụ', type: 'integer' },
        { key: 'kinh-phi', name: 'Kinh phí', unit: 'triệu đồng', type: 'number' },
      ];
      const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01', figures });
      await savePlan(db.prisma, plan, source);
      const sha = 'ab'.repeat(32);
      const { submission } = await recordSubmission(db.prisma, {
        submissionId: crypto.randomUUID(),
        obligationId: 'test-2026/2026-annual/so-noi-vu',
        comment: '',
        file: { sha256: sha, name: 'Báo cáo năm.pdf', size: 1.5 * 1024 * 1024, contentType: 'application/pdf' },
        figures: { 'so-vu-viec': 1234, 'kinh-phi': 12.5 },
        channel: 'web',
        receivedAt: new Date('2026-12-01T03:00:00Z'),
      });
      // the checksum is the file's
      expect(submission.checksum).toBe(sha);
      expect(await a.sendReceipt({ submissionId: submission.id })).toBe('sent');
      const [mail] = await catcher.waitFor((m) => m.length >= 1);
      expect(mail!.text).toMatch(/10:00 01\/12\/2026/);
      expect(mail!.text).toMatch(new RegExp(`Mã kiểm tra \\(SHA-256\\) của tệp: ${sha}`));
      expect(mail!.text).toMatch(/Tệp báo cáo: Báo cáo năm\.pdf \(1,5 MB\)/);
      expect(mail!.text).toMatch(/Số vụ việc \| 1\.234 vụ/);
      expect(mail!.text).toMatch(/Kinh phí \| 12,5 triệu đồng/);
      expect(mail!.text).toMatch(/Report file: Báo cáo năm\.pdf/);
    } finally {
      mailer.close();
      await catcher.close();
      await db.close();
    }
  });
});
