// What every dondoc process is built from, made once from the validated configuration
// (config/config.ts): the database, the mailer, the Temporal client, the clock and the uploads store;
// and closed once, in the reverse order. `dondoc worker`, `dondoc web`, `dondoc dev`, the tests' stacks
// and the benchmarks all come through here, so a process is configured the same way wherever it runs.
// A test gives the parts it already has (its fresh database, the time-skipping server's client, a
// clock that follows the skipped time): those are used as given and left to their owner to close.
import type { ActivityDeps } from '../activities/deps.ts';
import { createMailGate } from '../activities/mail-gate.ts';
import type { Config } from '../config/config.ts';
import { createPrisma, type PrismaClient } from '../db/client.ts';
import type { MailCatcher } from '../mail/catcher.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { connectTemporal, connectTemporalLazily, withCycleDesign, type Dondoc } from '../temporal/client.ts';
import { deliverToUnit } from '../temporal/unit-workflows.ts';
import { officeEngine } from '../temporal/office-actions.ts';
import type { Deliver } from '../temporal/submission-delivery.ts';
import type { WebDeps } from '../web/deps.ts';
import type { WebLoggerOption } from '../web/logging.ts';

export interface Wiring {
  config: Config;
  prisma: PrismaClient;
  mailer: Mailer;
  temporal: Dondoc;
  /** The processes' "now": real time, or a test's skipped time. */
  clock: () => Date;
  /** Where report files are stored by content, and the largest accepted (DONDOC_UPLOADS_DIR, DONDOC_UPLOAD_MAX_MB). */
  uploads: { dir: string; maxBytes: number };
  /** Tells an obligation's workflow about a stored submission (temporal/submission-delivery.ts). */
  deliver: Deliver;
  /** Closes what this wiring opened, not what it was given. */
  close(): Promise<void>;
}

export interface WiringOptions {
  /** Parts a caller already has (tests): used as they are, never closed here. */
  given?: Partial<Pick<Wiring, 'prisma' | 'mailer' | 'temporal' | 'clock'>>;
  /**
   * 'eager' (the worker, the CLI, dev): fail at start when Temporal is unreachable. 'lazy' (the web
   * process): connect at the first call, so pages are served and reports stored while Temporal is down.
   */
  temporal?: 'eager' | 'lazy';
}

export async function openWiring(config: Config, o: WiringOptions = {}): Promise<Wiring> {
  const given = o.given ?? {};
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c();
    closers.length = 0;
  };
  try {
    const prisma = given.prisma ?? (await createPrisma(config));
    if (!given.prisma) closers.push(() => prisma.$disconnect());
    const mailer = given.mailer ?? createMailer(config);
    if (!given.mailer) closers.push(() => mailer.close());
    const connected = given.temporal ?? (o.temporal === 'lazy' ? connectTemporalLazily(config.temporal) : await connectTemporal(config.temporal));
    if (!given.temporal) closers.push(() => connected.client.connection.close());
    // New cycles start on the configured design (temporal/client.ts startCycle); a given client keeps its own.
    const temporal = given.temporal?.cycles ? given.temporal : withCycleDesign(connected, config.cycleDesign, prisma);
    return {
      config,
      prisma,
      mailer,
      temporal,
      clock: given.clock ?? (() => new Date()),
      uploads: { dir: config.uploads.dir, maxBytes: config.uploads.maxBytes },
      deliver: (obligationId, s) => deliverToUnit(prisma, temporal, obligationId, s),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The worker's activities' dependencies; `publicUrl` overrides the configured one (a test's port 0). */
export function activityDeps(w: Wiring, o: { publicUrl?: string } = {}): ActivityDeps {
  return {
    prisma: w.prisma,
    mailer: w.mailer,
    publicUrl: o.publicUrl ?? w.config.web.publicUrl,
    linkDaysAfterClose: w.config.linkDaysAfterClose,
    temporal: w.temporal,
    // One gate for every send of the worker process, of the configured size (DONDOC_MAIL_IN_FLIGHT).
    mailGate: createMailGate(w.config.worker.mailsInFlight),
  };
}

/** The web app's dependencies (web/deps.ts). */
export function webDeps(w: Wiring, o: { catcher?: MailCatcher; logger?: WebLoggerOption } = {}): WebDeps {
  return {
    prisma: w.prisma,
    deliver: w.deliver,
    clock: w.clock,
    catcher: o.catcher,
    office: officeEngine(w.prisma, w.temporal),
    logger: o.logger,
    secureCookies: w.config.web.publicUrl.startsWith('https:'),
    trustProxy: w.config.web.trustProxy,
    cookieSecret: w.config.web.cookieSecret,
    uploadsDir: w.uploads.dir,
    uploadMaxBytes: w.uploads.maxBytes,
    auth: w.config.auth,
  };
}
