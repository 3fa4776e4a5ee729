// The office's review of a unit's latest version on its page (issue 12 §2): accept it (tiếp nhận, a
// mark on the version) or return it for revision (trả lại để hoàn thiện) with a reason and a new last
// day typed as dd/mm/yyyy, and each version's reviews as the page lists them. Rendering only;
// web/office/action-routes.ts handles the forms and the engine decides (temporal/office-actions.ts).
import type { FastifyRequest } from 'fastify';
import { formatDateTime, formatDay, lastDayOfDue } from '../../domain/calendar.ts';
import type { Review } from '../../db/reviews.ts';
import { csrfField } from '../auth/csrf.ts';
import { dayField, dayProblem } from '../dates.ts';
import { bi, html, type Html } from '../html.ts';

/** A review as one line: "Trả lại để hoàn thiện, hạn mới …" or "Tiếp nhận". */
export function reviewText(r: { kind: string; dueAt: Date | null }): Html {
  if (r.kind === 'accept') return bi('Tiếp nhận', 'Accepted');
  const due = r.dueAt ? lastDayOfDue(r.dueAt) : undefined;
  return bi(`Trả lại để hoàn thiện, hạn mới hết ngày ${due ? formatDay(due, 'vi') : '?'}`, `Returned for revision, new last day ${due ? formatDay(due, 'en') : '?'}`);
}

/** The rows of one version's reviews in its table on the unit page: what, why, who, when. */
export function reviewRows(reviews: readonly Review[]): Html {
  return html`${reviews.map(
    (r) => html`<tr data-review="${r.kind}"><th>${bi('Xem xét', 'Review')}</th><td>${reviewText(r)} · ${r.by} · ${formatDateTime(r.at)}${r.reason ? html`<br>${bi('Lý do', 'Reason')}: <span class="review-reason">${r.reason}</span>` : ''}</td></tr>`,
  )}`;
}

/**
 * The two forms for the latest version, while it awaits the office's review. `typed`: a refused return
 * form's fields, shown again in it (opened).
 */
export function reviewForms(req: FastifyRequest, base: string, submissionId: string, today: string, typed?: Record<string, string>): Html {
  const csrf = csrfField(req);
  return html`<details class="card" id="review"${typed ? html` open` : ''}><summary>${bi('Xem xét báo cáo mới nhất: tiếp nhận hoặc trả lại để hoàn thiện', 'Review the latest report: accept, or return it for revision')}</summary>
<form method="post" action="${base}/accept">${csrf}<input type="hidden" name="submissionId" value="${submissionId}">
<p><button type="submit" name="accept">${bi('Tiếp nhận báo cáo', 'Accept the report')}</button></p></form>
<form method="post" action="${base}/return">${csrf}<input type="hidden" name="submissionId" value="${submissionId}">
<p><label>${bi('Lý do trả lại', 'Reason for returning')} <input type="text" name="reason" required maxlength="500" value="${typed?.reason ?? ''}"></label></p>
<p><label>${bi('Hạn nộp lại (hết ngày)', 'New last day')} ${dayField({ name: 'lastDay', value: typed?.lastDay, describedBy: 'return-from', invalid: dayProblem(typed, 'lastDay') !== null })}</label>
<span class="en" id="return-from">${bi(`dd/mm/yyyy, từ ${formatDay(today, 'vi')} trở đi`, `dd/mm/yyyy, ${formatDay(today, 'en')} or later`)}</span></p>
<p><button type="submit" name="return">${bi('Trả lại để hoàn thiện', 'Return for revision')}</button></p></form></details>`;
}
