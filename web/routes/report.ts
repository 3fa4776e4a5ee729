// The unit's personal link: /r/:token shows the cycle, the deadline and the form; POST stores the
// report and redirects to its receipt. Any bad token (malformed, unknown, expired, revoked) gets the
// same 404 page, so a guess learns nothing.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { daysBetween, daysOverdue, formatDate, formatDateTime, lastDayOfDue, localDateAt, weekday } from '../../domain/calendar.ts';
import { obligationIdForToken } from '../../db/tokens.ts';
import { csrfField } from '../csrf.ts';
import { bi, html, page, type Html } from '../html.ts';
import { CycleClosedError, deliverOne, recordSubmission } from '../submissions.ts';
import type { WebDeps } from '../app.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';

const Params = z.object({ token: z.string().max(200) });
const Body = z.object({
  _csrf: z.string(),
  submissionId: z.uuid(),
  comment: z.string().trim().min(1, { message: 'empty' }).max(20_000, { message: 'too-long' }),
});

function invalidLink(reply: FastifyReply) {
  return reply
    .code(404)
    .type('text/html')
    .send(
      page(
        'Đường link không hợp lệ',
        html`<div class="error"><h1>${bi('Đường link không hợp lệ hoặc đã hết hạn', 'This link is invalid or has expired')}</h1>
<p>${bi('Vui lòng dùng đường link trong thư nhắc mới nhất, hoặc liên hệ cơ quan thường trực.', 'Please use the link in your latest reminder email, or contact the standing office.')}</p></div>`,
        { nav: false },
      ),
    );
}

