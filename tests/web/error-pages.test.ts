// Every error answer is the same short bilingual HTML page, including the ones Fastify or Node's HTTP
// parser raise before any route runs (an over-long URL, oversized headers, a malformed request): never
// Fastify's English JSON. Real requests on a raw socket, since inject() cannot produce these errors.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { savePlan } from '../../db/plans.ts';
import { buildWebApp } from '../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';

/** Sends `request` as raw bytes and returns everything the server answers until it closes. */
function rawRequest(port: number, request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headers = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const BILINGUAL_PAGE = /^<!doctype html><html lang="vi">/;

describe('error pages', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => new Date('2026-11-25T03:00:00Z') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('a 9,000-character personal link gets the invalid-link page, not a JSON 414', async () => {
    const res = await rawRequest(port, `GET /r/${'a'.repeat(9000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(404);
    expect(res.headers).toMatch(/content-type: text\/html/i);
    expect(res.body).toMatch(BILINGUAL_PAGE);
    expect(res.body).toMatch(/Đường link không hợp lệ hoặc đã hết hạn/);
    expect(res.body).toMatch(/This link is invalid or has expired/);
    // The same headers as every other page.
    expect(res.headers).toMatch(/x-content-type-options: nosniff/i);
    expect(res.headers).toMatch(/referrer-policy: same-origin/i);
  });

  it('the English switch applies to these pages too', async () => {
    const res = await rawRequest(port, `GET /r/${'a'.repeat(9000)} HTTP/1.1\r\nHost: localhost\r\nCookie: dondoc_lang=en\r\nConnection: close\r\n\r\n`);
    expect(res.body).toMatch(/^<!doctype html><html lang="en" class="lang-en">/);
  });

  it('any other over-long address is the bilingual "not found" page', async () => {
    const res = await rawRequest(port, `GET /cycles/${'a'.repeat(9000)}/b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect([404, 414]).toContain(res.status);
    expect(res.headers).toMatch(/content-type: text\/html/i);
    expect(res.body).toMatch(BILINGUAL_PAGE);
    expect(res.body).not.toMatch(/"statusCode"/);
  });

  const cases: [string, string, number][] = [
    ['oversized headers (431)', `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431],
    ['a malformed header line (400)', 'GET / HTTP/1.1\r\nHost: localhost\r\nthis is not a header\r\n\r\n', 400],
    ['a malformed request line (400)', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['a malformed percent-encoding in the URL (400)', 'GET /r/%zz%c0 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 400],
  ];
  for (const [what, request, status] of cases) {
    it(`${what} is the bilingual error page`, async () => {
      const res = await rawRequest(port, request);
      expect(res.status).toBe(status);
      expect(res.headers).toMatch(/content-type: text\/html; charset=utf-8/i);
      expect(res.body).toMatch(BILINGUAL_PAGE);
      expect(res.body).toMatch(/<span class="vi">[^<]+<\/span> <span class="en">[^<]+<\/span>/);
      expect(res.body).not.toMatch(/"statusCode"|^\{/); // not Fastify's JSON
      expect(res.headers).toMatch(/x-content-type-options: nosniff/i);
    });
  }
});
