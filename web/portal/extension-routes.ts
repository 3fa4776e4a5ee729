// POST /r/:token/extension: the unit asks for a later deadline. Only stored (ExtensionRequest,
// pending): the deadline moves when the office grants it (web/office/extension-request-routes.ts). One
// pending request at a time; a double-click (same requestId) stores one. A requestId already used by
// another unit's request stores nothing and says so (409): it is never answered as if accepted.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isUniqueViolation, withBusyRetry } from '../../db/client.ts';
import { PENDING_STATUSES, type ObligationStatus } from '../../domain/statuses.ts';
import { bi, type Html } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { validateExtension } from './extension-form.ts';
import { invalidLink } from './invalid-link.ts';
import { LinkParams, PostedFields, unitInvalidInput } from './link-input.ts';
import { loadForToken, type LoadedObligation } from './load.ts';
import { renderReportPage } from './page.ts';
import { formValues, INVALID_FORM } from './submission-form.ts';
import type { WebDeps } from '../deps.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';
import { auditUnit } from '../audit.ts';

class AlreadyPending extends Error {}

export async function reportExtensionRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const load = (token: string) => loadForToken(deps.prisma, token, deps.clock());
  const page = (req: FastifyRequest, reply: FastifyReply, token: string, o: LoadedObligation, status: number, message: Html, fields: Record<string, string> = {}) =>
    reply.code(status).type('text/html').send(renderReportPage({ req, token, o, now: deps.clock(), maxBytes: deps.uploadMaxBytes }, { form: 'extension', message, values: formValues(fields) }));
  const badForm = unitInvalidInput(load, (req, reply, token, o) => page(req, reply, token, o, 400, INVALID_FORM));

  app.post('/r/:token/extension', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) }, schema: { params: LinkParams, body: PostedFields }, ...onInvalidInput(badForm) }, async (req, reply) => {
    const { token } = req.params;
    const o = await load(token);
    if (!o) return invalidLink(reply);
    const fields = req.body;
    const refuse = (status: number, message: Html) => page(req, reply, token, o, status, message, fields);

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
      if (!isUniqueViolation(err)) throw err;
      // The same request posted twice (stored once), or an id that is another unit's request.
      const existing = await deps.prisma.extensionRequest.findUnique({ where: { id: valid.value.requestId }, select: { obligationId: true } });
      if (existing?.obligationId !== o.id) {
        return refuse(409, bi('Mã biểu mẫu này đã được dùng cho một đề nghị khác. Chưa có gì được lưu; vui lòng gửi lại từ biểu mẫu dưới đây.', 'This form\'s number was already used by another request. Nothing was stored; please send again from the form below.'));
      }
    }
    return reply.redirect(`/r/${token}`, 303);
  });
}
