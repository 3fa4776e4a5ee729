// The English switch: a cookie (dondoc_lang=en) that turns every page into its English version.
// Pages are written once with both languages (bi() in web/html.ts); the switch only changes which one
// shows, so no text can be missing in one language. The link returns to the page it was clicked on.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PAGE_START } from './html.ts';

export const LANG_COOKIE = 'dondoc_lang';
const ENGLISH_START = '<!doctype html><html lang="en" class="lang-en">';
/** /lang/en switches to English; anything else back to Vietnamese (never an error page). */
const Params = z.object({ lang: z.enum(['en', 'vi']).catch('vi') });

export async function languageSwitch(app: FastifyInstance, opts: { secureCookie: boolean }) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.cookies[LANG_COOKIE] !== 'en' || typeof payload !== 'string' || !payload.startsWith(PAGE_START)) return payload;
    return ENGLISH_START + payload.slice(PAGE_START.length);
  });
  app.withTypeProvider<ZodTypeProvider>().get('/lang/:lang', { config: { access: 'public' }, schema: { params: Params } }, async (req, reply) => {
    const { lang } = req.params;
    reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.secureCookie, maxAge: 365 * 24 * 3600 });
    return reply.redirect(backTo(req.headers.referer, req.headers.host), 303);
  });
}

/** The page the link was on, when it is one of ours; otherwise the start page. */
export function backTo(referer: string | undefined, host: string | undefined): string {
  if (!referer || !host) return '/';
  try {
    const u = new URL(referer);
    // Compare as URLs do: "example.gov.vn:80" and "example.gov.vn" are one host for an http Referer.
    const ours = new URL(`${u.protocol}//${host}`).host;
    if (u.host !== ours || u.pathname.startsWith('/lang/')) return '/';
    return u.pathname + u.search;
  } catch {
    return '/';
  }
}
