// A task's personal link, /t/:token: the lead unit's page for one task (web/portal/task-page.ts) and
// its status report (POST). The link opens that task only: a form naming another task, whether of the
// same unit or of another, is refused (403) with a message saying which task the link is for, and
// nothing is stored. A double-click (the same reportId) stores one report. CSRF is checked by the
// root hook (web/auth/csrf.ts) for a url-encoded form, by readMultipartForm for one with a file; the
// requests are rate-limited like the reporting links. An optional file goes exactly the way of a
// report's (web/portal/document-upload.ts, shared with report-routes.ts): streamed to a temporary file,
// its type read from its bytes, put in the content-addressed store only once the status is known to be
// stored, so a refused or cut off upload leaves nothing. The unit downloads the files it sent from its
// link (/t/:token/reports/:reportId/file), its own task's only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../db/audit.ts';
import { recordTaskReport } from '../../db/tasks.ts';
import { TASK_STATUSES } from '../../domain/task-board.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';
import type { WebDeps } from '../deps.ts';
import { bi, html, type Html } from '../html.ts';
import { onInvalidInput, type InputPart } from '../invalid-input.ts';
import { sendTaskFile } from '../uploads/task-file.ts';
import { invalidLink } from './invalid-link.ts';
import { LinkParams, PostedFields } from './link-input.ts';
import { receiveDocumentUpload, type DocumentUpload } from './document-upload.ts';
import { loadTaskForToken, renderTaskPage, type LoadedTask } from './task-page.ts';

const Fields = z.object({
  reportId: z.uuid(),
  task: z.string().max(300),
  status: z.enum(TASK_STATUSES, { message: 'status' }),
  note: z.string().trim().max(2000, { message: 'note' }).optional(),
});

const FileParams = LinkParams.extend({ reportId: z.string().max(100) });

const INVALID = bi('Biểu mẫu không hợp lệ; vui lòng tải lại trang.', 'The form is not valid; please reload the page.');

