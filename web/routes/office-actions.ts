// The office's forms on a unit's page and the cycle page. Every change to an obligation goes through
// the engine (workflow Updates and signals via temporal/office-actions.ts) or the database-first
// submission path; a refusal from the engine is shown as it is, and Temporal being unreachable changes
// nothing (a paper report is stored all the same and delivered when Temporal is back).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { obligationId, cycleId } from '../../domain/ids.ts';
import { OfficeActionRefused } from '../../temporal/office-actions.ts';
import type { WebDeps } from '../app.ts';
import { bi, html, page, type Html } from '../html.ts';
import { loadUnitInCycle, renderUnitInCycle } from '../office/unit-in-cycle.ts';
import { CycleClosedError, deliverOne, recordSubmission } from '../submissions.ts';
import { parseContacts } from '../office/contacts.ts';
import { OFFICE_EDITORS } from '../auth/access.ts';
import { actorName, auditOffice } from '../audit.ts';

const Params = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100), unitCode: z.string().max(100) });
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Reason = z.string().trim().min(1).max(500);
const Bodies = {
  paper: z.object({ submissionId: z.uuid(), kind: z.enum(['report', 'nothing']), comment: z.string().trim().min(1).max(20_000) }),
  extend: z.object({ lastDay: LocalDate, reason: Reason }),
  exempt: z.object({ reason: Reason }),
  resend: z.object({ requestId: z.uuid() }),
  contacts: z.object({ contacts: z.string().max(5_000) }),
};
type Action = keyof typeof Bodies;

const INVALID = bi('Thông tin chưa đầy đủ hoặc không hợp lệ; chưa có thay đổi nào.', 'Missing or invalid input; nothing was changed.');
const UNREACHABLE = bi('Không kết nối được máy chủ Temporal; chưa có thay đổi nào. Vui lòng thử lại sau.', 'Temporal cannot be reached; nothing was changed. Please try again later.');

