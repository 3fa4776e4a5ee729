// Signed-in office users for route tests: a user in the test database and a session cookie, made
// directly (no POST /signin, so the sign-in rate limit does not get in the way of other tests).
import type { FastifyInstance } from 'fastify';
import type { PrismaClient } from '../../db/client.ts';
import type { Role } from '../../web/auth/roles.ts';
import { SESSION_COOKIE, startSession } from '../../web/auth/sessions.ts';
import { createUser } from '../../web/auth/users.ts';

/** The CSRF cookie and form field value tests send (a browser that opened the form has both). */
export const TEST_CSRF = 'c'.repeat(43);
export const TEST_PASSWORD = 'mat-khau-thu-nghiem-2026';

let n = 0;

export async function createTestUser(prisma: PrismaClient, role: Role, opts: { email?: string; password?: string; name?: string } = {}) {
  n += 1;
  return createUser(prisma, {
    email: opts.email ?? `${role}-${n}-${Date.now()}@test.dondoc.invalid`,
    name: opts.name ?? `Người dùng ${role} ${n}`,
    role,
    password: opts.password ?? TEST_PASSWORD,
  });
}

/** A new user with this role, signed in at `now`: the Cookie header (session + CSRF cookies). */
export async function signIn(prisma: PrismaClient, role: Role, opts: { now?: Date } = {}): Promise<string> {
  const user = await createTestUser(prisma, role);
  const token = await startSession(prisma, user.id, opts.now ?? new Date());
  return `${SESSION_COOKIE}=${token}; dondoc_csrf=${TEST_CSRF}`;
}

/** GET as a newly signed-in user of this role (route tests of pages behind sign-in). */
export async function signedInGet(app: FastifyInstance, prisma: PrismaClient, role: Role, now: Date) {
  const cookie = await signIn(prisma, role, { now });
  return (url: string) => app.inject({ url, headers: { cookie } });
}