export async function taskPortalRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const load = (token: string) => loadTaskForToken(deps.prisma, token, deps.clock());
  const show = (req: FastifyRequest, reply: FastifyReply, t: LoadedTask, status = 200, message?: Html, values?: Record<string, string>) =>
    reply.code(status).type('text/html').send(renderTaskPage(req, (req.params as z.infer<typeof LinkParams>).token, t, message ? { message, ...(values ? { values } : {}) } : undefined));
  const options = { config: { access: 'unit-token' as const, rateLimit: unitPageRateLimit(deps) } };

  app.get('/t/:token', { ...options, schema: { params: LinkParams }, ...onInvalidInput((_req, reply) => invalidLink(reply)) }, async (req, reply) => {
    const t = await load(req.params.token);
    return t ? show(req, reply, t) : invalidLink(reply);
  });

  // The files the unit sent with its statuses, from its own link only: a report of another task, an
  // unknown one, one without a file and a bad link all get the same invalid-link page.
  app.get('/t/:token/reports/:reportId/file', { ...options, schema: { params: FileParams }, ...onInvalidInput((_req, reply) => invalidLink(reply)) }, async (req, reply) => {
    const t = await load(req.params.token);
    const r = t?.reports.find((x) => x.id === req.params.reportId);
    if (!t || !r?.fileSha256) return invalidLink(reply);
    return (await sendTaskFile(reply, deps.uploadsDir, { fileSha256: r.fileSha256, at: r.at, ref: t.ref })) ?? invalidLink(reply);
  });

  // A bad link gets the invalid-link page; a bad form on a good link, the task's page with its message.
  const badForm = async (req: FastifyRequest, reply: FastifyReply, part: InputPart) => {
    if (part === 'params') return invalidLink(reply);
    const t = await load((req.params as z.infer<typeof LinkParams>).token);
    return t ? show(req, reply, t, 400, INVALID) : invalidLink(reply);
  };
  app.post('/t/:token', { ...options, config: { ...options.config, csrfInRoute: true as const }, schema: { params: LinkParams, body: PostedFields.nullable() }, ...onInvalidInput(badForm) }, async (req, reply) => {
    const loaded = await load(req.params.token);
    if (!loaded) return invalidLink(reply);
    const t: LoadedTask = loaded;
    return receiveDocumentUpload(req, reply, deps, req.body, (status, message) => show(req, reply, t, status, message), decide);

    async function decide({ fields, file }: DocumentUpload): Promise<() => FastifyReply> {
      const parsed = Fields.safeParse(fields);
      if (!parsed.success) {
        const which = parsed.error.issues[0]?.message;
        const message =
          which === 'status' ? bi('Vui lòng chọn tình hình thực hiện.', 'Please choose a status.') : which === 'note' ? bi('Ghi chú tối đa 2.000 ký tự.', 'The note is at most 2,000 characters.') : INVALID;
        return () => show(req, reply, t, 400, message, fields);
      }
      const v = parsed.data;
      if (v.task !== t.id) {
        // The link is this task's capability: a status for any other task is refused, whoever leads it.
        const other = await deps.prisma.task.findUnique({ where: { id: v.task }, select: { ref: true, leadUnitId: true, leadUnit: { select: { name: true } } } });
        const whose = other && other.leadUnitId !== t.leadUnitId ? other.leadUnit.name : undefined;
        const [vi, en] = whose
          ? [`nhiệm vụ ${other!.ref} do ${whose} chủ trì`, `task ${other!.ref}, led by ${whose}`]
          : other ? [`nhiệm vụ ${other.ref}`, `task ${other.ref}`] : ['một nhiệm vụ khác', 'another task'];
        return () => show(req, reply, t, 403, bi(
          `Đường link này chỉ dùng để báo cáo nhiệm vụ ${t.ref} của ${t.leadUnit.name}; không nhận báo cáo cho ${vi}. Chưa có gì được lưu.`,
          `This link only reports on task ${t.ref} of ${t.leadUnit.name}; it cannot report on ${en}. Nothing was stored.`,
        ), fields);
      }
      const done = () => reply.redirect(`/t/${req.params.token}`, 303);
      const usedId = bi('Mã biểu mẫu này đã được dùng; chưa có gì được lưu. Vui lòng gửi lại từ biểu mẫu dưới đây.', "This form's number was already used; nothing was stored. Please send again from the form below.");
      // A form sent again: asked before the file is put in place, so a refusal never leaves one.
      if (t.reports.some((r) => r.id === v.reportId)) return done;
      let sha256: string | undefined;
      if (file) {
        const sniffed = await file.sniff();
        if (!sniffed.ok) return () => show(req, reply, t, sniffed.status, sniffed.message, fields);
        sha256 = file.sha256;
      }
      if (await deps.prisma.taskReport.findUnique({ where: { id: v.reportId }, select: { id: true } })) return () => show(req, reply, t, 409, usedId, fields);
      const at = deps.clock();
      const input = { id: v.reportId, taskId: t.id, status: v.status, ...(v.note ? { note: v.note } : {}), ...(sha256 ? { fileSha256: sha256 } : {}), by: `unit:${t.leadUnit.code}`, at };
      const write = () => recordTaskReport(deps.prisma, input);
      // Not stored (the same form posted twice at once): the blob goes again unless a row names it.
      const stored = file && sha256 ? await file.store(write, (ok) => ok) : await write();
      if (!stored) {
        // The same form posted twice at once: the other post stored it.
        const twin = await deps.prisma.taskReport.findUnique({ where: { id: v.reportId }, select: { taskId: true } });
        return twin?.taskId === t.id ? done : () => show(req, reply, t, 409, usedId, fields);
      }
      await recordAudit(deps.prisma, { actor: `task:${t.id}`, action: 'task_status', target: t.id, detail: { status: v.status, ...(sha256 ? { file: sha256 } : {}) }, ip: req.ip });
      return done;
    }
  });
}
