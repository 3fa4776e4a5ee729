// A browser that goes away mid-upload (closed tab, lost connection) is a client abort, not a server
// failure: no 500 line with a stack in the log (an info/warn "aborted" line instead), no answer (the
// socket is gone), and nothing kept: no submission row, no file in the uploads dir. A real HTTP
// client on a raw socket sends half a multipart body and destroys the connection.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { savePlan } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import { buildWebApp } from '../../web/app.ts';
import { openForm, TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { filesUnder, tempUploadsDir } from '../helpers/uploads.ts';

interface LogLine {
  level: string;
  msg: string;
  reqId?: string;
  req?: { method: string };
  err?: { message?: string; stack?: string };
  res?: { statusCode: number };
}

describe('a client that disconnects mid-upload', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let port: number;
  const written: string[] = [];
  const lines = () => written.map((w) => JSON.parse(w) as LogLine);

  beforeAll(async () => {
    db = await freshDatabase();
    uploads = await tempUploadsDir();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({
      cookieSecret: TEST_COOKIE_SECRET,
      uploadsDir: uploads.dir,
      uploadMaxBytes: 5 * 1024 * 1024,
      prisma: db.prisma,
      deliver: async () => undefined,
      clock: () => new Date('2026-11-25T03:00:00Z'),
      logger: { level: 'info', destination: { write: (line: string) => void written.push(line) } },
    });
    // A route that reads its raw body itself and fails as any read does when the client resets.
    app.get('/test/slow-body', { config: { access: 'public' } }, async (req) => {
      await new Promise((_resolve, reject) => req.raw.on('error', reject).resume());
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await uploads?.close();
  });

  it('is logged as an aborted request, not a 500, and keeps no row and no file', async () => {
    const token = await issueToken(db.prisma, 'test-2026/2026-annual/so-noi-vu', new Date('2027-02-01T00:00:00Z'));
    const { cookie, csrf } = await openForm(app, `/r/${token}`);
    const boundary = '----dondocabort';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nreport\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="reportFile"; filename="bao-cao.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    const half = Buffer.concat([head, Buffer.alloc(256 * 1024, 0x41)]);
    const declaredLength = half.length + 256 * 1024; // the other half never comes
    const answered: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`POST /r/${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${declaredLength}\r\n\r\n`);
        socket.write(half, async () => {
          // Let the server start streaming the file to its temporary file, then go away.
          for (let i = 0; i < 50 && (await filesUnder(uploads.dir)).length === 0; i++) await sleep(20);
          socket.destroy();
          resolve();
        });
      });
      socket.on('data', (c) => answered.push(c));
      socket.on('error', reject);
    });
    // The server notices the reset and finishes with the request (its log says how).
    const upload = () => lines().filter((l) => l.reqId !== undefined && l.reqId === lines().find((x) => x.req?.method === 'POST')?.reqId);
    for (let i = 0; i < 200 && upload().length < 2; i++) await sleep(50);
    await sleep(300); // and anything it would log after that

    expect(answered.length).toBe(0); // nothing was answered before the client went away
    const log = lines();
    expect(log.filter((l) => l.level === 'error' || l.level === 'fatal')).toStrictEqual([]);
    expect(log.some((l) => l.res?.statusCode === 500)).toBe(false);
    const aborted = log.filter((l) => /aborted/i.test(l.msg));
    expect(aborted.length).toBe(1);
    expect(['info', 'warn']).toContain(aborted[0]!.level);
    expect(aborted[0]!.err?.stack).toBeUndefined();
    expect(await db.prisma.submission.count()).toBe(0);
    expect(await filesUnder(uploads.dir)).toStrictEqual([]);
  }, 20_000);

  it('a body read that fails because the client reset the connection is not a 500 either', async () => {
    // The error a route sees when the client resets mid-body (ECONNRESET "aborted"), on a route that
    // reads the raw body itself; the app's error handler must recognise it.
    written.length = 0;
    const res = await new Promise<Buffer[]>((resolve, reject) => {
      const answered: Buffer[] = [];
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`GET /test/slow-body HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nhalf`, async () => {
          for (let i = 0; i < 50 && !lines().some((l) => l.msg === 'incoming request'); i++) await sleep(20);
          await sleep(50);
          socket.destroy();
          resolve(answered);
        });
      });
      socket.on('data', (c) => answered.push(c));
      socket.on('error', reject);
    });
    for (let i = 0; i < 100 && !lines().some((l) => /aborted|failed/i.test(l.msg)); i++) await sleep(50);
    await sleep(300);
    expect(res.length).toBe(0);
    const log = lines();
    expect(log.filter((l) => l.level === 'error' || l.level === 'fatal')).toStrictEqual([]);
    expect(log.filter((l) => /aborted/i.test(l.msg)).map((l) => l.level)).toStrictEqual(['info']);
  }, 20_000);
});
