// A task's personal link (/t/:token, issue 14 §2) and the office's task board, through the routes on a
// real database: the lead unit reports its task's status (CSRF, a double-click stored once); a status
// for another task, of another unit or its own, is refused with a clear message and nothing stored; a
// bad link gets the invalid-link page; the board lists every task, overdue first. A file may go with a
// status (multipart, as the report form): a PDF is stored by content and downloaded from the board,
// only by a user of that plan, and by the unit from its own task's link only; an .exe or a file over
// the limit is refused and leaves nothing on disk.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { savePlan } from '../../../db/plans.ts';
import { issueTaskToken, recordTaskReport } from '../../../db/tasks.ts';
import { taskId } from '../../../domain/task-reminders.ts';
import { buildWebApp } from '../../../web/app.ts';
import { FILE_FIELD } from '../../../web/portal/multipart-form.ts';
import { signIn, signedInGet } from '../../helpers/auth.ts';
import { openForm, TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { taskPlan } from '../../helpers/task-plans.ts';
import { filesUnder, multipart, samples, tempUploadsDir } from '../../helpers/uploads.ts';

const PLAN = 'tasks-web-2026';
const NOW = new Date('2026-07-15T03:00:00Z'); // 15/07/2026, Vietnam time
const id = (ref: string) => taskId(PLAN, ref);
const MAX = 64 * 1024;

describe('task links and the task board', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let mine: string; // the link of II.1 (Sở Nội vụ)
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  beforeAll(async () => {
    db = await freshDatabase();
    uploads = await tempUploadsDir();
    const { plan, source } = taskPlan({
      id: PLAN,
      dueDate: '2026-12-15',
      opensOn: '2026-11-15',
      tasks: [
        { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'so-noi-vu', due: 'tháng 7/2026' },
        { ref: 'II.2', title: 'Tập huấn', lead: 'so-y-te', due: 'tháng 6/2026' }, // overdue on 15/07
        { ref: 'II.3', title: 'Hội nghị', lead: 'ubnd-cao-loc', due: 'tháng 5/2026' }, // past, but done
        { ref: 'II.4', title: 'Tổng kết', lead: 'so-y-te', due: 'Quý IV/2026' },
        { ref: 'II.5', title: 'Thường xuyên', lead: 'so-noi-vu' }, // no period
      ],
    });
    await savePlan(db.prisma, plan, source);
    await recordTaskReport(db.prisma, { id: crypto.randomUUID(), taskId: id('II.3'), status: 'done', by: 'unit:ubnd-cao-loc', at: new Date('2026-05-30T03:00:00Z') });
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, uploadsDir: uploads.dir, uploadMaxBytes: MAX, prisma: db.prisma, deliver: async () => undefined, clock: () => NOW });
    mine = await issueTaskToken(db.prisma, id('II.1'), new Date('2026-09-30T00:00:00Z'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await uploads?.close();
  });

  const post = async (token: string, fields: Record<string, string>, withCsrf = true) => {
    const form = await openForm(app, `/t/${token}`);
    return app.inject({
      method: 'POST',
      url: `/t/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      payload: new URLSearchParams({ ...fields, ...(withCsrf ? { _csrf: form.csrf } : {}) }).toString(),
    });
  };
  const postFile = async (token: string, fields: Record<string, string>, file: { filename: string; content: Uint8Array }) => {
    const form = await openForm(app, `/t/${token}`);
    const body = multipart([{ name: '_csrf', value: form.csrf }, ...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: FILE_FIELD, ...file, contentType: 'application/pdf' }]);
    return app.inject({ method: 'POST', url: `/t/${token}`, headers: { 'content-type': body.contentType, cookie: form.cookie }, payload: body.payload });
  };
  const reports = (ref: string) => db.prisma.taskReport.findMany({ where: { taskId: id(ref) }, orderBy: { at: 'asc' } });

  it('shows the task, its lead unit and period, and stores a status once however often it is posted', async () => {
    const page = await app.inject(`/t/${mine}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rà soát cán bộ nữ');
    expect(page.body).toContain('Sở Nội vụ');
    expect(page.body).toMatch(/01\/07\/2026 – [^<]*31\/07\/2026/);
    const reportId = crypto.randomUUID();
    const fields = { reportId, task: id('II.1'), status: 'in_progress', note: 'Đã rà soát 3/5 huyện' };
    for (let i = 0; i < 2; i++) {
      const res = await post(mine, fields);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/t/${mine}`);
    }
    expect((await reports('II.1')).map((r) => [r.id, r.status, r.note, r.by, r.at.toISOString()])).toStrictEqual([[reportId, 'in_progress', 'Đã rà soát 3/5 huyện', 'unit:so-noi-vu', NOW.toISOString()]]);
    expect((await app.inject(`/t/${mine}`)).body).toMatch(/id="current-status"><span class="vi">Đang thực hiện/);
  });

  it('refuses a status for another unit’s task with a message naming the link’s task, and stores nothing', async () => {
    const res = await post(mine, { reportId: crypto.randomUUID(), task: id('II.2'), status: 'done' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Đường link này chỉ dùng để báo cáo nhiệm vụ II.1 của Sở Nội vụ; không nhận báo cáo cho nhiệm vụ II.2 do Sở Y tế chủ trì. Chưa có gì được lưu.');
    expect(res.body).toContain('This link only reports on task II.1 of Sở Nội vụ; it cannot report on task II.2, led by Sở Y tế. Nothing was stored.');
    expect(await reports('II.2')).toStrictEqual([]);
    // another task of the same unit, or one that does not exist: refused too
    const own = await post(mine, { reportId: crypto.randomUUID(), task: id('II.5'), status: 'dropped' });
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain('không nhận báo cáo cho nhiệm vụ II.5.');
    expect(await reports('II.5')).toStrictEqual([]);
    expect((await post(mine, { reportId: crypto.randomUUID(), task: `${PLAN}/IX`, status: 'done' })).statusCode).toBe(403);
  });

  it('refuses a form without its CSRF token, without a status, and any bad link', async () => {
    const before = (await reports('II.1')).length;
    expect((await post(mine, { reportId: crypto.randomUUID(), task: id('II.1'), status: 'done' }, false)).statusCode).toBe(403);
    const noStatus = await post(mine, { reportId: crypto.randomUUID(), task: id('II.1'), note: 'x' });
    expect(noStatus.statusCode).toBe(400);
    expect(noStatus.body).toContain('Vui lòng chọn tình hình thực hiện.');
    expect((await post(mine, { reportId: crypto.randomUUID(), task: id('II.1'), status: 'finished' })).statusCode).toBe(400);
    expect((await reports('II.1')).length).toBe(before);
    for (const url of [`/t/${'A'.repeat(43)}`, '/t/short', `/t/${'x'.repeat(300)}`]) {
      const res = await app.inject(url);
      // on failure, look at: url
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Đường link không hợp lệ hoặc đã hết hạn');
    }
    const expired = await issueTaskToken(db.prisma, id('II.1'), NOW);
    expect((await app.inject(`/t/${expired}`)).statusCode).toBe(404);
  });

  it('the board lists every task, overdue first, then by period or by lead unit', async () => {
    const get = await signedInGet(app, db.prisma, 'committee', NOW);
    const refs = (body: string) => [...body.matchAll(/<tr data-ref="([^"]+)"/g)].map((m) => m[1]);
    const byPeriod = await get(`/plans/${PLAN}/tasks`);
    expect(byPeriod.statusCode).toBe(200);
    expect(refs(byPeriod.body)).toStrictEqual(['II.2', 'II.3', 'II.1', 'II.4', 'II.5']);
    expect(byPeriod.body).toMatch(/<tr data-ref="II.2" data-status="none" class="overdue" data-overdue="true">/);
    expect(byPeriod.body).toContain('5 nhiệm vụ: 1 đã hoàn thành, 1 quá hạn chưa hoàn thành.');
    expect(refs((await get(`/plans/${PLAN}/tasks?by=lead`)).body)).toStrictEqual(['II.2', 'II.1', 'II.5', 'II.4', 'II.3']);
    expect((await get(`/plans/${PLAN}/tasks?by=nonsense`)).statusCode).toBe(303);
    expect((await get('/plans/no-such-plan/tasks')).statusCode).toBe(404);
  });

  describe('a file with the status', () => {
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

    it('stores a PDF by its content with the status, and the office downloads it from the board', async () => {
      const pdf = samples.pdf('nhiệm vụ II.1');
      const reportId = crypto.randomUUID();
      const res = await postFile(mine, { reportId, task: id('II.1'), status: 'done', note: 'Kèm biên bản' }, { filename: 'Biên bản.pdf', content: pdf });
      // on failure, look at: res.body
      expect(res.statusCode).toBe(303);
      const row = await db.prisma.taskReport.findUniqueOrThrow({ where: { id: reportId } });
      expect([row.status, row.note, row.fileSha256]).toStrictEqual(['done', 'Kèm biên bản', sha(pdf)]);
      const h = sha(pdf);
      expect(await filesUnder(uploads.dir)).toStrictEqual([path.join(h.slice(0, 2), h.slice(2))]);
      expect((await app.inject(`/t/${mine}`)).body).toContain('có tệp kèm');

      const get = await signedInGet(app, db.prisma, 'office', NOW);
      const board = await get(`/plans/${PLAN}/tasks`);
      const link = `/plans/${PLAN}/tasks/reports/${reportId}/file`;
      expect(board.body).toContain(`href="${link}"`);
      const file = await get(link);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename="nhiem-vu-II\.1-15-07-2026\.pdf"/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload).toStrictEqual(pdf);
      // plan-scoped: a user of another plan only, a report of no file, an unknown report, another plan's address
      const stranger = await signIn(db.prisma, 'office', { now: NOW, plans: [] });
      const refused = await app.inject({ url: link, headers: { cookie: stranger } });
      expect(refused.statusCode).toBe(404); // plan-scope answers a plan not granted as one that does not exist
      expect(refused.rawPayload).not.toStrictEqual(pdf);
      const plain = (await reports('II.3'))[0]!.id;
      expect((await get(`/plans/${PLAN}/tasks/reports/${plain}/file`)).statusCode).toBe(404);
      expect((await get(`/plans/${PLAN}/tasks/reports/${crypto.randomUUID()}/file`)).statusCode).toBe(404);
      expect((await app.inject(`/plans/${PLAN}/tasks/reports/${reportId}/file`)).statusCode).not.toBe(200);
    });

    it('the unit downloads its own task’s file from its link; another task’s report or a wrong link gets the invalid-link page, disclosing nothing', async () => {
      const pdf = samples.pdf('tệp của Sở Nội vụ');
      const reportId = crypto.randomUUID();
      expect((await postFile(mine, { reportId, task: id('II.1'), status: 'in_progress' }, { filename: 'tien-do.pdf', content: pdf })).statusCode).toBe(303);
      // Sở Y tế's link to II.2, with a file of its own
      const theirs = await issueTaskToken(db.prisma, id('II.2'), new Date('2026-09-30T00:00:00Z'));
      const theirPdf = samples.pdf('tệp của Sở Y tế');
      const theirReport = crypto.randomUUID();
      expect((await postFile(theirs, { reportId: theirReport, task: id('II.2'), status: 'done' }, { filename: 'y-te.pdf', content: theirPdf })).statusCode).toBe(303);

      const href = `/t/${mine}/reports/${reportId}/file`;
      expect((await app.inject(`/t/${mine}`)).body).toContain(`href="${href}"`);
      const file = await app.inject(href);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename="nhiem-vu-II\.1-15-07-2026\.pdf"/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload).toStrictEqual(pdf);
      expect((await app.inject(`/t/${theirs}/reports/${theirReport}/file`)).rawPayload).toStrictEqual(theirPdf);

      const expired = await issueTaskToken(db.prisma, id('II.1'), NOW);
      const noFile = (await reports('II.1')).find((r) => r.fileSha256 === null)!.id;
      const refused = [
        `/t/${mine}/reports/${theirReport}/file`, // another unit's task, through my link
        `/t/${theirs}/reports/${reportId}/file`, // mine, through theirs
        `/t/${'A'.repeat(43)}/reports/${reportId}/file`, // a link that does not exist
        `/t/${expired}/reports/${reportId}/file`, // my task's link, expired
        `/t/${mine}/reports/${noFile}/file`, // my report without a file
        `/t/${mine}/reports/${crypto.randomUUID()}/file`,
        `/t/${mine}/reports/${'x'.repeat(101)}/file`,
      ];
      for (const url of refused) {
        const res = await app.inject(url);
        // on failure, look at: url
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toContain('Đường link không hợp lệ hoặc đã hết hạn');
        // nothing of either task shows: no file, no task, no unit
        for (const secret of ['II.1', 'II.2', 'Sở Y tế', 'Sở Nội vụ', 'Rà soát', 'Tập huấn']) expect(res.body).not.toContain(secret);
        expect(res.rawPayload.includes(Buffer.from('%PDF'))).toBe(false);
      }
    });

    it('refuses an .exe, a file over the limit and a cut-off upload: no report, nothing on disk', async () => {
      const before = await filesUnder(uploads.dir);
      const count = await db.prisma.taskReport.count();
      const exe = await postFile(mine, { reportId: crypto.randomUUID(), task: id('II.1'), status: 'done', note: 'giữ lại' }, { filename: 'bien-ban.pdf', content: samples.exe() });
      expect(exe.statusCode).toBe(415);
      expect(exe.body).toContain('Tệp là chương trình chạy được');
      expect(exe.body).toContain('Chưa có gì được lưu');
      expect(exe.body).toMatch(/giữ lại<\/textarea>/);
      const big = await postFile(mine, { reportId: crypto.randomUUID(), task: id('II.1'), status: 'done' }, { filename: 'lon.pdf', content: Buffer.concat([samples.pdf(), Buffer.alloc(MAX + 1, 0x20)]) });
      expect(big.statusCode).toBe(413);
      expect(big.body).toContain('Tệp quá lớn');
      // cut off in the middle of the file (the browser went away): refused, its temporary file removed
      const form = await openForm(app, `/t/${mine}`);
      const whole = multipart([{ name: '_csrf', value: form.csrf }, { name: 'reportId', value: crypto.randomUUID() }, { name: 'task', value: id('II.1') }, { name: 'status', value: 'done' }, { name: FILE_FIELD, filename: 'cut.pdf', content: Buffer.concat([samples.pdf('cut'), Buffer.alloc(8000, 0x20)]) }]);
      const cut = await app.inject({ method: 'POST', url: `/t/${mine}`, headers: { 'content-type': whole.contentType, cookie: form.cookie }, payload: whole.payload.subarray(0, whole.payload.length - 4000) });
      expect(cut.statusCode).toBe(400);
      expect(cut.body).toContain('Dữ liệu gửi lên không đầy đủ hoặc bị hỏng. Chưa có gì được lưu');
      // a PDF for another unit's task: refused before anything is put in place
      const other = await postFile(mine, { reportId: crypto.randomUUID(), task: id('II.2'), status: 'done' }, { filename: 'x.pdf', content: samples.pdf('khác') });
      expect(other.statusCode).toBe(403);
      expect(await db.prisma.taskReport.count()).toBe(count);
      // no blob and no temporary file anywhere in the test's root
      expect(await filesUnder(uploads.root)).toStrictEqual(before.map((f) => path.join('uploads', f)));
    });
  });
});
