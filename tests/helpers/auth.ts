// Signed-in office users for route tests: a user in the test database and a session cookie, made
// directly (no POST /signin, so the sign-in rate limit does not get in the way of other tests).
// Accounts are scoped to plans (web/auth/plan-scope.ts): a test user is given the test's plans, by
// default every plan already in the database when it is created.
import type { FastifyInstance } from 'fastify';
import { openForm, type FormCsrf } from './csrf.ts';
import type { PrismaClient } from '../../db/client.ts';
import type { Role } from '../../accounts/roles.ts';
import { SESSION_COOKIE } from '../../web/auth/session-cookie.ts';
import { startSession } from '../../accounts/sessions.ts';
import { grantPlan } from '../../web/auth/plan-scope.ts';
import { createUser } from '../../accounts/users.ts';

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-2026';

let n = 0;

export interface TestUserOptions {
  email?: string;
  password?: string;
  name?: string;
  /** The plans the account is given; every plan in the database when absent (admins see all anyway). */
  plans?: readonly string[];
}

export async function createTestUser(prisma: PrismaClient, role: Role, opts: TestUserOptions = {}) {
  n += 1;
  const user = await createUser(prisma, {
    email: opts.email ?? `${role}-${n}-${Date.now()}@test.dondoc.invalid`,
    name: opts.name ?? `Người dùng ${role} ${n}`,
    role,
    password: opts.password ?? TEST_PASSWORD,
  });
  const plans = opts.plans ?? (await prisma.plan.findMany({ select: { id: true } })).map((p) => p.id);
  for (const planId of plans) await grantPlan(prisma, user.id, planId, new Date());
  return user;
}

/** A new user with this role, signed in at `now`: the Cookie header of the session. */
export async function signIn(prisma: PrismaClient, role: Role, opts: { now?: Date; plans?: readonly string[] } = {}): Promise<string> {
  const user = await createTestUser(prisma, role, { plans: opts.plans });
  const token = await startSession(prisma, user.id, opts.now ?? new Date());
  return `${SESSION_COOKIE}=${token}`;
}

/**
 * A new user with this role, signed in at `now`, who has opened the start page of `app`: the Cookie
 * header (session and CSRF secret) and the form token bound to that session, to post the office's forms.
 */
export async function signInWithForms(app: FastifyInstance, prisma: PrismaClient, role: Role, opts: { now?: Date; plans?: readonly string[] } = {}): Promise<FormCsrf> {
  return openForm(app, '/', await signIn(prisma, role, opts));
}

/** GET as a newly signed-in user of this role (route tests of pages behind sign-in). */
export async function signedInGet(app: FastifyInstance, prisma: PrismaClient, role: Role, now: Date) {
  const cookie = await signIn(prisma, role, { now });
  return (url: string) => app.inject({ url, headers: { cookie } });
}
