// The office's cycle page and unit page as routes (real SQLite): rates with numerator and
// denominator, status filter, search and pagination in the database; hostile query strings; forms
// refused without the engine (read-only app) or without a CSRF token, storing nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { savePlan } from '../../../db/plans.ts';
import { parsePlan } from '../../../domain/plan-file.ts';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { parseContacts } from '../../../web/office/contacts.ts';
import { recordSubmission } from '../../../db/submissions.ts';
import { signIn, signInWithForms } from '../../helpers/auth.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';

const N = 250;

describe('office pages', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let cookie: string; // a signed-in office user (session + CSRF secret cookies)
  let CSRF: string; // the token of that user's forms
  const delivered: string[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const base = threeUnitPlan({ id: 'dash-2030', dueDate: '2030-12-05', opensOn: '2030-11-01' }).plan;
    const units = Array.from({ length: N }, (_, i) => ({
      code: `xa-${String(i).padStart(3, '0')}`,
      name: i === 42 ? 'UBND xã Tân Thanh' : `UBND xã số ${String(i).padStart(3, '0')}`,
      kind: 'other' as const,
      focalPersons: [{ name: `Đầu mối ${i}`, email: `xa${i}@dash.dondoc.invalid` }],
    }));
    const source = stringify({ ...base, units });
    const parsed = parsePlan(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await savePlan(db.prisma, parsed.plan, source);
    // 10 on time, 5 "nothing to report", 5 exempted.
    for (let i = 0; i < 10; i++) await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: `dash-2030/2026-annual/xa-${String(i).padStart(3, '0')}`, comment: 'x', channel: 'web', receivedAt: new Date('2030-12-01T03:00:00Z') });
    for (let i = 10; i < 15; i++) await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: `dash-2030/2026-annual/xa-${String(i).padStart(3, '0')}`, comment: 'không phát sinh', kind: 'nothing', channel: 'web', receivedAt: new Date('2030-12-01T03:00:00Z') });
    await db.prisma.obligation.updateMany({ where: { id: { in: [15, 16, 17, 18, 19].map((i) => `dash-2030/2026-annual/xa-0${i}`) } }, data: { status: 'exempted' } });
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, prisma: db.prisma, deliver: async (id) => void delivered.push(id), clock: () => new Date('2030-12-10T03:00:00Z'), ...NO_UPLOADS });
    ({ cookie, csrf: CSRF } = await signInWithForms(app, db.prisma, 'office', { now: new Date('2030-12-10T03:00:00Z') }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (url: string) => app.inject({ url, headers: { cookie } });
  const rows = (body: string) => [...body.matchAll(/<tr data-unit="([^"]+)" data-status="([^"]+)">/g)].map((m) => [m[1], m[2]]);

  it('shows the rates with numerator and denominator, and 100 rows a page', async () => {
    const res = await get('/cycles/dash-2030/2026-annual');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-rate="reporting">15\/245</);
    expect(res.body).toMatch(/data-rate="on-time">15\/245</);
    expect(res.body).toMatch(/\(6,1%\)/);
    expect(rows(res.body).length).toBe(100);
    expect(res.body).toMatch(/trang 1\/3/);
    const last = await get('/cycles/dash-2030/2026-annual?page=3');
    expect(rows(last.body).length).toBe(50);
    expect(last.body).not.toMatch(/rel="next"/);
  });

  it('filters by status and searches units in the database', async () => {
    const nothing = rows((await get('/cycles/dash-2030/2026-annual?status=nothing_to_report')).body);
    expect(nothing.length).toBe(5);
    expect(nothing.every(([, s]) => s === 'nothing_to_report')).toBeTruthy();
    const answered = await get('/cycles/dash-2030/2026-annual?status=answered');
    expect(answered.body).toMatch(/15 đơn vị phù hợp/);
    const pending = await get('/cycles/dash-2030/2026-annual?status=pending');
    expect(pending.body).toMatch(/230 đơn vị phù hợp/);
    const found = rows((await get(`/cycles/dash-2030/2026-annual?q=${encodeURIComponent('Tân Thanh')}`)).body);
    expect(found).toStrictEqual([['xa-042', 'open']]);
    // Days overdue are shown for units still owing after the deadline (04/12/2030 → 10/12/2030).
    expect((await get('/cycles/dash-2030/2026-annual?q=xa-042')).body).toMatch(/<td>6<\/td><\/tr>/);
  });

  it('hostile query strings fall back to the whole table; unknown cycles and units get a 404 page', async () => {
    for (const q of ['?status=%3Cscript%3E', '?page=-4', '?page=abc', `?q=${'x'.repeat(5000)}`, '?status[]=a&status[]=b']) {
      const res = await get(`/cycles/dash-2030/2026-annual${q}`);
      // on failure, look at: q
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/<script>/);
    }
    for (const url of ['/cycles/dash-2030/nope', '/cycles/..%2F..%2Fetc/passwd', '/cycles/dash-2030/2026-annual/units/khong-co', `/cycles/dash-2030/2026-annual/units/${'a'.repeat(500)}`]) {
      const res = await get(url);
      // on failure, look at: url
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('without the engine the unit page is read-only and actions answer 503, changing nothing', async () => {
    const page = await get('/cycles/dash-2030/2026-annual/units/xa-100');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/Gia hạn/);
    const res = await app.inject({
      method: 'POST',
      url: '/cycles/dash-2030/2026-annual/units/xa-100/exempt',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ _csrf: CSRF, reason: 'Sáp nhập' }).toString(),
    });
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/chưa có thay đổi nào/);
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: 'dash-2030/2026-annual/xa-100' } })).status).toBe('open');
  });

  it('a committee member reads the pages without action forms and cannot post any', async () => {
    const committee = await signIn(db.prisma, 'committee', { now: new Date('2030-12-10T03:00:00Z') });
    const page = await app.inject({ url: '/cycles/dash-2030/2026-annual/units/xa-101', headers: { cookie: committee } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/action="[^"]*\/paper"/);
    const res = await app.inject({
      method: 'POST',
      url: '/cycles/dash-2030/2026-annual/units/xa-101/paper',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: committee },
      payload: new URLSearchParams({ _csrf: CSRF, submissionId: crypto.randomUUID(), kind: 'report', comment: 'x' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(await db.prisma.submission.count({ where: { obligationId: 'dash-2030/2026-annual/xa-101' } })).toBe(0);
  });

  it('a paper report without a CSRF token is refused and stores nothing; with it, it is stored once', async () => {
    const url = '/cycles/dash-2030/2026-annual/units/xa-200/paper';
    const fields = { submissionId: crypto.randomUUID(), kind: 'report', comment: 'Công văn 5/UBND' };
    const post = (withCsrf: boolean) =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams(withCsrf ? { _csrf: CSRF, ...fields } : fields).toString(),
      });
    const answered = () => get('/cycles/dash-2030/2026-annual?status=answered');
    expect((await answered()).body).toMatch(/15 đơn vị phù hợp/); // now remembered for two seconds
    expect((await post(false)).statusCode).toBe(403);
    expect(await db.prisma.submission.count({ where: { obligationId: 'dash-2030/2026-annual/xa-200' } })).toBe(0);
    expect((await post(true)).statusCode).toBe(303);
    // a double post is the same submission
    expect((await post(true)).statusCode).toBe(303);
    // the change shows at once, not after the dashboard's two seconds
    expect((await answered()).body).toMatch(/16 đơn vị phù hợp/);
    const stored = await db.prisma.submission.findMany({ where: { obligationId: 'dash-2030/2026-annual/xa-200' } });
    expect(stored.length).toBe(1);
    expect(stored[0]!.channel).toBe('paper');
    expect(delivered).toContain('dash-2030/2026-annual/xa-200');
    // Who did it, and when, is in the audit log.
    const events = await db.prisma.auditEvent.findMany({ where: { action: 'paper_submission', target: 'dash-2030/2026-annual/xa-200' } });
    expect(events.length).toBe(1);
    expect(events[0]!.actor).not.toBe('anonymous');
  });
});

describe('contacts typed by the office', () => {
  for (const [input, ok] of [
    ['Chị An <an@so.gov.vn>', true],
    ['Chị An <an@so.gov.vn>\n\nAnh Bình <BINH@so.gov.vn>', true],
    ['', false],
    ['an@so.gov.vn', false],
    ['Chị An <not an email>', false],
    ['<an@so.gov.vn>', false],
    [Array.from({ length: 21 }, (_, i) => `P${i} <p${i}@x.vn>`).join('\n'), false],
  ] as const) {
    it(`${JSON.stringify(input).slice(0, 40)} → ${ok ? 'accepted' : 'refused'}`, () => {
      const r = parseContacts(input);
      expect(r.ok).toBe(ok);
      if (r.ok) expect(r.contacts.every((c) => c.email === c.email.toLowerCase() && c.name.length > 0)).toBeTruthy();
    });
  }
});
