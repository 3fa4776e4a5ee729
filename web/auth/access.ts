// Default-deny access control. Every route declares who may use it in its options,
//   { config: { access: 'public' } }          sign-in, /healthz
//   { config: { access: 'unit-token' } }      the units' /r/:token pages: the token is the capability
//   { config: { access: ['office', 'admin'] } } signed-in users with one of these roles
// and one hook on the root instance checks it before anything else runs. A route without a
// declaration is refused, so a route added later can never be open by accident. The standing
// committee reads, never edits: a committee member is refused any state-changing request.
// Every signed-in route also declares how its plan is found (`planScope`, web/auth/plan-scope.ts): an
// account that does not have the plan gets the same 404 as a page that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthSettings } from '../../config/config.ts';
import type { PrismaClient } from '../../db/client.ts';
import { sendErrorPage } from '../error-pages.ts';
import { bi, html, page, type PageUser } from '../html.ts';
import { canSeePlan, isValidPlanScope, type PlanScope } from './plan-scope.ts';
import { SESSION_COOKIE } from './session-cookie.ts';
import { sessionUser, type SignedInUser } from '../../accounts/sessions.ts';
import { ROLES, type Role } from '../../accounts/roles.ts';

export type Access = 'public' | 'unit-token' | readonly Role[];

export interface RouteAccess {
  method: string;
  url: string;
  access: unknown;
  planScope: unknown;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** How a signed-in route finds its plan (web/auth/plan-scope.ts); required on every route with a role list. */
    planScope?: PlanScope;
  }
  interface FastifyRequest {
    /** The signed-in office user, or null (always null on unit-token routes). */
    user: SignedInUser | null;
  }
  interface FastifyInstance {
    /** Every route registered, with what it declared (read by tests/web/auth/access.test.ts). */
    routeAccess: RouteAccess[];
  }
}

export const OFFICE_EDITORS = ['office', 'admin'] as const satisfies readonly Role[];
export const OFFICE_READERS = ['committee', 'office', 'admin'] as const satisfies readonly Role[];
export const ADMINS = ['admin'] as const satisfies readonly Role[];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isValidAccess(a: unknown): a is Access {
  if (a === 'public' || a === 'unit-token') return true;
  return Array.isArray(a) && a.length > 0 && a.every((r) => (ROLES as readonly unknown[]).includes(r));
}

/** What page() needs to show the signed-in user in the header. */
export function pageUser(req: FastifyRequest): PageUser | undefined {
  return req.user ? { name: req.user.name, role: req.user.role, csrfToken: req.csrfToken() } : undefined;
}

export function forbidden(req: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(403)
    .type('text/html')
    .send(
      page(
        'Không có quyền truy cập',
        html`<div class="error" role="alert"><h1>${bi('Không có quyền truy cập', 'Access denied')}</h1>
<p>${bi('Tài khoản của bạn không được phép dùng trang hoặc thao tác này. Nếu cần, vui lòng liên hệ quản trị viên.', 'Your account may not use this page or action. Please contact the administrator if you need it.')}</p></div>`,
        { user: pageUser(req), nav: req.user ? undefined : false },
      ),
    );
}

function signInRequired(reply: FastifyReply, next: string) {
  return reply
    .code(401)
    .type('text/html')
    .send(
      page(
        'Cần đăng nhập',
        html`<div class="error" role="alert">${bi('Phiên đăng nhập đã hết hạn; chưa có gì được lưu.', 'Your session has ended; nothing was stored.')}
<a href="/signin?next=${encodeURIComponent(next)}">${bi('Đăng nhập lại', 'Sign in again')}</a></div>`,
        { nav: false },
      ),
    );
}

export async function accessControl(app: FastifyInstance, deps: { prisma: PrismaClient; clock: () => Date; auth: AuthSettings }) {
  app.decorateRequest('user', null);
  const routes: RouteAccess[] = [];
  app.decorate('routeAccess', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url ?? r.path, access: r.config?.access, planScope: r.config?.planScope });
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.is404) return; // no route: the not-found page
    const access = req.routeOptions.config.access;
    if (!isValidAccess(access)) {
      req.log.error({ route: req.routeOptions.url }, `dondoc web: ${req.method} ${req.routeOptions.url} declares no valid config.access; refused`);
      return forbidden(req, reply);
    }
    const planScope = req.routeOptions.config.planScope;
    if (Array.isArray(access) && !isValidPlanScope(planScope)) {
      req.log.error({ route: req.routeOptions.url }, `dondoc web: ${req.method} ${req.routeOptions.url} declares no valid config.planScope; refused`);
      return forbidden(req, reply);
    }
    if (access === 'unit-token') return; // the token in the URL decides; an office session plays no part
    req.user = await sessionUser(deps.prisma, req.cookies[SESSION_COOKIE], deps.clock(), deps.auth);
    if (access === 'public') return;
    if (!req.user) {
      if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(`/signin?next=${encodeURIComponent(req.url)}`, 303);
      return signInRequired(reply, req.url);
    }
    if (!access.includes(req.user.role)) return forbidden(req, reply);
    if (UNSAFE.has(req.method) && req.user.role === 'committee') return forbidden(req, reply);
    // After the role: a refusal by role says nothing about which plans exist. The params are the
    // router's raw strings; the route's own schema checks their shape later.
    if (typeof planScope === 'function') {
      const planId = planScope(req.params as Record<string, string | undefined>);
      if (!planId || !(await canSeePlan(deps.prisma, req.user, planId))) return sendErrorPage(reply, 404);
    }
  });
}
