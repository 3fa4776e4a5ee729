// Rate limits (@fastify/rate-limit, registered with global: false, so only routes that ask are
// limited): sign-in attempts per IP address, and the units' personal-link pages per IP address.
// Over the limit: 429, a bilingual page and Retry-After.
//
// Failed sign-ins are counted from the audit log (db/audit.ts signinFailures), per email AND address,
// and signinRefusal decides here, without Fastify, so the design is in one place:
// - Per address: signinFailuresPerEmail failures for one email from one address within the window
//   refuse that address for that email, even with the right password, until they age out. Failures
//   from one address never lock out another one: the dev admin's email is public, and a lock for the
//   email from everywhere let one address keep any account locked for ever (issue 11, item 20).
// - The brake, against a guess spread over many addresses: once the email has
//   SIGNIN_BRAKE_FACTOR × signinFailuresPerEmail failures from all addresses together within the
//   window, every address that has failed for it in the window is refused until its own latest failure
//   ages out; an address with no failure (the owner typing the right password) still signs in. While
//   the brake is on, each fresh address gets one guess, so a distributed guess is bounded by how many
//   addresses it has, and the per-IP limit bounds each of them.
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

/** The brake for one email across all addresses, as a multiple of the per-address limit (see the header). */
export const SIGNIN_BRAKE_FACTOR = 10;

export type SigninRefusal = { rule: 'address' | 'brake'; retryAfterSeconds: number };

/** Whether to refuse this sign-in before looking at the password, and for how long (see the header). */
export function signinRefusal(
  failures: { fromThisAddress: Date[]; fromAllAddresses: number },
  now: Date,
  auth: Pick<AuthSettings, 'signinFailuresPerEmail' | 'signinWindowMinutes'>,
): SigninRefusal | null {
  const windowMs = auth.signinWindowMinutes * 60_000;
  const secondsUntil = (at: Date) => Math.max(1, Math.ceil((at.getTime() + windowMs - now.getTime()) / 1000));
  const mine = failures.fromThisAddress; // newest first
  const limit = auth.signinFailuresPerEmail;
  // Refused until the limit-th newest failure from this address leaves the window.
  if (mine.length >= limit) return { rule: 'address', retryAfterSeconds: secondsUntil(mine[limit - 1]!) };
  if (mine.length > 0 && failures.fromAllAddresses >= limit * SIGNIN_BRAKE_FACTOR) {
    return { rule: 'brake', retryAfterSeconds: secondsUntil(mine[0]!) };
  }
  return null;
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
