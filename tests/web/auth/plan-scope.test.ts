// Accounts are scoped to plans (web/auth/plan-scope.ts): every registered route that is about one plan
// answers an account of another plan the same 404 as a page that does not exist, and changes nothing;
// the same request from an account that has the plan is served. Real SQLite, the real app.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../../db/client.ts';
import { savePlan } from '../../../db/plans.ts';
import { buildWebApp } from '../../../web/app.ts';
import { OFFICE_READERS } from '../../../web/auth/access.ts';
import { grantPlan, isValidPlanScope, revokePlan } from '../../../web/auth/plan-scope.ts';
import { recordSubmission } from '../../../db/submissions.ts';
import { signInWithForms } from '../../helpers/auth.ts';
import { TEST_COOKIE_SECRET, type FormCsrf } from '../../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';

const NOW = new Date('2026-11-25T03:00:00Z');
const PLAN = 'test-2026';
const OTHER = 'khac-2026';
const REQUEST_ID = 'yeu-cau-gia-han-1';
/** The address of each param, in plan PLAN (a unit, a pending extension request). */
const PARAMS: Record<string, string> = { planId: PLAN, cycleKey: '2026-annual', unitCode: 'so-noi-vu', id: REQUEST_ID, submissionId: '0b6f3c1e-1d2a-4c5b-9e8f-7a6b5c4d3e2f', reportId: '5d0c6a1b-8e3f-4a2d-9c7b-1e2f3a4b5c6d' };
/** Routes whose address names a thing the fixture does not hold (PARAMS.submissionId, reportId): the route answers its own 404. */
const NAMES_A_MISSING_THING = new Set(['/cycles/:planId/:cycleKey/units/:unitCode/submissions/:submissionId/file', '/plans/:planId/tasks/reports/:reportId/file']);
/** The routes that are about no plan; a new one must be added here on purpose, and filter what it lists. */
const NOT_ABOUT_ONE_PLAN = ['/', '/audit', '/outbox', '/outbox/:id', '/plans/import'];
/** A form every action would accept (zod drops the fields an action does not read). */
const FORM = new URLSearchParams({
  submissionId: '9f1c2f7e-5b1a-4c38-9a53-0c1d8e6f2a41',
  kind: 'report',
  comment: 'Báo cáo giấy',
  lastDay: '2026-12-20',
  reason: 'Lý do',
  requestId: 'b3e0f0a4-3f7e-4d6b-8f65-5e0f3c1d2a99',
  contacts: 'Chị Lan <lan@test.dondoc.invalid>',
}).toString();

/** Everything a request could change: it must be the same before and after the refused ones. */
async function snapshot(prisma: PrismaClient) {
  const [plans, obligations, submissions, requests, contacts, decisions, audit, grants] = await Promise.all([
    prisma.plan.findMany({ orderBy: { id: 'asc' } }),
    prisma.obligation.findMany({ orderBy: { id: 'asc' } }),
    prisma.submission.findMany({ orderBy: { id: 'asc' } }),
    prisma.extensionRequest.findMany({ orderBy: { id: 'asc' } }),
    prisma.contact.findMany({ orderBy: { email: 'asc' }, select: { unitId: true, name: true, email: true } }),
    prisma.obligationDecision.findMany({ orderBy: { id: 'asc' } }),
    prisma.auditEvent.count(),
    prisma.userPlan.findMany({ orderBy: [{ userId: 'asc' }, { planId: 'asc' }] }),
  ]);
  return JSON.stringify({ plans, obligations, submissions, requests, contacts, decisions, audit, grants });
}

