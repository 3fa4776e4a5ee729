// The office's forms on a unit's page and the cycle page. Every change to an obligation goes through
// the engine (workflow Updates and signals via temporal/office-actions.ts) or the database-first
// submission path; a refusal from the engine is shown as it is, and Temporal being unreachable changes
// nothing (a paper report is stored all the same and delivered when Temporal is back).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate, localDateAt } from '../../domain/calendar.ts';
import { DayInput } from '../../domain/day-input.ts';
import { obligationId, cycleId } from '../../domain/ids.ts';
import { OfficeActionRefused, type OfficeEngine } from '../../temporal/office-actions.ts';
import type { WebDeps } from '../deps.ts';
import { bi, html, page, type Html } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { DONE_MESSAGES, loadUnitInCycle, renderUnitInCycle } from './unit-in-cycle.ts';
import { extendAllForm } from './cycle-dashboard.ts';
import { dayProblem, typedValues } from '../dates.ts';
import { CycleClosedError, recordSubmission, SubmissionIdConflict } from '../../db/submissions.ts';
import { deliverOne } from '../../temporal/submission-delivery.ts';
import { parseContacts } from './contacts.ts';
import { OFFICE_EDITORS } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import { actorName, auditOffice } from '../audit.ts';

const Params = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100), unitCode: z.string().max(100) });
const CycleParams = Params.omit({ unitCode: true });
type UnitParams = z.infer<typeof Params>;
type CycleParams = z.infer<typeof CycleParams>;
const Reason = z.string().trim().min(1).max(500);
const Bodies = {
  paper: z.object({ submissionId: z.uuid(), kind: z.enum(['report', 'nothing']), comment: z.string().trim().min(1).max(20_000) }),
  extend: z.object({ lastDay: DayInput, reason: Reason }),
  exempt: z.object({ reason: Reason }),
  resend: z.object({ requestId: z.uuid() }),
  contacts: z.object({ contacts: z.string().max(5_000) }),
  // The review of a version (issue 12 §2): which version, and for a return why and by when.
  return: z.object({ submissionId: z.uuid(), lastDay: DayInput, reason: Reason }),
  accept: z.object({ submissionId: z.uuid() }),
};
type Action = keyof typeof Bodies;

const INVALID = bi('Thông tin chưa đầy đủ hoặc không hợp lệ; chưa có thay đổi nào.', 'Missing or invalid input; nothing was changed.');
const NO_REASON = bi('Cần ghi lý do trả lại báo cáo; chưa có thay đổi nào.', 'A reason is required to return a report; nothing was changed.');
const PAST_DAY = bi('Hạn nộp lại phải từ hôm nay trở đi; chưa có thay đổi nào.', 'The new last day must be today or later; nothing was changed.');
const UNREACHABLE = bi('Không kết nối được máy chủ Temporal; chưa có thay đổi nào. Vui lòng thử lại sau.', 'Temporal cannot be reached; nothing was changed. Please try again later.');

