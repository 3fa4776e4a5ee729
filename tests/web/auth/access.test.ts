// Default-deny access control: every route declares who may use it, and the one hook enforces it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../../db/audit.ts';
import { savePlan } from '../../../db/plans.ts';
import { issueToken } from '../../../db/tokens.ts';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { isValidAccess } from '../../../web/auth/access.ts';
import { signInWithForms } from '../../helpers/auth.ts';
import { openForm, type FormCsrf } from '../../helpers/csrf.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';

const NOW = new Date('2026-11-25T03:00:00Z');
const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
const CYCLE = '/cycles/test-2026/2026-annual';

describe('access control', () => {
  let db: TestDb;
  let app: FastifyInstance;
  // Each role's browser (session, CSRF secret and its form token); `anonymous` signed in as nobody.
  const browsers: Record<string, FormCsrf> = {};

  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => NOW });
    // Routes as another engineer might add them, to check the hook (the app is not ready yet).
    app.get('/test/undeclared', async () => 'open?');
    app.post('/test/edit', { config: { access: ['office', 'admin'], planScope: 'none' } }, async () => 'edited');
    app.post('/test/committee-edit', { config: { access: ['committee', 'office', 'admin'], planScope: 'none' } }, async () => 'edited');
    await app.ready();
    for (const role of ['office', 'committee', 'admin'] as const) browsers[role] = await signInWithForms(app, db.prisma, role, { now: NOW });
    browsers.anonymous = await openForm(app, '/signin');
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const as = (role: string | undefined, method: 'GET' | 'POST' | 'HEAD', url: string) =>
    app.inject({
      method,
      url,
      headers: {
        cookie: browsers[role ?? 'anonymous']!.cookie,
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { payload: `_csrf=${browsers[role ?? 'anonymous']!.csrf}` } : {}),
    });
  const appRoutes = () => app.routeAccess.filter((r) => !r.url.startsWith('/test/'));

  it('every route of the app declares who may use it', () => {
    const routes = appRoutes();
    for (const url of ['/', CYCLE.replace('test-2026/2026-annual', ':planId/:cycleKey'), '/cycles/:planId/:cycleKey/units/:unitCode/submissions/:submissionId/file', '/signin', '/signout', '/audit', '/outbox', '/r/:token', '/healthz']) {
      // on failure, look at: `${url} is registered`
      expect(routes.some((r) => r.url === url)).toBeTruthy();
    }
    const undeclared = routes.filter((r) => !isValidAccess(r.access)).map((r) => `${r.method} ${r.url}`);
    // routes without a valid config.access
    expect(undeclared).toStrictEqual([]);
    // The check sees a route that declares nothing.
    expect(app.routeAccess.some((r) => r.url === '/test/undeclared' && !isValidAccess(r.access))).toBeTruthy();
  });

  it('only sign-in and sign-out are public among the routes that change things, and no role list lets the committee edit', () => {
    for (const r of appRoutes().filter((x) => UNSAFE.includes(x.method))) {
      if (r.access === 'public') {
        // on failure, look at: `${r.method} ${r.url} is public`
        expect(['/signin', '/signout']).toContain(r.url);
      }
      else if (r.access !== 'unit-token') // on failure, look at: `${r.method} ${r.url}: ${JSON.stringify(r.access)}`
                                          expect(Array.isArray(r.access) && !r.access.includes('committee')).toBeTruthy();
    }
  });

  it('a route without a declaration is refused, even to an administrator', async () => {
    for (const role of [undefined, 'admin']) {
      const res = await as(role, 'GET', '/test/undeclared');
      // on failure, look at: String(role)
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toMatch(/open\?/);
    }
  });

  it('an anonymous visitor to an office page is sent to sign in, and comes back after', async () => {
    for (const url of ['/', CYCLE, '/outbox', '/audit']) {
      const res = await as(undefined, 'GET', url);
      // on failure, look at: url
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(url)}`);
    }
    expect((await as(undefined, 'HEAD', CYCLE)).statusCode).toBe(303);
    const post = await as(undefined, 'POST', '/test/edit');
    expect(post.statusCode).toBe(401);
    expect(post.body).not.toMatch(/edited/);
  });

  it('the standing committee reads the cycle page but is refused every change and the office-only pages', async () => {
    const cycle = await as('committee', 'GET', CYCLE);
    expect(cycle.statusCode).toBe(200);
    expect(cycle.body).toMatch(/data-unit="so-noi-vu"/);
    expect(cycle.body).toMatch(/Thường trực Ban/);
    // no link to a page it may not open
    expect(cycle.body).not.toMatch(/href="\/outbox"/);
    expect((await as('committee', 'GET', '/')).statusCode).toBe(200);
    for (const url of ['/outbox', '/audit']) {
      const res = await as('committee', 'GET', url);
      // on failure, look at: url
      expect(res.statusCode).toBe(403);
      expect(res.body).toMatch(/Không có quyền truy cập<\/span> <span class="en">Access denied<\/span>/);
    }
    // Every data-changing route of the app, and the test routes (one even wrongly lists the committee).
    const editing = app.routeAccess.filter((r) => UNSAFE.includes(r.method) && Array.isArray(r.access));
    expect(editing.length).toBeGreaterThanOrEqual(2);
    for (const r of editing) {
      const res = await as('committee', 'POST', r.url);
      // on failure, look at: `${r.method} ${r.url}`
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toMatch(/edited/);
    }
    expect((await as('office', 'POST', '/test/edit')).body).toBe('edited');
    expect((await as('office', 'POST', '/test/committee-edit')).body).toBe('edited');
  });

  it('the office cannot open the audit log; the administrator can', async () => {
    await recordAudit(db.prisma, { actor: 'cli', action: 'exempt', target: 'test-2026/2026-annual/so-y-te', detail: { reason: 'sáp nhập' }, at: new Date('2026-11-24T02:05:00Z') });
    const office = await as('office', 'GET', '/audit');
    expect(office.statusCode).toBe(403);
    const admin = await as('admin', 'GET', '/audit');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toMatch(/<td>24\/11\/2026 09:05<\/td><td>cli<\/td><td>exempt<\/td><td>test-2026\/2026-annual\/so-y-te<\/td>/);
    expect(admin.body).toMatch(/href="\/audit"/);
  });

  it('unit pages and unknown pages are untouched by office sessions', async () => {
    const t = await issueToken(db.prisma, 'test-2026/2026-annual/so-noi-vu', new Date('2027-01-01T00:00:00Z'));
    for (const role of [undefined, 'admin']) {
      const unit = await as(role, 'GET', `/r/${t}`);
      expect(unit.statusCode).toBe(200);
      expect(unit.body).not.toMatch(/Đăng xuất|signout|href="\/"/);
      expect((await as(role, 'GET', '/no/such/page')).statusCode).toBe(404);
    }
    expect((await as(undefined, 'GET', '/healthz')).statusCode).toBe(200);
  });
});