describe('who sees which plan', () => {
  let db: TestDb;
  let app: FastifyInstance;
  const delivered: string[] = [];
  // Browsers (session, CSRF secret, form token) of accounts given PLAN, given only OTHER, and an admin.
  let member: FormCsrf;
  let outsider: FormCsrf;
  let outsiderCommittee: FormCsrf;
  let admin: FormCsrf;

  beforeAll(async () => {
    db = await freshDatabase();
    for (const id of [PLAN, OTHER]) {
      const { plan, source } = threeUnitPlan({ id, dueDate: '2026-12-05', opensOn: '2026-11-01' });
      await savePlan(db.prisma, plan, source);
    }
    const obligationId = `${PLAN}/2026-annual/so-noi-vu`;
    await recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: `${PLAN}/2026-annual/so-y-te`, comment: 'Đã nộp', channel: 'web', receivedAt: NOW });
    await db.prisma.extensionRequest.create({ data: { id: REQUEST_ID, obligationId, reason: 'Chờ số liệu', requestedLastDay: '2026-12-15', requestedAt: NOW } });
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, deliver: async (id) => void delivered.push(id), clock: () => NOW });
    // A route as another engineer might add it: a role list but no plan scope.
    app.get('/test/no-plan-scope', { config: { access: OFFICE_READERS } }, async () => 'open?');
    await app.ready();
    member = await signInWithForms(app, db.prisma, 'office', { now: NOW, plans: [PLAN] });
    outsider = await signInWithForms(app, db.prisma, 'office', { now: NOW, plans: [OTHER] });
    outsiderCommittee = await signInWithForms(app, db.prisma, 'committee', { now: NOW, plans: [OTHER] });
    admin = await signInWithForms(app, db.prisma, 'admin', { now: NOW, plans: [] });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const send = (who: FormCsrf, method: string, url: string) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: who.cookie, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(method === 'POST' ? { payload: `_csrf=${encodeURIComponent(who.csrf)}&${FORM}` } : {}),
    });
  const signedInRoutes = () => app.routeAccess.filter((r) => Array.isArray(r.access) && !r.url.startsWith('/test/'));
  const planRoutes = () => signedInRoutes().filter((r) => typeof r.planScope === 'function');
  /** The route's address in PLAN (or in `planId`). */
  const address = (url: string, planId = PLAN) =>
    url.replace(/:(\w+)/g, (_, name: string) => {
      // on failure, look at: `${url}: a param this test does not know (${name}); add it to PARAMS`
      expect(PARAMS[name]).toBeDefined();
      return name === 'planId' ? planId : PARAMS[name]!;
    });

  it('every signed-in route declares how its plan is found; only the known few are about no plan', () => {
    const undeclared = signedInRoutes().filter((r) => !isValidPlanScope(r.planScope)).map((r) => `${r.method} ${r.url}`);
    // routes with a role list and no valid config.planScope
    expect(undeclared).toStrictEqual([]);
    const none = [...new Set(signedInRoutes().filter((r) => r.planScope === 'none').map((r) => r.url))].sort();
    expect(none).toStrictEqual([...NOT_ABOUT_ONE_PLAN].sort());
    // Every export, committee and office page of a cycle or plan is among the scoped ones.
    const scoped = new Set(planRoutes().map((r) => r.url));
    for (const url of ['/cycles/:planId/:cycleKey', '/cycles/:planId/:cycleKey/export.csv', '/cycles/:planId/:cycleKey/submissions.zip', '/committee/:planId/:cycleKey', '/plans/:planId/rates', '/plans/:planId/rates.csv', '/cycles/:planId/:cycleKey/units/:unitCode/paper', '/cycles/:planId/:cycleKey/indicators', '/cycles/:planId/:cycleKey/indicators.csv', '/cycles/:planId/:cycleKey/indicators.xlsx', '/plans/:planId/tasks', '/plans/:planId/indicators', '/plans/:planId/indicators.csv', '/plans/:planId/indicators.xlsx']) {
      // on failure, look at: url
      expect(scoped.has(url)).toBe(true);
    }
  });

  it('a signed-in route without a plan scope is refused, even to an administrator', async () => {
    for (const who of [member, admin]) {
      const res = await send(who, 'GET', '/test/no-plan-scope');
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toMatch(/open\?/);
    }
  });

  it('an account of another plan gets the uniform 404 on every route of the plan, and nothing changes', async () => {
    const notFound = await send(outsider, 'GET', '/no/such/page');
    expect(notFound.statusCode).toBe(404);
    const before = await snapshot(db.prisma);
    const routes = planRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const r of routes) {
      for (const planId of [PLAN, 'khong-co-2026']) {
        const res = await send(outsider, r.method, address(r.url, planId));
        // on failure, look at: `${r.method} ${address(r.url, planId)}: ${res.statusCode}`
        expect(res.statusCode).toBe(404);
        // The same page as an address that does not exist: nothing tells a hidden plan from no plan.
        expect(res.body).toBe(r.method === 'HEAD' ? '' : notFound.body);
      }
    }
    // The committee of another plan: the same 404 on every page it could otherwise read.
    // (Only what the committee may read: a page for editors is a 403 for its role before any plan is looked at.)
    for (const r of routes.filter((x) => x.method === 'GET' && (x.access as string[]).includes('committee'))) {
      const res = await send(outsiderCommittee, 'GET', address(r.url));
      // on failure, look at: `${r.url}: ${res.statusCode}`
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(notFound.body);
    }
    expect(await snapshot(db.prisma)).toBe(before);
    expect(delivered).toStrictEqual([]);
  });

  it('the same requests from an account given the plan are served, and the forms do change things', async () => {
    const uniform = (await send(member, 'GET', '/no/such/page')).body;
    const before = await snapshot(db.prisma);
    for (const r of planRoutes()) {
      const res = await send(member, r.method, address(r.url));
      // on failure, look at: `${r.method} ${address(r.url)}: ${res.statusCode} ${res.body.slice(0, 300)}`
      // (503 is the app's answer when the engine is not connected: the form got through.)
      if (NAMES_A_MISSING_THING.has(r.url)) {
        // Its own 404 (this plan has no such submission), never the uniform page the plan check gives.
        expect(res.statusCode).toBe(404);
        const body = r.method === 'HEAD' ? (await send(member, 'GET', address(r.url))).body : res.body;
        expect(body).not.toBe(uniform);
      } else {
        expect([404, 500]).not.toContain(res.statusCode);
      }
    }
    // The same form the outsider sent recorded a paper report, new contacts and a refusal here.
    expect(await snapshot(db.prisma)).not.toBe(before);
    expect(delivered).toContain(`${PLAN}/2026-annual/so-noi-vu`);
    expect((await db.prisma.contact.findMany({ where: { unit: { planId: PLAN, code: 'so-noi-vu' } } })).map((c) => c.email)).toStrictEqual(['lan@test.dondoc.invalid']);
    // The outsider's own plan is served to it.
    expect((await send(outsider, 'GET', `/cycles/${OTHER}/2026-annual`)).statusCode).toBe(200);
    expect((await send(outsiderCommittee, 'GET', `/committee/${OTHER}/2026-annual`)).statusCode).toBe(200);
  });

  it('an administrator sees every plan; an unknown plan is still the route’s own 404 for it', async () => {
    for (const url of [`/cycles/${PLAN}/2026-annual`, `/cycles/${OTHER}/2026-annual`, `/plans/${OTHER}/rates`]) {
      // on failure, look at: url
      expect((await send(admin, 'GET', url)).statusCode).toBe(200);
    }
    const unknown = await send(admin, 'GET', '/cycles/khong-co-2026/2026-annual');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toMatch(/Không có kỳ báo cáo này/);
  });

  it('the plans page lists only the account’s plans', async () => {
    const links = (body: string) => [...new Set([...body.matchAll(/href="\/cycles\/([^/"]+)\//g)].map((m) => m[1]))].sort();
    expect(links((await send(member, 'GET', '/')).body)).toStrictEqual([PLAN]);
    expect(links((await send(outsider, 'GET', '/')).body)).toStrictEqual([OTHER]);
    expect(links((await send(admin, 'GET', '/')).body)).toStrictEqual([OTHER, PLAN]);
    const none = await signInWithForms(app, db.prisma, 'committee', { now: NOW, plans: [] });
    const page = await send(none, 'GET', '/');
    expect(links(page.body)).toStrictEqual([]);
    expect(page.body).toMatch(/chưa được giao kế hoạch nào/);
  });

  it('a revoked plan is gone at the next request, and back when granted again', async () => {
    const url = `/cycles/${PLAN}/2026-annual/export.csv`;
    expect((await send(member, 'GET', url)).statusCode).toBe(200);
    const user = await db.prisma.userPlan.findFirstOrThrow({ where: { planId: PLAN, user: { role: 'office' } } });
    expect(await revokePlan(db.prisma, user.userId, PLAN)).toBe(true);
    expect((await send(member, 'GET', url)).statusCode).toBe(404);
    expect(await revokePlan(db.prisma, user.userId, PLAN)).toBe(false);
    expect(await grantPlan(db.prisma, user.userId, PLAN, NOW)).toBe(true);
    expect(await grantPlan(db.prisma, user.userId, PLAN, NOW)).toBe(false);
    expect((await send(member, 'GET', url)).statusCode).toBe(200);
  });
});
