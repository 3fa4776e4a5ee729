// Accounts are scoped to plans: one installation can serve several provinces or programmes, and an
// office or committee account sees and acts on the plans an administrator gave it (table UserPlan),
// nothing else; an admin sees every plan. Every signed-in route declares how its plan is found,
//   { config: { access, planScope: PLAN_IN_ADDRESS } }  the plan is the address's :planId
//   { config: { access, planScope: 'none' } }           not about one plan (/, /audit, /outbox, /plans/import):
//                                                       a page that lists plans filters them itself
// and the access hook (web/auth/access.ts) checks it next to the role. A plan the account does not
// have answers the same 404 as an address that does not exist, so an account cannot even learn which
// other plans there are. A signed-in route without a declaration is refused like one without access.
import type { PrismaClient } from '../../db/client.ts';
import type { Role } from '../../accounts/roles.ts';

/** How a route finds its plan from the request's params (a function), or that it is about none. */
export type PlanScope = 'none' | ((params: Readonly<Record<string, string | undefined>>) => string | undefined);

/** The plan is the `:planId` of the address (/cycles/:planId/..., /plans/:planId/..., /committee/:planId/...). */
export const PLAN_IN_ADDRESS: PlanScope = (params) => params.planId;

export function isValidPlanScope(s: unknown): s is PlanScope {
  return s === 'none' || typeof s === 'function';
}

/** Who is asking: an admin sees every plan; anyone else the plans granted to the account. */
interface Account {
  id: string;
  role: Role;
}

/** May this account see this plan? (Admins: always; an unknown plan is simply not granted.) */
export async function canSeePlan(prisma: PrismaClient, user: Account, planId: string): Promise<boolean> {
  if (user.role === 'admin') return true;
  const grant = await prisma.userPlan.findUnique({ where: { userId_planId: { userId: user.id, planId } }, select: { planId: true } });
  return grant !== null;
}

/** The plans this account sees, for the pages that list them: 'all' for an admin. */
export async function visiblePlanIds(prisma: PrismaClient, user: Account): Promise<'all' | Set<string>> {
  if (user.role === 'admin') return 'all';
  const grants = await prisma.userPlan.findMany({ where: { userId: user.id }, select: { planId: true } });
  return new Set(grants.map((g) => g.planId));
}

/** A Prisma `where` on Plan.id limited to what the account sees (nothing extra for an admin). */
export function planFilter(visible: 'all' | Set<string>): { id?: { in: string[] } } {
  return visible === 'all' ? {} : { id: { in: [...visible] } };
}

/** Gives the account the plan; true when it is new (granting twice changes nothing). */
export async function grantPlan(prisma: PrismaClient, userId: string, planId: string, now: Date): Promise<boolean> {
  const existing = await prisma.userPlan.findUnique({ where: { userId_planId: { userId, planId } } });
  if (existing) return false;
  await prisma.userPlan.upsert({ where: { userId_planId: { userId, planId } }, create: { userId, planId, grantedAt: now }, update: {} });
  return true;
}

/** Takes the plan away from the account; true when it had it. */
export async function revokePlan(prisma: PrismaClient, userId: string, planId: string): Promise<boolean> {
  const { count } = await prisma.userPlan.deleteMany({ where: { userId, planId } });
  return count > 0;
}
