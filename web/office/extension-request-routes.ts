// The standing office's view of the units' extension requests for one cycle: grant (the engine's
// extendDeadline, through deps.office) or refuse. A request the engine refuses (the unit has
// answered meanwhile, or the cycle closed) stays pending with the engine's reason shown.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDateTime, lastDayOfDue } from '../../domain/calendar.ts';
import { OfficeActionRefused } from '../../temporal/office-actions.ts';
import { csrfField } from '../auth/csrf.ts';
import { bi, html, page, type Html } from '../html.ts';
import { day } from '../dates.ts';
import type { WebDeps } from '../deps.ts';
import { OFFICE_EDITORS, OFFICE_READERS } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import { actorName, auditOffice } from '../audit.ts';
import { onInvalidInput } from '../invalid-input.ts';


const CycleParams = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100) });
const DecisionParams = CycleParams.extend({ id: z.string().max(100) });

export async function extensionRequestRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;
  // A malformed address is a page that does not exist.
  const notFound = onInvalidInput((_req, reply) => reply.callNotFound());
  const base = (p: { planId: string; cycleKey: string }) => `/cycles/${encodeURIComponent(p.planId)}/${encodeURIComponent(p.cycleKey)}/extension-requests`;

  async function listPage(req: FastifyRequest, reply: FastifyReply, p: { planId: string; cycleKey: string }, status = 200, error?: Html) {
    const cycle = await prisma.cycle.findUnique({ where: { planId_key: { planId: p.planId, key: p.cycleKey } }, include: { plan: true } });
    if (!cycle) return reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có kỳ báo cáo này.', 'No such cycle.')}</p>`));
    const requests = await prisma.extensionRequest.findMany({
      where: { obligation: { cycleId: cycle.id } },
      include: { obligation: { include: { unit: true } } },
      orderBy: { requestedAt: 'asc' },
    });
    const pending = requests.filter((r) => r.status === 'pending');
    const decided = requests.filter((r) => r.status !== 'pending').slice(-20);
    const rows = pending.map(
      (r) => html`<tr data-request="${r.id}"><td>${r.obligation.unit.name}</td><td>${day(lastDayOfDue(r.obligation.dueAt))}</td><td><b>${day(r.requestedLastDay)}</b></td>
<td style="white-space:pre-wrap">${r.reason}</td><td>${formatDateTime(r.requestedAt)}</td>
<td><form method="post" action="${base(p)}/${r.id}/grant">${csrfField(req)}<button type="submit">${bi('Chấp thuận', 'Grant')}</button></form>
<form method="post" action="${base(p)}/${r.id}/refuse">${csrfField(req)}<button type="submit">${bi('Không chấp thuận', 'Refuse')}</button></form></td></tr>`,
    );
    return reply.code(status).type('text/html').send(
      page(
        'Đề nghị gia hạn',
        html`<h1>${bi('Đề nghị gia hạn', 'Extension requests')}</h1>
<p><a href="/cycles/${cycle.planId}/${cycle.key}">${cycle.title}</a> · ${cycle.plan.title}</p>
${error ? html`<div class="error" role="alert">${error}</div>` : ''}
${pending.length === 0
  ? html`<p>${bi('Không có đề nghị nào đang chờ.', 'No request is pending.')}</p>`
  : html`<table id="pending-requests"><thead><tr><th>${bi('Đơn vị', 'Unit')}</th><th>${bi('Hạn hiện tại', 'Current deadline')}</th><th>${bi('Hạn đề nghị', 'Requested')}</th><th>${bi('Lý do', 'Reason')}</th><th>${bi('Gửi lúc', 'Sent at')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
${decided.length > 0
  ? html`<h2>${bi('Đã xử lý', 'Decided')}</h2><ul>${decided.map(
      (r) => html`<li>${r.obligation.unit.name}: ${day(r.requestedLastDay)} — ${r.status === 'granted' ? bi('đã chấp thuận', 'granted') : bi('không chấp thuận', 'refused')} (${r.decidedAt ? formatDateTime(r.decidedAt) : ''})</li>`,
    )}</ul>`
  : ''}`,
      ),
    );
  }

  app.get('/cycles/:planId/:cycleKey/extension-requests', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, schema: { params: CycleParams }, ...notFound }, async (req, reply) =>
    listPage(req, reply, req.params),
  );

  /** The pending request `id` of this cycle, or null. */
  async function pendingRequest(p: z.infer<typeof DecisionParams>) {
    const r = await prisma.extensionRequest.findUnique({ where: { id: p.id }, include: { obligation: { include: { cycle: true } } } });
    return r && r.status === 'pending' && r.obligation.cycle.planId === p.planId && r.obligation.cycle.key === p.cycleKey ? r : null;
  }

  app.post('/cycles/:planId/:cycleKey/extension-requests/:id/grant', { config: { access: OFFICE_EDITORS, planScope: PLAN_IN_ADDRESS }, schema: { params: DecisionParams }, ...notFound }, async (req, reply) => {
    const p = req.params;
    const r = await pendingRequest(p);
    if (!r) return listPage(req, reply, p, 409, bi('Đề nghị này không còn chờ xem xét.', 'This request is no longer pending.'));
    if (!deps.office) return listPage(req, reply, p, 503, bi('Chưa kết nối được hệ thống nhắc việc (Temporal); vui lòng thử lại sau.', 'The workflow engine is not connected; please try again later.'));
    try {
      await deps.office.extend(r.obligationId, r.requestedLastDay, `Theo đề nghị của đơn vị / at the unit's request: ${r.reason}`, actorName(req));
    } catch (err) {
      if (!(err instanceof OfficeActionRefused)) throw err;
      return listPage(req, reply, p, 409, bi(`Không gia hạn được: ${err.message}`, 'The extension was refused by the engine.'));
    }
    await prisma.extensionRequest.updateMany({ where: { id: r.id, status: 'pending' }, data: { status: 'granted', decidedBy: actorName(req), decidedAt: deps.clock() } });
    await auditOffice(prisma, req, 'extension_grant', r.obligationId, { requestId: r.id, lastDay: r.requestedLastDay });
    return reply.redirect(base(p), 303);
  });

  app.post('/cycles/:planId/:cycleKey/extension-requests/:id/refuse', { config: { access: OFFICE_EDITORS, planScope: PLAN_IN_ADDRESS }, schema: { params: DecisionParams }, ...notFound }, async (req, reply) => {
    const p = req.params;
    const r = await pendingRequest(p);
    if (!r) return listPage(req, reply, p, 409, bi('Đề nghị này không còn chờ xem xét.', 'This request is no longer pending.'));
    await prisma.extensionRequest.updateMany({ where: { id: r.id, status: 'pending' }, data: { status: 'refused', decidedBy: actorName(req), decidedAt: deps.clock() } });
    await auditOffice(prisma, req, 'extension_refuse', r.obligationId, { requestId: r.id });
    return reply.redirect(base(p), 303);
  });
}
