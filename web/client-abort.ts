// A browser that goes away mid-request (a closed tab, a dropped mobile connection during an upload) is
// not a server failure: the request is logged once at info as aborted by the client, never as a 500
// with a stack, and nothing is answered (the socket is gone). What the request had written is removed
// by its own code (the multipart reader and the upload store discard a cut-off file on error).
// Fastify's onRequestAbort hook says that the client left; the error handler uses isClientAbort to
// recognise the read errors this causes (ECONNRESET "aborted") and stay silent.
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Errors a read of the request body fails with when the client resets or closes the connection. */
const ABORT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'FST_MP_PREMATURE_CLOSE']);

/** The client went away and `err` is what that did to the request (not a failure of ours). */
export function isClientAbort(err: unknown, req: FastifyRequest): boolean {
  const { code, message } = (err ?? {}) as { code?: string; message?: string };
  const causedByAbort = (code !== undefined && ABORT_CODES.has(code)) || message === 'aborted';
  const clientGone = req.raw.aborted || req.raw.socket?.destroyed === true || (req.raw.destroyed && !req.raw.complete);
  return causedByAbort && clientGone;
}

/** Logs each request its client abandoned, once, at info (the URL without the personal-link token, web/logging.ts). */
export function logClientAborts(app: FastifyInstance) {
  app.addHook('onRequestAbort', async (req) => {
    req.log.info({ req }, 'dondoc web: request aborted by the client');
  });
}
