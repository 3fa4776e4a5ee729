// The unit's page behind its personal link: the cycle, the deadline and its countdown, what was
// already sent, and three forms: the report (file, figures, comment), "nothing to report", and a
// request for a later deadline. A refused form comes back with its message and the values entered.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { addDays, daysBetween, daysOverdue, formatDateTime, formatDay, lastDayOfDue, localDateAt } from '../../domain/calendar.ts';
import { readCycleFigures, readSubmissionFigures } from '../../db/stored-json.ts';
import { figureInputValue, formFieldName } from '../../domain/figure-values.ts';
import type { PlanFigure } from '../../domain/plan-schema.ts';
import { PENDING_STATUSES, type ObligationStatus } from '../../domain/statuses.ts';
import { csrfField } from '../auth/csrf.ts';
import { bi, html, page, type Html } from '../html.ts';
import { dayField, dayProblem } from '../dates.ts';
import { formatSize } from '../uploads/file-name.ts';
import { DOCUMENT_TYPES } from '../uploads/sniff.ts';
import type { LoadedObligation } from './load.ts';
import { FILE_FIELD } from './multipart-form.ts';
import { indicatorInputs } from './indicator-inputs.ts';

export interface FormState {
  form: 'report' | 'nothing' | 'extension';
  message: Html;
  /** Per figure key. */
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
}

export interface PageContext {
  req: FastifyRequest;
  token: string;
  o: LoadedObligation;
  now: Date;
  maxBytes: number;
}

const ACCEPT = Object.values(DOCUMENT_TYPES).map((t) => `.${t.extension}`).join(',');

function countdown(o: LoadedObligation, now: Date): Html {
  const today = localDateAt(now);
  if (now >= o.dueAt) {
    const n = daysOverdue(lastDayOfDue(o.dueAt), now);
    return html`<b class="bad">${bi(`đã quá hạn ${n} ngày`, `${n} day(s) overdue`)}</b>`;
  }
  const days = daysBetween(today, lastDayOfDue(o.dueAt));
  return days === 0 ? html`<b class="late">${bi('hôm nay là hạn cuối', 'today is the last day')}</b>` : html`<b>${bi(`còn ${days} ngày`, `${days} day(s) left`)}</b>`;
}

function versions(ctx: PageContext): Html {
  const { o, token } = ctx;
  if (o.submissions.length === 0) return html``;
  const rows = o.submissions.map(
    (s) => html`<tr data-submission="${s.id}"><td>${formatDateTime(s.receivedAt)}</td>
<td>${s.kind === 'nothing' ? bi('Không có nội dung báo cáo', 'Nothing to report') : bi('Báo cáo', 'Report')} · ${s.onTime ? bi('đúng hạn', 'on time') : bi('muộn', 'late')}${o.decisions.some((d) => d.submissionId === s.id) ? html` · <b class="late">${bi('bị trả lại', 'returned')}</b>` : ''}</td>
<td>${s.fileSha256 ? html`<a href="/r/${token}/files/${s.fileSha256}">${s.fileName}</a> (${formatSize(s.fileSize ?? 0)})` : '—'}</td>
<td><code>${s.checksum}</code></td><td><a href="/r/${token}/receipt/${s.id}">${bi('Biên nhận', 'Receipt')}</a></td></tr>`,
  );
  return html`<div class="card"><h2>${bi('Các lần đã nộp', 'Versions already submitted')}</h2>
<table id="versions"><thead><tr><th>${bi('Thời điểm', 'Time')}</th><th>${bi('Loại', 'Kind')}</th><th>${bi('Tệp', 'File')}</th><th>SHA-256</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<p>${bi('Nộp lại sẽ lưu thêm một phiên bản mới; bản cũ vẫn được giữ.', 'Submitting again stores a new version; earlier ones are kept.')}</p></div>`;
}

/** While the unit's report is returned for revision: why, and by when a new version is due. */
function returnedNotice(o: LoadedObligation): Html {
  const last = o.decisions.at(-1);
  if (o.status !== 'returned' || !last) return html``;
  const day = lastDayOfDue(o.dueAt);
  return html`<div class="card late" id="returned" role="status">${bi(
    `Cơ quan thường trực đã trả lại báo cáo để hoàn thiện. Lý do: ${last.reason}. Đề nghị nộp lại trước hết ngày ${formatDay(day, 'vi')}.`,
    `The standing office returned the report for revision. Reason: ${last.reason}. Please submit again by the end of ${formatDay(day, 'en')}.`,
  )}</div>`;
}

