// The office's view of one cycle (who has reported): counts and rates from db/cycle-stats.ts, then one
// page of the unit table, filtered and searched in the database, so a 20,000-unit cycle costs a few
// aggregate queries and 100 rows, never the whole table.
import { z } from 'zod';
import { containsIgnoringCase, type PrismaClient } from '../../db/client.ts';
import { cycleCounts, percent, type CycleCounts } from '../../db/cycle-stats.ts';
import { daysOverdue, formatDateTime, formatDay, lastDayOfDue } from '../../domain/calendar.ts';
import { ANSWERED_STATUSES, OBLIGATION_STATUSES, PENDING_STATUSES, STATUS_LABELS, type ObligationStatus } from '../../domain/statuses.ts';
import { csrfField } from '../auth/csrf.ts';
import { bi, html, type Html } from '../html.ts';
import { day, dayField, dayProblem } from '../dates.ts';
import type { FastifyRequest } from 'fastify';

export const PAGE_SIZE = 100;

/** The filter form's query string. Unknown values fall back to "all" rather than an error page. */
export const DashboardQuery = z.object({
  status: z.enum(['all', 'pending', 'answered', ...OBLIGATION_STATUSES]).catch('all').default('all'),
  q: z.string().trim().max(100).catch('').default(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

function statusFilter(s: DashboardQuery['status']): ObligationStatus[] | undefined {
  if (s === 'all') return undefined;
  if (s === 'pending') return PENDING_STATUSES;
  if (s === 'answered') return ANSWERED_STATUSES;
  return [s];
}

export async function loadDashboard(prisma: PrismaClient, planId: string, cycleKey: string, query: DashboardQuery) {
  const cycle = await prisma.cycle.findUnique({ where: { planId_key: { planId, key: cycleKey } }, include: { plan: { select: { id: true, title: true } } } });
  if (!cycle) return null;
  const statuses = statusFilter(query.status);
  const where = {
    cycleId: cycle.id,
    ...(statuses ? { status: { in: statuses } } : {}),
    ...(query.q ? { unit: { OR: [{ name: containsIgnoringCase(prisma, query.q) }, { code: containsIgnoringCase(prisma, query.q) }] } } : {}),
  };
  // Measured on 20,000 obligations: counting reminders per row inside the page query (a _count
  // relation) and filtering extension requests through the obligation relation each cost 25-30 ms,
  // so both are separate small queries keyed by obligation IDs (which start with the cycle's ID).
  const [counts, matching, page, pendingExtensions] = await Promise.all([
    cycleCounts(prisma, cycle.id),
    prisma.obligation.count({ where }),
    prisma.obligation.findMany({
      where,
      select: { id: true, status: true, dueAt: true, submittedAt: true, unit: { select: { code: true, name: true } } },
      orderBy: [{ unit: { name: 'asc' } }, { id: 'asc' }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    prisma.extensionRequest.count({ where: { status: 'pending', obligationId: { startsWith: `${cycle.id}/` } } }),
  ]);
  const reminders = await prisma.emailMessage.groupBy({
    by: ['obligationId'],
    where: { obligationId: { in: page.map((o) => o.id) }, kind: 'reminder', status: 'sent' },
    _count: { _all: true },
  });
  const sent = new Map(reminders.map((r) => [r.obligationId, r._count._all]));
  const rows = page.map((o) => ({ ...o, remindersSent: sent.get(o.id) ?? 0 }));
  return { cycle, counts, matching, rows, pendingExtensions };
}
export type Dashboard = NonNullable<Awaited<ReturnType<typeof loadDashboard>>>;

function rateLine(c: CycleCounts): Html {
  const r = c.reportingRate;
  const t = c.onTimeRate;
  return html`<p class="rates"><b>${bi('Tỷ lệ báo cáo', 'Reporting rate')}: <span data-rate="reporting">${r.numerator}/${r.denominator}</span> (${percent(r)})</b> ·
<b>${bi('Đúng hạn', 'On time')}: <span data-rate="on-time">${t.numerator}/${t.denominator}</span> (${percent(t)})</b>
<br><small>${bi('Mẫu số: số đơn vị phải báo cáo, không tính đơn vị được miễn; "không có nội dung báo cáo" được tính là đã báo cáo.', 'Denominator: units expected to report, exempted units excluded; "nothing to report" counts as reported.')}</small></p>`;
}

function statusChips(c: CycleCounts, base: string): Html {
  const chips = OBLIGATION_STATUSES.filter((s) => c.byStatus[s] > 0).map((s) => html`<a class="chip" href="${base}?status=${s}">${STATUS_LABELS[s].vi} <b>${c.byStatus[s]}</b></a> `);
  return html`<p>${chips}</p>`;
}

export function renderDashboard(req: FastifyRequest, d: Dashboard, query: DashboardQuery, now: Date, canAct: boolean): Html {
  const { cycle, counts } = d;
  const base = `/cycles/${cycle.planId}/${cycle.key}`;
  const pages = Math.max(1, Math.ceil(d.matching / PAGE_SIZE));
  const link = (page: number) => `${base}?${new URLSearchParams({ status: query.status, q: query.q, page: String(page) })}`;
  const option = (value: string, label: Html) => html`<option value="${value}"${query.status === value ? html` selected` : ''}>${label}</option>`;
  // Calendar work (luxon) once per distinct deadline, not once per row: most units share one deadline.
  const deadlines = new Map<number, { shown: Html; overdue: number }>();
  const deadline = (dueAt: Date) => {
    let v = deadlines.get(dueAt.getTime());
    if (!v) {
      const lastDay = lastDayOfDue(dueAt);
      v = { shown: day(lastDay), overdue: now >= dueAt ? daysOverdue(lastDay, now) : 0 };
      deadlines.set(dueAt.getTime(), v);
    }
    return v;
  };
  const labels = new Map(OBLIGATION_STATUSES.map((s) => [s as string, bi(STATUS_LABELS[s].vi, STATUS_LABELS[s].en)]));
  const rows = d.rows.map((o) => {
    const due = deadline(o.dueAt);
    const late = PENDING_STATUSES.includes(o.status as ObligationStatus) ? due.overdue : 0;
    return html`<tr data-unit="${o.unit.code}" data-status="${o.status}"><td><a href="${base}/units/${o.unit.code}">${o.unit.name}</a></td><td>${labels.get(o.status) ?? o.status}</td><td>${due.shown}</td><td>${o.submittedAt ? formatDateTime(o.submittedAt) : '—'}</td><td>${o.remindersSent}</td><td>${late || ''}</td></tr>`;
  });
  return html`<h1>${cycle.title}</h1><p>${cycle.plan.title} · ${bi('hạn', 'due')} ${day(cycle.lastDay)} · ${cycle.status === 'closed' ? bi('đã đóng', 'closed') : bi('đang mở', 'open')}</p>
${rateLine(counts)}
${statusChips(counts, base)}
<p class="downloads"><a href="${base}/export.xlsx">${bi('Tải bảng (XLSX)', 'Download table (XLSX)')}</a> · <a href="${base}/export.csv">CSV</a> · <a href="${base}/submissions.zip">${bi('Tất cả báo cáo (ZIP)', 'All submissions (ZIP)')}</a> · <a href="/committee/${cycle.planId}/${cycle.key}">${bi('Danh sách đơn vị chưa nộp (in A4)', 'Overdue units (A4 print)')}</a> · <a href="/plans/${cycle.planId}/rates">${bi('Tỷ lệ qua các kỳ', 'Rates across cycles')}</a> · <a href="${base}/indicators">${bi('Chỉ tiêu', 'Indicators')}</a> · <a href="/reports/${cycle.planId}/${cycle.key}">${bi('Dự thảo báo cáo của tỉnh', "Draft of the province's report")}</a></p>
<p><a id="extension-requests" href="${base}/extension-requests">${bi(`Đề nghị gia hạn: ${d.pendingExtensions} chờ xem xét`, `Extension requests: ${d.pendingExtensions} pending`)}</a></p>
<form method="get" class="filters" role="search">
<label>${bi('Tình trạng', 'Status')} <select name="status">${option('all', bi('Tất cả', 'All'))}${option('pending', bi('Chưa nộp (mọi trường hợp)', 'Not reported yet (any)'))}${option('answered', bi('Đã báo cáo', 'Reported'))}${OBLIGATION_STATUSES.map((s) => option(s, html`${STATUS_LABELS[s].vi}`))}</select></label>
<label>${bi('Tìm đơn vị', 'Find unit')} <input type="search" name="q" value="${query.q}" maxlength="100"></label>
<button type="submit">${bi('Lọc', 'Filter')}</button></form>
<p>${bi(`${d.matching} đơn vị phù hợp`, `${d.matching} matching unit(s)`)}${pages > 1 ? html` · ${bi(`trang ${query.page}/${pages}`, `page ${query.page} of ${pages}`)}` : ''}</p>
<table id="obligations"><thead><tr><th>${bi('Đơn vị', 'Unit')}</th><th>${bi('Tình trạng', 'Status')}</th><th>${bi('Hạn', 'Deadline')}</th><th>${bi('Thời điểm nộp', 'Submitted at')}</th><th>${bi('Số lần nhắc', 'Reminders')}</th><th>${bi('Số ngày quá hạn', 'Days overdue')}</th></tr></thead>
<tbody>${rows}</tbody></table>
<nav class="pager">${query.page > 1 ? html`<a href="${link(query.page - 1)}" rel="prev">« ${bi('Trước', 'Previous')}</a> ` : ''}${query.page < pages ? html`<a href="${link(query.page + 1)}" rel="next">${bi('Sau', 'Next')} »</a>` : ''}</nav>
${canAct && cycle.status !== 'closed' ? extendAllForm(req, base, cycle.lastDay) : ''}`;
}

/** The cycle-wide extension; `typed`: what a refused form held, shown again in it (opened). */
export function extendAllForm(req: FastifyRequest, base: string, lastDay: string, typed?: Record<string, string>): Html {
  return html`<details class="card" id="extend-all"${typed ? html` open` : ''}><summary>${bi('Gia hạn cho mọi đơn vị chưa nộp', 'Extend the deadline of every unit that has not reported')}</summary>
<form method="post" action="${base}/extend-all">${csrfField(req)}
<p><label>${bi('Hạn mới (hết ngày)', 'New last day')} ${dayField({ name: 'lastDay', value: typed?.lastDay, describedBy: 'extend-all-after', invalid: dayProblem(typed, 'lastDay') !== null })}</label>
<span class="en" id="extend-all-after">${bi(`dd/mm/yyyy, sau ${formatDay(lastDay, 'vi')}`, `dd/mm/yyyy, after ${formatDay(lastDay, 'en')}`)}</span></p>
<p><label>${bi('Lý do', 'Reason')} <input type="text" name="reason" required maxlength="500" value="${typed?.reason ?? ''}"></label></p>
<p><button type="submit">${bi('Gia hạn', 'Extend')}</button></p></form></details>`;
}
