// The configuration a test stack is wired from (app/wiring.ts), made by the same loadConfig as every
// process's, from the environment a `dondoc` process of the stack would be given.
import { loadConfig, type Config } from '../../config/config.ts';
import { TEST_COOKIE_SECRET } from './csrf.ts';

export const TEST_MAIL_FROM = 'dondoc <no-reply@test.dondoc.invalid>';

export function testConfig(o: { databaseUrl: string; smtpPort: number; uploadsDir?: string; temporalAddress?: string; namespace?: string; taskQueue?: string }): Config {
  return loadConfig({
    DATABASE_URL: o.databaseUrl,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(o.smtpPort),
    MAIL_FROM: TEST_MAIL_FROM,
    DONDOC_COOKIE_SECRET: TEST_COOKIE_SECRET,
    DONDOC_PUBLIC_URL: 'http://127.0.0.1:9',
    ...(o.uploadsDir ? { DONDOC_UPLOADS_DIR: o.uploadsDir } : {}),
    ...(o.temporalAddress ? { TEMPORAL_ADDRESS: o.temporalAddress } : {}),
    ...(o.namespace ? { TEMPORAL_NAMESPACE: o.namespace } : {}),
    ...(o.taskQueue ? { DONDOC_TASK_QUEUE: o.taskQueue } : {}),
  });
}