/** The cycle's report forms (mẫu báo cáo kèm theo Kế hoạch) to download, under this unit's own link. */
function reportForms(ctx: PageContext): Html {
  const forms = ctx.o.cycle.forms;
  if (forms.length === 0) return html``;
  return html`<p>${bi('Mẫu báo cáo kèm theo Kế hoạch (tải về)', 'Report forms attached to the plan (download)')}:</p>
<ul id="report-forms">${forms.map((f) => html`<li><a href="/r/${ctx.token}/forms/${f.sha256}" download>${f.title}</a> (${f.fileName}, ${formatSize(f.size)})</li>`)}</ul>`;
}

function extensionStatus(o: LoadedObligation): Html {
  const latest = o.extensionRequests[0];
  if (!latest) return html``;
  const vi = formatDay(latest.requestedLastDay, 'vi');
  const en = formatDay(latest.requestedLastDay, 'en');
  if (latest.status === 'pending')
    return html`<div class="card late" id="extension-status">${bi(`Đã gửi đề nghị gia hạn đến hết ngày ${vi}, chờ cơ quan thường trực xem xét.`, `Extension to the end of ${en} requested, awaiting the standing office's decision.`)}</div>`;
  if (latest.status === 'granted')
    return html`<div class="card ok" id="extension-status">${bi(`Cơ quan thường trực đã chấp thuận đề nghị gia hạn (hạn hiện tại ở trên).`, 'The standing office granted the extension (current deadline above).')}</div>`;
  return html`<div class="card" id="extension-status">${bi(`Cơ quan thường trực không chấp thuận đề nghị gia hạn đến hết ngày ${vi}; hạn nộp không đổi.`, `The standing office refused the extension to the end of ${en}; the deadline is unchanged.`)}</div>`;
}

