// CSRF in route tests: the cookie secret test apps are built with, the shape of a form token, and what
// a browser holds after opening a form (the signed secret cookie the page set, and the page's token),
// so a test posts exactly what a browser that opened the form would.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** The apps' DONDOC_COOKIE_SECRET in tests: random per test process, as in development. */
export const TEST_COOKIE_SECRET = randomBytes(32).toString('base64url');

/**
 * A form token of @fastify/csrf bound to who asks (web/auth/csrf.ts): the binding's HMAC (base64url
 * with "_" for "-"), an 8-character salt, and the HMAC of the whole with the browser's secret.
 */
export const CSRF_TOKEN = '[A-Za-z0-9_]{43}-[A-Za-z0-9]{8}-[A-Za-z0-9_-]{43}';
const FIELD = new RegExp(`name="_csrf" value="(${CSRF_TOKEN})"`);

/** The token of the first form on a page. */
export function csrfOf(page: string): string | undefined {
  return FIELD.exec(page)?.[1];
}

/** `cookie` (a Cookie header) updated with the Set-Cookie headers of a response, as a browser keeps them. */
export function withSetCookies(cookie: string, setCookie: string | string[] | undefined): string {
  const jar = new Map(cookie.split(/;\s*/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const));
  for (const header of [setCookie ?? []].flat()) {
    const pair = header.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    // An emptied cookie (cleared, with an expiry in the past) is one the browser forgets.
    if (pair === `${name}=` || /expires=Thu, 01 Jan 1970/i.test(header)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

/** A browser's cookies and the form token it would send back. */
export interface FormCsrf {
  /** The Cookie header: the one given, with the CSRF secret cookie the page set (if it set one). */
  cookie: string;
  /** The page's `_csrf` field. */
  csrf: string;
}

/** Opens `url` as a browser holding `cookie`: what it then sends with the page's forms. */
export async function openForm(app: FastifyInstance, url: string, cookie = ''): Promise<FormCsrf> {
  const res = await app.inject({ url, headers: cookie ? { cookie } : {} });
  const csrf = csrfOf(res.body);
  if (!csrf) throw new Error(`no CSRF field on ${url} (${res.statusCode})`);
  return { cookie: withSetCookies(cookie, res.headers['set-cookie']), csrf };
}
