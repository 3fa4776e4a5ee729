// The pages that are about no one plan but show plans' data keep to the account's plans: the Outbox
// (the units' personal links are in the mails) and the plan import (the importer is given the plan;
// a plan of the same id it does not have is never overwritten). Real SQLite, real SMTP, real multipart.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { savePlan } from '../../../db/plans.ts';
import { startMailCatcher, type MailCatcher } from '../../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../../mail/mailer.ts';
import { buildWebApp } from '../../../web/app.ts';
import { signInWithForms } from '../../helpers/auth.ts';
import { TEST_COOKIE_SECRET, type FormCsrf } from '../../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';

const NOW = new Date('2026-11-25T03:00:00Z');
const PLAN = 'test-2026';
const OTHER = 'khac-2026';

async function multipart(fields: [string, string | { name: string; text: string }][]) {
  const fd = new FormData();
  for (const [k, v] of fields) {
    if (typeof v === 'string') fd.append(k, v);
    else fd.append(k, new Blob([v.text], { type: 'application/yaml' }), v.name);
  }
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } };
}

describe('pages about no one plan show only the account’s plans', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let member: FormCsrf; // an office account given PLAN
  let outsider: FormCsrf; // an office account given OTHER
  let admin: FormCsrf;

  beforeAll(async () => {
    db = await freshDatabase();
    for (const id of [PLAN, OTHER]) {
      const { plan, source } = threeUnitPlan({ id, dueDate: '2026-12-05', opensOn: '2026-11-01' });
      await savePlan(db.prisma, plan, source);
    }
    catcher = await startMailCatcher({ host: '127.0.0.1' });
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, catcher, deliver: async () => undefined, clock: () => NOW });
    member = await signInWithForms(app, db.prisma, 'office', { now: NOW, plans: [PLAN] });
    outsider = await signInWithForms(app, db.prisma, 'office', { now: NOW, plans: [OTHER] });
    admin = await signInWithForms(app, db.prisma, 'admin', { now: NOW, plans: [] });
  });
  afterAll(async () => {
    mailer?.close();
    await app?.close();
    await catcher?.close();
    await db?.close();
  });

  const get = (who: FormCsrf, url: string) => app.inject({ url, headers: { cookie: who.cookie } });

  it('the Outbox lists and opens only the mails sent for the account’s plans', async () => {
    // One reminder for each plan, sent and recorded as dondoc does (business key, Message-ID), and one mail dondoc has no record of.
    for (const planId of [PLAN, OTHER]) {
      const obligationId = `${planId}/2026-annual/so-noi-vu`;
      const key = `reminder:${obligationId}:2026-11-28T01:00:00.000Z`;
      const messageId = mailer.messageIdFor(key);
      const subject = `[Nhắc nộp báo cáo] ${planId}`;
      await db.prisma.emailMessage.create({ data: { key, kind: 'reminder', obligationId, recipients: 'an@test.dondoc.invalid', subject, messageId, status: 'sent', sentAt: NOW } });
      await mailer.send({ to: ['an@test.dondoc.invalid'], subject, text: `Link ${planId}`, html: `<p>Link ${planId}</p>`, messageId, replyTo: 'office@test.dondoc.invalid' });
    }
    await mailer.send({ to: ['x@test.dondoc.invalid'], subject: 'Thư lạ', text: 'x', html: '<p>x</p>', messageId: '<la@test.dondoc.invalid>', replyTo: 'office@test.dondoc.invalid' });
    await catcher.waitFor((all) => all.length === 3);
    const listed = async (who: FormCsrf) => [...(await get(who, '/outbox')).body.matchAll(/<a href="\/outbox\/([0-9a-f]+)">([^<]*)<\/a>/g)].map((m) => m[2]!).sort();
    expect(await listed(member)).toStrictEqual([`[Nhắc nộp báo cáo] ${PLAN}`]);
    expect(await listed(outsider)).toStrictEqual([`[Nhắc nộp báo cáo] ${OTHER}`]);
    expect(await listed(admin)).toStrictEqual([`[Nhắc nộp báo cáo] ${OTHER}`, `[Nhắc nộp báo cáo] ${PLAN}`, 'Thư lạ'].sort());
    const idOf = (subject: string) => catcher.messages().find((m) => m.subject === subject)!.id;
    const theirs = idOf(`[Nhắc nộp báo cáo] ${PLAN}`);
    expect((await get(member, `/outbox/${theirs}`)).statusCode).toBe(200);
    const refused = await get(outsider, `/outbox/${theirs}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toMatch(/Link test-2026/);
    // the same answer as a message that does not exist
    const withoutToken = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');
    expect(withoutToken(refused.body)).toBe(withoutToken((await get(outsider, '/outbox/0123456789abcdef')).body));
    expect((await get(member, `/outbox/${idOf('Thư lạ')}`)).statusCode).toBe(404);
    expect((await get(admin, `/outbox/${idOf('Thư lạ')}`)).statusCode).toBe(200);
  });

  const importPlan = async (who: FormCsrf, id: string, title: string) => {
    const { source } = threeUnitPlan({ id, dueDate: '2026-12-05', opensOn: '2026-11-01' });
    const body = await multipart([['_csrf', who.csrf], ['plan', { name: 'ke-hoach.yaml', text: source.replace(/^title: .*$/m, `title: ${title}`) }]]);
    return app.inject({ method: 'POST', url: '/plans/import', ...body, headers: { ...body.headers, cookie: who.cookie } });
  };

  it('importing a plan gives it to the importer, and only to the importer', async () => {
    const res = await importPlan(outsider, 'moi-2026', 'Kế hoạch mới');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Đã nạp &quot;moi-2026&quot;|Đã nạp "moi-2026"/);
    expect((await get(outsider, '/cycles/moi-2026/2026-annual')).statusCode).toBe(200);
    expect((await get(outsider, '/')).body).toMatch(/Kế hoạch mới/);
    expect((await get(member, '/cycles/moi-2026/2026-annual')).statusCode).toBe(404);
    expect((await get(member, '/')).body).not.toMatch(/Kế hoạch mới/);
    // Importing it again (a correction) is the importer's to do.
    expect((await importPlan(outsider, 'moi-2026', 'Kế hoạch mới (sửa)')).statusCode).toBe(200);
    expect((await db.prisma.plan.findUniqueOrThrow({ where: { id: 'moi-2026' } })).title).toBe('Kế hoạch mới (sửa)');
    // An administrator needs no grant and gets none.
    expect((await importPlan(admin, 'quan-tri-2026', 'Của quản trị')).statusCode).toBe(200);
    expect(await db.prisma.userPlan.count({ where: { planId: 'quan-tri-2026' } })).toBe(0);
  });

  it('a plan file with the id of a plan the account does not have is refused and changes nothing', async () => {
    const before = await db.prisma.plan.findUniqueOrThrow({ where: { id: PLAN } });
    const grants = await db.prisma.userPlan.count();
    const audit = await db.prisma.auditEvent.count();
    const res = await importPlan(outsider, PLAN, 'Ghi đè');
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/đã được dùng cho một kế hoạch khác; chưa có gì được lưu/);
    expect(await db.prisma.plan.findUniqueOrThrow({ where: { id: PLAN } })).toStrictEqual(before);
    expect(await db.prisma.userPlan.count()).toBe(grants);
    expect(await db.prisma.auditEvent.count()).toBe(audit);
    expect((await get(outsider, `/cycles/${PLAN}/2026-annual`)).statusCode).toBe(404);
  });
});
