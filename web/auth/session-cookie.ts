// The sign-in session's cookie: its name and options. The sessions themselves are stored by
// accounts/sessions.ts (the CLI ends them too); only the web app sets the cookie.
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { AuthSettings } from '../../config/config.ts';

export const SESSION_COOKIE = 'dondoc_session';

export function sessionCookieOptions(secure: boolean, settings: AuthSettings): CookieSerializeOptions {
  // Lax, not Strict: a link to an office page in an email must open signed in. Forms are protected by
  // the CSRF token, not by SameSite.
  return { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: settings.sessionMaxMinutes * 60 };
}
