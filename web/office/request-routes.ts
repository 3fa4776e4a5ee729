// One-off requests from the web: the form on a plan (/plans/PLAN/requests/new, a preset filling its
// title and figures) and its post, which stores the request as a one-off cycle of the plan
// (db/requests.ts) and opens it through the engine like any cycle (its Schedule when it opens later).
// Bad input comes back as the form with every reason and nothing stored; the same form posted twice
// (a double-click, or again after Temporal was down) stores one request and opens it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createRequest, planOf, RequestRefused } from '../../db/requests.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { OFFICE_EDITORS, pageUser } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import { actorName, auditOffice } from '../audit.ts';
import type { WebDeps } from '../deps.ts';
import { bi, html, page, type Html } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { initialForm, isPresetKey, renderRequestForm, RequestFormBody, requestInputOf, type RequestForm } from './request-form.ts';

const PlanParams = z.object({ planId: z.string().max(100) });
/** A preset or objective the page does not know shows the empty form, never an error page. */
const NewQuery = z.object({ preset: z.string().max(40).optional().catch(undefined), objective: z.coerce.number().int().min(1).optional().catch(undefined) });

const TITLE = 'Yêu cầu báo cáo riêng';

export async function requestRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;

  const noSuchPlan = (reply: FastifyReply) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có kế hoạch này.', 'No such plan.')}</p>`, { user: pageUser(reply.request) }));
  /** The stored plan, or null when there is none (the caller answers 404). */
  const storedPlan = (planId: string) =>
    planOf(prisma, planId).catch((err: unknown) => {
      if (err instanceof RequestRefused) return null;
      throw err;
    });
  const formPage = (req: FastifyRequest, reply: FastifyReply, code: number, plan: Plan, f: RequestForm, errors: string[] = [], note?: Html) =>
    reply.code(code).type('text/html').send(page(TITLE, renderRequestForm(req, plan, f, errors, note), { user: pageUser(req) }));

  app.get(
    '/plans/:planId/requests/new',
    { config: { access: OFFICE_EDITORS, planScope: PLAN_IN_ADDRESS }, schema: { params: PlanParams, querystring: NewQuery }, ...onInvalidInput((_req, reply) => noSuchPlan(reply)) },
    async (req, reply) => {
      const plan = await storedPlan(req.params.planId);
      if (!plan) return noSuchPlan(reply);
      const preset = isPresetKey(req.query.preset) ? req.query.preset : undefined;
      return formPage(req, reply, 200, plan, initialForm(plan, deps.clock(), preset, req.query.objective));
    },
  );

  const badForm = onInvalidInput(async (req, reply, part) => {
    const plan = part === 'params' ? null : await storedPlan((req.params as { planId: string }).planId);
    if (!plan) return noSuchPlan(reply);
    const empty = initialForm(plan, deps.clock(), undefined, undefined);
    return formPage(req, reply, 400, plan, empty, ['Biểu mẫu không hợp lệ / the form is not valid']);
  });
  app.post('/plans/:planId/requests', { config: { access: OFFICE_EDITORS, planScope: PLAN_IN_ADDRESS }, schema: { params: PlanParams, body: RequestFormBody }, ...badForm }, async (req, reply) => {
    const plan = await storedPlan(req.params.planId);
    if (!plan) return noSuchPlan(reply);
    const form = req.body;
    const parsed = requestInputOf(form);
    if (!parsed.ok) return formPage(req, reply, 400, plan, form, parsed.errors);
    // Without the engine nothing could send it: refuse before storing anything.
    if (!deps.office) return formPage(req, reply, 503, plan, form, ['Chưa kết nối Temporal / the engine is not connected']);
    const now = deps.clock();
    let created;
    try {
      created = await createRequest(prisma, plan, parsed.input, actorName(req), now);
    } catch (err) {
      if (err instanceof RequestRefused) return formPage(req, reply, err.kind === 'duplicate' ? 409 : 400, plan, form, err.errors);
      throw err;
    }
    const { stored } = created;
    await auditOffice(prisma, req, 'request_create', stored.cycleId, { created: created.created, units: stored.obligationIds.length, preset: parsed.input.preset, selection: parsed.input.units });
    try {
      await deps.office.openCycles([stored], now);
    } catch {
      const note = html`<p>${bi(
        'Đã lưu yêu cầu nhưng chưa kết nối được Temporal để gửi cho các đơn vị; hãy gửi lại biểu mẫu này khi Temporal hoạt động (yêu cầu không bị tạo hai lần).',
        'The request is stored, but Temporal could not be reached to send it; post this form again when Temporal is up (the request is not created twice).',
      )}</p>`;
      return formPage(req, reply, 503, plan, form, [], note);
    }
    return reply.code(303).header('location', `/cycles/${stored.planId}/${stored.cycleKey}`).send();
  });
}
