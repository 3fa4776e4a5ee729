// Importing a plan file from the web: the same validation and messages as `dondoc plan check` (every
// error with its path and line), then the same storing and opening as `dondoc plan load`. The upload
// is the YAML text only (2 MB at most), read in memory and never written to disk as a file. So it
// cannot bring report forms (cycles[].forms): a plan naming a form file is imported only when that
// file is already stored for the plan (loaded once with `dondoc plan load`, which reads the files
// beside the plan file); otherwise it is refused, each missing form at its line, saying so. What a
// valid plan should still be looked at for (domain/unit-warnings.ts) is shown, located, in a warning
// box on the result page, as `plan check` and `plan load` print it: the plan is imported all the same.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CycleDatesChangedError, PlanIdTakenError, savePlan } from '../../db/plans.ts';
import { storedPlanForms } from '../../db/report-forms.ts';
import { formatPlanError, parsePlan, planErrorLocator, type PlanError } from '../../domain/plan-file.ts';
import { districtWarnings } from '../../domain/unit-warnings.ts';
import type { WebDeps } from '../deps.ts';
import { checkCsrf, CSRF_FIELD, csrfField, refuseCsrf } from '../auth/csrf.ts';
import { bi, html, page, type Html } from '../html.ts';
import { OFFICE_EDITORS } from '../auth/access.ts';
import { auditOffice } from '../audit.ts';

const MAX_BYTES = 2 * 1024 * 1024;

/** The plan's warnings, each at its path and line; nothing when there are none. */
function warningBox(plan: Parameters<typeof districtWarnings>[0], text: string): Html | string {
  const warnings = districtWarnings(plan);
  if (warnings.length === 0) return '';
  const at = planErrorLocator(text);
  return html`<div class="warning" role="note" id="plan-warnings"><p><b>${bi(`Kế hoạch đã được nạp, nhưng có ${warnings.length} cảnh báo cần xem lại:`, `The plan is imported, but ${warnings.length} warning(s) should be looked at:`)}</b></p><ul>${warnings.map((w) => html`<li>${formatPlanError(at(w.path, w.message))}</li>`)}</ul></div>`;
}

function form(req: FastifyRequest, message?: Html, errors: PlanError[] = []): string {
  return page(
    'Nạp kế hoạch',
    html`<h1>${bi('Nạp tệp kế hoạch', 'Import a plan file')}</h1>
${message ?? ''}
${errors.length
  ? html`<div class="error" role="alert"><p><b>${bi(`Tệp có ${errors.length} lỗi; chưa có gì được lưu.`, `The file has ${errors.length} error(s); nothing was stored.`)}</b></p><ul class="plan-errors">${errors.map((e) => html`<li>${formatPlanError(e)}</li>`)}</ul></div>`
  : ''}
<form method="post" enctype="multipart/form-data" class="card">${csrfField(req)}
<p><label>${bi('Tệp kế hoạch (YAML, theo plans/FORMAT.md)', 'Plan file (YAML, see plans/FORMAT.md)')} <input type="file" name="plan" accept=".yaml,.yml,text/yaml" required></label></p>
<p><button type="submit">${bi('Kiểm tra và nạp', 'Check and import')}</button></p></form>`,
  );
}

async function readForm(req: FastifyRequest, reply: FastifyReply): Promise<{ csrf?: string; text?: string; tooBig?: boolean }> {
  const out: { csrf?: string; text?: string; tooBig?: boolean } = {};
  for await (const part of req.parts({ limits: { fileSize: MAX_BYTES, files: 1, fields: 5 } })) {
    if (part.type === 'field' && part.fieldname === CSRF_FIELD) out.csrf = String(part.value);
    else if (part.type === 'file' && part.fieldname === 'plan') {
      if (!checkCsrfValue(req, reply, out.csrf)) {
        part.file.resume(); // do not read a file from a form we will refuse
        continue;
      }
      const buf = await part.toBuffer().catch(() => undefined);
      if (!buf || part.file.truncated) out.tooBig = true;
      else out.text = buf.toString('utf8');
    } else if (part.type === 'file') part.file.resume();
  }
  return out;
}
const checkCsrfValue = (req: FastifyRequest, reply: FastifyReply, v: string | undefined) => v !== undefined && checkCsrf(req, reply, v);

