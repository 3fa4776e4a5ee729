// One-off requests from the office's pages (real SQLite; the engine a recording stand-in, tests/e2e
// run the real one): the form and its presets, a created request opened through the engine and shown
// beside the plan's cycles, a double post stored once, every bad input answered with the form, its
// reasons and nothing stored, the committee kept out, and the engine being down.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { parse, stringify } from 'yaml';
import { savePlan, type StoredCycle } from '../../../db/plans.ts';
import { parsePlan } from '../../../domain/plan-file.ts';
import type { OfficeEngine } from '../../../temporal/office-actions.ts';
import { buildWebApp } from '../../../web/app.ts';
import { signIn, signInWithForms } from '../../helpers/auth.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';

const NOW = new Date('2030-11-10T03:00:00Z'); // 10:00 on 10/11/2030, Vietnam time
const KEY = 'req-20301120-bao-cao-ket-qua-kiem-tra';

describe('one-off requests from the web', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let cookie: string;
  let csrf: string;
  const opened: { cycles: StoredCycle[]; now: Date }[] = [];
  let engineDown = false;

  beforeAll(async () => {
    db = await freshDatabase();
    const doc = parse(threeUnitPlan({ id: 'web-req', dueDate: '2030-12-05', opensOn: '2030-11-01' }).source) as Record<string, unknown>;
    doc.objectives = [{ number: 1, text: 'Tăng cường sự tham gia của phụ nữ', lead: 'so-y-te', indicators: [{ number: 1, lead: 'so-noi-vu' }] }];
    const source = stringify(doc);
    const r = parsePlan(source);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    await savePlan(db.prisma, r.plan, source);
    const office = {
      async openCycles(cycles: StoredCycle[], now: Date) {
        if (engineDown) throw Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
        opened.push({ cycles, now });
        return { started: cycles.map((c) => c.cycleId), scheduled: [] };
      },
    } as unknown as OfficeEngine;
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, prisma: db.prisma, deliver: async () => undefined, office, clock: () => NOW, ...NO_UPLOADS });
    ({ cookie, csrf } = await signInWithForms(app, db.prisma, 'office', { now: NOW }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  beforeEach(() => {
    opened.length = 0;
    engineDown = false;
  });

  const get = (url: string) => app.inject({ url, headers: { cookie } });
  const post = (fields: Record<string, string | string[]>, plan = 'web-req') => {
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return app.inject({ method: 'POST', url: `/plans/${plan}/requests`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  };
  const inspection = { title: 'Báo cáo kết quả kiểm tra', by: 'objective', objective: '1', lastDay: '20/11/2030', preset: 'inspection', figures: 'so-cuoc:Số cuộc kiểm tra:cuộc:integer' };
  const oneOffCycles = () => db.prisma.cycle.count({ where: { kind: 'one-off' } });

  it('the plans page offers the form; a preset fills the title and the figures', async () => {
    expect((await get('/')).body).toContain('href="/plans/web-req/requests/new"');
    const res = await get('/plans/web-req/requests/new?preset=work-plan');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('name="title" value="Kế hoạch công tác năm 2031 và dự toán kinh phí"');
    expect(res.body).toMatch(/du-toan-duoc-giao:Dự toán kinh phí được giao:đồng:integer\nkp-tiet-kiem:/);
    expect(res.body).toContain('name="lastDay" value="24/11/2030"'); // two weeks ahead
    expect(res.body).toContain('<input type="checkbox" name="codes" value="ubnd-cao-loc">');
    const objective = await get('/plans/web-req/requests/new?preset=objective&objective=1');
    expect(objective.body).toContain('value="Báo cáo kết quả thực hiện Mục tiêu 1 năm 2030"');
    expect(objective.body).toMatch(/<input type="radio" name="by" value="objective" checked>/);
    // An unknown preset is the empty form; an unknown plan is a 404.
    expect((await get('/plans/web-req/requests/new?preset=nope')).body).toContain('name="title" value=""');
    expect((await get('/plans/khong-co/requests/new')).statusCode).toBe(404);
  });

  it('creates the request, opens it through the engine, audits it, and lists it beside the plan\'s cycles', async () => {
    const res = await post(inspection);
    // on failure, look at: res.body
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cycles/web-req/${KEY}`);
    expect(opened.map((o) => o.cycles.map((c) => c.cycleId))).toStrictEqual([[`web-req/${KEY}`]]);
    expect(opened[0]!.cycles[0]!.obligationIds).toStrictEqual([`web-req/${KEY}/so-noi-vu`, `web-req/${KEY}/so-y-te`]);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'request_create', target: `web-req/${KEY}` } });
    expect(audit.detail).toMatchObject({ created: true, units: 2, preset: 'inspection', selection: { by: 'objective', number: 1 } });
    const dashboard = await get(res.headers.location as string);
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toMatch(/data-rate="reporting">0\/2</);
    const plans = await get('/');
    expect(plans.body).toContain(`<a href="/cycles/web-req/${KEY}">Báo cáo kết quả kiểm tra</a> <i data-one-off="${KEY}">`);
  });

  it('the same form posted again stores nothing new and opens the same request', async () => {
    const before = await db.prisma.obligation.count();
    const res = await post(inspection);
    expect(res.statusCode).toBe(303);
    expect(await db.prisma.obligation.count()).toBe(before);
    expect(opened[0]!.cycles[0]!.cycleId).toBe(`web-req/${KEY}`);
  });

  for (const [name, fields, code, message] of [
    ['no unit picked', { ...inspection, title: 'Khác', by: 'units' }, 400, /chưa chọn đơn vị nào \/ no unit chosen/],
    ['a last day in the past', { ...inspection, title: 'Khác', lastDay: '09/11/2030' }, 400, /the last day is in the past/],
    ['a last day before the opening', { ...inspection, title: 'Khác', opensOn: '25/11/2030' }, 400, /comes before the opening day/],
    ['a day that does not exist', { ...inspection, title: 'Khác', lastDay: '31/11/2030' }, 400, /Không có ngày 31\/11\/2030 trong lịch/],
    ['an unknown unit code', { ...inspection, title: 'Khác', by: 'units', codes: ['so-y-te', 'so-khong-co'] }, 400, /unknown unit code\(s\): so-khong-co/],
    ['an unknown objective', { ...inspection, title: 'Khác', objective: '7' }, 400, /the plan has no objective 7/],
    ['a bad figure line', { ...inspection, title: 'Khác', figures: 'so-cuoc:Số cuộc::money' }, 400, /the type must be integer/],
    ['another request under the same key', { ...inspection, by: 'units', codes: 'so-y-te' }, 409, /choose another title/],
  ] as const) {
    it(`refuses ${name}: the form again with the reason, nothing stored or opened`, async () => {
      const before = await oneOffCycles();
      const res = await post(fields as unknown as Record<string, string | string[]>);
      expect(res.statusCode).toBe(code);
      expect(res.body).toMatch(message);
      expect(res.body).toMatch(/nothing was stored/);
      expect(res.body).toContain(`value="${fields.title}"`); // what was typed comes back
      expect(await oneOffCycles()).toBe(before);
      expect(opened).toStrictEqual([]);
    });
  }

  it('every district: the units of that kind; with the engine down the request is stored and the form says to post again', async () => {
    engineDown = true;
    const fields = { title: 'Báo cáo đột xuất về tình hình lao động nữ', by: 'kind', kind: 'district', lastDay: '17/11/2030' };
    const res = await post(fields);
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/post this form again when Temporal is up/);
    const key = 'req-20301117-bao-cao-dot-xuat-ve-tinh-hinh-lao-dong-nu';
    const stored = await db.prisma.obligation.findMany({ where: { cycleId: `web-req/${key}` }, select: { id: true } });
    expect(stored.map((o) => o.id)).toStrictEqual([`web-req/${key}/ubnd-cao-loc`]);
    engineDown = false;
    expect((await post(fields)).statusCode).toBe(303);
    expect(opened.map((o) => o.cycles[0]!.cycleId)).toStrictEqual([`web-req/${key}`]);
  });

  it('the committee may not see or post the form; a post without the CSRF token stores nothing', async () => {
    const committee = await signIn(db.prisma, 'committee', { now: NOW });
    expect((await app.inject({ url: '/plans/web-req/requests/new', headers: { cookie: committee } })).statusCode).toBe(403);
    expect((await get('/')).body).toContain('/requests/new');
    expect((await app.inject({ url: '/', headers: { cookie: committee } })).body).not.toContain('/requests/new');
    const before = await oneOffCycles();
    const res = await app.inject({ method: 'POST', url: '/plans/web-req/requests', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...inspection, title: 'Không token' }).toString() });
    expect(res.statusCode).toBe(403);
    expect(await oneOffCycles()).toBe(before);
  });
});
