// Sign-in sessions. The browser holds a random 256-bit token in an HttpOnly cookie; the database holds
// only its SHA-256, so a copy of the database opens no session. A session ends at sign-out
// (revokedAt), after sessionIdleMinutes without a request, or sessionMaxMinutes after sign-in,
// whichever comes first; disabling a user ends all of theirs. The cookie itself is the web app's
// (web/auth/session-cookie.ts); `dondoc user disable` ends sessions from here.
import { createHash, randomBytes } from 'node:crypto';
import type { AuthSettings } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { RoleSchema, type Role } from './users.ts';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
// lastSeenAt is written at most this often: one SQLite write per page view would contend with the worker.
const TOUCH_EVERY_MS = 60_000;

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
}

const hash = (raw: string) => createHash('sha256').update(raw).digest('hex');

/** A new session for the user; returns the raw token for the cookie (never stored). */
export async function startSession(prisma: PrismaClient, userId: string, now: Date, ip?: string): Promise<string> {
  const raw = randomBytes(32).toString('base64url');
  await prisma.session.create({ data: { userId, tokenHash: hash(raw), createdAt: now, lastSeenAt: now, ip: ip ?? null } });
  return raw;
}

/** The signed-in user for a cookie value, or null for a malformed, unknown, revoked or expired session alike. */
export async function sessionUser(prisma: PrismaClient, raw: string | undefined, now: Date, settings: AuthSettings): Promise<SignedInUser | null> {
  if (!raw || !TOKEN_SHAPE.test(raw)) return null;
  const s = await prisma.session.findUnique({ where: { tokenHash: hash(raw) }, include: { user: true } });
  if (!s || s.revokedAt || s.user.disabledAt) return null;
  const idleEnd = s.lastSeenAt.getTime() + settings.sessionIdleMinutes * 60_000;
  const absoluteEnd = s.createdAt.getTime() + settings.sessionMaxMinutes * 60_000;
  if (now.getTime() >= idleEnd || now.getTime() >= absoluteEnd) return null;
  const role = RoleSchema.safeParse(s.user.role);
  if (!role.success) return null;
  if (now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await prisma.session.update({ where: { id: s.id }, data: { lastSeenAt: now } });
  }
  return { id: s.user.id, email: s.user.email, name: s.user.name, role: role.data, sessionId: s.id };
}

/** Ends the session of this cookie value (if any); returns its user id. */
export async function revokeSession(prisma: PrismaClient, raw: string | undefined, now: Date): Promise<string | null> {
  if (!raw || !TOKEN_SHAPE.test(raw)) return null;
  const s = await prisma.session.findUnique({ where: { tokenHash: hash(raw) } });
  if (!s || s.revokedAt) return null;
  await prisma.session.update({ where: { id: s.id }, data: { revokedAt: now } });
  return s.userId;
}

export async function revokeUserSessions(prisma: PrismaClient, userId: string, now: Date): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
