// The web process: the web app on its port, /healthz and /readyz (web/health-routes.ts, here given
// the Temporal check), and the redelivery of submissions Temporal missed (every web process runs
// one: the claim in temporal/submission-delivery.ts keeps several from telling a workflow twice).
// `dondoc web` runs it alone (runWeb); `dondoc dev` runs it beside its worker (cli/dev.ts).
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { createLogger } from '../config/logging.ts';
import type { MailCatcher } from '../mail/catcher.ts';
import { checkTemporal, prepareNamespace } from '../temporal/client.ts';
import { startRedelivery, type RedeliveryLoop } from '../temporal/submission-delivery.ts';
import { buildWebApp } from '../web/app.ts';
import { removeAbandonedUploads } from '../web/uploads/store.ts';
import { openWiring, webDeps, type Wiring } from './wiring.ts';

/** How often a web process looks for submissions Temporal has not been told of. */
export const REDELIVERY_EVERY_MS = 15_000;
/** How often it removes the temporary files of uploads cut off by a process that died (web/uploads/store.ts). */
export const ABANDONED_UPLOADS_EVERY_MS = 10 * 60_000;

export interface WebProcess {
  app: FastifyInstance;
  redelivery: RedeliveryLoop;
  /** Stops the redelivery, then closes the server once the requests in flight have been answered. */
  close(): Promise<void>;
}

export async function startWebProcess(w: Wiring, o: { log: Logger; catcher?: MailCatcher; redeliveryEveryMs?: number }): Promise<WebProcess> {
  const app = await buildWebApp({ ...webDeps(w, { catcher: o.catcher, logger: o.log }), readiness: { temporal: () => checkTemporal(w.temporal) } });
  await app.listen({ host: w.config.web.host, port: w.config.web.port });
  const redelivery = startRedelivery({
    prisma: w.prisma,
    deliver: w.deliver,
    everyMs: o.redeliveryEveryMs ?? REDELIVERY_EVERY_MS,
    onError: (err) => o.log.warn({ err }, 'dondoc web: redelivery sweep failed'),
  });
  const sweepUploads = () =>
    void removeAbandonedUploads(w.config.uploads.dir)
      .then((n) => n > 0 && o.log.info({ removed: n }, 'dondoc web: removed the temporary files of cut-off uploads'))
      .catch((err: unknown) => o.log.warn({ err }, 'dondoc web: cut-off uploads not removed'));
  sweepUploads();
  const uploadsTimer = setInterval(sweepUploads, ABANDONED_UPLOADS_EVERY_MS).unref();
  return {
    app,
    redelivery,
    async close() {
      clearInterval(uploadsTimer);
      await redelivery.stop();
      await app.close(); // Fastify: no new connection, the requests in flight are answered first
    },
  };
}

/** `dondoc web`: runs until SIGTERM or SIGINT, then closes gracefully and returns (exit 0). */
export async function runWeb(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel, service: 'web' });
  const w = await openWiring(config, { temporal: 'lazy' });
  let web: WebProcess;
  try {
    web = await startWebProcess(w, { log });
  } catch (err) {
    await w.close();
    throw err;
  }
  // The workflows this process starts (plan import, one-off requests) carry dondoc's search
  // attributes; the worker registers them too. Not awaited: Temporal may be down at start.
  prepareNamespace(w.temporal).catch((err: unknown) => log.warn({ err }, 'dondoc web: search attributes not checked (Temporal unreachable?)'));
  const address = web.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.web.port;
  log.info({ host: config.web.host, port, publicUrl: config.web.publicUrl }, `dondoc web: listening on http://${config.web.host}:${port}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info({ signal }, 'dondoc web: closing (answering the requests in flight)');
  await web.close();
  await w.close();
  log.info('dondoc web: closed');
}
