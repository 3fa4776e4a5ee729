// One unit in one cycle, for the office: its status and deadline, what it submitted (every version in
// full, web/office/unit-submissions.ts), the office's decisions (extensions, exemption) with their
// reasons, the review of each version (accepted, returned for revision), every email sent to it, its focal persons, and the office's actions (review, paper report, extension, exemption, reminder now, contacts). Rendering
// only; web/office/action-routes.ts handles the forms.
import type { FastifyRequest } from 'fastify';
import type { PrismaClient } from '../../db/client.ts';
import { obligationId } from '../../domain/ids.ts';
import { readCycleFigures } from '../../db/stored-json.ts';
import { daysOverdue, formatDay, formatDateTime, lastDayOfDue, localDateAt } from '../../domain/calendar.ts';
import { formatContact, formatContactLines, type Contact } from '../../domain/contacts.ts';
import { ANSWERED_STATUSES, PENDING_STATUSES, STATUS_LABELS, type ObligationStatus, type ReviewKind } from '../../domain/statuses.ts';
import type { Review } from '../../db/reviews.ts';
import { csrfField } from '../auth/csrf.ts';
import { bi, html, type Html } from '../html.ts';
import { day, dayField, dayProblem } from '../dates.ts';
import { renderSubmissions } from './unit-submissions.ts';
import { versionNumbers } from '../submission-versions.ts';
import { reviewForms, reviewText } from './review-forms.ts';

export async function loadUnitInCycle(prisma: PrismaClient, planId: string, cycleKey: string, unitCode: string) {
  return prisma.obligation.findUnique({
    where: { id: obligationId(planId, cycleKey, unitCode) },
    include: {
      cycle: { include: { plan: { select: { id: true, title: true } } } },
      unit: { include: { contacts: { orderBy: { name: 'asc' } } } },
      submissions: { orderBy: { receivedAt: 'desc' } },
      emails: { orderBy: { createdAt: 'desc' }, take: 200 },
      decisions: { orderBy: { at: 'asc' } },
    },
  });
}
export type UnitInCycle = NonNullable<Awaited<ReturnType<typeof loadUnitInCycle>>>;

/** Flash messages after a redirect (?done=...): fixed texts, so the query string cannot inject any. */
export const DONE_MESSAGES = {
  paper: bi('Đã ghi nhận báo cáo nộp bằng giấy.', 'The paper report was recorded.'),
  extended: bi('Đã gia hạn.', 'The deadline was extended.'),
  exempted: bi('Đã miễn báo cáo cho đơn vị trong kỳ này.', 'The unit was exempted from this cycle.'),
  resent: bi('Đã gửi lại thư nhắc.', 'A reminder was sent.'),
  returned: bi('Đã trả lại báo cáo để hoàn thiện; đơn vị được báo qua thư với lý do và hạn mới.', 'The report was returned for revision; the unit is told by email, with the reason and the new last day.'),
  accepted: bi('Đã tiếp nhận báo cáo.', 'The report was accepted.'),
  contacts: bi('Đã cập nhật đầu mối; các thư sau sẽ gửi tới địa chỉ mới.', 'Contacts updated; later emails go to the new addresses.'),
} as const;

