// The office's task board of one plan (/plans/:planId/tasks): every task of the plan with its lead
// unit, its period and the lead unit's latest status, overdue tasks first, then by the end of their
// period (?by=period, the default) or by lead unit (?by=lead) (domain/task-board.ts). The files the
// lead units sent with their statuses are listed under each task and downloaded from
// /plans/:planId/tasks/reports/:reportId/file: the address names the plan (plan-scoped like the board),
// and a report of another plan's task gets the same 404 as an unknown one.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDateTime, localDateAt } from '../../domain/calendar.ts';
import { isOverdue, orderTaskBoard, type BoardOrder } from '../../domain/task-board.ts';
import type { TaskRow } from '../../domain/report-rows.ts';
import { planTaskRows } from '../../db/task-rows.ts';
import { OFFICE_READERS, pageUser } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import { noSuchPlan } from '../cycle-address.ts';
import { PlanParams } from '../cycle-table.ts';
import { day } from '../dates.ts';
import type { WebDeps } from '../deps.ts';
import { bi, html, page, type Html } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { taskStatusText } from '../task-statuses.ts';
import { sendTaskFile } from '../uploads/task-file.ts';

const BoardQuery = z.object({ by: z.enum(['period', 'lead']).default('period') });
const FileParams = PlanParams.extend({ reportId: z.string().max(100) });

type TaskFile = { id: string; at: Date };

function filesCell(planId: string, files: TaskFile[] | undefined): Html {
  if (!files?.length) return html``;
  return html`<br>${files.map((f) => html`<a class="task-file" href="/plans/${planId}/tasks/reports/${f.id}/file">${bi('Tệp', 'File')} ${formatDateTime(f.at)}</a> `)}`;
}

function periodCell(r: TaskRow): Html {
  if (!r.from || !r.to) return html`${r.period ?? '—'}`;
  return html`${r.period ? html`${r.period}<br>` : ''}${r.from === r.to ? day(r.to) : html`${day(r.from)} – ${day(r.to)}`}`;
}

export async function taskBoardRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/plans/:planId/tasks',
    {
      config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS },
      schema: { params: PlanParams, querystring: BoardQuery },
      ...onInvalidInput((req, reply, part) => (part === 'querystring' ? reply.redirect(`/plans/${(req.params as { planId: string }).planId}/tasks`, 303) : noSuchPlan(reply))),
    },
    async (req, reply) => {
      const plan = await deps.prisma.plan.findUnique({ where: { id: req.params.planId }, select: { id: true, title: true, province: true } });
      if (!plan) return noSuchPlan(reply);
      const today = localDateAt(deps.clock());
      const by: BoardOrder = req.query.by;
      const rows = orderTaskBoard(await planTaskRows(deps.prisma, plan.id), today, by);
      const files = new Map<string, TaskFile[]>();
      const withFiles = await deps.prisma.taskReport.findMany({ where: { task: { planId: plan.id }, fileSha256: { not: null } }, select: { id: true, taskId: true, at: true }, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
      for (const f of withFiles) files.set(f.taskId, [...(files.get(f.taskId) ?? []), f]);
      const overdue = rows.filter((r) => isOverdue(r, today)).length;
      const done = rows.filter((r) => r.status === 'done').length;
      const order = (b: BoardOrder, vi: string, en: string) => (b === by ? html`<b>${bi(vi, en)}</b>` : html`<a href="/plans/${plan.id}/tasks?by=${b}">${bi(vi, en)}</a>`);
      return reply.type('text/html').send(
        page(
          `Nhiệm vụ · ${plan.title}`,
          html`<h1>${bi('Theo dõi thực hiện nhiệm vụ', 'Task board')}</h1>
<p>${plan.title} · ${plan.province}</p>
<p id="task-counts">${bi(`${rows.length} nhiệm vụ: ${done} đã hoàn thành, ${overdue} quá hạn chưa hoàn thành.`, `${rows.length} tasks: ${done} done, ${overdue} overdue and not done.`)}</p>
<p>${bi('Quá hạn lên đầu; sau đó sắp theo', 'Overdue first; then by')}: ${order('period', 'thời hạn', 'period')} · ${order('lead', 'đơn vị chủ trì', 'lead unit')}</p>
${rows.length === 0
  ? html`<p>${bi('Kế hoạch không có nhiệm vụ.', 'The plan has no tasks.')}</p>`
  : html`<table id="tasks"><thead><tr><th>${bi('Số', 'No.')}</th><th>${bi('Nhiệm vụ', 'Task')}</th><th>${bi('Đơn vị chủ trì', 'Lead unit')}</th><th>${bi('Thời hạn', 'Period')}</th><th>${bi('Tình hình', 'Status')}</th><th>${bi('Ghi chú', 'Note')}</th><th>${bi('Cập nhật', 'Reported')}</th></tr></thead>
<tbody>${rows.map((r) => {
  const late = isOverdue(r, today);
  return html`<tr data-ref="${r.ref}" data-status="${r.status ?? 'none'}"${late ? html` class="overdue" data-overdue="true"` : ''}><td>${r.ref}</td><td>${r.title}</td><td>${r.lead}</td><td>${periodCell(r)}</td>
<td>${taskStatusText(r.status)}${late ? html` <b class="bad">${bi('quá hạn', 'overdue')}</b>` : ''}</td><td>${r.note ?? ''}${filesCell(plan.id, files.get(r.id))}</td><td>${r.reportedAt ? formatDateTime(r.reportedAt) : '—'}</td></tr>`;
})}</tbody></table>`}`,
          { user: pageUser(req) },
        ),
      );
    },
  );

  const noFile = (reply: FastifyReply) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có tệp này trong các báo cáo nhiệm vụ của kế hoạch.', "There is no such file among the plan's task reports.")}</p>`, { user: pageUser(reply.request) }));
  app.get('/plans/:planId/tasks/reports/:reportId/file', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, schema: { params: FileParams }, ...onInvalidInput((_req, reply) => noFile(reply)) }, async (req, reply) => {
    const r = await deps.prisma.taskReport.findUnique({ where: { id: req.params.reportId }, select: { fileSha256: true, at: true, task: { select: { planId: true, ref: true } } } });
    if (!r?.fileSha256 || r.task.planId !== req.params.planId) return noFile(reply);
    // The row keeps no name and no type (web/uploads/task-file.ts).
    return (await sendTaskFile(reply, deps.uploadsDir, { fileSha256: r.fileSha256, at: r.at, ref: r.task.ref })) ?? noFile(reply);
  });
}
