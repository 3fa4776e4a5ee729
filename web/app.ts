// The web app as a Fastify instance built from injected dependencies (tests build it the same way).
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { PrismaClient } from '../db/client.ts';
import type { MailCatcher } from '../mail/catcher.ts';
import { officeRoutes } from './routes/office.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { reportRoutes } from './routes/report.ts';
import { exportRoutes } from './routes/exports.ts';
import { submissionsZipRoutes } from './routes/submissions-zip.ts';
import { committeeRoutes } from './routes/committee.ts';
import { ratesRoutes } from './routes/rates.ts';
import type { Deliver } from './submissions.ts';
import { csrfProtection } from './csrf.ts';
import { bi, html, page } from './html.ts';

export interface WebDeps {
  prisma: PrismaClient;
  deliver: Deliver;
  clock: () => Date;
  catcher?: MailCatcher;
  /** Mark cookies Secure (the public URL is https). */
  secureCookies?: boolean;
  /** Limits of the downloads (config DONDOC_EXPORT_ZIP_MAX_MB); 500 MB when not given. */
  exports?: { zipMaxBytes: number };
}

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  // maxParamLength: a long garbage link must reach the route and get the friendly 404 page, not a bare 414.
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024, routerOptions: { maxParamLength: 8192 } });
  await app.register(formbody);
  await app.register(cookie);
  await app.register(multipart);
  await csrfProtection(app, { secureCookie: deps.secureCookies ?? false }); // on the root: every route
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer'); // personal links must not leak through Referer
    reply.header('x-frame-options', 'DENY');
  });
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<div class="error">${bi('Không tìm thấy trang này.', 'Page not found.')}</div>`)),
  );
  // Never a stack trace to the browser: a short bilingual page, the details to the server log.
  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) console.error(`dondoc web: ${req.method} ${req.url.replace(/\/r\/[^/]+/, '/r/…')}:`, err);
    return reply
      .code(status)
      .type('text/html')
      .send(page('Lỗi', html`<div class="error">${status === 500 ? bi('Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút; nếu đã nhận được biên nhận thì báo cáo đã được lưu.', 'Something went wrong. Please try again in a few minutes; if you got a receipt, your report is stored.') : bi('Yêu cầu không hợp lệ.', 'Invalid request.')}</div>`));
  });
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(async (scope) => officeRoutes(scope, deps));
  await app.register(async (scope) => reportRoutes(scope, deps));
  await app.register(async (scope) => outboxRoutes(scope, deps));
  await app.register(async (scope) => exportRoutes(scope, deps));
  await app.register(async (scope) => submissionsZipRoutes(scope, deps));
  await app.register(async (scope) => committeeRoutes(scope, deps));
  await app.register(async (scope) => ratesRoutes(scope, deps));
  return app;
}
