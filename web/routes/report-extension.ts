// POST /r/:token/extension: the unit asks for a later deadline. Only stored (ExtensionRequest,
// pending): the deadline moves when the office grants it (web/routes/extension-requests.ts). One
// pending request at a time; a double-click (same requestId) stores one.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isUniqueViolation, withBusyRetry } from '../../db/client.ts';
import { PENDING_STATUSES, type ObligationStatus } from '../../domain/statuses.ts';
import { bi } from '../html.ts';
import { validateExtension } from '../report/extension-form.ts';
import { invalidLink } from '../report/invalid-link.ts';
import { loadForToken } from '../report/load.ts';
import { renderReportPage } from '../report/page.ts';
import { formValues } from '../report/submission-form.ts';
import type { WebDeps } from '../app.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';
import { auditUnit } from '../audit.ts';

const Params = z.object({ token: z.string().max(200) });

class AlreadyPending extends Error {}

export async function reportExtensionRoutes(app: FastifyInstance, deps: WebDeps) {
  app.post('/r/:token/extension', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) } }, async (req, reply) => {
    const params = Params.safeParse(req.params);
    const o = params.success ? await loadForToken(deps.prisma, params.data.token, deps.clock()) : null;
    if (!o || !params.success) return invalidLink(reply);
    const token = params.data.token;
    const fields = (req.body ?? {}) as Record<string, unknown>;
    const refuse = (status: number, message: ReturnType<typeof bi>) =>
      reply.code(status).type('text/html').send(renderReportPage({ req, token, o, now: deps.clock(), maxBytes: deps.uploadMaxBytes }, { form: 'extension', message, values: formValues(fields) }));

    if (typeof fields.requestId === 'string' && o.extensionRequests.some((r) => r.id === fields.requestId)) return reply.redirect(`/r/${token}`, 303);
    if (o.cycle.status === 'closed' || !PENDING_STATUSES.includes(o.status as ObligationStatus)) {
      return refuse(409, bi('Không thể đề nghị gia hạn: đơn vị đã nộp, được miễn, hoặc kỳ báo cáo đã kết thúc.', 'No extension can be asked: already answered, exempted, or the cycle is closed.'));
    }
    const valid = validateExtension(o, fields);
    if (!valid.ok) return refuse(400, valid.message);
    try {
      await withBusyRetry(() =>
        deps.prisma.$transaction(async (tx) => {
          if (await tx.extensionRequest.count({ where: { obligationId: o.id, status: 'pending' } })) throw new AlreadyPending();
          await tx.extensionRequest.create({
            data: { id: valid.value.requestId, obligationId: o.id, reason: valid.value.reason, requestedLastDay: valid.value.lastDay, requestedAt: deps.clock() },
          });
        }),
      );
      await auditUnit(deps.prisma, req, o.id, 'extension_request', { requestId: valid.value.requestId, lastDay: valid.value.lastDay });
    } catch (err) {
      if (err instanceof AlreadyPending) return refuse(409, bi('Đã có một đề nghị gia hạn đang chờ xem xét.', 'An extension request is already awaiting a decision.'));
      if (!isUniqueViolation(err)) throw err; // the same request posted twice: stored once
    }
    return reply.redirect(`/r/${token}`, 303);
  });
}
