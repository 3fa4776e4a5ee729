// The one "no such plan or cycle" answer of the office's read-only pages and downloads: a short
// bilingual 404 page whatever was wrong with the address (unknown, malformed, hostile). A malformed one
// is refused by the route's params schema (CYCLE_ADDRESS, PLAN_ADDRESS), an unknown one by the route.
import type { FastifyReply } from 'fastify';
import { bi, html, page } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { CycleParams, PlanParams } from '../read/cycle-table.ts';

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
