// What activities need from the outside world, injected by the worker (and by tests).
import type { PrismaClient } from '../db/client.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Dondoc } from '../temporal/client.ts';
import type { MailGate } from './mail-gate.ts';

export interface ActivityDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  publicUrl: string; // base of personal links, e.g. https://dondoc.example.gov.vn
  linkDaysAfterClose: number;
  /** For activities that start workflows (the fan-out, the Schedule's opener: with the configured design). */
  temporal: Dondoc;
  /** Shared by every send of the process; createActivities makes one (MAILS_IN_FLIGHT) if absent. */
  mailGate?: MailGate;
}
