// Route tests of the personal-link pages against a real database: bad tokens, bad forms, duplicate
// posts, and a submission made while Temporal is unreachable (stored, then delivered later).
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { savePlan } from '../../../db/plans.ts';
import { issueToken } from '../../../db/tokens.ts';
import type { SubmissionReceived } from '../../../workflows/messages.ts';
import { buildWebApp } from '../../../web/app.ts';
import { csrfOf, CSRF_TOKEN, openForm, TEST_COOKIE_SECRET, withSetCookies, type FormCsrf } from '../../helpers/csrf.ts';
import { redeliverPending } from '../../../temporal/submission-delivery.ts';
import { signIn } from '../../helpers/auth.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';
import { expectTruthy } from '../../helpers/expect.ts';

const NOI_VU = 'test-2026/2026-annual/so-noi-vu';
const Y_TE = 'test-2026/2026-annual/so-y-te';

describe('personal-link pages', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let temporalUp = true;
  let form: FormCsrf; // a browser that opened a page without a session (the units' pages are such)
  const delivered: [string, SubmissionReceived][] = [];
  const now = new Date('2026-11-25T03:00:00Z');

  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    // The Temporal boundary is replaced here so the test can take it down; tests/e2e exercise the real one.
    const deliver = async (id: string, s: SubmissionReceived) => {
      if (!temporalUp) throw new Error('14 UNAVAILABLE: connection refused');
      delivered.push([id, s]);
    };
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, prisma: db.prisma, deliver, clock: () => now, uploadsDir: path.join(os.tmpdir(), 'dondoc-unused-uploads'), uploadMaxBytes: 1024 * 1024 });
    form = await openForm(app, '/signin');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const token = (obligation: string, expiresAt = new Date('2027-02-01T00:00:00Z')) => issueToken(db.prisma, obligation, expiresAt);
  // A browser that opened the form holds the signed CSRF secret cookie and sends the form's token.
  // `cookie` is the Cookie header; by default the browser's that opened a page in beforeAll.
  const post = (t: string, body: Record<string, string>, csrf: { cookie?: string; field?: string; site?: string } = { cookie: form.cookie, field: form.csrf }) =>
    app.inject({
      method: 'POST',
      url: `/r/${t}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(csrf.site ? { 'sec-fetch-site': csrf.site } : {}), ...(csrf.cookie ? { cookie: csrf.cookie } : {}) },
      payload: new URLSearchParams({ ...body, ...(csrf.field ? { _csrf: csrf.field } : {}) }).toString(),
    });

  it('refuses a form without this browser\'s CSRF token, or sent from another site, and stores nothing', async () => {
    const t = await token(Y_TE);
    const page = await app.inject(`/r/${t}`);
    const cookie = page.cookies.find((c) => c.name === 'dondoc_csrf');
    // HttpOnly, SameSite=Strict cookie
    expectTruthy(cookie?.httpOnly && cookie.sameSite === 'Strict');
    // The cookie holds the secret, signed; the form holds a token made from it, never the secret itself.
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9+/]{43}$/);
    const formToken = csrfOf(page.body);
    expectTruthy(formToken);
    expect(formToken).toMatch(new RegExp(`^${CSRF_TOKEN}$`));
    expect(formToken).not.toContain(cookie.value.split('.')[0]);
    const pageCookie = withSetCookies('', page.headers['set-cookie']);
    const body = { submissionId: crypto.randomUUID(), comment: 'Báo cáo' };
    for (const csrf of [{}, { cookie: pageCookie }, { field: formToken }, { cookie: pageCookie, field: 'd'.repeat(43) }, { cookie: pageCookie, field: `${formToken.slice(0, -1)}${formToken.endsWith('x') ? 'y' : 'x'}` }, { cookie: pageCookie, field: formToken, site: 'cross-site' }]) {
      const res = await post(t, body, csrf);
      // on failure, look at: JSON.stringify(csrf)
      expect(res.statusCode).toBe(403);
      expect(res.body).toMatch(/Vui lòng tải lại trang/);
    }
    expect(await db.prisma.submission.count({ where: { obligationId: Y_TE } })).toBe(0);
    // The cookie and field the page gave work.
    const ok = await post(t, body, { cookie: pageCookie, field: formToken, site: 'same-origin' });
    expect(ok.statusCode).toBe(303);
    await db.prisma.submission.deleteMany({ where: { obligationId: Y_TE } });
    await db.prisma.obligation.update({ where: { id: Y_TE }, data: { status: 'open', submittedAt: null } });
    delivered.length = 0;
  });

  it('shows the unit, the deadline as dd/mm/yyyy and the days left', async () => {
    const res = await app.inject(`/r/${await token(NOI_VU)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Sở Nội vụ/);
    expect(res.body).toMatch(/04\/12\/2026/);
    expect(res.body).toMatch(/còn 9 ngày/);
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  for (const [name, make] of [
    ['malformed', async () => 'not-a-token'],
    ['unknown', async () => 'A'.repeat(43)],
    ['expired', () => token(NOI_VU, new Date('2026-11-01T00:00:00Z'))],
    ['revoked', async () => {
      const t = await token(NOI_VU);
      await db.prisma.accessToken.updateMany({ where: { obligationId: NOI_VU, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
      return t;
    }],
    ['absurdly long', async () => 'x'.repeat(5000)],
  ] as const) {
    it(`a ${name} link gets a clear 404 page, for GET and POST alike`, async () => {
      const t = await make();
      for (const res of [await app.inject(`/r/${t}`), await post(t, { submissionId: crypto.randomUUID(), comment: 'x' })]) {
        expect(res.statusCode).toBe(404);
        expect(res.body).toMatch(/Đường link không hợp lệ hoặc đã hết hạn/);
        // no stack trace
        expect(res.body).not.toMatch(/at .*\.ts:\d+/);
      }
    });
  }

  it('rejects an empty report or a forged form with a clear message and stores nothing', async () => {
    const t = await token(Y_TE);
    const empty = await post(t, { submissionId: crypto.randomUUID(), comment: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/Vui lòng nhập nội dung báo cáo/);
    const forged = await post(t, { submissionId: '../../etc/passwd', comment: 'x' });
    expect(forged.statusCode).toBe(400);
    const long = await post(t, { submissionId: crypto.randomUUID(), comment: 'x'.repeat(20_001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toMatch(/quá dài/);
    expect(await db.prisma.submission.count({ where: { obligationId: Y_TE } })).toBe(0);
  });

  it('a double-posted form stores one submission and shows the same receipt', async () => {
    const t = await token(NOI_VU);
    const id = crypto.randomUUID();
    const first = await post(t, { submissionId: id, comment: 'Báo cáo năm' });
    const second = await post(t, { submissionId: id, comment: 'Báo cáo năm' });
    expect(first.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await db.prisma.submission.count({ where: { obligationId: NOI_VU } })).toBe(1);
    expect(delivered.filter(([, s]) => s.submissionId === id).length).toBe(1);
    const receipt = await app.inject(first.headers.location as string);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toMatch(/Đúng hạn/);
    expect(receipt.body).toMatch(/[0-9a-f]{64}/);
    // The receipt of one obligation cannot be opened with another obligation's link.
    const other = await app.inject(`/r/${await token(Y_TE)}/receipt/${id}`);
    expect(other.statusCode).toBe(404);
  });

  it('a submission made while Temporal is down is stored, receipted and delivered when it is back', async () => {
    temporalUp = false;
    const t = await token(Y_TE);
    const res = await post(t, { submissionId: crypto.randomUUID(), comment: 'Báo cáo của Sở Y tế' });
    expect(res.statusCode).toBe(303);
    const stored = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: Y_TE } });
    expect(stored.deliveredAt).toBe(null);
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: Y_TE } })).status).toBe('submitted_on_time');
    expect(await redeliverPending(db.prisma, async () => { throw new Error('still down'); })).toBe(0);
    temporalUp = true;
    const deliver = async (id: string, s: SubmissionReceived) => void delivered.push([id, s]);
    expect(await redeliverPending(db.prisma, deliver)).toBe(1);
    expect(delivered.some(([id, s]) => id === Y_TE && s.submissionId === stored.id)).toBeTruthy();
    expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: stored.id } })).deliveredAt).not.toBe(null);
    expect(await redeliverPending(db.prisma, deliver)).toBe(0);
  });

  it('the office page shows who has reported', async () => {
    const cookie = await signIn(db.prisma, 'office', { now });
    const res = await app.inject({ url: '/cycles/test-2026/2026-annual', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-unit="so-noi-vu" data-status="submitted_on_time"/);
    expect(res.body).toMatch(/data-unit="ubnd-cao-loc" data-status="open"/);
    expect((await app.inject({ url: '/cycles/test-2026/nope', headers: { cookie } })).statusCode).toBe(404);
  });
});

