// What the web app is built from (WebDeps) and what it adds to every Fastify instance. Its own file,
// not web/app.ts: the routes need these types, and app.ts imports every route, so the routes importing
// app.ts made one import cycle through all of them. Only app.ts imports the routes.
import type { AuthSettings } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import type { MailCatcher } from '../mail/catcher.ts';
import type { OfficeEngine } from '../temporal/office-actions.ts';
import type { WebLoggerOption } from './logging.ts';
import type { Dashboard } from './office/cycle-dashboard.ts';
import type { DashboardCache } from './office/dashboard-cache.ts';
import type { Deliver } from '../temporal/submission-delivery.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The cycle dashboard's shared reads (web/office/dashboard-cache.ts), decorated by web/app.ts. */
    dashboards: DashboardCache<Dashboard | null>;
  }
}

/** A dependency's readiness check (/readyz, web/health-routes.ts): resolves when it answers, throws when it does not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface WebDeps {
  prisma: PrismaClient;
  deliver: Deliver;
  clock: () => Date;
  catcher?: MailCatcher;
  /** The engine's office actions (extend, exempt, resend); absent, the pages are read-only. */
  office?: OfficeEngine;
  /** The request log (web/logging.ts): JSON lines, personal-link tokens cut out; none when absent. */
  logger?: WebLoggerOption;
  /** The proxies whose X-Forwarded-For gives the client's address (config DONDOC_TRUST_PROXY); none when absent. */
  trustProxy?: string[];
  /** Mark cookies Secure (the public URL is https). */
  secureCookies?: boolean;
  /** Signs the cookies (the CSRF secret); config DONDOC_COOKIE_SECRET, at least 32 characters. */
  cookieSecret: string;
  /** Where uploaded report files are stored by content (config: DONDOC_UPLOADS_DIR). */
  uploadsDir: string;
  /** The largest report file accepted (config: DONDOC_UPLOAD_MAX_MB). */
  uploadMaxBytes: number;
  /** /readyz's checks beyond the database's own (the web process adds Temporal's: app/web-process.ts). */
  readiness?: Record<string, ReadinessCheck>;
  /** Session expiry and rate limits; AUTH_DEFAULTS when not given. */
  auth?: AuthSettings;
}
