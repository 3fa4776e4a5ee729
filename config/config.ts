// dondoc's configuration: read from the environment once, at start-up, validated with zod, then passed
// down. Nothing else in the application reads process.env: the CLI (cli/dondoc.ts), the worker and the
// web app are given this Config. (Outside it: prisma.config.ts, for Prisma's own CLI; db/migrate.ts
// hands the environment on, unread, to the `prisma migrate deploy` it runs; scripts/ and tests/.)
// Every value has an embedded default so that `npm run dev` works from a fresh clone, except the cookie
// secret with NODE_ENV=production.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logging.ts';
import { CYCLE_DESIGNS, type CycleDesign } from '../domain/cycle-design.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);

/** Sign-in sessions and rate limits (web/auth). Defaults chosen for an office working day. */
export interface AuthSettings {
  /** A session ends after this many minutes without a request... */
  sessionIdleMinutes: number;
  /** ...and in any case this many minutes after sign-in. */
  sessionMaxMinutes: number;
  /** Sign-in attempts per IP address, and failed sign-ins per email and address (web/auth/rate-limits.ts), within signinWindowMinutes. */
  signinPerIp: number;
  signinFailuresPerEmail: number;
  signinWindowMinutes: number;
  /** Requests per minute per IP address to the units' personal-link pages (/r/...). */
  unitPagePerMinute: number;
}

export const AUTH_DEFAULTS: AuthSettings = {
  sessionIdleMinutes: 8 * 60,
  sessionMaxMinutes: 12 * 60,
  signinPerIp: 10,
  signinFailuresPerEmail: 10,
  signinWindowMinutes: 15,
  unitPagePerMinute: 60,
};

/** DONDOC_PG_POOL_MAX's default. */
export const PG_POOL_MAX_DEFAULT = 20;

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const EnvSchema = z.object({
  DONDOC_DATA_DIR: z.string().default('.data'),
  // The scheme picks the provider (db/client.ts): file: is SQLite, postgres:// or postgresql:// PostgreSQL.
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/i, { message: 'SQLite "file:..." or PostgreSQL "postgresql://..." URLs only' })
    .optional(),
  /**
   * Connections each process may hold to PostgreSQL (the @prisma/adapter-pg pool; ignored on SQLite).
   * pg's own default, 10, left 50 concurrent dashboard requests queueing for a connection
   * (BENCHMARKS.md, issue 13); the server's default max_connections (100) is shared by every web
   * process, worker and CLI command, so raise both together.
   */
  DONDOC_PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(PG_POOL_MAX_DEFAULT),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  DONDOC_TASK_QUEUE: z.string().default('dondoc'),
  DONDOC_WEB_HOST: z.string().default('127.0.0.1'),
  DONDOC_WEB_PORT: port.default(3000),
  DONDOC_PUBLIC_URL: z.url().optional(),
  /**
   * The reverse proxies in front of `dondoc web` (comma-separated addresses or CIDR ranges, e.g.
   * "127.0.0.1,10.0.0.0/8"): only their X-Forwarded-For is believed, so sign-in limits, the audit
   * trail and the log see the user's address instead of the proxy's. Unset: no proxy is trusted.
   */
  DONDOC_TRUST_PROXY: z
    .string()
    .optional()
    .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { message: 'an IP address or CIDR range / một địa chỉ IP hoặc dải CIDR' }))),
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: port.default(2525),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().default('dondoc <no-reply@dondoc.invalid>'),
  /** Run a real SMTP server in-process that keeps what it receives (the Outbox page). */
  DONDOC_EMBEDDED_SMTP: bool.default(true),
  /** Personal links stay valid this many days after their cycle closes. */
  DONDOC_LINK_DAYS_AFTER_CLOSE: z.coerce.number().int().min(0).max(3650).default(60),
  /**
   * Workflows the worker keeps in memory between their tasks. An obligation sleeps for weeks, so an
   * evicted one costs a short replay; unbounded, the SDK sizes the cache from the heap limit (about
   * 2,300 here) and the worker grew to 2.4 GiB in the benchmark.
   */
  DONDOC_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(500),
  /**
   * Mails a worker process may have handed to the SMTP server but not yet recorded as sent (the mail
   * gate, activities/mail-gate.ts): a killed worker repeats at most this many. Default 4, its
   * MAILS_IN_FLIGHT; a larger gate sends a wave faster over more SMTP connections at once (BENCHMARKS.md).
   */
  DONDOC_MAIL_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * The design new cycles start on (domain/cycle-design.ts): 'waves' (issue 15) unless set; a running
   * cycle keeps its own, so cycles started per-unit before finish per-unit.
   */
  DONDOC_CYCLE_DESIGN: z.enum(CYCLE_DESIGNS).default('waves'),
  /** The largest report file a unit may upload, in MB. */
  DONDOC_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(500).default(20),
  /** Where uploaded report files are kept (by content hash); defaults to <data dir>/uploads. */
  DONDOC_UPLOADS_DIR: z.string().min(1).optional(),
  DONDOC_SESSION_IDLE_MINUTES: count(AUTH_DEFAULTS.sessionIdleMinutes),
  DONDOC_SESSION_MAX_MINUTES: count(AUTH_DEFAULTS.sessionMaxMinutes),
  DONDOC_SIGNIN_LIMIT_PER_IP: count(AUTH_DEFAULTS.signinPerIp),
  DONDOC_SIGNIN_FAILURES_PER_EMAIL: count(AUTH_DEFAULTS.signinFailuresPerEmail),
  DONDOC_SIGNIN_WINDOW_MINUTES: count(AUTH_DEFAULTS.signinWindowMinutes),
  DONDOC_UNIT_PAGE_LIMIT_PER_MINUTE: count(AUTH_DEFAULTS.unitPagePerMinute),
  /** The password for `dondoc user add` / `user passwd` when no terminal can prompt for it. */
  DONDOC_NEW_PASSWORD: z.string().optional(),
  /** How much the web app and the worker log: JSON lines on stdout (config/logging.ts). */
  DONDOC_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /**
   * Signs the web app's cookies (the CSRF secret, web/auth/csrf.ts). Required in production
   * (NODE_ENV=production); elsewhere a random one per process, so a restart only means reloading a form.
   */
  DONDOC_COOKIE_SECRET: z.string().min(32, { message: 'at least 32 characters (e.g. openssl rand -base64 48)' }).optional(),
  NODE_ENV: z.string().optional(),
}).superRefine((e, ctx) => {
  if (e.NODE_ENV === 'production' && !e.DONDOC_COOKIE_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['DONDOC_COOKIE_SECRET'], message: 'required when NODE_ENV=production (at least 32 characters)' });
  }
});