function figureInputs(defs: PlanFigure[], values: Record<string, string>, errors: Record<string, string>): Html {
  if (defs.length === 0) return html``;
  return html`<fieldset><legend><b>${bi('Số liệu', 'Figures')}</b></legend>${defs.map((f) => {
    const id = formFieldName(f.key);
    const err = errors[f.key];
    const input = f.type === 'text'
      ? html`<input type="text" id="${id}" name="${id}" value="${values[id] ?? ''}" maxlength="1000" required${err ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>`
      : html`<input type="text" inputmode="${f.type === 'integer' ? 'numeric' : 'decimal'}" id="${id}" name="${id}" value="${values[id] ?? ''}" required${err ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>`;
    return html`<p><label for="${id}">${f.name}${f.unit ? ` (${f.unit})` : ''}</label><br>${input}${err ? html`<br><span class="bad" id="${id}-error">${err}</span>` : ''}</p>`;
  })}</fieldset>`;
}

function reportForm(ctx: PageContext, state?: FormState): Html {
  const defs = readCycleFigures(ctx.o.cycle.figures, ctx.o.cycleId);
  const mine = state?.form === 'report' ? state : undefined;
  // A new version starts from the figures last sent, so a correction does not mean retyping all.
  const last = [...ctx.o.submissions].reverse().find((s) => s.figures);
  const previous = last ? readSubmissionFigures(last.figures, last.id) : {};
  const values: Record<string, string> = mine?.values ?? Object.fromEntries(defs.map((f) => [formFieldName(f.key), figureInputValue(previous[f.key])]));
  const mb = Math.floor(ctx.maxBytes / (1024 * 1024));
  return html`<form method="post" enctype="multipart/form-data" class="card" id="report-form">
${csrfField(ctx.req)}
<input type="hidden" name="submissionId" value="${randomUUID()}">
<h2>${bi('Nộp báo cáo', 'Submit the report')}</h2>
<p><label for="${FILE_FIELD}"><b>${bi('Tệp báo cáo', 'Report file')}</b></label><br>
<input type="file" id="${FILE_FIELD}" name="${FILE_FIELD}" accept="${ACCEPT}"><br>
<span class="en">PDF, DOC, DOCX, XLS, XLSX, ODT, ODS · ${bi(`tối đa ${mb} MB`, `at most ${mb} MB`)}</span></p>
${figureInputs(defs, values, mine?.fieldErrors ?? {})}
${indicatorInputs(ctx.o.indicatorAsks, mine?.values ?? {}, mine?.fieldErrors ?? {})}
<p><label for="comment"><b>${bi('Nội dung báo cáo / ghi chú', 'Report text / comment')}</b></label>
<textarea id="comment" name="comment" maxlength="20000">${mine?.values?.comment ?? ''}</textarea>
<span class="en">${bi('Bắt buộc khi không đính kèm tệp.', 'Required when no file is attached.')}</span></p>
<p><button type="submit">${bi('Nộp báo cáo', 'Submit report')}</button></p></form>`;
}

function nothingForm(ctx: PageContext, state?: FormState): Html {
  const mine = state?.form === 'nothing' ? state : undefined;
  return html`<form method="post" class="card" id="nothing-form">
${csrfField(ctx.req)}
<input type="hidden" name="submissionId" value="${randomUUID()}">
<input type="hidden" name="kind" value="nothing">
<h2>${bi('Không có nội dung báo cáo', 'Nothing to report')}</h2>
<p><label for="nothingComment">${bi('Lý do (bắt buộc)', 'Reason (required)')}</label>
<textarea id="nothingComment" name="comment" required maxlength="20000">${mine?.values?.comment ?? ''}</textarea></p>
<p><button type="submit">${bi('Xác nhận không có nội dung', 'Confirm nothing to report')}</button></p></form>`;
}

function extensionForm(ctx: PageContext, state?: FormState): Html {
  const { o } = ctx;
  if (!PENDING_STATUSES.includes(o.status as ObligationStatus) || o.extensionRequests.some((r) => r.status === 'pending')) return html``;
  const mine = state?.form === 'extension' ? state : undefined;
  const earliest = addDays(lastDayOfDue(o.dueAt), 1);
  const latest = addDays(lastDayOfDue(o.cycle.closesAt), -1);
  if (earliest > latest) return html``;
  return html`<form method="post" action="/r/${ctx.token}/extension" class="card" id="extension-form">
${csrfField(ctx.req)}
<input type="hidden" name="requestId" value="${randomUUID()}">
<h2>${bi('Đề nghị gia hạn', 'Ask for an extension')}</h2>
<p><label for="lastDay">${bi('Hạn mới đề nghị (ngày cuối)', 'Proposed new last day')}</label><br>
${dayField({ name: 'lastDay', id: 'lastDay', value: mine?.values?.lastDay, describedBy: 'lastDay-range', invalid: dayProblem(mine?.values, 'lastDay') !== null })}
<span class="en" id="lastDay-range">${bi(`dd/mm/yyyy, từ ${formatDay(earliest, 'vi')} đến ${formatDay(latest, 'vi')}`, `dd/mm/yyyy, from ${formatDay(earliest, 'en')} to ${formatDay(latest, 'en')}`)}</span></p>
<p><label for="reason">${bi('Lý do', 'Reason')}</label>
<textarea id="reason" name="reason" required maxlength="2000">${mine?.values?.reason ?? ''}</textarea></p>
<p><button type="submit">${bi('Gửi đề nghị gia hạn', 'Request an extension')}</button></p></form>`;
}

export function renderReportPage(ctx: PageContext, state?: FormState): string {
  const { o } = ctx;
  const c = o.cycle;
  const lastDay = lastDayOfDue(o.dueAt); // the unit's own deadline (an extension moves it)
  const closed = c.status === 'closed';
  return page(
    c.title,
    html`<h1>${c.title}</h1>
<p>${c.plan.title}</p>
<div class="card"><p><b>${o.unit.name}</b></p>
<p>${bi('Hạn nộp', 'Deadline')}: ${bi(`hết ngày ${formatDay(lastDay, 'vi')}`, `end of ${formatDay(lastDay, 'en')}`)} — ${countdown(o, ctx.now)}</p>
${c.form ? html`<p>${bi('Mẫu báo cáo', 'Form')}: ${c.form}</p>` : ''}
${reportForms(ctx)}</div>
${returnedNotice(o)}
${extensionStatus(o)}
${versions(ctx)}
${state ? html`<div class="error" role="alert">${state.message}</div>` : ''}
${closed
  ? html`<div class="error">${bi('Kỳ báo cáo đã kết thúc; vui lòng liên hệ cơ quan thường trực.', 'This cycle is closed; please contact the standing office.')}</div>`
  : html`${reportForm(ctx, state)}${nothingForm(ctx, state)}${extensionForm(ctx, state)}`}`,
    { nav: false },
  );
}
