// Any bad personal link (malformed, unknown, expired, revoked, or asking for what is not its own)
// gets the same 404 page, so a guess learns nothing.
import type { FastifyReply } from 'fastify';
import { bi, html, page } from '../html.ts';

export function invalidLink(reply: FastifyReply) {
  return reply
    .code(404)
    .type('text/html')
    .send(
      page(
        'Đường link không hợp lệ',
        html`<div class="error"><h1>${bi('Đường link không hợp lệ hoặc đã hết hạn', 'This link is invalid or has expired')}</h1>
<p>${bi('Vui lòng dùng đường link trong thư nhắc mới nhất, hoặc liên hệ cơ quan thường trực.', 'Please use the link in your latest reminder email, or contact the standing office.')}</p></div>`,
        { nav: false },
      ),
    );
}
