// The one "no such plan or cycle" answer of the office's read-only pages and downloads: a short
// bilingual 404 page whatever was wrong with the address (unknown, malformed, hostile).
import type { FastifyReply } from 'fastify';
import { bi, html, page } from '../html.ts';

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