export async function reportRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;

  async function load(token: string) {
    const id = await obligationIdForToken(prisma, token, deps.clock());
    if (!id) return null;
    return prisma.obligation.findUnique({
      where: { id },
      include: { unit: true, cycle: { include: { plan: true } }, submissions: { orderBy: { receivedAt: 'asc' } } },
    });
  }
  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

  function countdown(o: Loaded): Html {
    const now = deps.clock();
    const today = localDateAt(now);
    if (now >= o.dueAt) {
      const n = daysOverdue(lastDayOfDue(o.dueAt), now);
      return html`<b class="bad">${bi(`đã quá hạn ${n} ngày`, `${n} day(s) overdue`)}</b>`;
    }
    const days = daysBetween(today, lastDayOfDue(o.dueAt));
    return days === 0 ? html`<b class="late">${bi('hôm nay là hạn cuối', 'today is the last day')}</b>` : html`<b>${bi(`còn ${days} ngày`, `${days} day(s) left`)}</b>`;
  }

  function reportPage(req: FastifyRequest, o: Loaded, error?: Html): string {
    const c = o.cycle;
    const lastDay = lastDayOfDue(o.dueAt); // the unit's own deadline (an extension moves it)
    const previous = o.submissions.length
      ? html`<div class="card"><h2>${bi('Báo cáo đã nộp', 'Reports already submitted')}</h2><ul>${o.submissions.map(
          (s) => html`<li>${formatDateTime(s.receivedAt)} · ${s.onTime ? 'đúng hạn / on time' : 'muộn / late'} · <code>${s.id}</code></li>`,
        )}</ul><p>${bi('Nộp lại sẽ lưu thêm một phiên bản mới; bản cũ vẫn được giữ.', 'Submitting again stores a new version; earlier ones are kept.')}</p></div>`
      : html``;
    const closed = c.status === 'closed';
    return page(
      c.title,
      html`<h1>${c.title}</h1>
<p>${c.plan.title}</p>
<div class="card"><p><b>${o.unit.name}</b></p>
<p>${bi('Hạn nộp', 'Deadline')}: ${bi(`hết ngày ${weekday(lastDay, 'vi')}, ${formatDate(lastDay)}`, `end of ${weekday(lastDay, 'en')}, ${formatDate(lastDay)}`)} — ${countdown(o)}</p>
${c.form ? html`<p>${bi('Mẫu báo cáo', 'Form')}: ${c.form}</p>` : ''}</div>
${previous}
${error ? html`<div class="error" role="alert">${error}</div>` : ''}
${closed
  ? html`<div class="error">${bi('Kỳ báo cáo đã kết thúc; vui lòng liên hệ cơ quan thường trực.', 'This cycle is closed; please contact the standing office.')}</div>`
  : html`<form method="post" class="card">
${csrfField(req)}
<input type="hidden" name="submissionId" value="${randomUUID()}">
<label for="comment"><b>${bi('Nội dung báo cáo', 'Report')}</b></label>
<textarea id="comment" name="comment" required maxlength="20000"></textarea>
<p><button type="submit">${bi('Nộp báo cáo', 'Submit report')}</button></p></form>`}`,
      { nav: false },
    );
  }

  app.get('/r/:token', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) } }, async (req, reply) => {
    const params = Params.safeParse(req.params);
    const o = params.success ? await load(params.data.token) : null;
    if (!o) return invalidLink(reply);
    return reply.type('text/html').send(reportPage(req, o));
  });

  app.post('/r/:token', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) } }, async (req, reply) => {
    const params = Params.safeParse(req.params);
    const o = params.success ? await load(params.data.token) : null;
    if (!o) return invalidLink(reply);
    if (o.cycle.status === 'closed') return reply.code(409).type('text/html').send(reportPage(req, o));
    const body = Body.safeParse(req.body);
    if (!body.success) {
      const tooLong = body.error.issues.some((i) => i.message === 'too-long');
      const msg = tooLong ? bi('Nội dung quá dài (tối đa 20.000 ký tự).', 'The report is too long (at most 20,000 characters).') : bi('Vui lòng nhập nội dung báo cáo.', 'Please enter the report.');
      return reply.code(400).type('text/html').send(reportPage(req, o, msg));
    }
    let recorded;
    try {
      recorded = await recordSubmission(prisma, {
        submissionId: body.data.submissionId,
        obligationId: o.id,
        comment: body.data.comment,
        channel: 'web',
        receivedAt: deps.clock(),
      });
    } catch (err) {
      if (err instanceof CycleClosedError) return reply.code(409).type('text/html').send(reportPage(req, { ...o, cycle: { ...o.cycle, status: 'closed' } }));
      throw err;
    }
    const { submission } = recorded;
    if (!submission.deliveredAt) await deliverOne(prisma, deps.deliver, submission);
    return reply.redirect(`/r/${params.data!.token}/receipt/${submission.id}`, 303);
  });

  app.get('/r/:token/receipt/:submissionId', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) } }, async (req, reply) => {
    const params = z.object({ token: z.string().max(200), submissionId: z.string().max(100) }).safeParse(req.params);
    const o = params.success ? await load(params.data.token) : null;
    const s = o?.submissions.find((x) => x.id === params.data?.submissionId);
    if (!o || !s) return invalidLink(reply);
    return reply.type('text/html').send(
      page(
        'Biên nhận',
        html`<h1>${bi('Biên nhận', 'Receipt')}</h1>
<div class="card"><p class="ok"><b>${bi(`${o.cycle.plan.title}: đã nhận ${o.cycle.title} của ${o.unit.name}.`, 'Your report was received.')}</b></p>
<table><tr><th>${bi('Thời điểm nhận', 'Received at')}</th><td>${formatDateTime(s.receivedAt)} (giờ Việt Nam / Vietnam time)</td></tr>
<tr><th>${bi('Tình trạng', 'Status')}</th><td>${s.onTime ? bi('Đúng hạn', 'On time') : bi('Sau hạn', 'Late')}</td></tr>
<tr><th>${bi('Mã biên nhận', 'Receipt number')}</th><td><code>${s.id}</code></td></tr>
<tr><th>${bi('Mã kiểm tra SHA-256', 'SHA-256 checksum')}</th><td><code>${s.checksum}</code></td></tr></table>
<p>${bi('Biên nhận cũng được gửi tới email của đầu mối.', 'The receipt is also sent to the focal persons by email.')}</p></div>`,
        { nav: false },
      ),
    );
  });
}
