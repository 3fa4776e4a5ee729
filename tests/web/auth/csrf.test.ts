// CSRF protection through @fastify/csrf-protection (web/auth/csrf.ts), against the real routes and a
// real database: the signed secret cookie and its flags, tokens bound to the office session (another
// browser's or another session's token refused), the secret rotated at sign-in and sign-out, a tampered
// or foreign secret cookie refused, cross-site requests refused, and a multipart post checked too.
// Every refusal is the bilingual "form expired" page, and nothing is stored.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LightMyRequestResponse } from 'fastify';
import { buildWebApp } from '../../../web/app.ts';
import { SESSION_COOKIE } from '../../../web/auth/session-cookie.ts';
import { startSession } from '../../../accounts/sessions.ts';
import { createTestUser, signInWithForms, TEST_PASSWORD } from '../../helpers/auth.ts';
import { csrfOf, openForm, TEST_COOKIE_SECRET, withSetCookies, type FormCsrf } from '../../helpers/csrf.ts';
import { expectTruthy } from '../../helpers/expect.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';
import { multipart, NO_UPLOADS } from '../../helpers/uploads.ts';

const PAPER = '/cycles/test-2026/2026-annual/units/so-noi-vu/paper';

describe('CSRF tokens', () => {
  let p: Portal;
  const now = new Date('2026-11-25T03:00:00Z'); // the portal's clock

  beforeAll(async () => {
    p = await startPortal({ now });
  });
  afterAll(() => p.close());

  /** An office form (a paper report) posted with this Cookie header and token. */
  const postPaper = (cookie: string, csrf: string, headers: Record<string, string> = {}) =>
    p.app.inject({
      method: 'POST',
      url: PAPER,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
      payload: new URLSearchParams({ _csrf: csrf, submissionId: randomUUID(), kind: 'report', comment: 'Công văn 12/UBND' }).toString(),
    });
  const stored = () => p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.noiVu } });
  const expectRefused = (res: LightMyRequestResponse) => {
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/Biểu mẫu đã hết hạn hoặc không được gửi từ trang của dondoc/);
    expect(res.body).toMatch(/nothing was stored/);
  };
  /** `cookie` with its session cookie replaced by `session` (a Cookie header "dondoc_session=..."). */
  const withSession = (cookie: string, session: string) => withSetCookies(cookie, [session]);
  const cookieValue = (cookie: string, name: string) => new RegExp(`(?:^|; )${name}=([^;]*)`).exec(cookie)?.[1];

  it('keeps the secret in a signed, HttpOnly, SameSite=Strict cookie, Secure over https; the form holds a token, not the secret', async () => {
    const secure = await buildWebApp({ ...NO_UPLOADS, prisma: p.db.prisma, deliver: async () => undefined, clock: () => now, cookieSecret: TEST_COOKIE_SECRET, secureCookies: true });
    try {
      for (const [app, isSecure] of [[p.app, false], [secure, true]] as const) {
        const res = await app.inject('/signin');
        const header = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('dondoc_csrf='));
        expectTruthy(header);
        expect(header).toMatch(/; HttpOnly/);
        expect(header).toMatch(/; SameSite=Strict/);
        expect(header).toMatch(/; Path=\//);
        expect(/; Secure/.test(header)).toBe(isSecure);
        const value = decodeURIComponent(header.slice('dondoc_csrf='.length).split(';')[0]!);
        // "<secret>.<HMAC-SHA256 of it>": @fastify/cookie's signature
        expect(value).toMatch(/^[A-Za-z0-9_-]{24}\.[A-Za-z0-9+/]{43}$/);
        const token = csrfOf(res.body);
        expectTruthy(token);
        expect(token).not.toContain(value.split('.')[0]);
      }
    } finally {
      await secure.close();
    }
  });

  it('refuses an office form with a token of another browser or another session, even of the same user', async () => {
    const userA = await createTestUser(p.db.prisma, 'office');
    const sessionA = `${SESSION_COOKIE}=${await startSession(p.db.prisma, userA.id, now)}`;
    const a = await openForm(p.app, '/', sessionA);
    // A second session of A's user (another sign-in), and B, another user in another browser.
    const sessionA2 = `${SESSION_COOKIE}=${await startSession(p.db.prisma, userA.id, now)}`;
    const b = await signInWithForms(p.app, p.db.prisma, 'office', { now });
    const sessionB = `${SESSION_COOKIE}=${cookieValue(b.cookie, SESSION_COOKIE)}`;

    for (const [what, cookie, csrf] of [
      ["B's browser, A's token", b.cookie, a.csrf],
      ["A's secret cookie and A's token, B's session", withSession(a.cookie, sessionB), a.csrf],
      ["A's secret cookie and A's token, A's other session", withSession(a.cookie, sessionA2), a.csrf],
      ["A's session, B's secret cookie and B's token", withSession(b.cookie, sessionA), b.csrf],
    ] as const) {
      const res = await postPaper(cookie, csrf);
      // on failure, look at: what
      expect({ what, status: res.statusCode }).toStrictEqual({ what, status: 403 });
      expectRefused(res);
    }
    expect(await stored()).toBe(0);
    // Each browser's own token works.
    expect((await postPaper(a.cookie, a.csrf)).statusCode).toBe(303);
    expect((await postPaper(b.cookie, b.csrf)).statusCode).toBe(303);
    expect(await stored()).toBe(2);
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
  });

  it('rotates the secret at sign-in: a form opened before signing in is refused after it', async () => {
    const user = await createTestUser(p.db.prisma, 'office');
    const before = await openForm(p.app, '/signin'); // no session: a token bound to nobody
    const signin = await p.app.inject({
      method: 'POST',
      url: '/signin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: before.cookie },
      payload: new URLSearchParams({ _csrf: before.csrf, email: user.email, password: TEST_PASSWORD }).toString(),
    });
    expect(signin.statusCode).toBe(303);
    // The answer drops the secret...
    const cleared = [signin.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('dondoc_csrf='));
    expectTruthy(cleared);
    expect(cleared).toMatch(/^dondoc_csrf=;/);
    const signedIn = withSetCookies(before.cookie, signin.headers['set-cookie']);
    expect(cookieValue(signedIn, 'dondoc_csrf')).toBe(undefined);
    const session = `${SESSION_COOKIE}=${cookieValue(signedIn, SESSION_COOKIE)}`;
    // ...and the next page gets a new one.
    const after = await openForm(p.app, '/', signedIn);
    const oldSecret = cookieValue(before.cookie, 'dondoc_csrf');
    const newSecret = cookieValue(after.cookie, 'dondoc_csrf');
    expectTruthy(newSecret);
    expect(newSecret).not.toBe(oldSecret);

    // The token from before sign-in, with the old secret (a browser that kept it) or the new one: refused.
    expectRefused(await postPaper(withSession(before.cookie, session), before.csrf));
    expectRefused(await postPaper(after.cookie, before.csrf));
    // A token of the old secret made for this very session (a page opened just before the rotation): refused.
    const oldSecretForSession = await openForm(p.app, '/', withSession(before.cookie, session));
    expect(cookieValue(oldSecretForSession.cookie, 'dondoc_csrf')).toBe(oldSecret);
    expectRefused(await postPaper(after.cookie, oldSecretForSession.csrf));
    expect(await stored()).toBe(0);
    // The form opened after sign-in works.
    expect((await postPaper(after.cookie, after.csrf)).statusCode).toBe(303);

    // Sign-out drops the secret too.
    const out = await p.app.inject({ method: 'POST', url: '/signout', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: after.cookie }, payload: `_csrf=${after.csrf}` });
    expect(out.statusCode).toBe(303);
    expect([out.headers['set-cookie'] ?? []].flat().some((c) => c.startsWith('dondoc_csrf=;'))).toBe(true);
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
  });

  it('refuses a tampered, unsigned or foreign secret cookie, and stores nothing', async () => {
    const t = await p.token(OBLIGATION.yTe);
    const page = await openForm(p.app, `/r/${t}`);
    const signed = decodeURIComponent(cookieValue(page.cookie, 'dondoc_csrf')!);
    const [secret, signature] = [signed.slice(0, signed.lastIndexOf('.')), signed.slice(signed.lastIndexOf('.') + 1)];
    const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
    // A browser of another dondoc (another DONDOC_COOKIE_SECRET): its cookie and token are genuine there.
    const other = await buildWebApp({ ...NO_UPLOADS, prisma: p.db.prisma, deliver: async () => undefined, clock: () => now, cookieSecret: 'x'.repeat(40) });
    let foreign: FormCsrf;
    try {
      foreign = await openForm(other, `/r/${t}`);
    } finally {
      await other.close();
    }
    const post = (cookie: string, csrf: string) =>
      p.app.inject({
        method: 'POST',
        url: `/r/${t}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams({ _csrf: csrf, submissionId: randomUUID(), comment: 'Báo cáo' }).toString(),
      });
    for (const [what, cookie, csrf] of [
      ['the secret changed, the signature kept', `dondoc_csrf=${encodeURIComponent(`${flip(secret)}.${signature}`)}`, page.csrf],
      ['the signature changed', `dondoc_csrf=${encodeURIComponent(`${secret}.${flip(signature)}`)}`, page.csrf],
      ['the secret without its signature', `dondoc_csrf=${secret}`, page.csrf],
      ['another server\'s cookie and token', foreign.cookie, foreign.csrf],
    ] as const) {
      const res = await post(cookie, csrf);
      // on failure, look at: what
      expect({ what, status: res.statusCode }).toStrictEqual({ what, status: 403 });
      expectRefused(res);
    }
    expect(await p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.yTe } })).toBe(0);
    // The page's own cookie and token work.
    expect((await post(page.cookie, page.csrf)).statusCode).toBe(303);
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
  });

  it('refuses a cross-site request outright, even with a good token', async () => {
    expectRefused(await postPaper(p.cookie, p.officeCsrf, { 'sec-fetch-site': 'cross-site' }));
    const t = await p.token(OBLIGATION.caoLoc);
    const unit = await p.app.inject({
      method: 'POST',
      url: `/r/${t}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: p.cookie, 'sec-fetch-site': 'cross-site' },
      payload: new URLSearchParams({ _csrf: p.unitCsrf, submissionId: randomUUID(), comment: 'Báo cáo' }).toString(),
    });
    expectRefused(unit);
    expect(await p.db.prisma.submission.count()).toBe(0);
    // Same-site and same-origin requests are a browser's own: accepted.
    expect((await postPaper(p.cookie, p.officeCsrf, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(303);
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
  });

  it('checks a multipart post to a route that does not read multipart forms itself', async () => {
    // Only the upload routes check a multipart form's first field themselves; elsewhere the hook checks
    // it like any other body, so a multipart post carries no way around the token.
    const { payload, contentType } = multipart([
      { name: 'submissionId', value: randomUUID() },
      { name: 'kind', value: 'report' },
      { name: 'comment', value: 'x' },
    ]);
    const res = await p.app.inject({ method: 'POST', url: PAPER, headers: { 'content-type': contentType, cookie: p.cookie }, payload });
    expectRefused(res);
    expect(await stored()).toBe(0);
    // Nor does a token in a multipart body count where the route does not read it: sign-out does nothing.
    const revoked = () => p.db.prisma.session.count({ where: { revokedAt: { not: null } } });
    const before = await revoked();
    const withToken = multipart([{ name: '_csrf', value: p.officeCsrf }]);
    expectRefused(await p.app.inject({ method: 'POST', url: '/signout', headers: { 'content-type': withToken.contentType, cookie: p.cookie }, payload: withToken.payload }));
    expect(await revoked()).toBe(before);
    expect((await p.officeGet('/')).statusCode).toBe(200);
  });
});