const notFound = (reply: FastifyReply, vi: string, en: string) => reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi(vi, en)}</p>`));

/** What an action needs besides its form. */
interface ActionContext {
  req: FastifyRequest;
  reply: FastifyReply;
  p: UnitParams;
  /** The obligation's ID, and its unit's. */
  id: string;
  unitId: string;
  by: string;
}
/** A DONE_MESSAGES key to show after the redirect, or the answer already given. */
type ActionResult = keyof typeof DONE_MESSAGES | FastifyReply;
/** The actions the engine makes, and the message each shows when done. */
const ENGINE_DONE = { extend: 'extended', exempt: 'exempted', resend: 'resent', return: 'returned', accept: 'accepted' } as const satisfies Partial<Record<Action, keyof typeof DONE_MESSAGES>>;
type EngineAction = keyof typeof ENGINE_DONE;

export async function officeActionRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;

  /** `extend`: a refused extension form's typed fields, shown again in it. */
  /** `typed` goes back into the extension or the return form, whichever the refused post came from. */
  async function answer(req: FastifyRequest, reply: FastifyReply, p: UnitParams, code: number, error: Html, typed?: Record<string, string>) {
    const o = await loadUnitInCycle(prisma, p.planId, p.cycleKey, p.unitCode);
    if (!o) return notFound(reply, 'Không có đơn vị này trong kỳ báo cáo.', 'No such unit in this cycle.');
    const review = req.routeOptions.url === unitUrl('return') ? typed : undefined;
    const extend = review ? undefined : typed;
    return reply.code(code).type('text/html').send(page(o.unit.name, renderUnitInCycle(req, o, deps.clock(), { canAct: deps.office !== undefined, error, extend, review })));
  }

  // A malformed address: not found. A bad form: the unit's page again with the message (or not found,
  // when the address names no unit). Params are validated before the body, so they are the route's here.
  const unitUrl = (action: Action) => `/cycles/:planId/:cycleKey/units/:unitCode/${action}`;
  // A day that is not one (31/02/2026) says so, and the extension form comes back as it was typed.
  const unitInvalid = onInvalidInput((req, reply, part) => {
    if (part === 'params') return notFound(reply, 'Không tìm thấy.', 'Not found.');
    const p = req.params as UnitParams;
    if (req.routeOptions.url === unitUrl('extend')) return answer(req, reply, p, 400, dayProblem(req.body, 'lastDay') ?? INVALID, typedValues(req.body));
    if (req.routeOptions.url === unitUrl('return')) {
      const typed = typedValues(req.body);
      return answer(req, reply, p, 400, (typed.reason ?? '').trim() === '' ? NO_REASON : (dayProblem(req.body, 'lastDay') ?? INVALID), typed);
    }
    return answer(req, reply, p, 400, INVALID);
  });

  // POST .../units/:unitCode/<action>: Fastify validates the form against Bodies[action]; runAction
  // finds the obligation, lets the action make its change and answers.
  const unitRoute = <S extends z.ZodType>(body: S) => ({ config: { access: OFFICE_EDITORS, planScope: PLAN_IN_ADDRESS }, schema: { params: Params, body }, ...unitInvalid });
  async function runAction<B>(req: FastifyRequest, reply: FastifyReply, p: UnitParams, body: B, act: (c: ActionContext, body: B) => Promise<ActionResult>) {
    const id = obligationId(p.planId, p.cycleKey, p.unitCode);
    const o = await prisma.obligation.findUnique({ where: { id }, select: { id: true, unitId: true } });
    if (!o) return answer(req, reply, p, 404, bi('Không có đơn vị này.', 'No such unit.'));
    try {
      const result = await act({ req, reply, p, id, unitId: o.unitId, by: actorName(req) }, body);
      return typeof result === 'string' ? reply.redirect(`/cycles/${p.planId}/${p.cycleKey}/units/${p.unitCode}?done=${result}`, 303) : result;
    } catch (err) {
      // A refused extension (a day not after the current deadline...) comes back in its form to correct.
      const withDay = req.routeOptions.url === unitUrl('extend') || req.routeOptions.url === unitUrl('return');
      const keep = withDay ? extensionAsTyped(body as z.infer<typeof Bodies.extend>) : undefined;
      if (err instanceof OfficeActionRefused) return answer(req, reply, p, 409, html`${bi('Không thực hiện được', 'Refused')}: ${err.message}`, keep);
      if (err instanceof CycleClosedError) return answer(req, reply, p, 409, bi('Kỳ báo cáo đã đóng.', 'The cycle is closed.'));
      if (err instanceof SubmissionIdConflict) return answer(req, reply, p, 409, bi(err.notice.vi, err.notice.en));
      if (isUnavailable(err)) return answer(req, reply, p, 503, UNREACHABLE, keep);
      throw err;
    }
  }
  const audit = (c: ActionContext, what: string, detail: Record<string, unknown>) => auditOffice(prisma, c.req, what, c.id, detail);
  /**
   * An action the engine makes (extend, exempt, resend): `run` asks it, the form is audited under the
   * action's name, and the page shows the action's message. Without the engine (a read-only app),
   * nothing changes.
   */
  function engineAction<B extends Record<string, unknown>>(
    req: FastifyRequest,
    reply: FastifyReply,
    p: UnitParams,
    body: B,
    action: EngineAction,
    run: (office: OfficeEngine, c: ActionContext, body: B) => Promise<unknown>,
  ) {
    return runAction(req, reply, p, body, async (c, b) => {
      if (!deps.office) return answer(c.req, c.reply, c.p, 503, UNREACHABLE);
      await run(deps.office, c, b);
      await audit(c, action, b);
      return ENGINE_DONE[action];
    });
  }

  app.post(unitUrl('paper'), unitRoute(Bodies.paper), (req, reply) =>
    runAction(req, reply, req.params, req.body, async (c, b) => {
      const { submission, duplicate } = await recordSubmission(prisma, { submissionId: b.submissionId, obligationId: c.id, comment: b.comment, kind: b.kind, channel: 'paper', receivedAt: deps.clock() });
      if (!submission.deliveredAt) await deliverOne(prisma, deps.deliver, submission); // undelivered: redelivered later
      if (!duplicate) await audit(c, 'paper_submission', { submissionId: submission.id, kind: b.kind });
      return 'paper';
    }),
  );
  app.post(unitUrl('contacts'), unitRoute(Bodies.contacts), (req, reply) =>
    runAction(req, reply, req.params, req.body, async (c, b) => {
      const parsed = parseContacts(b.contacts);
      if (!parsed.ok) return answer(c.req, c.reply, c.p, 400, parsed.error);
      await prisma.$transaction([
        prisma.contact.deleteMany({ where: { unitId: c.unitId } }),
        prisma.contact.createMany({ data: parsed.contacts.map((x) => ({ ...x, unitId: c.unitId })) }),
      ]);
      await audit(c, 'contacts_update', { unitId: c.unitId, contacts: parsed.contacts.map((x) => x.email) });
      return 'contacts';
    }),
  );
  app.post(unitUrl('extend'), unitRoute(Bodies.extend), (req, reply) =>
    engineAction(req, reply, req.params, req.body, 'extend', (office, c, b) => office.extend(c.id, b.lastDay, b.reason, c.by)),
  );
  app.post(unitUrl('exempt'), unitRoute(Bodies.exempt), (req, reply) =>
    engineAction(req, reply, req.params, req.body, 'exempt', (office, c, b) => office.exempt(c.id, b.reason, c.by)),
  );
  app.post(unitUrl('resend'), unitRoute(Bodies.resend), (req, reply) =>
    engineAction(req, reply, req.params, req.body, 'resend', (office, c, b) => office.resend(c.id, b.requestId, c.by)),
  );

  app.post(unitUrl('return'), unitRoute(Bodies.return), (req, reply) => {
    // A day already past is refused here, in the form as typed; the workflow refuses it too.
    if (req.body.lastDay < localDateAt(deps.clock())) return answer(req, reply, req.params, 400, PAST_DAY, extensionAsTyped(req.body));
    return engineAction(req, reply, req.params, req.body, 'return', (office, c, b) => office.returnVersion(c.id, b.submissionId, b.lastDay, b.reason, c.by));
  });
  app.post(unitUrl('accept'), unitRoute(Bodies.accept), (req, reply) =>
    engineAction(req, reply, req.params, req.body, 'accept', (office, c, b) => office.accept(c.id, b.submissionId, c.by)),
  );

  // A malformed address: not found. A bad form: the message under the cycle's link (or not found).
  const noSuchCycle = (reply: FastifyReply) => notFound(reply, 'Không có kỳ báo cáo này.', 'No such cycle.');
  const findCycle = (p: CycleParams) => prisma.cycle.findUnique({ where: { id: cycleId(p.planId, p.cycleKey) } });
  /** `form`: a refused form, shown again under the message with what was typed. */
  const cyclePage = (reply: FastifyReply, cycle: { planId: string; key: string; title: string }, code: number, message: Html, ok = false, form?: Html) =>
    reply
      .code(code)
      .type('text/html')
      .send(page(cycle.title, html`<p><a href="/cycles/${cycle.planId}/${cycle.key}">« ${cycle.title}</a></p>${ok ? html`<div class="ok card" role="status">${message}</div>` : html`<div class="error" role="alert">${message}</div>`}${form ?? ''}`));
  const extendAllInvalid = onInvalidInput(async (req, reply, part) => {
    const cycle = part === 'params' ? null : await findCycle(req.params as CycleParams);
    if (!cycle) return noSuchCycle(reply);
    const form = extendAllForm(req, `/cycles/${cycle.planId}/${cycle.key}`, cycle.lastDay, typedValues(req.body));
    return cyclePage(reply, cycle, 400, dayProblem(req.body, 'lastDay') ?? INVALID, false, form);
  });

  app.post('/cycles/:planId/:cycleKey/extend-all', { config: { access: OFFICE_EDITORS, planScope: PLAN_IN_ADDRESS }, schema: { params: CycleParams, body: Bodies.extend }, ...extendAllInvalid }, async (req, reply) => {
    const cycle = await findCycle(req.params);
    if (!cycle) return noSuchCycle(reply);
    const fail = (code: number, msg: Html) => cyclePage(reply, cycle, code, msg);
    if (!deps.office) return fail(503, UNREACHABLE);
    try {
      const r = await deps.office.extendAll(cycle.id, req.body.lastDay, req.body.reason, actorName(req));
      await auditOffice(prisma, req, 'extend_all', cycle.id, { ...req.body, signalled: r.signalled, extended: r.extended });
      return cyclePage(reply, cycle, 200, bi(`Đã gia hạn cho ${r.extended} đơn vị chưa nộp.`, `Extended for ${r.extended} unit(s) that have not reported.`), true);
    } catch (err) {
      if (err instanceof OfficeActionRefused) return fail(409, html`${bi('Không thực hiện được', 'Refused')}: ${err.message}`);
      if (isUnavailable(err)) return fail(503, UNREACHABLE);
      throw err;
    }
  });
}

/** An accepted extension form as its fields read, the day in dd/mm/yyyy again, to show it back. */
function extensionAsTyped(b: z.infer<typeof Bodies.extend>): Record<string, string> {
  return { lastDay: formatDate(b.lastDay), reason: b.reason };
}

/** Temporal unreachable (gRPC UNAVAILABLE / connection refused). */
function isUnavailable(err: unknown): boolean {
  const e = err as { code?: number; message?: string; name?: string };
  return e?.code === 14 || /UNAVAILABLE|ECONNREFUSED|Failed to connect|ServiceError/i.test(`${e?.name} ${e?.message}`);
}