describe('error pages', () => {
  it('an unknown page and a malformed body get short pages, never a stack trace', async () => {
    const db = await freshDatabase();
    const app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, prisma: db.prisma, deliver: async () => undefined, clock: () => new Date(), uploadsDir: path.join(os.tmpdir(), 'dondoc-unused-uploads'), uploadMaxBytes: 1024 * 1024 });
    try {
      const missing = await app.inject('/no/such/page');
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toMatch(/Không tìm thấy trang này/);
      const bad = await app.inject({ method: 'POST', url: `/r/${'A'.repeat(43)}`, headers: { 'content-type': 'application/json' }, payload: '{"broken' });
      // on failure, look at: `status ${bad.statusCode}`
      expect(bad.statusCode === 400 || bad.statusCode === 415).toBeTruthy();
      expect(bad.body).not.toMatch(/at .*:\d+:\d+/);
      expect(bad.body).toMatch(/<html/);
    } finally {
      await app.close();
      await db.close();
    }
  });
});

describe('unit pages stay apart from the office pages', () => {
  it('a personal-link page has no link to the Outbox or the office pages', async () => {
    const db = await freshDatabase();
    const app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, prisma: db.prisma, deliver: async () => undefined, clock: () => new Date('2026-11-25T03:00:00Z'), uploadsDir: path.join(os.tmpdir(), 'dondoc-unused-uploads'), uploadMaxBytes: 1024 * 1024 });
    try {
      const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
      await savePlan(db.prisma, plan, source);
      const t = await issueToken(db.prisma, NOI_VU, new Date('2027-01-01T00:00:00Z'));
      for (const url of [`/r/${t}`, '/r/invalid']) {
        const body = (await app.inject(url)).body;
        expect(body).not.toMatch(/href="\/outbox"/);
        expect(body).not.toMatch(/href="\/"/);
      }
      const cookie = await signIn(db.prisma, 'office', { now: new Date('2026-11-25T03:00:00Z') });
      expect((await app.inject({ url: '/', headers: { cookie } })).body).toMatch(/href="\/outbox"/);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
