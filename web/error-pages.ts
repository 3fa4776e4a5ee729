// The app's error answers, all the same short bilingual HTML page (web/html.ts), never Fastify's
// English JSON: the "not found" page, the page of the error handler, and the answers to errors raised
// before any route runs: Fastify's frameworkErrors (a URL that cannot be decoded, a path parameter
// longer than maxParamLength: a 9,000-character personal link is an invalid link, not a 414) and
// Node's clientError (oversized headers 431, a malformed request 400). The clientError answer is
// written on the raw socket by hand because there is no request or reply yet (it copies what
// Fastify's default handler does, with an HTML body instead of JSON).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { bi, html, page } from './html.ts';
import { invalidLink } from './portal/invalid-link.ts';
import { inLanguageOfCookieHeader } from './lang.ts';

/**
 * The headers every answer carries (set by an onSend hook in web/app.ts, and here for the answers
 * given before any hook runs). Personal links must not leak through Referer to other sites; our own
 * pages may see it (the English switch returns to the page it was clicked on).
 */
export const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' } as const;

/** What each status says; any other 4xx is "invalid request", any 5xx "something went wrong". */
const MESSAGES: Record<number, [vi: string, en: string]> = {
  400: ['Yêu cầu không hợp lệ.', 'Invalid request.'],
  404: ['Không tìm thấy trang này.', 'Page not found.'],
  408: ['Yêu cầu quá thời gian chờ. Vui lòng thử lại.', 'The request timed out. Please try again.'],
  414: ['Địa chỉ quá dài.', 'The address is too long.'],
  431: ['Yêu cầu quá lớn (phần đầu quá dài). Vui lòng xóa cookie của trang và thử lại.', 'The request headers are too large. Please clear this site’s cookies and try again.'],
  500: [
    'Đã có lỗi xảy ra. Vui lòng thử lại sau ít phút; nếu đã nhận được biên nhận thì báo cáo đã được lưu.',
    'Something went wrong. Please try again in a few minutes; if you got a receipt, your report is stored.',
  ],
};

/** The bilingual error page for `status`. */
export function errorPage(status: number): string {
  const [vi, en] = MESSAGES[status] ?? (status >= 500 ? MESSAGES[500]! : MESSAGES[400]!);
  return page(status === 404 ? 'Không tìm thấy' : 'Lỗi', html`<div class="error" role="alert">${bi(vi, en)}</div>`);
}

export function sendErrorPage(reply: FastifyReply, status: number) {
  return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status));
}

/**
 * Fastify's frameworkErrors option: errors found while routing, before any route or hook runs, so the
 * headers and the English switch (onSend hooks elsewhere) are applied here.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, rawReply: FastifyReply) {
  const reply = withTransform(rawReply.headers(SECURITY_HEADERS), (page) => inLanguageOfCookieHeader(req.headers.cookie, page));
  // A personal link too long to be a token is one more invalid link (the same page as any other).
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return req.url.startsWith('/r/') ? invalidLink(reply) : sendErrorPage(reply, 404);
  if (err.code === 'FST_ERR_BAD_URL') return sendErrorPage(reply, 400);
  req.log.error({ err }, 'dondoc web: routing failed');
  return sendErrorPage(reply, 500);
}

type ReplyTransform = (page: string) => string;

/** `reply`, with every string it sends passed through `transform` first (what an onSend hook would do). */
function withTransform(reply: FastifyReply, transform: ReplyTransform): FastifyReply {
  const send = reply.send.bind(reply);
  reply.send = (payload?: unknown) => send(typeof payload === 'string' ? transform(payload) : payload);
  return reply;
}

/** Fastify's clientErrorHandler option: Node's HTTP parser refused the request (no request object exists). */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  // A reset connection has nobody left to answer (as Fastify's default handler).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = errorPage(status);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('') +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
