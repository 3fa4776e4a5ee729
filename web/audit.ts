// Audit events from the web app: the signed-in user (or the unit, on its personal-link pages) and the
// client's address. Written after the change succeeded, so the log never shows what did not happen.
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../db/audit.ts';
import type { PrismaClient } from '../db/client.ts';

/** Who acted, as the engine records it on the obligation (the user's email; the office when not signed in). */
export function actorName(req: FastifyRequest): string {
  return req.user?.email ?? 'office (web)';
}

export function auditOffice(prisma: PrismaClient, req: FastifyRequest, action: string, target: string, detail: Record<string, unknown> = {}) {
  return recordAudit(prisma, { actor: req.user?.id ?? 'anonymous', action, target, detail: { ...detail, by: req.user?.email }, ip: req.ip });
}

export function auditUnit(prisma: PrismaClient, req: FastifyRequest, obligationId: string, action: string, detail: Record<string, unknown> = {}) {
  return recordAudit(prisma, { actor: `unit:${obligationId}`, action, target: obligationId, detail, ip: req.ip });
}
