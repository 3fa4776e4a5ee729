// The shape of dondoc's log lines, shared by the web app (Fastify's own pino logger, web/logging.ts)
// and the worker (the Temporal SDK's logger, worker/logging.ts): one JSON object per line through
// pino, the level as a word, an ISO time and which process wrote it, so one tool reads both.
// What never reaches a line:
//  - a personal-link token (/r/<token>, a password for a unit's page): the web app's request
//    serializer cuts it out of req.url, and every finished line is filtered too, because a URL also
//    travels in messages (Fastify's "reply already sent" error names the raw URL, and pino makes an
//    error's message the line's msg) and the worker writes these links into emails;
//  - cookies and authorization headers, censored by path wherever a logged object carries them (the
//    request serializer never logs headers: this is the net under it).
import os from 'node:os';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

/** The levels DONDOC_LOG_LEVEL accepts: pino's, and "silent" for none. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const satisfies readonly LevelWithSilent[];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Which part of dondoc writes: "web", "worker", or "dev" (both in one process). */
  service: string;
  /** Where the lines go; stdout, written synchronously, when absent (a killed worker loses no line). */
  destination?: DestinationStream;
}

/**
 * /r/<token>/receipt/1 → /r/…/receipt/1, anywhere in a text: a URL (whose query may carry a path
 * too), a message quoting one, or a JSON line (the segment also ends at a quote or a backslash, so
 * JSON escapes stay whole). Tokens are base64url: nothing of one is left.
 */
export function redactPersonalLinks(text: string): string {
  return text.replace(/\/r\/[^/?#&\s"'\\]+/g, '/r/…');
}

const SECRET_PATHS = ['req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization', 'res.headers["set-cookie"]'];

export function createLogger(o: LoggerOptions): Logger {
  const out = o.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: o.level,
      base: { service: o.service, pid: process.pid, hostname: os.hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // `error` as well as pino's `err`: the Temporal SDK puts errors under `error` in its metadata.
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    },
    { write: (line: string) => out.write(redactPersonalLinks(line)) },
  );
}
