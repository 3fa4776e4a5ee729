// Rate limits (@fastify/rate-limit, registered with global: false, so only routes that ask are
// limited): sign-in attempts per IP address, and the units' personal-link pages per IP address.
// Failed sign-ins per email are counted in the audit log instead (signin-routes.ts), so one account
// cannot be guessed at from many addresses. Over the limit: 429, a bilingual page and Retry-After.
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AUTH_DEFAULTS, type AuthSettings } from '../../config/config.ts';
import { bi, html, page } from '../html.ts';

export class TooManyRequests extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests');
  }
}

export async function registerRateLimits(app: FastifyInstance) {
  await app.register(rateLimit, {
    global: false,
    // Thrown, so the app's error handler renders the page (the plugin has already set Retry-After).
    errorResponseBuilder: (_req, ctx) => new TooManyRequests(Math.ceil(ctx.ttl / 1000)),
  });
}

export function signinRateLimit(auth: AuthSettings = AUTH_DEFAULTS): RateLimitOptions {
  return { max: auth.signinPerIp, timeWindow: auth.signinWindowMinutes * 60_000 };
}

export function unitPageRateLimit(deps: { auth?: AuthSettings }): RateLimitOptions {
  return { max: (deps.auth ?? AUTH_DEFAULTS).unitPagePerMinute, timeWindow: 60_000 };
}

export function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return reply
    .code(429)
    .header('retry-after', String(Math.max(1, retryAfterSeconds)))
    .type('text/html')
    .send(
      page(
        'Quá nhiều yêu cầu',
        html`<div class="error" role="alert"><h1>${bi('Quá nhiều yêu cầu', 'Too many requests')}</h1>
<p>${bi(`Vui lòng thử lại sau khoảng ${minutes} phút.`, `Please try again in about ${minutes} minute(s).`)}</p></div>`,
        { nav: false },
      ),
    );
}
