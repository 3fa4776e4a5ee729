// The English switch: a cookie (dondoc_lang=en) that turns every page into its English version.
// Pages are written once with both languages (bi() in web/html.ts); the switch only changes which one
// shows, so no text can be missing in one language. The link returns to the page it was clicked on.
import type { FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PAGE_START } from './html.ts';

export const LANG_COOKIE = 'dondoc_lang';
const ENGLISH_START = '<!doctype html><html lang="en" class="lang-en">';
/** /lang/en switches to English; anything else back to Vietnamese (never an error page). */
const Params = z.object({ lang: z.enum(['en', 'vi']).catch('vi') });

export async function languageSwitch(app: FastifyInstance, opts: { secureCookie: boolean }) {
  app.addHook('onSend', async (req, reply, payload) => (typeof payload === 'string' ? inChosenLanguage(req.cookies[LANG_COOKIE], payload) : payload));
  app.withTypeProvider<ZodTypeProvider>().get('/lang/:lang', { config: { access: 'public' }, schema: { params: Params } }, async (req, reply) => {
    const { lang } = req.params;
    reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.secureCookie, maxAge: 365 * 24 * 3600 });
    return reply.redirect(backTo(req.headers.referer, req.headers.host), 303);
  });
}

/**
 * A path of this site: one "/" followed by anything but "/" or a backslash (or nothing). "//evil.example/x"
 * and "/\evil.example" are addresses of another site to a browser (scheme-relative), so a redirect
 * must never lead there.
 */
export function isLocalPath(target: string): boolean {
  return /^\/(?![\/\\])/.test(target) && !/[\u0000-\u001f\u007f]/.test(target);
}

/** `page` (any payload) as the English page when the cookie `dondoc_lang` holds "en"; unchanged otherwise. */
export function inChosenLanguage(langCookie: string | undefined, page: string): string {
  if (langCookie !== 'en' || !page.startsWith(PAGE_START)) return page;
  return ENGLISH_START + page.slice(PAGE_START.length);
}

/**
 * inChosenLanguage for answers given before Fastify's hooks run (web/error-pages.ts), where the
 * cookies are not parsed yet: reads the Cookie header itself.
 */
export function inLanguageOfCookieHeader(cookieHeader: string | undefined, page: string): string {
  return inChosenLanguage(cookieHeader ? fastifyCookie.parse(cookieHeader)[LANG_COOKIE] : undefined, page);
}

/** The page the link was on, when it is one of ours; otherwise the start page. */
export function backTo(referer: string | undefined, host: string | undefined): string {
  if (!referer || !host) return '/';
  try {
    const u = new URL(referer);
    // Compare as URLs do: "example.gov.vn:80" and "example.gov.vn" are one host for an http Referer.
    const ours = new URL(`${u.protocol}//${host}`).host;
    if (u.host !== ours || u.pathname.startsWith('/lang/')) return '/';
    // Same host but a path like "//evil.example/x" (a link http://<dondoc>//evil.example/x shows our 404
    // page, whose language links come here): Location "//evil.example/x" would leave the site.
    const target = u.pathname + u.search;
    return isLocalPath(target) ? target : '/';
  } catch {
    return '/';
  }
}
