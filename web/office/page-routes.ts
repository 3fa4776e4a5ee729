// The standing office's first view: plans, their cycles, and who has reported in each cycle.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DashboardQuery, loadDashboard, renderDashboard } from './cycle-dashboard.ts';
import { DONE_MESSAGES, loadUnitInCycle, renderUnitInCycle } from './unit-in-cycle.ts';
import { OFFICE_READERS, pageUser } from '../auth/access.ts';
import { PLAN_IN_ADDRESS, planFilter, visiblePlanIds } from '../auth/plan-scope.ts';
import { bi, html, page } from '../html.ts';
import { day } from '../dates.ts';
import type { WebDeps } from '../deps.ts';
import { onInvalidInput } from '../invalid-input.ts';

const CycleParams = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100) });
const UnitParams = CycleParams.extend({ unitCode: z.string().max(100) });
/** The message after an office action's redirect; any other value shows none (never an error page). */
const UnitQuery = z.object({ done: z.enum(Object.keys(DONE_MESSAGES) as [keyof typeof DONE_MESSAGES]).optional().catch(undefined) });

export async function officeRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;

  app.get('/', { config: { access: OFFICE_READERS, planScope: 'none' } }, async (req, reply) => {
    // Only the account's plans (an admin's: all); the access hook has checked who may open the page.
    const visible = await visiblePlanIds(prisma, req.user!);
    const plans = await prisma.plan.findMany({ where: planFilter(visible), include: { cycles: { orderBy: { dueAt: 'asc' } } }, orderBy: { id: 'asc' } });
    return reply.type('text/html').send(
      page(
        'Kế hoạch',
        html`<h1>${bi('Các kế hoạch và kỳ báo cáo', 'Plans and reporting cycles')}</h1>
<p><a href="/plans/import">${bi('Nạp tệp kế hoạch', 'Import a plan file')}</a></p>
${plans.length === 0 && visible === 'all' ? html`<p>${bi('Chưa có kế hoạch nào.', 'No plan loaded yet.')}</p>` : ''}
${plans.length === 0 && visible !== 'all' ? html`<p>${bi('Tài khoản của bạn chưa được giao kế hoạch nào; vui lòng liên hệ quản trị viên.', 'No plan has been given to your account yet; please ask the administrator.')}</p>` : ''}
${plans.map(
  (p) => html`<div class="card"><h2>${p.title}</h2><p>${p.province}</p><ul>${p.cycles.map(
    (c) => html`<li><a href="/cycles/${p.id}/${c.key}">${c.title}</a>${c.request ? html` <i data-one-off="${c.key}">(${bi('yêu cầu riêng', 'one-off request')})</i>` : ''} — ${bi('hạn', 'due')} ${day(c.lastDay)} · ${c.status === 'closed' ? bi('đã đóng', 'closed') : bi('đang mở', 'open')}</li>`,
  )}</ul><p><a href="/plans/${p.id}/tasks">${bi('Theo dõi thực hiện nhiệm vụ', 'Task board')}</a></p>${req.user?.role === 'committee' ? '' : html`<p><a href="/plans/${p.id}/requests/new">${bi('Tạo yêu cầu báo cáo riêng (kiểm tra, theo mục tiêu, kế hoạch và dự toán, đột xuất)', 'New one-off request (inspection, per objective, work plan and budget, ad hoc)')}</a></p>`}</div>`,
)}`,
        { user: pageUser(req) },
      ),
    );
  });

  const notFound = (reply: FastifyReply, vi: string, en: string) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi(vi, en)}</p>`, { user: pageUser(reply.request) }));
  /** The action forms show to office staff and admins when the engine is connected; never to the committee. */
  const canAct = (req: FastifyRequest) => deps.office !== undefined && (req.user === null || req.user.role !== 'committee');

  const noSuchCycle = onInvalidInput((_req, reply) => notFound(reply, 'Không có kỳ báo cáo này.', 'No such cycle.'));
  app.get('/cycles/:planId/:cycleKey', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, schema: { params: CycleParams, querystring: DashboardQuery }, ...noSuchCycle }, async (req, reply) => {
    const { planId, cycleKey } = req.params;
    const query = req.query;
    const key = JSON.stringify([planId, cycleKey, query]);
    const d = await app.dashboards.get(key, () => loadDashboard(prisma, planId, cycleKey, query));
    if (!d) return notFound(reply, 'Không có kỳ báo cáo này.', 'No such cycle.');
    return reply.type('text/html').send(page(d.cycle.title, renderDashboard(req, d, query, deps.clock(), canAct(req)), { user: pageUser(req) }));
  });

  const noSuchUnit = onInvalidInput((_req, reply) => notFound(reply, 'Không có đơn vị này trong kỳ báo cáo.', 'No such unit in this cycle.'));
  app.get('/cycles/:planId/:cycleKey/units/:unitCode', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, schema: { params: UnitParams, querystring: UnitQuery }, ...noSuchUnit }, async (req, reply) => {
    const { planId, cycleKey, unitCode } = req.params;
    const o = await loadUnitInCycle(prisma, planId, cycleKey, unitCode);
    if (!o) return notFound(reply, 'Không có đơn vị này trong kỳ báo cáo.', 'No such unit in this cycle.');
    const { done } = req.query;
    return reply
      .type('text/html')
      .send(page(o.unit.name, renderUnitInCycle(req, o, deps.clock(), { canAct: canAct(req), done: done ? DONE_MESSAGES[done] : undefined }), { user: pageUser(req) }));
  });
}
