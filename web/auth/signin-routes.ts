// GET/POST /signin and POST /signout. One answer for an unknown email, a wrong password and a
// disabled account, so the page tells nobody which accounts exist. Every attempt is in the audit log;
// the failures in it, per email and address, are what limits the attempts (signinRefusal in
// rate-limits.ts: one address's failures never lock out another's right password). Signing in or out
// also rotates the browser's CSRF secret (web/auth/csrf.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUTH_DEFAULTS } from '../../config/config.ts';
import { recordAudit, signinFailures } from '../../db/audit.ts';
import { csrfField, rotateCsrfSecret } from './csrf.ts';
import { bi, html, page, type Html } from '../html.ts';
import type { WebDeps } from '../deps.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../../accounts/passwords.ts';
import { signinRateLimit, signinRefusal, tooManyRequests } from './rate-limits.ts';
import { revokeSession, startSession } from '../../accounts/sessions.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';

const Body = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  next: z.string().max(2000).optional(),
});
/** Only a usable `next` is kept (safeNext decides); anything else is as if none was given. */
const Query = z.object({ next: z.string().max(2000).optional().catch(undefined) });

/** `next` only when it is a path on this site ("/x", never "//host", "/\host" or "https://host"). */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || /[\\\x00-\x1f\x7f]/.test(next)) return null;
  const url = new URL(next, 'http://dondoc.invalid');
  return url.origin === 'http://dondoc.invalid' ? url.pathname + url.search : null;
}

export async function signinRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;
  const auth = deps.auth ?? AUTH_DEFAULTS;
  const secure = deps.secureCookies ?? false;

  function signinPage(req: FastifyRequest, reply: FastifyReply, o: { email?: string; next?: string | null; error?: Html; status?: number }) {
    return reply
      .code(o.status ?? 200)
      .type('text/html')
      .send(
        page(
          'Đăng nhập',
          html`<h1>${bi('Đăng nhập', 'Sign in')}</h1>
${o.error ? html`<div class="error" role="alert">${o.error}</div>` : ''}
<form method="post" action="/signin" class="card">
${csrfField(req)}
${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="username" required value="${o.email ?? ''}">
<label for="password">${bi('Mật khẩu', 'Password')}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit">${bi('Đăng nhập', 'Sign in')}</button></p></form>`,
          { nav: false },
        ),
      );
  }

  app.get('/signin', { config: { access: 'public' }, schema: { querystring: Query } }, async (req, reply) => {
    const next = safeNext(req.query.next);
    if (req.user) return reply.redirect(next ?? '/', 303);
    return signinPage(req, reply, { next });
  });

  const signinInvalid = onInvalidInput((req, reply) => signinPage(req, reply, { status: 400, error: bi('Vui lòng nhập email và mật khẩu.', 'Please enter your email and password.') }));
  app.post('/signin', { config: { access: 'public', rateLimit: signinRateLimit(auth) }, schema: { body: Body }, ...signinInvalid }, async (req, reply) => {
    const body = req.body;
    const now = deps.clock();
    const email = body.email.trim().toLowerCase();
    const next = safeNext(body.next);
    const audit = { target: email, ip: req.ip, at: now };

    // Too many failures for this email lately from this address, or the brake across all addresses:
    // refuse even the right password (the rules are in rate-limits.ts).
    const since = new Date(now.getTime() - auth.signinWindowMinutes * 60_000);
    const failures = await signinFailures(prisma, { email, ip: req.ip, since, take: auth.signinFailuresPerEmail });
    const refusal = signinRefusal(failures, now, auth);
    if (refusal) {
      await recordAudit(prisma, { ...audit, actor: 'anonymous', action: 'signin_throttled', detail: { rule: refusal.rule } });
      return tooManyRequests(reply, refusal.retryAfterSeconds);
    }

    const user = await prisma.user.findUnique({ where: { email } });
    const ok = user ? await verifyPassword(body.password, user.passwordHash) : await verifyAgainstDummy(body.password);
    if (!user || !ok || user.disabledAt) {
      const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
      await recordAudit(prisma, { ...audit, actor: user?.id ?? 'anonymous', action: 'signin_failed', detail: { reason } });
      return signinPage(req, reply, { status: 401, email: body.email, next, error: bi('Email hoặc mật khẩu không đúng.', 'Wrong email or password.') });
    }

    // A new token at every sign-in (a token planted before sign-in is worth nothing after it).
    await revokeSession(prisma, req.cookies[SESSION_COOKIE], now);
    const token = await startSession(prisma, user.id, now, req.ip);
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secure, auth));
    rotateCsrfSecret(reply); // likewise for the CSRF secret: a form opened before sign-in is refused after it
    if (needsRehash(user.passwordHash)) {
      await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(body.password) } });
    }
    await recordAudit(prisma, { ...audit, actor: user.id, action: 'signin' });
    return reply.redirect(next ?? '/', 303);
  });

  app.post('/signout', { config: { access: 'public', planScope: 'none' } }, async (req, reply) => {
    const now = deps.clock();
    const userId = await revokeSession(prisma, req.cookies[SESSION_COOKIE], now);
    if (userId) await recordAudit(prisma, { actor: userId, action: 'signout', ip: req.ip, at: now });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    rotateCsrfSecret(reply);
    return reply.redirect('/signin', 303);
  });
}
