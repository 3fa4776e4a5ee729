// Personal links: a random 256-bit token per email, stored only as its SHA-256. A token opens one
// obligation (one unit, one cycle) until it expires or the office revokes it.
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from './client.ts';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

export async function issueToken(prisma: PrismaClient, obligationId: string, expiresAt: Date): Promise<string> {
  const raw = randomBytes(32).toString('base64url');
  await prisma.accessToken.create({ data: { obligationId, tokenHash: hashToken(raw), expiresAt } });
  return raw;
}

/** The obligation a token opens, or null for a malformed, unknown, expired or revoked token alike. */
export async function obligationIdForToken(prisma: PrismaClient, raw: string, now: Date): Promise<string | null> {
  if (!TOKEN_SHAPE.test(raw)) return null;
  const t = await prisma.accessToken.findUnique({ where: { tokenHash: hashToken(raw) } });
  if (!t || t.revokedAt || t.expiresAt <= now) return null;
  return t.obligationId;
}
