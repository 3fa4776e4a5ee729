// The web app as a Fastify instance built from injected dependencies (tests build it the same way).
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AUTH_DEFAULTS, type AuthSettings } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import type { MailCatcher } from '../mail/catcher.ts';
import { officeActionRoutes } from './routes/office-actions.ts';
import { accessControl } from './auth/access.ts';
import { registerRateLimits, TooManyRequests, tooManyRequests } from './auth/rate-limits.ts';
import { signinRoutes } from './auth/signin-routes.ts';
import { auditRoutes } from './routes/audit.ts';
import { officeRoutes } from './routes/office.ts';
import { planImportRoutes } from './routes/plan-import.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { extensionRequestRoutes } from './routes/extension-requests.ts';
import { reportRoutes } from './routes/report.ts';
import { reportExtensionRoutes } from './routes/report-extension.ts';
import { reportFileRoutes } from './routes/report-files.ts';
import { exportRoutes } from './routes/exports.ts';
import { submissionsZipRoutes } from './routes/submissions-zip.ts';
import { committeeRoutes } from './routes/committee.ts';
import { ratesRoutes } from './routes/rates.ts';
import type { Deliver } from './submissions.ts';
import type { OfficeEngine } from '../temporal/office-actions.ts';
import { csrfProtection } from './auth/csrf.ts';
import { invalidInputPage, invalidInputPart } from './invalid-input.ts';
import { languageSwitch } from './lang.ts';
import { clientErrorHandler, frameworkErrors, SECURITY_HEADERS, sendErrorPage } from './error-pages.ts';
import { isClientAbort, logClientAborts } from './client-abort.ts';
import { webLogger, type WebLoggerOption } from './logging.ts';
import { DashboardCache } from './office/dashboard-cache.ts';
import type { Dashboard } from './office/cycle-dashboard.ts';

declare module 'fastify' {
  interface FastifyInstance {
    dashboards: DashboardCache<Dashboard | null>;
  }
}

export interface WebDeps {
  prisma: PrismaClient;
  deliver: Deliver;
  clock: () => Date;
  catcher?: MailCatcher;
  /** The engine's office actions (extend, exempt, resend); absent, the pages are read-only. */
  office?: OfficeEngine;
  /** The request log (web/logging.ts): JSON lines, personal-link tokens cut out; none when absent. */
  logger?: WebLoggerOption;
  /** Mark cookies Secure (the public URL is https). */
  secureCookies?: boolean;
  /** Signs the cookies (the CSRF secret); config DONDOC_COOKIE_SECRET, at least 32 characters. */
  cookieSecret: string;
  /** Where uploaded report files are stored by content (config: DONDOC_UPLOADS_DIR). */
  uploadsDir: string;
  /** The largest report file accepted (config: DONDOC_UPLOAD_MAX_MB). */
  uploadMaxBytes: number;
  /** Session expiry and rate limits; AUTH_DEFAULTS when not given. */
  auth?: AuthSettings;
  /** Limits of the downloads (config DONDOC_EXPORT_ZIP_MAX_MB); 500 MB when not given. */
  exports?: { zipMaxBytes: number };
}

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  // maxParamLength: a long garbage link must reach the route and get the friendly 404 page, not a bare 414;
  // a longer one, and any request refused before routing, gets the same bilingual pages (web/error-pages.ts).
  const logger = webLogger(deps.logger);
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 256 * 1024,
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
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ ok: true }));
  await app.register(async (scope) => signinRoutes(scope, deps));
  await app.register(async (scope) => auditRoutes(scope, deps));
  await app.register(async (scope) => officeRoutes(scope, deps));
  await app.register(async (scope) => officeActionRoutes(scope, deps));
  await app.register(async (scope) => planImportRoutes(scope, deps));
  await app.register(async (scope) => reportRoutes(scope, deps));
  await app.register(async (scope) => reportFileRoutes(scope, deps));
  await app.register(async (scope) => reportExtensionRoutes(scope, deps));
  await app.register(async (scope) => extensionRequestRoutes(scope, deps));
  await app.register(async (scope) => outboxRoutes(scope, deps));
  await app.register(async (scope) => exportRoutes(scope, deps));
  await app.register(async (scope) => submissionsZipRoutes(scope, deps));
  await app.register(async (scope) => committeeRoutes(scope, deps));
  await app.register(async (scope) => ratesRoutes(scope, deps));
  return app;
}
