// The headers of every email dondoc sends, read from the raw message a real SMTP server received:
// RFC 3834 Auto-Submitted (and Exchange's suppression header) so out-of-office replies and loops are
// suppressed, Reply-To the plan's standing office, and a Message-ID on the domain of MAIL_FROM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { createActivities, type Activities } from '../../activities/index.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, mailDomain, type Mailer } from '../../mail/mailer.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };
const MAIL_FROM = 'Văn phòng thường trực <no-reply@So-LDTBXH.LangSon.gov.vn>';
const OFFICE = 'office@test.dondoc.invalid'; // threeUnitPlan's standing office

describe('mail headers (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let cycle: StoredCycle;

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: MAIL_FROM });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    cycle = (await savePlan(db.prisma, plan, source))[0]!;
  });
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('every kind of email is automatic, answers to the standing office, and has a Message-ID on MAIL_FROM\'s domain', async () => {
    const id = (unit: string) => `test-2026/2026-annual/${unit}`;
    const t = cycle.timeline;
    expect(await acts.sendReminder({ obligationId: id('so-noi-vu'), scheduledFor: t.reminders[0]!.at.toISOString() })).toBe('sent');
    expect(await acts.sendOverdueNotice({ obligationId: id('so-noi-vu'), scheduledFor: t.overdueAt.toISOString() })).toBe('sent');
    const { submission } = await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: id('so-y-te'), comment: 'báo cáo', channel: 'paper', receivedAt: new Date('2026-12-01T03:00:00Z') });
    expect(await acts.sendReceipt({ submissionId: submission.id })).toBe('sent');
    expect((await acts.sendEscalation({ cycleId: cycle.cycleId, scheduledFor: t.escalationAt.toISOString() })).outcome).toBe('sent');
    await acts.closeCycle({ cycleId: cycle.cycleId, closedAt: t.closesAt.toISOString() });

    const mails = await catcher.waitFor((m) => m.length >= 5);
    const rows = await db.prisma.emailMessage.findMany();
    expect(rows.map((r) => r.kind).sort()).toStrictEqual(['escalation', 'overdue', 'receipt', 'reminder', 'summary']);
    expect(mails.length).toBe(5);
    for (const m of mails) {
      // on failure, look at: `${m.subject}: ${JSON.stringify(m.headers)}`
      expect(m.headers['auto-submitted']).toBe('auto-generated');
      expect(m.headers['x-auto-response-suppress']).toBe('All');
      expect(m.headers['reply-to']).toBe(OFFICE);
      expect(m.from).toMatch(/<no-reply@so-ldtbxh\.langson\.gov\.vn>$/i);
      expect(m.messageId).toMatch(/^<[0-9a-f]{32}@so-ldtbxh\.langson\.gov\.vn>$/);
      expect(m.headers['message-id']).toBe(m.messageId);
      // The Message-ID recorded for the office is the one sent.
      expect(rows.some((r) => r.messageId === m.messageId && r.subject === m.subject)).toBeTruthy();
    }
  });
});

describe('mailDomain (the domain of MAIL_FROM)', () => {
  it('takes the address\'s domain, lower-cased, with or without a display name', () => {
    expect(mailDomain('dondoc <no-reply@Dondoc.Example.VN>')).toBe('dondoc.example.vn');
    expect(mailDomain('no-reply@so-ldtbxh.gov.vn')).toBe('so-ldtbxh.gov.vn');
    expect(mailDomain('"Sở LĐTBXH, Lạng Sơn" <no-reply@langson.gov.vn>')).toBe('langson.gov.vn');
  });

  it('a MAIL_FROM without an address is refused with a bilingual message', () => {
    expect(() => mailDomain('dondoc')).toThrow(/MAIL_FROM "dondoc" không có địa chỉ email, .* \/ MAIL_FROM has no email address/);
    expect(() => createMailer({ smtp: { host: '127.0.0.1', port: 1, secure: false }, mailFrom: 'no-reply' })).toThrow(/MAIL_FROM has no email address/);
  });
});
