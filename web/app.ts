// The web app as a Fastify instance built from injected dependencies (tests build it the same way).
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AUTH_DEFAULTS } from '../config/config.ts';
import type { WebDeps } from './deps.ts';
import { csrfProtection } from './auth/csrf.ts';
import { invalidInputPage, invalidInputPart } from './invalid-input.ts';
import { languageSwitch } from './lang.ts';
import { clientErrorHandler, frameworkErrors, SECURITY_HEADERS, sendErrorPage } from './error-pages.ts';
import { isClientAbort, logClientAborts } from './client-abort.ts';
import { webLogger } from './logging.ts';
import { accessControl } from './auth/access.ts';
import { registerRateLimits, TooManyRequests, tooManyRequests } from './auth/rate-limits.ts';
import { signinRoutes } from './auth/signin-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { DashboardCache } from './office/dashboard-cache.ts';
import type { Dashboard } from './office/cycle-dashboard.ts';
import { officeRoutes } from './office/page-routes.ts';
import { officeActionRoutes } from './office/action-routes.ts';
import { officeFileRoutes } from './office/submission-file-routes.ts';
import { planImportRoutes } from './office/plan-import-routes.ts';
import { requestRoutes } from './office/request-routes.ts';
import { extensionRequestRoutes } from './office/extension-request-routes.ts';
import { outboxRoutes } from './office/outbox-routes.ts';
import { auditRoutes } from './office/audit-routes.ts';
import { ratesRoutes } from './office/rates-routes.ts';
import { indicatorRoutes } from './office/indicator-routes.ts';
import { indicatorTrendRoutes } from './office/indicator-trend-routes.ts';
import { reportRoutes } from './portal/report-routes.ts';
import { reportFileRoutes } from './portal/receipt-file-routes.ts';
import { reportFormRoutes } from './portal/form-routes.ts';
import { reportExtensionRoutes } from './portal/extension-routes.ts';
import { taskPortalRoutes } from './portal/task-routes.ts';
import { taskBoardRoutes } from './office/task-board-routes.ts';
import { exportRoutes } from './exports/table-routes.ts';
import { submissionsZipRoutes } from './exports/zip-routes.ts';
import { committeeRoutes } from './committee/list-routes.ts';
import { reportDraftRoutes } from './reports/report-routes.ts';

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  // maxParamLength: a long garbage link must reach the route and get the friendly 404 page, not a bare 414;
  // a longer one, and any request refused before routing, gets the same bilingual pages (web/error-pages.ts).
  const logger = webLogger(deps.logger);
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 256 * 1024,
    // Behind a proxy every request comes from the proxy: only a listed proxy's X-Forwarded-For is believed.
    trustProxy: deps.trustProxy && deps.trustProxy.length > 0 ? deps.trustProxy : false,
    routerOptions: { maxParamLength: 8192 },
    frameworkErrors,
    clientErrorHandler,
  });
  await app.register(formbody);
  // Routes declare their params, query strings and bodies as zod schemas (fastify-type-provider-zod).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie, { secret: deps.cookieSecret });
  await app.register(multipart);
  await csrfProtection(app, { secureCookie: deps.secureCookies ?? false, cookieSecret: deps.cookieSecret }); // on the root: every route
  // The dashboard's shared reads (web/office/dashboard-cache.ts): forgotten after any change made here.
  app.decorate('dashboards', new DashboardCache<Dashboard | null>());
  app.addHook('onSend', async (req, reply, payload) => {
    // Before the answer leaves: the page a redirect leads to must already see the change.
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) app.dashboards.clear();
    return payload;
  });
  await languageSwitch(app, { secureCookie: deps.secureCookies ?? false }); // on the root: every page
  await accessControl(app, { prisma: deps.prisma, clock: deps.clock, auth: deps.auth ?? AUTH_DEFAULTS }); // likewise
  await registerRateLimits(app);
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS); // nosniff, no Referer to other sites, no framing (web/error-pages.ts)
  });
  app.setNotFoundHandler((_req, reply) => sendErrorPage(reply, 404));
  logClientAborts(app); // a client that went away is logged once, at info (web/client-abort.ts)
  // Never a stack trace to the browser: a short bilingual page, the details to the server log.
  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    if (err instanceof TooManyRequests) return tooManyRequests(reply, err.retryAfterSeconds);
    // The client went away (mid-upload, say): logged by the onRequestAbort hook; nobody is left to answer.
    if (isClientAbort(err, req)) return void reply.hijack();
    const invalid = invalidInputPart(err); // a route's schema refused the input, and the route has no answer of its own
    if (invalid) return invalidInputPage(reply, invalid);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ req, err }, 'dondoc web: request failed'); // req's URL without the token (web/logging.ts)
    return sendErrorPage(reply, status);
  });
  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(async (scope) => signinRoutes(scope, deps));
  await app.register(async (scope) => auditRoutes(scope, deps));
  await app.register(async (scope) => officeRoutes(scope, deps));
  await app.register(async (scope) => officeActionRoutes(scope, deps));
  await app.register(async (scope) => officeFileRoutes(scope, deps));
  await app.register(async (scope) => planImportRoutes(scope, deps));
  await app.register(async (scope) => requestRoutes(scope, deps));
  await app.register(async (scope) => reportRoutes(scope, deps));
  await app.register(async (scope) => reportFileRoutes(scope, deps));
  await app.register(async (scope) => reportFormRoutes(scope, deps));
  await app.register(async (scope) => reportExtensionRoutes(scope, deps));
  await app.register(async (scope) => extensionRequestRoutes(scope, deps));
  await app.register(async (scope) => outboxRoutes(scope, deps));
  await app.register(async (scope) => exportRoutes(scope, deps));
  await app.register(async (scope) => indicatorRoutes(scope, deps));
  await app.register(async (scope) => indicatorTrendRoutes(scope, deps));
  await app.register(async (scope) => submissionsZipRoutes(scope, deps));
  await app.register(async (scope) => committeeRoutes(scope, deps));
  await app.register(async (scope) => ratesRoutes(scope, deps));
  await app.register(async (scope) => taskPortalRoutes(scope, deps));
  await app.register(async (scope) => taskBoardRoutes(scope, deps));
  await app.register(async (scope) => reportDraftRoutes(scope, deps));
  return app;
}