export function renderUnitInCycle(req: FastifyRequest, o: UnitInCycle, now: Date, opts: { canAct: boolean; done?: Html; error?: Html; extend?: Record<string, string>; review?: Record<string, string> }): Html {
  const label = STATUS_LABELS[o.status as ObligationStatus] ?? { vi: o.status, en: o.status };
  const lastDay = lastDayOfDue(o.dueAt);
  const pending = PENDING_STATUSES.includes(o.status as ObligationStatus);
  const open = o.cycle.status !== 'closed';
  const base = `/cycles/${o.cycle.planId}/${o.cycle.key}/units/${o.unit.code}`;
  const reviews = new Map<string, Review[]>();
  for (const d of o.decisions) {
    if ((d.kind === 'accept' || d.kind === 'return') && d.submissionId) reviews.set(d.submissionId, [...(reviews.get(d.submissionId) ?? []), { ...d, kind: d.kind as ReviewKind, submissionId: d.submissionId }]);
  }
  // The latest version awaits the office's review while the unit stands answered and nobody reviewed it.
  const numbers = versionNumbers(o.submissions);
  const latest = o.submissions.reduce<(typeof o.submissions)[number] | undefined>((a, b) => (a && numbers.get(a.id)! > numbers.get(b.id)! ? a : b), undefined);
  const reviewable = opts.canAct && open && latest && ANSWERED_STATUSES.includes(o.status as ObligationStatus) && !reviews.has(latest.id);
  const kinds: Record<string, Html> = {
    reminder: bi('Nhắc', 'Reminder'),
    overdue: bi('Quá hạn', 'Overdue notice'),
    receipt: bi('Biên nhận', 'Receipt'),
    returned: bi('Trả lại để hoàn thiện', 'Returned for revision'),
  };
  return html`<p><a href="/cycles/${o.cycle.planId}/${o.cycle.key}">« ${o.cycle.title}</a></p>
<h1>${o.unit.name}</h1>
${opts.done ? html`<div class="ok card" role="status">${opts.done}</div>` : ''}
${opts.error ? html`<div class="error" role="alert">${opts.error}</div>` : ''}
<div class="card"><table>
<tr><th>${bi('Tình trạng', 'Status')}</th><td data-status="${o.status}">${bi(label.vi, label.en)}</td></tr>
<tr><th>${bi('Hạn của đơn vị', 'Unit\'s deadline')}</th><td>${day(lastDay)}${pending && now >= o.dueAt ? html` · <b class="bad">${bi(`quá hạn ${daysOverdue(lastDay, now)} ngày`, `${daysOverdue(lastDay, now)} day(s) overdue`)}</b>` : ''}</td></tr>
<tr><th>${bi('Đầu mối', 'Focal persons')}</th><td>${o.unit.contacts.map((c) => html`${formatContact(c)}<br>`)}</td></tr>
</table></div>
<h2>${bi('Báo cáo đã nhận', 'Reports received')}</h2>
${renderSubmissions(base, readCycleFigures(o.cycle.figures, o.cycleId), o.submissions, reviews)}
${reviewable ? reviewForms(req, base, latest.id, localDateAt(now), opts.review) : ''}
${o.decisions.length === 0 ? '' : html`<h2>${bi('Quyết định của cơ quan thường trực', 'Office decisions')}</h2>
<table><thead><tr><th>${bi('Quyết định', 'Decision')}</th><th>${bi('Lý do', 'Reason')}</th><th>${bi('Người quyết định', 'By')}</th><th>${bi('Thời điểm', 'When')}</th></tr></thead><tbody>${o.decisions.map(
  (d) => html`<tr data-decision="${d.kind}"><td>${d.kind === 'accept' || d.kind === 'return' ? reviewText(d) : d.kind === 'exempt' ? bi('Miễn báo cáo', 'Exempted') : bi(`Gia hạn đến hết ngày ${d.dueAt ? formatDay(lastDayOfDue(d.dueAt), 'vi') : '?'}`, `Extended to the end of ${d.dueAt ? formatDay(lastDayOfDue(d.dueAt), 'en') : '?'}`)}</td><td>${d.reason || '—'}</td><td>${d.by}</td><td>${formatDateTime(d.at)}</td></tr>`,
)}</tbody></table>`}
<h2>${bi('Thư đã gửi', 'Emails')}</h2>
${o.emails.length === 0 ? html`<p>—</p>` : html`<table><thead><tr><th>${bi('Loại', 'Kind')}</th><th>${bi('Lịch gửi', 'Scheduled')}</th><th>${bi('Tình trạng', 'State')}</th><th>${bi('Gửi lúc', 'Sent')}</th></tr></thead><tbody>${o.emails.map(
  (e) => html`<tr><td>${kinds[e.kind] ?? e.kind}</td><td>${e.scheduledFor ? formatDateTime(e.scheduledFor) : '—'}</td><td>${e.status === 'sent' ? bi('đã gửi', 'sent') : e.status === 'rejected' ? html`<b class="bad">${bi('bị từ chối (địa chỉ sai?)', 'rejected (wrong address?)')}</b>` : bi('đang gửi', 'sending')}</td><td>${e.sentAt ? formatDateTime(e.sentAt) : '—'}</td></tr>`,
)}</tbody></table>`}
${opts.canAct && open ? actions(req, base, pending, lastDay, o.unit.contacts, opts.extend) : ''}`;
}

