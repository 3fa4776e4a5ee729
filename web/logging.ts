// The web app's logger: Fastify's own pino logger (request ids, a line per request, errors) in
// dondoc's JSON format (config/logging.ts). What a request line shows is decided here: Fastify's own
// request fields with the personal-link token cut out of the URL (a password for a unit's page), and
// no header at all (cookies, authorization).
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { createLogger, redactPersonalLinks, type LogLevel } from '../config/logging.ts';

/**
 * WebDeps.logger: a logger made by config/logging.ts (dev's, shared with its worker), options for a
 * new one (tests pass a destination to capture the lines), or false for none.
 */
export type WebLoggerOption = Logger | { level: LogLevel; destination?: DestinationStream } | false;

/** Fastify's own request fields, the URL redacted; never the headers. */
function requestFields(req: FastifyRequest) {
  return { method: req.method, url: redactPersonalLinks(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

const isLogger = (o: WebLoggerOption): o is Logger => typeof (o as Logger).child === 'function';

/** The logger Fastify is given (its `loggerInstance`, typed as Fastify's own), or null for none. */
export function webLogger(option: WebLoggerOption | undefined): FastifyBaseLogger | null {
  if (!option) return null;
  const base = isLogger(option) ? option : createLogger({ level: option.level, service: 'web', destination: option.destination });
  // On a child, so a logger passed in gets the request fields too: Fastify keeps the serializers a
  // logger already has over its own.
  return base.child({}, { serializers: { req: requestFields } });
}
