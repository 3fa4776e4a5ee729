// The web app's log (web/logging.ts): Fastify's pino logger writes JSON lines with request ids; a 500
// is one error line with the method and the URL, the personal-link token cut out; no cookie or
// authorization header ever reaches a line. A real route on a real database that lost a table.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { savePlan } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import { buildWebApp } from '../../web/app.ts';
import { webLogger } from '../../web/logging.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';
import { expectTruthy } from '../helpers/expect.ts';

interface LogLine {
  level: string;
  msg: string;
  time: string;
  service: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  err?: { type: string; message: string; stack: string };
}

describe('web app log', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let token: string;
  const written: string[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    token = await issueToken(db.prisma, 'test-2026/2026-annual/so-noi-vu', new Date('2027-02-01T00:00:00Z'));
    // The unit's page reads this table after the token: the page fails with a database error, a real 500.
    await db.prisma.$executeRawUnsafe('DROP TABLE "ExtensionRequest"');
    app = await buildWebApp({
      ...NO_UPLOADS,
      prisma: db.prisma,
      deliver: async () => undefined,
      clock: () => new Date('2026-11-25T03:00:00Z'),
      cookieSecret: 's'.repeat(32),
      logger: { level: 'info', destination: { write: (line: string) => void written.push(line) } },
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('logs a 500 as one JSON line with the request id, the method and the URL without the token', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/r/${token}?from=mail`,
      headers: { cookie: 'dondoc_session=cookie-secret-value', authorization: 'Bearer authorization-secret-value' },
    });
    expect(res.statusCode).toBe(500);
    // the browser gets the short page, never the error
    expect(res.body).not.toMatch(/ExtensionRequest|at .*\.ts:\d+/);

    // one JSON object per line
    const lines = written.map((w) => JSON.parse(w) as LogLine);
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors.length).toBe(1);
    const [line] = errors;
    expectTruthy(line);
    expect(line.msg).toBe('dondoc web: request failed');
    expect(line.service).toBe('web');
    expect(line.reqId).toMatch(/^req-/);
    expect(line.req).toMatchObject({ method: 'GET', url: '/r/…?from=mail' });
    // the cause, for whoever reads the log
    expect(line.err?.message).toMatch(/ExtensionRequest/);
    expect(line.err?.stack).toBeTruthy();
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);

    // Fastify's own request lines carry the same id, also without the token
    const sameRequest = lines.filter((l) => l.reqId === line.reqId);
    expect(sameRequest.map((l) => l.msg)).toStrictEqual(['incoming request', 'dondoc web: request failed', 'request completed']);
    expect(sameRequest[0]?.req?.url).toBe('/r/…?from=mail');
    expect(sameRequest[2]?.res?.statusCode).toBe(500);

    // the token, the cookie and the authorization header are nowhere in the log
    const all = written.join('');
    expect(all).not.toContain(token);
    expect(all).not.toContain('cookie-secret-value');
    expect(all).not.toContain('authorization-secret-value');
  });

  it('cuts the token out of an error\'s message and stack too (Fastify\'s "reply already sent" names the raw URL)', () => {
    const out: string[] = [];
    const log = webLogger({ level: 'info', destination: { write: (l: string) => void out.push(l) } });
    expectTruthy(log);
    const err = new Error(`Reply was already sent, did you forget to "return reply" in "/r/${token}" (GET)?`);
    log.warn({ err }); // as Fastify logs it: no message of its own, so pino makes err.message the msg
    const line = JSON.parse(out[0]!) as LogLine;
    expect(line.msg).toBe('Reply was already sent, did you forget to "return reply" in "/r/…" (GET)?');
    expect(line.err?.message).toBe('Reply was already sent, did you forget to "return reply" in "/r/…" (GET)?');
    expect(out.join('')).not.toContain(token);
  });

});
