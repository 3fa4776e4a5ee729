// The web app as a Fastify instance built from injected dependencies (tests build it the same way).
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { PrismaClient } from '../db/client.ts';
import type { MailCatcher } from '../mail/catcher.ts';
import { officeRoutes } from './routes/office.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { reportRoutes } from './routes/report.ts';
import type { Deliver } from './submissions.ts';

export interface WebDeps {
  prisma: PrismaClient;
  deliver: Deliver;
  clock: () => Date;
  catcher?: MailCatcher;
}

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  await app.register(formbody);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer'); // personal links must not leak through Referer
    reply.header('x-frame-options', 'DENY');
  });
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(async (scope) => officeRoutes(scope, deps));
  await app.register(async (scope) => reportRoutes(scope, deps));
  await app.register(async (scope) => outboxRoutes(scope, deps));
  return app;
}
