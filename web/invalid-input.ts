// What the web app answers when a request's params, query string or body fail the route's zod schema
// (fastify-type-provider-zod validates them before the handler runs): always a short bilingual page,
// never Fastify's JSON error. A route whose answer is its own (a bad personal link gets the unit's 404
// page, a bad form comes back with its message) declares it with onInvalidInput; the app's error
// handler answers for the others with invalidInputPage.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { bi, html, page } from './html.ts';

/** The part of the request that failed its schema (Fastify's validationContext). */
export type InputPart = 'params' | 'querystring' | 'body' | 'headers';

/**
 * The route's answer to an input that failed its schema. Params are validated first, so when the
 * body or the query string failed, req.params already holds the route's validated params.
 */
export type InvalidInputAnswer = (req: FastifyRequest, reply: FastifyReply, part: InputPart) => FastifyReply | void | Promise<FastifyReply | void>;

/** The part that failed, or null when `err` is not a zod schema validation failure. */
export function invalidInputPart(err: unknown): InputPart | null {
  if (!hasZodFastifySchemaValidationErrors(err)) return null;
  return (err as { validationContext?: InputPart }).validationContext ?? 'body';
}

/**
 * Route option (spread it into the route's options): `answer` for an input that fails the route's
 * schema. Any other error is thrown on, to the app's error handler (Fastify's route error handlers
 * chain to their parent's).
 */
export function onInvalidInput(answer: InvalidInputAnswer) {
  return {
    errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
      const part = invalidInputPart(err);
      if (!part) throw err;
      return answer(req, reply, part);
    },
  };
}

/** The app's answer for routes without their own: a malformed address is a page that does not exist; a bad query or form is an invalid request. */
export function invalidInputPage(reply: FastifyReply, part: InputPart) {
  if (part === 'params') return reply.callNotFound();
  return reply
    .code(400)
    .type('text/html')
    .send(page('Lỗi', html`<div class="error" role="alert">${bi('Yêu cầu không hợp lệ.', 'Invalid request.')}</div>`));
}
