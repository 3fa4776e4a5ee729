// The probes a process manager or load balancer asks: /healthz, the process is up and answering (no
// dependency is asked, so a database or Temporal outage never gets a healthy process restarted);
// /readyz, the process can do its work: the database answers and, when the process was given the
// check (app/web-process.ts), Temporal too. Not ready is a 503 with a JSON body naming each check and,
// for one that failed, why, in both languages. Public and without a plan: no page, no personal data.
import type { FastifyInstance } from 'fastify';
import type { ReadinessCheck, WebDeps } from './deps.ts';

const CHECK_TIMEOUT_MS = 3_000;

const REASONS: Record<string, string> = {
  database: 'Không truy cập được cơ sở dữ liệu / the database does not answer',
  temporal: 'Không kết nối được máy chủ Temporal / the Temporal server does not answer',
};

function withTimeout(check: ReadinessCheck): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)));
  return Promise.race([check(), late]).finally(() => clearTimeout(timer));
}

export async function healthRoutes(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const checks: Record<string, ReadinessCheck> = {
    database: () => deps.prisma.$queryRawUnsafe('SELECT 1'),
    ...deps.readiness,
  };
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { access: 'public' } }, async (req, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map((n) => withTimeout(checks[n]!)));
    const body: Record<string, { ok: boolean; reason?: string; error?: string }> = {};
    results.forEach((r, i) => {
      const name = names[i]!;
      if (r.status === 'fulfilled') body[name] = { ok: true };
      else {
        const error = r.reason instanceof Error ? r.reason.message : String(r.reason);
        req.log.warn({ check: name, error }, 'dondoc web: not ready');
        body[name] = { ok: false, reason: REASONS[name] ?? `${name}: không sẵn sàng / not ready`, error };
      }
    });
    const ready = Object.values(body).every((c) => c.ok);
    return reply.code(ready ? 200 : 503).header('cache-control', 'no-store').send({ ready, checks: body });
  });
}