export async function planImportRoutes(app: FastifyInstance, deps: WebDeps) {
  app.get('/plans/import', { config: { access: OFFICE_EDITORS, planScope: 'none' } }, async (req, reply) => reply.type('text/html').send(form(req)));

  // Multipart: the form's _csrf field is checked here, before the file is read (web/auth/csrf.ts).
  app.post('/plans/import', { config: { access: OFFICE_EDITORS, planScope: 'none', csrfInRoute: true } }, async (req, reply: FastifyReply) => {
    if (!req.isMultipart()) return reply.code(415).type('text/html').send(form(req, html`<div class="error">${bi('Vui lòng chọn tệp kế hoạch.', 'Please choose a plan file.')}</div>`));
    let f;
    try {
      f = await readForm(req, reply);
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') f = { tooBig: true, csrf: '' };
      else return reply.code(400).type('text/html').send(form(req, html`<div class="error">${bi('Không đọc được biểu mẫu.', 'The form could not be read.')}</div>`));
    }
    if (f.tooBig) return reply.code(413).type('text/html').send(form(req, html`<div class="error">${bi('Tệp quá lớn (tối đa 2 MB).', 'The file is too large (2 MB at most).')}</div>`));
    if (!checkCsrfValue(req, reply, f.csrf)) return refuseCsrf(reply);
    if (!f.text?.trim()) return reply.code(400).type('text/html').send(form(req, html`<div class="error">${bi('Tệp rỗng.', 'The file is empty.')}</div>`));
    const parsed = parsePlan(f.text);
    if (!parsed.ok) return reply.code(400).type('text/html').send(form(req, undefined, parsed.errors));
    const forms = await storedPlanForms(deps.prisma, parsed.plan);
    if (forms.missing.length > 0) {
      const at = planErrorLocator(f.text);
      const errors = forms.missing.map((m) => at(['cycles', m.cycleIndex, 'forms', m.formIndex, 'file'], `tệp mẫu ${m.file} chưa có trên máy chủ / form file ${m.file} is not stored on the server`));
      return reply.code(400).type('text/html').send(form(req, html`<div class="error" role="alert" id="forms-need-cli">${bi('Kế hoạch có mẫu báo cáo chưa được lưu: trang này chỉ nhận tệp YAML, không nhận tệp mẫu. Hãy nạp kế hoạch bằng lệnh "dondoc plan load TỆP" trên máy chủ, với các tệp mẫu đặt cạnh tệp kế hoạch như đường dẫn trong forms[].file; sau đó có thể nạp lại tệp YAML tại đây.', 'The plan names report forms that are not stored: this page takes the YAML file only, not the form files. Load the plan with "dondoc plan load FILE" on the server, with the form files beside the plan file as forms[].file says; the YAML can then be re-imported here.')}</div>`, errors));
    }
    let cycles;
    try {
      // The importer is given the plan it imports (an admin sees every plan already), and a plan of
      // that id it does not have is someone else's: refused, never overwritten (db/plans.ts).
      const user = req.user!;
      const importer = user.role === 'admin' ? undefined : { userId: user.id, now: deps.clock() };
      cycles = await savePlan(deps.prisma, parsed.plan, f.text, undefined, { forms: forms.forms, importer });
      await auditOffice(deps.prisma, req, 'plan_import', parsed.plan.id, { units: parsed.plan.units.length, cycles: cycles.map((c) => c.cycleId) });
    } catch (err) {
      if (err instanceof PlanIdTakenError) {
        // The one place where an id in use shows: ids are unique, so the import cannot go ahead either way.
        return reply.code(409).type('text/html').send(form(req, html`<div class="error" role="alert">${bi(`Mã kế hoạch "${parsed.plan.id}" đã được dùng cho một kế hoạch khác; chưa có gì được lưu. Vui lòng đổi mã (id) trong tệp, hoặc nhờ quản trị viên giao kế hoạch này cho tài khoản của bạn.`, `The plan id "${parsed.plan.id}" is already used by another plan; nothing was stored. Change the id in the file, or ask the administrator to give you that plan.`)}</div>`));
      }
      if (err instanceof CycleDatesChangedError) return reply.code(409).type('text/html').send(form(req, html`<div class="error" role="alert">${err.message}</div>`));
      throw err;
    }
    let opened: Html;
    try {
      if (!deps.office) throw new Error('no engine');
      const r = await deps.office.openCycles(cycles, deps.clock());
      await deps.office.followTasks?.(parsed.plan.id); // absent from the tests' stand-in engines
      opened = bi(`Mở ngay: ${r.started.length} kỳ; lên lịch mở: ${r.scheduled.length} kỳ.`, `Opened now: ${r.started.length}; scheduled to open: ${r.scheduled.length}.`);
    } catch {
      opened = html`<b class="bad">${bi('Đã lưu kế hoạch nhưng chưa kết nối được Temporal để mở các kỳ báo cáo; hãy nạp lại tệp khi Temporal hoạt động (nạp lại không thay đổi gì đã có).', 'The plan is stored, but Temporal could not be reached to open its cycles; import the file again when Temporal is up (a re-import changes nothing already there).')}</b>`;
    }
    return reply.type('text/html').send(
      page(
        'Đã nạp kế hoạch',
        html`<h1>${parsed.plan.title}</h1><div class="ok card" role="status"><p>${bi(`Đã nạp "${parsed.plan.id}": ${parsed.plan.units.length} đơn vị, ${cycles.length} kỳ báo cáo.`, `Imported "${parsed.plan.id}": ${parsed.plan.units.length} units, ${cycles.length} cycles.`)}</p><p>${opened}</p></div>
${warningBox(parsed.plan, f.text)}
<ul>${cycles.map((c) => html`<li><a href="/cycles/${c.planId}/${c.cycleKey}">${c.cycleId}</a> (${c.obligationIds.length})</li>`)}</ul>`,
      ),
    );
  });
}
