// The cycle's ZIP (/cycles/PLAN/CYCLE/submissions.zip) holds the files lead units sent with their task
// statuses (issue 14 §2), through the real routes on a real database: the files of the tasks the cycle's
// report speaks of (db/task-rows.ts: period ending within the cycle's data period), under "nhiem-vu/",
// each named by the task's ref, its lead unit and the time, with the bytes as sent; a task outside the
// period, a status without a file and a task without a period put nothing there.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { savePlan } from '../../../db/plans.ts';
import { taskRows } from '../../../db/task-rows.ts';
import { issueTaskToken } from '../../../db/tasks.ts';
import { taskId } from '../../../domain/task-reminders.ts';
import { buildWebApp } from '../../../web/app.ts';
import { FILE_FIELD } from '../../../web/portal/multipart-form.ts';
import { signedInGet } from '../../helpers/auth.ts';
import { openForm, TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { taskPlan } from '../../helpers/task-plans.ts';
import { multipart, samples, tempUploadsDir } from '../../helpers/uploads.ts';

const PLAN = 'tasks-zip-2026';
const id = (ref: string) => taskId(PLAN, ref);

describe('task files in the cycle ZIP', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let now = new Date('2026-07-15T03:00:00Z'); // 10:00 Vietnam time
  const sent: Record<string, Uint8Array> = {};

  /** The lead unit sends a status with a file from its task's link, as the page's form does. */
  const sendStatus = async (ref: string, at: string, file?: { filename: string; content: Uint8Array }) => {
    now = new Date(at);
    const token = await issueTaskToken(db.prisma, id(ref), new Date('2026-12-31T00:00:00Z'));
    const form = await openForm(app, `/t/${token}`);
    const fields = [{ name: '_csrf', value: form.csrf }, { name: 'reportId', value: crypto.randomUUID() }, { name: 'task', value: id(ref) }, { name: 'status', value: 'in_progress' }];
    const body = multipart([...fields, ...(file ? [{ name: FILE_FIELD, ...file }] : [])]);
    const res = await app.inject({ method: 'POST', url: `/t/${token}`, headers: { 'content-type': body.contentType, cookie: form.cookie }, payload: body.payload });
    // on failure, look at: res.body
    expect(res.statusCode).toBe(303);
  };

  beforeAll(async () => {
    db = await freshDatabase();
    uploads = await tempUploadsDir();
    // The annual cycle due 15/12/2026: its data period is 15/12/2025 – 14/12/2026 (Decree 09/2019).
    const { plan, source } = taskPlan({
      id: PLAN,
      dueDate: '2026-12-15',
      opensOn: '2026-11-15',
      tasks: [
        { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'so-noi-vu', due: 'tháng 7/2026' },
        { ref: 'II.2', title: 'Tập huấn', lead: 'so-y-te', due: 'tháng 6/2026' },
        { ref: 'II.3', title: 'Hội nghị', lead: 'ubnd-cao-loc', due: 'tháng 5/2026' },
        { ref: 'II.4', title: 'Tổng kết', lead: 'so-y-te', due: 'Quý IV/2026' }, // ends 31/12/2026: after the data period
        { ref: 'II.5', title: 'Thường xuyên', lead: 'so-noi-vu' }, // no period
      ],
    });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, uploadsDir: uploads.dir, uploadMaxBytes: 1024 * 1024, prisma: db.prisma, deliver: async () => undefined, clock: () => now });
    sent.noiVu1 = samples.pdf('II.1 lần 1');
    sent.noiVu2 = samples.xlsx();
    sent.yTe = samples.pdf('II.2');
    await sendStatus('II.1', '2026-07-15T03:00:00Z', { filename: 'Biên bản rà soát.pdf', content: sent.noiVu1 });
    await sendStatus('II.2', '2026-07-16T01:30:00Z', { filename: 'tap-huan.pdf', content: sent.yTe });
    await sendStatus('II.1', '2026-07-20T08:05:00Z', { filename: 'so-lieu.xlsx', content: sent.noiVu2 });
    await sendStatus('II.3', '2026-07-21T03:00:00Z'); // no file
    await sendStatus('II.4', '2026-07-22T03:00:00Z', { filename: 'tong-ket.pdf', content: samples.pdf('II.4, ngoài kỳ') });
    await sendStatus('II.5', '2026-07-23T03:00:00Z', { filename: 'thuong-xuyen.pdf', content: samples.pdf('II.5, không thời hạn') });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await uploads?.close();
  });

  it('puts each file of the tasks the cycle report speaks of under nhiem-vu/, named by task, unit and time, with the bytes as sent', async () => {
    const get = await signedInGet(app, db.prisma, 'committee', now);
    const res = await get(`/cycles/${PLAN}/2026-annual/submissions.zip`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const tasks = Object.keys(files).filter((f) => f.startsWith('nhiem-vu/'));
    expect(tasks).toStrictEqual([
      'nhiem-vu/II.1 - So Noi vu (so-noi-vu) - 2026-07-15 1000.pdf',
      'nhiem-vu/II.1 - So Noi vu (so-noi-vu) - 2026-07-20 1505.xlsx',
      'nhiem-vu/II.2 - So Y te (so-y-te) - 2026-07-16 0830.pdf',
    ]);
    expect(Buffer.from(files[tasks[0]!]!)).toStrictEqual(sent.noiVu1);
    expect(Buffer.from(files[tasks[1]!]!)).toStrictEqual(Buffer.from(sent.noiVu2!));
    expect(Buffer.from(files[tasks[2]!]!)).toStrictEqual(sent.yTe);
    // the units' part of the archive is unchanged: its index first
    expect(Object.keys(files)[0]).toBe('danh-sach.csv');
    // the same tasks as the cycle's report: II.1, II.2 and II.3 (II.3 sent no file)
    const cycle = await db.prisma.cycle.findFirstOrThrow({ where: { planId: PLAN } });
    expect((await taskRows(db.prisma, cycle.id)).map((t) => t.ref)).toStrictEqual(['II.1', 'II.2', 'II.3']);
  });
});
