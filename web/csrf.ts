// CSRF protection for every form (the office's and the units'): a double-submit token. Each browser
// gets a random token in an HttpOnly, SameSite=Strict cookie; every form carries the same value in a
// hidden `_csrf` field (csrfField); a state-changing request whose field does not match its cookie is
// refused. Browsers that say the request is cross-site (Sec-Fetch-Site) are refused outright.
// URL-encoded forms are checked in a preValidation hook; a multipart form (uploads) is checked by its
// route with checkCsrf once the `_csrf` field (the form's first field) has been read.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bi, html, page, type Html } from './html.ts';

export const CSRF_COOKIE = 'dondoc_csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** This browser's CSRF token (from its cookie, or new and set on the reply). */
    csrfToken: string;
  }
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function csrfField(req: FastifyRequest): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${req.csrfToken}">`;
}

/** True when `submitted` is this browser's token (constant-time comparison). */
export function checkCsrf(req: FastifyRequest, submitted: unknown): boolean {
  const cookie = req.cookies[CSRF_COOKIE];
  if (typeof submitted !== 'string' || !cookie || !TOKEN.test(cookie) || submitted.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(submitted), Buffer.from(cookie));
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

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function csrfProtection(app: FastifyInstance, opts: { secureCookie: boolean }) {
  app.decorateRequest('csrfToken', '');
  app.addHook('onRequest', async (req, reply) => {
    const existing = req.cookies[CSRF_COOKIE];
    if (existing && TOKEN.test(existing)) {
      req.csrfToken = existing;
    } else {
      req.csrfToken = randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, req.csrfToken, { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secureCookie });
    }
    if (UNSAFE.has(req.method) && req.headers['sec-fetch-site'] === 'cross-site') return refuseCsrf(reply);
  });
  app.addHook('preValidation', async (req, reply) => {
    if (!UNSAFE.has(req.method)) return;
    if (req.isMultipart()) return; // checked by the route after reading the form's first field
    const body = req.body as Record<string, unknown> | undefined;
    if (!checkCsrf(req, body?.[CSRF_FIELD] ?? req.headers['x-csrf-token'])) return refuseCsrf(reply);
  });
}
