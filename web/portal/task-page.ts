// The page behind a task's personal link (sent in its reminder, activities/task-reminders.ts): the
// task, its period, what its lead unit reported so far, and the form to report its status. The link
// opens that one task only (db/tasks.ts taskIdForToken). The form is multipart: a file may go with the
// status (web/portal/task-routes.ts), the CSRF field first as readMultipartForm requires.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { formatDateTime, formatDay } from '../../domain/calendar.ts';
import { TASK_STATUSES } from '../../domain/task-board.ts';
import type { TaskStatus } from '../../domain/report-rows.ts';
import type { PrismaClient } from '../../db/client.ts';
import { taskIdForToken } from '../../db/tasks.ts';
import { csrfField } from '../auth/csrf.ts';
import { FILE_FIELD } from './multipart-form.ts';
import { bi, html, Html, page } from '../html.ts';
import { TASK_STATUS_WORDS, taskStatusText } from '../task-statuses.ts';

export async function loadTaskForToken(prisma: PrismaClient, token: string, now: Date) {
  const id = await taskIdForToken(prisma, token, now);
  if (!id) return null;
  return prisma.task.findUnique({
    where: { id },
    include: { plan: { select: { title: true } }, leadUnit: { select: { name: true, code: true } }, reports: { orderBy: [{ at: 'desc' }, { id: 'desc' }] } },
  });
}

export type LoadedTask = NonNullable<Awaited<ReturnType<typeof loadTaskForToken>>>;

export interface TaskFormState {
  message: Html;
  values?: Record<string, string>;
}

function period(t: LoadedTask): Html {
  if (!t.fromDay || !t.toDay) return html`${t.due ?? bi('không ghi thời hạn', 'no period given')}`;
  const range = t.fromDay === t.toDay ? [formatDay(t.toDay, 'vi'), formatDay(t.toDay, 'en')] : [`${formatDay(t.fromDay, 'vi')} – ${formatDay(t.toDay, 'vi')}`, `${formatDay(t.fromDay, 'en')} – ${formatDay(t.toDay, 'en')}`];
  return html`${t.due ? `${t.due}: ` : ''}${bi(range[0]!, range[1]!)}`;
}

/** The unit downloads the files it sent from its own link (web/portal/task-routes.ts). */
export const taskFileHref = (token: string, reportId: string) => `/t/${token}/reports/${reportId}/file`;

function history(token: string, t: LoadedTask): Html {
  if (t.reports.length === 0) return html``;
  return html`<table id="task-reports"><caption>${bi('Các lần báo cáo', 'Reports sent')}</caption><thead><tr><th>${bi('Thời gian', 'Time')}</th><th>${bi('Tình hình', 'Status')}</th><th>${bi('Ghi chú', 'Note')}</th><th>${bi('Tệp', 'File')}</th></tr></thead>
<tbody>${t.reports.map((r) => html`<tr><td>${formatDateTime(r.at)}</td><td>${taskStatusText(r.status as TaskStatus)}</td><td>${r.note ?? ''}</td><td>${r.fileSha256 ? html`<a class="task-file" href="${taskFileHref(token, r.id)}">${bi('có tệp kèm', 'file attached')}</a>` : '—'}</td></tr>`)}</tbody></table>`;
}

export function renderTaskPage(req: FastifyRequest, token: string, t: LoadedTask, state?: TaskFormState): string {
  const chosen = state?.values?.status ?? t.reports[0]?.status;
  return page(
    `${t.ref} · ${t.title}`,
    html`<h1>${bi('Nhiệm vụ', 'Task')} ${t.ref}</h1>
<p>${t.plan.title}</p>
<div class="card"><p><b>${t.title}</b></p>
<p>${bi('Đơn vị chủ trì', 'Lead unit')}: <b>${t.leadUnit.name}</b></p>
<p>${bi('Thời hạn', 'Period')}: ${period(t)}</p>
<p>${bi('Tình hình hiện tại', 'Current status')}: <b id="current-status">${taskStatusText(t.reports[0]?.status as TaskStatus | undefined)}</b></p></div>
${history(token, t)}
${state ? html`<div class="error" role="alert">${state.message}</div>` : ''}
<form method="post" class="card" id="task-form" enctype="multipart/form-data">
${csrfField(req)}
<input type="hidden" name="reportId" value="${randomUUID()}">
<input type="hidden" name="task" value="${t.id}">
<h2>${bi('Cập nhật tình hình thực hiện', 'Report the status')}</h2>
<fieldset><legend>${bi('Tình hình', 'Status')}</legend>
${TASK_STATUSES.map((s) => html`<label><input type="radio" name="status" value="${s}"${s === chosen ? new Html(' checked') : ''}> ${bi(...TASK_STATUS_WORDS[s])}</label><br>`)}</fieldset>
<p><label for="note">${bi('Ghi chú (kết quả, khó khăn, lý do)', 'Note (results, difficulties, reasons)')}</label>
<textarea id="note" name="note" maxlength="2000">${state?.values?.note ?? ''}</textarea></p>
<p><label for="${FILE_FIELD}">${bi('Tệp kèm theo (không bắt buộc; PDF, Word, Excel, OpenDocument)', 'Attached file (optional; PDF, Word, Excel, OpenDocument)')}</label>
<input type="file" id="${FILE_FIELD}" name="${FILE_FIELD}" accept=".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods"></p>
<p><button type="submit">${bi('Gửi', 'Send')}</button></p></form>`,
    { nav: false },
  );
}
