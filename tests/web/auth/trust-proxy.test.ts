// Behind a reverse proxy every connection comes from the proxy: unless DONDOC_TRUST_PROXY names it, the
// sign-in limits, the audit trail and the log would see one address for everybody (and one user's
// failures would throttle all). A listed proxy's X-Forwarded-For is believed; anyone else's is not.
// Real routes on a real listening socket, real SQLite.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { AUTH_DEFAULTS, loadConfig } from '../../../config/config.ts';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET, withSetCookies, csrfOf } from '../../helpers/csrf.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { expectTruthy } from '../../helpers/expect.ts';

describe('DONDOC_TRUST_PROXY', () => {
  let db: TestDb;
  const apps: FastifyInstance[] = [];
  const start = async (trustProxy: string[] | undefined): Promise<string> => {
    const app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => new Date(), trustProxy, auth: { ...AUTH_DEFAULTS, signinPerIp: 1000 } });
    apps.push(app);
    return app.listen({ host: '127.0.0.1', port: 0 });
  };
  /** A failed sign-in from the test (127.0.0.1) claiming to forward for 203.0.113.7; the audited address. */
  const failedSigninFrom = async (base: string, email: string): Promise<string | null> => {
    const page = await fetch(`${base}/signin`);
    const cookie = withSetCookies('', page.headers.getSetCookie());
    const csrf = csrfOf(await page.text());
    expectTruthy(csrf);
    const res = await fetch(`${base}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': '203.0.113.7' },
      body: new URLSearchParams({ _csrf: csrf, email, password: 'wrong-password' }).toString(),
    });
    expect(res.status).toBe(401);
    const row = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'signin_failed', target: email } });
    return row.ip;
  };

  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db.close();
  });

  it('believes the forwarded address only from a listed proxy', async () => {
    expect(await failedSigninFrom(await start(['127.0.0.1']), 'a@x.vn')).toBe('203.0.113.7');
    expect(await failedSigninFrom(await start(['10.0.0.0/8']), 'b@x.vn')).toBe('127.0.0.1');
    expect(await failedSigninFrom(await start(undefined), 'c@x.vn')).toBe('127.0.0.1');
  });

  it('reads a list of addresses and ranges, and refuses anything else with a clear error', () => {
    expect(loadConfig({ DONDOC_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8,::1 ' }).web.trustProxy).toStrictEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(loadConfig({}).web.trustProxy).toStrictEqual([]);
    expect(() => loadConfig({ DONDOC_TRUST_PROXY: 'yes' })).toThrow(/DONDOC_TRUST_PROXY.*IP/);
  });
});
