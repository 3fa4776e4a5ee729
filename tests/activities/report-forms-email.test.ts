// The reminder names the cycle's report forms and links each under the unit's personal link (real
// SQLite, real SMTP): the links work in the web app and download the form's bytes; a cycle without
// forms says nothing about them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createActivities, type Activities } from '../../activities/index.ts';
import type { StoredCycle } from '../../db/plans.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { buildWebApp } from '../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { NOI_VU } from '../helpers/plans.ts';
import { FORM_TITLES, loadPlanWithForms, writePlanWithForms, type FormsPlan } from '../helpers/report-forms.ts';
import { tempUploadsDir } from '../helpers/uploads.ts';

const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };
const LINK = /https:\/\/dondoc\.test(\/r\/[A-Za-z0-9_-]{43})\b/;

describe('the reminder and the report forms (real SQLite, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let p: FormsPlan;
  let cycles: StoredCycle[];
  let app: FastifyInstance;

  beforeAll(async () => {
    [db, catcher, uploads, p] = await Promise.all([freshDatabase(), startMailCatcher(), tempUploadsDir(), writePlanWithForms()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    cycles = await loadPlanWithForms(db.prisma, uploads.dir, p);
    app = await buildWebApp({ prisma: db.prisma, deliver: async () => undefined, clock: () => new Date('2026-11-25T03:00:00Z'), uploadsDir: uploads.dir, uploadMaxBytes: 1024 * 1024, cookieSecret: TEST_COOKIE_SECRET });
  });
  afterAll(async () => {
    mailer.close();
    await app.close();
    await Promise.all([catcher.close(), db.close(), uploads.close(), p.close()]);
  });

  it('names each form and links it under the unit personal link, in text and HTML, both languages', async () => {
    catcher.clear();
    const [annual] = cycles;
    expect(await acts.sendReminder({ obligationId: 'test-2026/2026-annual/so-noi-vu', scheduledFor: annual!.timeline.reminders[0]!.at.toISOString() })).toBe('sent');
    const [mail] = await catcher.waitFor((m) => m.length >= 1);
    expect(mail!.to).toStrictEqual([NOI_VU]);
    const personal = mail!.text.match(LINK)?.[1];
    expect(personal).toBeDefined();
    const rows = await db.prisma.cycleForm.findMany({ where: { cycleId: annual!.cycleId }, orderBy: { position: 'asc' } });
    expect(rows.length).toBe(2);
    const [vi, en] = mail!.text.split('==== English ====');
    for (const part of [vi!, en!]) {
      for (const f of rows) expect(part).toContain(`- ${f.title} (${f.fileName}): https://dondoc.test${personal}/forms/${f.sha256}`);
    }
    expect(vi).toContain('Mẫu báo cáo kèm theo Kế hoạch (tải về, điền và gửi kèm báo cáo):');
    expect(en).toContain('Report forms attached to the plan (download, fill in and send with your report):');
    expect(mail!.html).toContain(`<a href="https://dondoc.test${personal}/forms/${rows[1]!.sha256}">Biểu số 02: Số liệu cán bộ nữ (bieu-02.xlsx)</a>`);
    expect(mail!.html.split(`${personal}/forms/${rows[0]!.sha256}`).length - 1).toBe(2); // once per language
    expect(FORM_TITLES.docx).toBe(rows[0]!.title);

    // The links are real: the unit's link downloads each form's exact bytes.
    for (const [row, bytes] of [[rows[0]!, p.bytes.docx], [rows[1]!, p.bytes.xlsx]] as const) {
      const res = await app.inject({ url: `${personal}/forms/${row.sha256}` });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
    }
  });

  it('a cycle without forms: no forms paragraph', async () => {
    catcher.clear();
    const q4 = cycles[1]!;
    expect(await acts.sendReminder({ obligationId: 'test-2026/2026-q4/so-noi-vu', scheduledFor: q4.timeline.reminders[0]!.at.toISOString() })).toBe('sent');
    const [mail] = await catcher.waitFor((m) => m.length >= 1);
    expect(mail!.subject).toContain('Báo cáo quý IV năm 2026');
    expect(mail!.text).not.toContain('/forms/');
    expect(mail!.text).not.toContain('Mẫu báo cáo kèm theo');
  });
});
