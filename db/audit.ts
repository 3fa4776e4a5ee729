// The audit log: who did what, when, from where. One row per event, written by the web app (sign-in,
// sign-out) and the CLI (user changes, office actions). Read on the admin's /audit page. The failed
// sign-ins in it are also what the sign-in limits count (signinFailures), so they survive a restart.
import type { PrismaClient } from './client.ts';
import { auditDetailToJson } from './stored-json.ts';

export interface AuditInput {
  /** A user id, "unit:<obligationId>", "cli", "system" or "anonymous" (a failed sign-in to no account). */
  actor: string;
  action: string;
  /** An obligation or cycle id; the email tried for sign-in events; the user id for user changes. */
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  at?: Date;
}

export async function recordAudit(prisma: PrismaClient, e: AuditInput): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      at: e.at ?? new Date(),
      actor: e.actor,
      action: e.action,
      target: e.target ?? null,
      detail: e.detail ? auditDetailToJson(e.detail) : undefined,
      ip: e.ip ?? null,
    },
  });
}

export interface SigninFailures {
  /** When this address last failed for this email, newest first, at most `take` of them. */
  fromThisAddress: Date[];
  /** How many failures for this email from every address together. */
  fromAllAddresses: number;
}

/** The failed sign-ins for one email since `since`: this address's own (newest first) and everyone's count. */
export async function signinFailures(prisma: PrismaClient, q: { email: string; ip: string; since: Date; take: number }): Promise<SigninFailures> {
  const failed = { action: 'signin_failed', target: q.email, at: { gt: q.since } };
  const [mine, all] = await Promise.all([
    prisma.auditEvent.findMany({ where: { ...failed, ip: q.ip }, orderBy: { at: 'desc' }, take: q.take, select: { at: true } }),
    prisma.auditEvent.count({ where: failed }),
  ]);
  return { fromThisAddress: mine.map((e) => e.at), fromAllAddresses: all };
}
