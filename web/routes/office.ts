// The standing office's first view: plans, their cycles, and who has reported in each cycle.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatDate } from '../../domain/calendar.ts';
import { DashboardQuery, loadDashboard, renderDashboard } from '../office/cycle-dashboard.ts';
import { DONE_MESSAGES, loadUnitInCycle, renderUnitInCycle } from '../office/unit-in-cycle.ts';
import { OFFICE_READERS, pageUser } from '../auth/access.ts';
import { bi, html, page } from '../html.ts';
import type { WebDeps } from '../app.ts';

export async function officeRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;

  app.get('/', { config: { access: OFFICE_READERS } }, async (req, reply) => {
    const plans = await prisma.plan.findMany({ include: { cycles: { orderBy: { dueAt: 'asc' } } }, orderBy: { id: 'asc' } });
    return reply.type('text/html').send(
      page(
        'Kế hoạch',
        html`<h1>${bi('Các kế hoạch và kỳ báo cáo', 'Plans and reporting cycles')}</h1>
<p><a href="/plans/import">${bi('Nạp tệp kế hoạch', 'Import a plan file')}</a></p>
${plans.length === 0 ? html`<p>${bi('Chưa có kế hoạch nào.', 'No plan loaded yet.')}</p>` : ''}
${plans.map(
  (p) => html`<div class="card"><h2>${p.title}</h2><p>${p.province}</p><ul>${p.cycles.map(
    (c) => html`<li><a href="/cycles/${p.id}/${c.key}">${c.title}</a> — ${bi('hạn', 'due')} ${formatDate(c.lastDay)} · ${c.status === 'closed' ? bi('đã đóng', 'closed') : bi('đang mở', 'open')}</li>`,
  )}</ul></div>`,
)}`,
        { user: pageUser(req) },
      ),
    );
  });

  const CycleParams = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100) });
  const notFound = (reply: FastifyReply, vi: string, en: string) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi(vi, en)}</p>`, { user: pageUser(reply.request) }));
  /** The action forms show to office staff and admins when the engine is connected; never to the committee. */
  const canAct = (req: FastifyRequest) => deps.office !== undefined && (req.user === null || req.user.role !== 'committee');

  app.get('/cycles/:planId/:cycleKey', { config: { access: OFFICE_READERS } }, async (req, reply) => {
    const params = CycleParams.safeParse(req.params);
    const query = DashboardQuery.parse(req.query ?? {});
    const key = params.success ? JSON.stringify([params.data.planId, params.data.cycleKey, query]) : '';
    const d = params.success ? await app.dashboards.get(key, () => loadDashboard(prisma, params.data.planId, params.data.cycleKey, query)) : null;
    if (!d) return notFound(reply, 'Không có kỳ báo cáo này.', 'No such cycle.');
    return reply.type('text/html').send(page(d.cycle.title, renderDashboard(req, d, query, deps.clock(), canAct(req)), { user: pageUser(req) }));
  });

  app.get('/cycles/:planId/:cycleKey/units/:unitCode', { config: { access: OFFICE_READERS } }, async (req, reply) => {
    const params = CycleParams.extend({ unitCode: z.string().max(100) }).safeParse(req.params);
    const o = params.success ? await loadUnitInCycle(prisma, params.data.planId, params.data.cycleKey, params.data.unitCode) : null;
    if (!o) return notFound(reply, 'Không có đơn vị này trong kỳ báo cáo.', 'No such unit in this cycle.');
    const done = z.object({ done: z.enum(Object.keys(DONE_MESSAGES) as [keyof typeof DONE_MESSAGES]) }).safeParse(req.query);
    return reply
      .type('text/html')
      .send(page(o.unit.name, renderUnitInCycle(req, o, deps.clock(), { canAct: canAct(req), done: done.success ? DONE_MESSAGES[done.data.done] : undefined }), { user: pageUser(req) }));
  });
}
