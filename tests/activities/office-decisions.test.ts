// The office's decisions as the engine records them (real SQLite, real SMTP): an extension and an
// exemption keep their reason, who decided and when (once, however often the activity is retried),
// the unit's page shows them, and the overdue notice of an extended unit names the escalation date of
// its own deadline, not the cycle's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createActivities, type Activities } from '../../activities/index.ts';
import { savePlan } from '../../db/plans.ts';
import { addDays, atLocalTime, endOfDay, formatDate, formatDateTime, localDateAt } from '../../domain/calendar.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { buildWebApp } from '../../web/app.ts';
import { signIn } from '../helpers/auth.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { readCycleTimeline } from '../../db/stored-json.ts';

// The activities here never start workflows: a client that is never connected proves it.
const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };

describe('the office\'s decisions (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let app: FastifyInstance;
  const noiVu = 'test-2026/2026-annual/so-noi-vu';
  const yTe = 'test-2026/2026-annual/so-y-te';
  const caoLoc = 'test-2026/2026-annual/ubnd-cao-loc';
  // "before 5/12/2026": last day 4/12; the test plan escalates 5 calendar days later, on 9/12.
  const extendedLastDay = '2026-12-20';

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ prisma: db.prisma, deliver: async () => {}, clock: () => new Date('2026-12-10T03:00:00Z'), cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS });
  });
  afterAll(async () => {
    await app.close();
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('records an extension\'s reason, who granted it and when, once even when the activity is retried', async () => {
    const dueAt = endOfDay(extendedLastDay).toISOString();
    const before = Date.now();
    const req = { obligationId: noiVu, dueAt, reason: 'Chờ số liệu của Cục Thống kê', by: 'chanh.vp@test.dondoc.invalid' };
    await acts.recordExtension(req);
    await acts.recordExtension(req); // a retry after a lost answer
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: noiVu }, include: { decisions: true } });
    expect(o.status).toBe('extended');
    expect(o.dueAt.toISOString()).toBe(dueAt);
    expect(o.decisions.map((d) => [d.kind, d.reason, d.by, d.dueAt?.toISOString()])).toStrictEqual([['extend', req.reason, req.by, dueAt]]);
    expect(o.decisions[0]!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(o.decisions[0]!.at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('records an exemption\'s reason and who decided', async () => {
    const req = { obligationId: yTe, reason: 'Sáp nhập vào Sở Nội vụ từ 01/12/2026', by: 'cli' };
    await acts.recordExemption(req);
    await acts.recordExemption(req);
    const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: yTe }, include: { decisions: true } });
    expect(o.status).toBe('exempted');
    expect(o.decisions.map((d) => [d.kind, d.reason, d.by, d.dueAt])).toStrictEqual([['exempt', req.reason, req.by, null]]);
  });

  it('the unit\'s page shows each decision with its reason, who decided and when', async () => {
    const cookie = await signIn(db.prisma, 'office', { now: new Date('2026-12-10T03:00:00Z') });
    const get = (unit: string) => app.inject({ url: `/cycles/test-2026/2026-annual/units/${unit}`, headers: { cookie } });
    const extended = await get('so-noi-vu');
    expect(extended.statusCode).toBe(200);
    const d = await db.prisma.obligationDecision.findFirstOrThrow({ where: { obligationId: noiVu } });
    const row = extended.body.match(/<tr data-decision="extend">([\s\S]*?)<\/tr>/)?.[1] ?? '';
    expect(row).toMatch(/Gia hạn đến hết ngày Chủ nhật, 20\/12\/2026/);
    expect(row).toMatch(/Chờ số liệu của Cục Thống kê/);
    expect(row).toMatch(/chanh\.vp@test\.dondoc\.invalid/);
    expect(row).toContain(formatDateTime(d.at));
    const exempted = await get('so-y-te');
    expect(exempted.body).toMatch(/<tr data-decision="exempt">[\s\S]*?Miễn báo cáo[\s\S]*?Sáp nhập vào Sở Nội vụ từ 01\/12\/2026[\s\S]*?<td>cli<\/td>/);
    // A unit without decisions has no such section.
    expect((await get('ubnd-cao-loc')).body).not.toMatch(/data-decision=/);
  });

  it('the overdue notice after an extension names the escalation date of the unit\'s own deadline', async () => {
    // Sở Nội vụ: extended to 20/12, so the committee hears of it 5 days later, on 25/12 (not the cycle's 9/12).
    const extendedEscalation = addDays(extendedLastDay, 5);
    expect(await acts.sendOverdueNotice({ obligationId: noiVu, scheduledFor: atLocalTime(addDays(extendedLastDay, 1), '08:00').toISOString() })).toBe('sent');
    // UBND Cao Lộc: not extended, the cycle's own escalation date.
    expect(await acts.sendOverdueNotice({ obligationId: caoLoc, scheduledFor: atLocalTime('2026-12-05', '08:00').toISOString() })).toBe('sent');
    const mails = await catcher.waitFor((m) => m.length >= 2);
    const to = (address: string) => mails.find((m) => m.to.includes(address))!;
    const extended = to('an@noivu.test.dondoc.invalid');
    expect(extended.subject).toMatch(/hạn 20\/12\/2026, đã quá 1 ngày/);
    expect(extended.text).toContain(`Nếu đến ngày ${formatDate(extendedEscalation)} chưa nhận được`);
    expect(extended.text).toContain(`Units still missing on ${formatDate(extendedEscalation)} will be reported`);
    expect(extended.text).not.toContain('09/12/2026');
    const cycle = await db.prisma.cycle.findUniqueOrThrow({ where: { id: 'test-2026/2026-annual' } });
    const cycleEscalation = localDateAt(readCycleTimeline(cycle.timeline).escalationAt);
    expect(cycleEscalation).toBe('2026-12-09');
    expect(to('dung@caoloc.test.dondoc.invalid').text).toContain(`Nếu đến ngày ${formatDate(cycleEscalation)} chưa nhận được`);
  });
});
