// The audit log: who did what, when, from where. One row per event, written by the web app (sign-in,
// sign-out) and the CLI (user changes, office actions). Read on the admin's /audit page.
import type { PrismaClient } from './client.ts';

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
      detail: e.detail ? JSON.stringify(e.detail) : null,
      ip: e.ip ?? null,
    },
  });
}
