// dondoc's configuration: read from the environment once, at start-up, validated with zod, then passed
// down. Nothing below this module reads process.env. Every value has an embedded default so that
// `npm run dev` works from a fresh clone.
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  DONDOC_DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().regex(/^file:/, { message: 'only SQLite "file:" URLs are supported for now' }).optional(),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  DONDOC_TASK_QUEUE: z.string().default('dondoc'),
  DONDOC_WEB_HOST: z.string().default('127.0.0.1'),
  DONDOC_WEB_PORT: port.default(3000),
  DONDOC_PUBLIC_URL: z.url().optional(),
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
  /** The largest "all submissions" ZIP the web app builds (in memory), in MB; larger ones are refused. */
  DONDOC_EXPORT_ZIP_MAX_MB: z.coerce.number().int().min(1).max(16_384).default(500),
});

export interface Config {
  dataDir: string;
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  web: { host: string; port: number; publicUrl: string };
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
  mailFrom: string;
  embeddedSmtp: { enabled: boolean; outboxDir: string };
  linkDaysAfterClose: number;
  exports: { zipMaxBytes: number };
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
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.DONDOC_TASK_QUEUE },
    web: {
      host: e.DONDOC_WEB_HOST,
      port: e.DONDOC_WEB_PORT,
      publicUrl: (e.DONDOC_PUBLIC_URL ?? `http://localhost:${e.DONDOC_WEB_PORT}`).replace(/\/$/, ''),
    },
    smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, pass: e.SMTP_PASS },
    mailFrom: e.MAIL_FROM,
    embeddedSmtp: { enabled: e.DONDOC_EMBEDDED_SMTP, outboxDir: path.join(dataDir, 'outbox') },
    linkDaysAfterClose: e.DONDOC_LINK_DAYS_AFTER_CLOSE,
    exports: { zipMaxBytes: e.DONDOC_EXPORT_ZIP_MAX_MB * 1024 * 1024 },
  };
}
