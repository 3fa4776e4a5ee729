// The standing office's first view: plans, their cycles, and who has reported in each cycle.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatDate, formatDateTime } from '../../domain/calendar.ts';
import { STATUS_LABELS, type ObligationStatus } from '../../domain/statuses.ts';
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

  app.get('/cycles/:planId/:cycleKey', { config: { access: OFFICE_READERS } }, async (req, reply) => {
    const params = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100) }).safeParse(req.params);
    const cycle = params.success
      ? await prisma.cycle.findUnique({
          where: { planId_key: { planId: params.data.planId, key: params.data.cycleKey } },
          include: {
            plan: true,
            obligations: {
              include: { unit: true, _count: { select: { emails: { where: { kind: 'reminder', status: 'sent' } } } } },
              orderBy: { unit: { name: 'asc' } },
            },
          },
        })
      : null;
    if (!cycle) return reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có kỳ báo cáo này.', 'No such cycle.')}</p>`, { user: pageUser(req) }));
    const submitted = cycle.obligations.filter((o) => o.status.startsWith('submitted')).length;
    return reply.type('text/html').send(
      page(
        cycle.title,
        html`<h1>${cycle.title}</h1><p>${cycle.plan.title} · ${bi('hạn', 'due')} ${formatDate(cycle.lastDay)}</p>
<p><b>${bi(`Đã nộp ${submitted}/${cycle.obligations.length}`, `${submitted} of ${cycle.obligations.length} submitted`)}</b></p>
<table id="obligations"><thead><tr><th>${bi('Đơn vị', 'Unit')}</th><th>${bi('Tình trạng', 'Status')}</th><th>${bi('Thời điểm nộp', 'Submitted at')}</th><th>${bi('Số lần nhắc', 'Reminders')}</th></tr></thead>
<tbody>${cycle.obligations.map((o) => {
          const label = STATUS_LABELS[o.status as ObligationStatus] ?? { vi: o.status, en: o.status };
          return html`<tr data-unit="${o.unit.code}" data-status="${o.status}"><td>${o.unit.name}</td><td>${bi(label.vi, label.en)}</td><td>${o.submittedAt ? formatDateTime(o.submittedAt) : '—'}</td><td>${o._count.emails}</td></tr>`;
        })}</tbody></table>`,
        { user: pageUser(req) },
      ),
    );
  });
}