export async function officeActionRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;

  async function answer(req: FastifyRequest, reply: FastifyReply, p: z.infer<typeof Params>, code: number, error: Html) {
    const o = await loadUnitInCycle(prisma, p.planId, p.cycleKey, p.unitCode);
    if (!o) return reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có đơn vị này trong kỳ báo cáo.', 'No such unit in this cycle.')}</p>`));
    return reply.code(code).type('text/html').send(page(o.unit.name, renderUnitInCycle(req, o, deps.clock(), { canAct: deps.office !== undefined, error })));
  }

  for (const action of Object.keys(Bodies) as Action[]) {
    app.post(`/cycles/:planId/:cycleKey/units/:unitCode/${action}`, { config: { access: OFFICE_EDITORS } }, async (req, reply) => {
      const params = Params.safeParse(req.params);
      if (!params.success) return reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không tìm thấy.', 'Not found.')}</p>`));
      const p = params.data;
      const id = obligationId(p.planId, p.cycleKey, p.unitCode);
      const o = await prisma.obligation.findUnique({ where: { id }, select: { id: true, unitId: true } });
      if (!o) return answer(req, reply, p, 404, bi('Không có đơn vị này.', 'No such unit.'));
      const body = Bodies[action].safeParse(req.body);
      if (!body.success) return answer(req, reply, p, 400, INVALID);
      const done = (what: string) => reply.redirect(`/cycles/${p.planId}/${p.cycleKey}/units/${p.unitCode}?done=${what}`, 303);
      const by = actorName(req);
      const audit = (what: string, detail: Record<string, unknown>) => auditOffice(prisma, req, what, id, detail);
      try {
        if (action === 'paper') {
          const b = body.data as z.infer<typeof Bodies.paper>;
          const { submission, duplicate } = await recordSubmission(prisma, { submissionId: b.submissionId, obligationId: id, comment: b.comment, kind: b.kind, channel: 'paper', receivedAt: deps.clock() });
          if (!submission.deliveredAt) await deliverOne(prisma, deps.deliver, submission); // undelivered: redelivered later
          if (!duplicate) await audit('paper_submission', { submissionId: submission.id, kind: b.kind });
          return done('paper');
        }
        if (action === 'contacts') {
          const parsed = parseContacts((body.data as z.infer<typeof Bodies.contacts>).contacts);
          if (!parsed.ok) return answer(req, reply, p, 400, parsed.error);
          await prisma.$transaction([
            prisma.contact.deleteMany({ where: { unitId: o.unitId } }),
            prisma.contact.createMany({ data: parsed.contacts.map((c) => ({ ...c, unitId: o.unitId })) }),
          ]);
          await audit('contacts_update', { unitId: o.unitId, contacts: parsed.contacts.map((c) => c.email) });
          return done('contacts');
        }
        if (!deps.office) return answer(req, reply, p, 503, UNREACHABLE);
        if (action === 'extend') await deps.office.extend(id, (body.data as z.infer<typeof Bodies.extend>).lastDay, (body.data as z.infer<typeof Bodies.extend>).reason, by);
        if (action === 'exempt') await deps.office.exempt(id, (body.data as z.infer<typeof Bodies.exempt>).reason, by);
        if (action === 'resend') await deps.office.resend(id, (body.data as z.infer<typeof Bodies.resend>).requestId, by);
        await audit(action, body.data as Record<string, unknown>);
        return done(action === 'extend' ? 'extended' : action === 'exempt' ? 'exempted' : 'resent');
      } catch (err) {
        if (err instanceof OfficeActionRefused) return answer(req, reply, p, 409, html`${bi('Không thực hiện được', 'Refused')}: ${err.message}`);
        if (err instanceof CycleClosedError) return answer(req, reply, p, 409, bi('Kỳ báo cáo đã đóng.', 'The cycle is closed.'));
        if (isUnavailable(err)) return answer(req, reply, p, 503, UNREACHABLE);
        throw err;
      }
    });
  }

  app.post('/cycles/:planId/:cycleKey/extend-all', { config: { access: OFFICE_EDITORS } }, async (req, reply) => {
    const params = Params.omit({ unitCode: true }).safeParse(req.params);
    const cycle = params.success ? await prisma.cycle.findUnique({ where: { id: cycleId(params.data.planId, params.data.cycleKey) } }) : null;
    if (!cycle) return reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có kỳ báo cáo này.', 'No such cycle.')}</p>`));
    const body = Bodies.extend.safeParse(req.body);
    const back = html`<p><a href="/cycles/${cycle.planId}/${cycle.key}">« ${cycle.title}</a></p>`;
    const fail = (code: number, msg: Html) => reply.code(code).type('text/html').send(page(cycle.title, html`${back}<div class="error" role="alert">${msg}</div>`));
    if (!body.success) return fail(400, INVALID);
    if (!deps.office) return fail(503, UNREACHABLE);
    try {
      const r = await deps.office.extendAll(cycle.id, body.data.lastDay, body.data.reason, actorName(req));
      await auditOffice(prisma, req, 'extend_all', cycle.id, { ...body.data, signalled: r.signalled });
      return reply.type('text/html').send(page(cycle.title, html`${back}<div class="ok card" role="status">${bi(`Đã gia hạn cho ${r.signalled} đơn vị chưa nộp.`, `Extended for ${r.signalled} unit(s) that have not reported.`)}</div>`));
    } catch (err) {
      if (err instanceof OfficeActionRefused) return fail(409, html`${bi('Không thực hiện được', 'Refused')}: ${err.message}`);
      if (isUnavailable(err)) return fail(503, UNREACHABLE);
      throw err;
    }
  });
}

/** Temporal unreachable (gRPC UNAVAILABLE / connection refused). */
function isUnavailable(err: unknown): boolean {
  const e = err as { code?: number; message?: string; name?: string };
  return e?.code === 14 || /UNAVAILABLE|ECONNREFUSED|Failed to connect|ServiceError/i.test(`${e?.name} ${e?.message}`);
}
