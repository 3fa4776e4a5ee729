// The unit portal for route tests: a fresh database with the three-unit plan, a throw-away uploads
// dir, the web app with a recorded (fake) Temporal delivery, and requests as a browser sends them
// (the signed CSRF secret cookie its pages set, and their form token as the form's first field).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { savePlan } from '../../db/plans.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { issueToken } from '../../db/tokens.ts';
import { buildWebApp } from '../../web/app.ts';
import type { WebDeps } from '../../web/deps.ts';
import type { SubmissionReceived } from '../../workflows/messages.ts';
import { signIn } from './auth.ts';
import { openForm, TEST_COOKIE_SECRET } from './csrf.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { threeUnitPlan } from './plans.ts';
import { multipart, tempUploadsDir, type Part } from './uploads.ts';

export const OBLIGATION = {
  noiVu: 'test-2026/2026-annual/so-noi-vu',
  yTe: 'test-2026/2026-annual/so-y-te',
  caoLoc: 'test-2026/2026-annual/ubnd-cao-loc',
};
export interface Portal {
  db: TestDb;
  app: FastifyInstance;
  uploadsDir: string;
  uploadsRoot: string;
  delivered: [string, SubmissionReceived][];
  token(obligationId: string): Promise<string>;
  postMultipart(url: string, parts: Part[], opts?: { csrfField?: boolean; csrfCookie?: boolean }): Promise<LightMyRequestResponse>;
  /** The form token of the units' pages (bound to no session) that postMultipart and postForm send to /r/... */
  unitCsrf: string;
  /** The form token of the office's pages, bound to officeSession. */
  officeCsrf: string;
  /** The browser's Cookie header: officeSession and the CSRF secret cookie both tokens are made from. */
  cookie: string;
  postForm(url: string, body: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The signed-in office user's session cookie ("dondoc_session=..."). */
  officeSession: string;
  /** GET as a signed-in office user. */
  officeGet(url: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startPortal(opts: { figures?: Parameters<typeof threeUnitPlan>[0]['figures']; maxBytes?: number; now?: Date; office?: WebDeps['office']; plan?: { plan: Plan; source: string } } = {}): Promise<Portal> {
  const db = await freshDatabase();
  const uploads = await tempUploadsDir();
  const { plan, source } = opts.plan ?? threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01', figures: opts.figures });
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
    cookieSecret: TEST_COOKIE_SECRET,
  });
  const officeSession = await signIn(db.prisma, 'office', { now });
  // One browser: its CSRF secret from the first page it opened, a token for the pages without a
  // session (the units' links), and one bound to the office user's session.
  const unit = await openForm(app, '/signin');
  const office = await openForm(app, '/', `${officeSession}; ${unit.cookie}`);
  return {
    db,
    app,
    officeSession,
    uploadsDir: uploads.dir,
    uploadsRoot: uploads.root,
    delivered,
    unitCsrf: unit.csrf,
    officeCsrf: office.csrf,
    cookie: office.cookie,
    token: (id) => issueToken(db.prisma, id, new Date('2027-02-01T00:00:00Z')),
    postMultipart(url, parts, o = {}) {
      const { payload, contentType } = multipart([...(o.csrfField === false ? [] : [{ name: '_csrf', value: unit.csrf }]), ...parts]);
      return app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...(o.csrfCookie === false ? {} : { cookie: unit.cookie }) }, payload });
    },
    officeGet(url) {
      return app.inject({ url, headers: { cookie: officeSession } });
    },
    postForm(url, body) {
      // Sent by a signed-in office user: the unit pages ignore the session (and their token is bound
      // to none), the office pages need it.
      const csrf = url.startsWith('/r/') ? unit.csrf : office.csrf;
      return app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: office.cookie },
        payload: new URLSearchParams({ _csrf: csrf, ...body }).toString(),
      });
    },
    async close() {
      await app.close();
      await db.close();
      await uploads.close();
    },
  };
}
