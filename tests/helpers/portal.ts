// The unit portal for route tests: a fresh database with the three-unit plan, a throw-away uploads
// dir, the web app with a recorded (fake) Temporal delivery, and requests as a browser sends them
// (the CSRF cookie and the same value as the form's first field).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { savePlan } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import { buildWebApp, type WebDeps } from '../../web/app.ts';
import type { SubmissionReceived } from '../../workflows/messages.ts';
import { signIn } from './auth.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { threeUnitPlan } from './plans.ts';
import { multipart, tempUploadsDir, type Part } from './uploads.ts';

export const OBLIGATION = {
  noiVu: 'test-2026/2026-annual/so-noi-vu',
  yTe: 'test-2026/2026-annual/so-y-te',
  caoLoc: 'test-2026/2026-annual/ubnd-cao-loc',
};
export const CSRF = 'c'.repeat(43);

export interface Portal {
  db: TestDb;
  app: FastifyInstance;
  uploadsDir: string;
  uploadsRoot: string;
  delivered: [string, SubmissionReceived][];
  token(obligationId: string): Promise<string>;
  postMultipart(url: string, parts: Part[], opts?: { csrfField?: boolean; csrfCookie?: boolean }): Promise<LightMyRequestResponse>;
  postForm(url: string, body: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The signed-in office user's session cookie ("dondoc_session=..."). */
  officeSession: string;
  /** GET as a signed-in office user. */
  officeGet(url: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startPortal(opts: { figures?: Parameters<typeof threeUnitPlan>[0]['figures']; maxBytes?: number; now?: Date; office?: WebDeps['office'] } = {}): Promise<Portal> {
  const db = await freshDatabase();
  const uploads = await tempUploadsDir();
  const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01', figures: opts.figures });
  await savePlan(db.prisma, plan, source);
  const delivered: [string, SubmissionReceived][] = [];
  const now = opts.now ?? new Date('2026-11-25T03:00:00Z');
  const app = await buildWebApp({
    prisma: db.prisma,
    deliver: async (id, s) => void delivered.push([id, s]),
    clock: () => now,
    uploadsDir: uploads.dir,
    uploadMaxBytes: opts.maxBytes ?? 64 * 1024,
    office: opts.office,
  });
  const officeSession = (await signIn(db.prisma, 'office', { now })).split(';')[0]!;
  return {
    db,
    app,
    officeSession,
    uploadsDir: uploads.dir,
    uploadsRoot: uploads.root,
    delivered,
    token: (id) => issueToken(db.prisma, id, new Date('2027-02-01T00:00:00Z')),
    postMultipart(url, parts, o = {}) {
      const { payload, contentType } = multipart([...(o.csrfField === false ? [] : [{ name: '_csrf', value: CSRF }]), ...parts]);
      return app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, cookies: o.csrfCookie === false ? {} : { dondoc_csrf: CSRF }, payload });
    },
    officeGet(url) {
      return app.inject({ url, headers: { cookie: officeSession } });
    },
    postForm(url, body) {
      // Sent by a signed-in office user: the unit pages ignore the session, the office pages need it.
      return app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${officeSession}; dondoc_csrf=${CSRF}` },
        payload: new URLSearchParams({ _csrf: CSRF, ...body }).toString(),
      });
    },
    async close() {
      await app.close();
      await db.close();
      await uploads.close();
    },
  };
}
