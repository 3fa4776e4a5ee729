// Default-deny access control: every route declares who may use it, and the one hook enforces it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../db/audit.ts';
import { savePlan } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import { buildWebApp } from '../../web/app.ts';
import { isValidAccess } from '../../web/auth/access.ts';
import { signIn, TEST_CSRF } from '../helpers/auth.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const NOW = new Date('2026-11-25T03:00:00Z');
const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
const CYCLE = '/cycles/test-2026/2026-annual';

describe('access control', () => {
  let db: TestDb;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};

  before(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => NOW });
    // Routes as another engineer might add them, to check the hook (the app is not ready yet).
    app.get('/test/undeclared', async () => 'open?');
    app.post('/test/edit', { config: { access: ['office', 'admin'] } }, async () => 'edited');
    app.post('/test/committee-edit', { config: { access: ['committee', 'office', 'admin'] } }, async () => 'edited');
    await app.ready();
    for (const role of ['office', 'committee', 'admin'] as const) cookies[role] = await signIn(db.prisma, role, { now: NOW });
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  const as = (role: string | undefined, method: 'GET' | 'POST' | 'HEAD', url: string) =>
    app.inject({
      method,
      url,
      headers: {
        cookie: role ? cookies[role] : `dondoc_csrf=${TEST_CSRF}`,
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { payload: `_csrf=${TEST_CSRF}` } : {}),
    });
  const appRoutes = () => app.routeAccess.filter((r) => !r.url.startsWith('/test/'));

  it('every route of the app declares who may use it', () => {
    const routes = appRoutes();
    for (const url of ['/', CYCLE.replace('test-2026/2026-annual', ':planId/:cycleKey'), '/signin', '/signout', '/audit', '/outbox', '/r/:token', '/healthz']) {
      assert.ok(routes.some((r) => r.url === url), `${url} is registered`);
    }
    const undeclared = routes.filter((r) => !isValidAccess(r.access)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(undeclared, [], 'routes without a valid config.access');
    // The check sees a route that declares nothing.
    assert.ok(app.routeAccess.some((r) => r.url === '/test/undeclared' && !isValidAccess(r.access)));
  });

  it('only sign-in and sign-out are public among the routes that change things, and no role list lets the committee edit', () => {
    for (const r of appRoutes().filter((x) => UNSAFE.includes(x.method))) {
      if (r.access === 'public') assert.ok(['/signin', '/signout'].includes(r.url), `${r.method} ${r.url} is public`);
      else if (r.access !== 'unit-token') assert.ok(Array.isArray(r.access) && !r.access.includes('committee'), `${r.method} ${r.url}: ${JSON.stringify(r.access)}`);
    }
  });

  it('a route without a declaration is refused, even to an administrator', async () => {
    for (const role of [undefined, 'admin']) {
      const res = await as(role, 'GET', '/test/undeclared');
      assert.equal(res.statusCode, 403, String(role));
      assert.doesNotMatch(res.body, /open\?/);
    }
  });

  it('an anonymous visitor to an office page is sent to sign in, and comes back after', async () => {
    for (const url of ['/', CYCLE, '/outbox', '/audit']) {
      const res = await as(undefined, 'GET', url);
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, `/signin?next=${encodeURIComponent(url)}`);
    }
    assert.equal((await as(undefined, 'HEAD', CYCLE)).statusCode, 303);
    const post = await as(undefined, 'POST', '/test/edit');
    assert.equal(post.statusCode, 401);
    assert.doesNotMatch(post.body, /edited/);
  });

  it('the standing committee reads the cycle page but is refused every change and the office-only pages', async () => {
    const cycle = await as('committee', 'GET', CYCLE);
    assert.equal(cycle.statusCode, 200);
    assert.match(cycle.body, /data-unit="so-noi-vu"/);
    assert.match(cycle.body, /Thường trực Ban/);
    assert.doesNotMatch(cycle.body, /href="\/outbox"/, 'no link to a page it may not open');
    assert.equal((await as('committee', 'GET', '/')).statusCode, 200);
    for (const url of ['/outbox', '/audit']) {
      const res = await as('committee', 'GET', url);
      assert.equal(res.statusCode, 403, url);
      assert.match(res.body, /Không có quyền truy cập<\/span> <span class="en">Access denied<\/span>/);
    }
    // Every data-changing route of the app, and the test routes (one even wrongly lists the committee).
    const editing = app.routeAccess.filter((r) => UNSAFE.includes(r.method) && Array.isArray(r.access));
    assert.ok(editing.length >= 2);
    for (const r of editing) {
      const res = await as('committee', 'POST', r.url);
      assert.equal(res.statusCode, 403, `${r.method} ${r.url}`);
      assert.doesNotMatch(res.body, /edited/);
    }
    assert.equal((await as('office', 'POST', '/test/edit')).body, 'edited');
    assert.equal((await as('office', 'POST', '/test/committee-edit')).body, 'edited');
  });

  it('the office cannot open the audit log; the administrator can', async () => {
    await recordAudit(db.prisma, { actor: 'cli', action: 'exempt', target: 'test-2026/2026-annual/so-y-te', detail: { reason: 'sáp nhập' }, at: new Date('2026-11-24T02:05:00Z') });
    const office = await as('office', 'GET', '/audit');
    assert.equal(office.statusCode, 403);
    const admin = await as('admin', 'GET', '/audit');
    assert.equal(admin.statusCode, 200);
    assert.match(admin.body, /<td>24\/11\/2026 09:05<\/td><td>cli<\/td><td>exempt<\/td><td>test-2026\/2026-annual\/so-y-te<\/td>/);
    assert.match(admin.body, /href="\/audit"/);
  });

  it('unit pages and unknown pages are untouched by office sessions', async () => {
    const t = await issueToken(db.prisma, 'test-2026/2026-annual/so-noi-vu', new Date('2027-01-01T00:00:00Z'));
    for (const role of [undefined, 'admin']) {
      const unit = await as(role, 'GET', `/r/${t}`);
      assert.equal(unit.statusCode, 200);
      assert.doesNotMatch(unit.body, /Đăng xuất|signout|href="\/"/);
      assert.equal((await as(role, 'GET', '/no/such/page')).statusCode, 404);
    }
    assert.equal((await as(undefined, 'GET', '/healthz')).statusCode, 200);
  });
});
