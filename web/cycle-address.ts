// The office's read-only pages and downloads named by a cycle or a plan (the exports, the committee's
// list, the rates), and their one "no such plan or cycle" answer: a short bilingual 404 page whatever
// was wrong with the address (unknown, malformed, hostile). A malformed one is refused by the route's
// params schema (CYCLE_ADDRESS, PLAN_ADDRESS), an unknown one by the route.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PrismaClient } from '../db/client.ts';
import type { Access } from './auth/access.ts';
import { PLAN_IN_ADDRESS } from './auth/plan-scope.ts';
import { bi, html, page } from './html.ts';
import { onInvalidInput } from './invalid-input.ts';
import { CycleParams, findCycle, PlanParams, type CycleHead } from './cycle-table.ts';

export function noSuchCycle(reply: FastifyReply) {
  return reply
    .code(404)
    .type('text/html')
    .send(page('Không tìm thấy', html`<div class="error"><h1>${bi('Không tìm thấy kỳ báo cáo', 'Cycle not found')}</h1><p>${bi('Không có kế hoạch hoặc kỳ báo cáo này.', 'There is no such plan or reporting cycle.')}</p></div>`));
}

export function noSuchPlan(reply: FastifyReply) {
  return reply
    .code(404)
    .type('text/html')
    .send(page('Không tìm thấy', html`<div class="error"><h1>${bi('Không tìm thấy kế hoạch', 'Plan not found')}</h1><p>${bi('Không có kế hoạch này.', 'There is no such plan.')}</p></div>`));
}

/** Route options of a page or download named by a cycle (/.../:planId/:cycleKey...): its params schema and the 404 page. */
export const CYCLE_ADDRESS = { schema: { params: CycleParams }, ...onInvalidInput((_req, reply) => noSuchCycle(reply)) };

/** Route options of a page named by a plan (/plans/:planId/...): its params schema and the 404 page. */
export const PLAN_ADDRESS = { schema: { params: PlanParams }, ...onInvalidInput((_req, reply) => noSuchPlan(reply)) };

/**
 * GET `url`, a page or download of one cycle (its address ends in /:planId/:cycleKey...): `answer`
 * gets the cycle the address names; a malformed or unknown address gets the 404 page. The plan is the
 * address's, so an account without it gets the uniform 404 (web/auth/plan-scope.ts).
 */
export function getCycleResource(
  scope: FastifyInstance,
  prisma: PrismaClient,
  url: string,
  access: Access,
  answer: (cycle: CycleHead, reply: FastifyReply) => Promise<FastifyReply>,
) {
  scope.withTypeProvider<ZodTypeProvider>().get(url, { config: { access, planScope: PLAN_IN_ADDRESS }, ...CYCLE_ADDRESS }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    return cycle ? answer(cycle, reply) : noSuchCycle(reply);
  });
}