export interface Config {
  dataDir: string;
  databaseUrl: string;
  /** DONDOC_PG_POOL_MAX: the PostgreSQL connection pool's size per process. */
  databasePoolMax: number;
  temporal: { address: string; namespace: string; taskQueue: string };
  /** cookieSecret: DONDOC_COOKIE_SECRET, or random for this process outside production. */
  web: { host: string; port: number; publicUrl: string; cookieSecret: string; trustProxy: string[] };
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
  mailFrom: string;
  embeddedSmtp: { enabled: boolean; outboxDir: string };
  linkDaysAfterClose: number;
  /** mailsInFlight: DONDOC_MAIL_IN_FLIGHT, the mail gate's permits per worker process. */
  worker: { maxCachedWorkflows: number; mailsInFlight: number };
  /** DONDOC_CYCLE_DESIGN: the design new cycles start on. */
  cycleDesign: CycleDesign;
  uploads: { dir: string; maxBytes: number };
  auth: AuthSettings;
  /** DONDOC_NEW_PASSWORD, read only by the `dondoc user` commands. */
  newPassword?: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DONDOC_DATA_DIR);
  return {
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(dataDir, 'dondoc.db')}`,
    databasePoolMax: e.DONDOC_PG_POOL_MAX,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.DONDOC_TASK_QUEUE },
    web: {
      host: e.DONDOC_WEB_HOST,
      port: e.DONDOC_WEB_PORT,
      publicUrl: (e.DONDOC_PUBLIC_URL ?? `http://localhost:${e.DONDOC_WEB_PORT}`).replace(/\/$/, ''),
      cookieSecret: e.DONDOC_COOKIE_SECRET ?? randomBytes(32).toString('base64url'),
      trustProxy: e.DONDOC_TRUST_PROXY,
    },
    smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, pass: e.SMTP_PASS },
    mailFrom: e.MAIL_FROM,
    embeddedSmtp: { enabled: e.DONDOC_EMBEDDED_SMTP, outboxDir: path.join(dataDir, 'outbox') },
    linkDaysAfterClose: e.DONDOC_LINK_DAYS_AFTER_CLOSE,
    worker: { maxCachedWorkflows: e.DONDOC_MAX_CACHED_WORKFLOWS, mailsInFlight: e.DONDOC_MAIL_IN_FLIGHT },
    cycleDesign: e.DONDOC_CYCLE_DESIGN,
    uploads: { dir: path.resolve(e.DONDOC_UPLOADS_DIR ?? path.join(dataDir, 'uploads')), maxBytes: e.DONDOC_UPLOAD_MAX_MB * 1024 * 1024 },
    auth: {
      sessionIdleMinutes: e.DONDOC_SESSION_IDLE_MINUTES,
      sessionMaxMinutes: e.DONDOC_SESSION_MAX_MINUTES,
      signinPerIp: e.DONDOC_SIGNIN_LIMIT_PER_IP,
      signinFailuresPerEmail: e.DONDOC_SIGNIN_FAILURES_PER_EMAIL,
      signinWindowMinutes: e.DONDOC_SIGNIN_WINDOW_MINUTES,
      unitPagePerMinute: e.DONDOC_UNIT_PAGE_LIMIT_PER_MINUTE,
    },
    newPassword: e.DONDOC_NEW_PASSWORD,
    logLevel: e.DONDOC_LOG_LEVEL,
  };
}
