// CSRF protection for every form (the office's and the units'), through @fastify/csrf-protection with
// @fastify/cookie as its store. Each browser holds a random secret in a signed cookie (dondoc_csrf:
// HttpOnly, SameSite=Strict, Secure over https; signed with DONDOC_COOKIE_SECRET, so a cookie planted or
// altered by someone else is refused). Every form carries a token made from that secret in a hidden
// `_csrf` field (csrfField); a state-changing request whose token does not match its secret is refused
// with the bilingual "form expired" page, and nothing is stored. Browsers that say the request is
// cross-site (Sec-Fetch-Site) are refused outright.
//
// A token is bound to who asks (the plugin's getUserInfo, hashed into the token):
//  - a signed-in office user: the session ("session:<id>"), so a token of another browser or another
//    session, even of the same person, is worth nothing here;
//  - everyone else, "anonymous": the sign-in form (no session yet) and the units' personal-link pages
//    under /r/:token, which never have a session. They are left unbound on purpose: the link is itself
//    the unit's capability (whoever knows it can post without any browser), so binding to it would add
//    nothing, and a bad link must keep getting the same 404 page whatever its form carried.
// The secret is rotated at sign-in and sign-out (rotateCsrfSecret clears the cookie; the next page gets
// a new secret), so a token minted before signing in does not validate after it.
//
// URL-encoded forms are checked in a preValidation hook, after the body is parsed and before the route's
// schema. A multipart form (uploads) is checked by its route with checkCsrf once the `_csrf` field (the
// form's first field) has been read, and before any file is written; such a route says so with
// `config: { csrfInRoute: true }`, and every other route is checked by the hook, multipart or not.
//
// Hand-written glue, kept small: the plugin exposes its check only as a hook that answers a refusal by
// itself (fastify.csrfProtection). checkCsrf runs that same hook and reports yes or no instead, because a
// multipart route must first read the rest of the upload away (so the browser gets our page rather than a
// reset connection), and every refusal must be our page, not the plugin's JSON error.
import { createHmac } from 'node:crypto';
import csrfPlugin from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bi, html, page, type Html } from '../html.ts';

export const CSRF_COOKIE = 'dondoc_csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** This browser's CSRF token for this request's user (made once per request; sets the secret cookie if missing). */
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    /** The route reads a multipart form and checks its first field with checkCsrf itself. */
    csrfInRoute?: true;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The token submitted in a multipart form's first field, while checkCsrf asks the plugin about it. */
const submittedInMultipart = new WeakMap<FastifyRequest, unknown>();

/** Who a token is bound to (see the header). */
function bindingOf(req: FastifyRequest): string {
  return req.user ? `session:${req.user.sessionId}` : 'anonymous';
}

/** The token the request carries: the multipart field being checked, the form's `_csrf` field, or the X-CSRF-Token header. */
function submittedToken(req: FastifyRequest): string | undefined {
  const value = submittedInMultipart.has(req) ? submittedInMultipart.get(req) : ((req.body as Record<string, unknown> | null | undefined)?.[CSRF_FIELD] ?? req.headers['x-csrf-token']);
  return typeof value === 'string' ? value : undefined;
}

export function csrfField(req: FastifyRequest): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${req.csrfToken()}">`;
}

/**
 * True when `submitted` is a token of this browser's secret for this request's user: the plugin's own
 * check (fastify.csrfProtection), with its answer to a refusal recorded instead of sent.
 */
export function checkCsrf(req: FastifyRequest, reply: FastifyReply, submitted: unknown): boolean {
  submittedInMultipart.set(req, submitted);
  try {
    return pluginAccepts(req, reply);
  } finally {
    submittedInMultipart.delete(req);
  }
}

function pluginAccepts(req: FastifyRequest, reply: FastifyReply): boolean {
  let accepted = false;
  // The reply as the plugin sees it: everything of the real one (unsignCookie reads the signed secret),
  // except that its send(refusal) is dropped; the caller answers with refuseCsrf.
  const probe: FastifyReply = Object.create(reply, { send: { value: () => probe } });
  req.server.csrfProtection(req, probe, () => {
    accepted = true;
  });
  return accepted;
}

/** Drops this browser's secret (at sign-in and sign-out): its earlier tokens no longer validate. */
export function rotateCsrfSecret(reply: FastifyReply) {
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export function refuseCsrf(reply: FastifyReply) {
  return reply
    .code(403)
    .type('text/html')
    .send(
      page(
        'Phiên làm việc đã hết hạn',
        html`<div class="error" role="alert">${bi(
          'Biểu mẫu đã hết hạn hoặc không được gửi từ trang của dondoc. Vui lòng tải lại trang và gửi lại; chưa có gì được lưu.',
          'The form has expired or did not come from a dondoc page. Please reload the page and send it again; nothing was stored.',
        )}</div>`,
        { nav: false },
      ),
    );
}

/**
 * Registers the plugin and the checks on `app` (the root: every route). Must come before the access
 * control (web/auth/access.ts), whose pages already show the sign-out form with its token.
 */
export async function csrfProtection(app: FastifyInstance, opts: { secureCookie: boolean; cookieSecret: string }) {
  await app.register(csrfPlugin, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secureCookie, signed: true },
    getUserInfo: bindingOf,
    getToken: submittedToken,
    // The key of the binding's HMAC, derived from the cookie secret (one setting to keep, not two).
    csrfOpts: { userInfo: true, hmacKey: createHmac('sha256', opts.cookieSecret).update('dondoc csrf token binding').digest() },
  });
  app.decorateRequest('csrfToken', function unavailable(): string {
    throw new Error('csrfToken() before the CSRF onRequest hook');
  });
  app.addHook('onRequest', async (req, reply) => {
    let token: string | undefined;
    // Once per request: without a secret cookie, each generateCsrf would set a new one.
    req.csrfToken = () => (token ??= reply.generateCsrf({ userInfo: bindingOf(req) }));
    if (UNSAFE.has(req.method) && req.headers['sec-fetch-site'] === 'cross-site') return refuseCsrf(reply);
  });
  app.addHook('preValidation', async (req, reply) => {
    if (!UNSAFE.has(req.method)) return;
    if (req.isMultipart() && req.routeOptions.config.csrfInRoute) return; // checked by the route (see the header)
    if (!pluginAccepts(req, reply)) return refuseCsrf(reply);
  });
}