/** `extend`: what was typed in a refused extension form, shown again in it (opened). */
function actions(req: FastifyRequest, base: string, pending: boolean, lastDay: string, contacts: Contact[], extend?: Record<string, string>): Html {
  const csrf = csrfField(req);
  return html`<h2>${bi('Thao tác của cơ quan thường trực', 'Office actions')}</h2>
<details class="card"><summary>${bi('Ghi nhận báo cáo nộp bằng giấy', 'Record a report received on paper')}</summary>
<form method="post" action="${base}/paper">${csrf}<input type="hidden" name="submissionId" value="${crypto.randomUUID()}">
<p><label><input type="radio" name="kind" value="report" checked> ${bi('Báo cáo', 'Report')}</label> <label><input type="radio" name="kind" value="nothing"> ${bi('Không có nội dung báo cáo', 'Nothing to report')}</label></p>
<p><label>${bi('Ghi chú (số văn bản, ngày nhận…)', 'Note (document number, date received…)')}<textarea name="comment" required maxlength="20000"></textarea></label></p>
<p><button type="submit">${bi('Ghi nhận', 'Record')}</button></p></form></details>
${pending
  ? html`<details class="card" id="extend"${extend ? html` open` : ''}><summary>${bi('Gia hạn', 'Extend the deadline')}</summary>
<form method="post" action="${base}/extend">${csrf}
<p><label>${bi('Hạn mới (hết ngày)', 'New last day')} ${dayField({ name: 'lastDay', value: extend?.lastDay, describedBy: 'extend-after', invalid: dayProblem(extend, 'lastDay') !== null })}</label>
<span class="en" id="extend-after">${bi(`dd/mm/yyyy, sau ${formatDay(lastDay, 'vi')}`, `dd/mm/yyyy, after ${formatDay(lastDay, 'en')}`)}</span></p>
<p><label>${bi('Lý do', 'Reason')} <input type="text" name="reason" required maxlength="500" value="${extend?.reason ?? ''}"></label></p>
<p><button type="submit">${bi('Gia hạn', 'Extend')}</button></p></form></details>
<details class="card"><summary>${bi('Miễn báo cáo kỳ này', 'Exempt from this cycle')}</summary>
<form method="post" action="${base}/exempt">${csrf}
<p><label>${bi('Lý do', 'Reason')} <input type="text" name="reason" required maxlength="500"></label></p>
<p><button type="submit">${bi('Miễn', 'Exempt')}</button></p></form></details>
<form method="post" action="${base}/resend" class="card">${csrf}<input type="hidden" name="requestId" value="${crypto.randomUUID()}">
<button type="submit">${bi('Gửi lại thư nhắc ngay', 'Send a reminder now')}</button></form>`
  : ''}
<details class="card"><summary>${bi('Sửa đầu mối', 'Edit focal persons')}</summary>
<form method="post" action="${base}/contacts">${csrf}
<p>${bi('Lưu ý: nạp lại tệp kế hoạch sẽ thay danh sách này bằng danh sách trong tệp; hãy sửa cả tệp kế hoạch.', 'Note: re-importing the plan file replaces this list with the file\'s; update the plan file too.')}</p>
<p><label>${bi('Mỗi dòng một người: Họ tên <email>', 'One per line: Name <email>')}<textarea name="contacts" required maxlength="5000">${formatContactLines(contacts)}</textarea></label></p>
<p><button type="submit">${bi('Lưu', 'Save')}</button></p></form></details>`;
}
