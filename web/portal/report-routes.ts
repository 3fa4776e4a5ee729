// The unit's personal link: /r/:token shows the cycle, the deadline and the forms (web/portal/page.ts);
// POST stores a report (text, or a file with figures, multipart) or a "nothing to report", then
// redirects to its receipt. A bad form stores nothing and comes back with its message and values; so
// does a form id already used for something else (db/submissions.ts), with a 409 and no file kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { onInvalidInput } from '../invalid-input.ts';
import { invalidLink } from './invalid-link.ts';
import { LinkParams, PostedFields, unitInvalidInput } from './link-input.ts';
import { loadForToken, type LoadedObligation } from './load.ts';
import { receiveDocumentUpload, type DocumentUpload } from './document-upload.ts';
import { renderReportPage, type FormState } from './page.ts';
import { bi, html, type Html } from '../html.ts';
import { formValues, INVALID_FORM, validateSubmission } from './submission-form.ts';
import { CycleClosedError, earlierSubmission, recordSubmission, SubmissionIdConflict, type SubmissionFile, type SubmissionInput } from '../../db/submissions.ts';
import { deliverOne } from '../../temporal/submission-delivery.ts';
import { displayFileName } from '../uploads/file-name.ts';
import type { WebDeps } from '../deps.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';
import { auditUnit } from '../audit.ts';

export async function reportRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;

  const load = (token: string) => loadForToken(prisma, token, deps.clock());
  const show = (req: FastifyRequest, reply: FastifyReply, token: string, o: LoadedObligation, status = 200, state?: FormState) =>
    reply.code(status).type('text/html').send(renderReportPage({ req, token, o, now: deps.clock(), maxBytes: deps.uploadMaxBytes }, state));

  app.get('/r/:token', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) }, schema: { params: LinkParams }, ...onInvalidInput((_req, reply) => invalidLink(reply)) }, async (req, reply) => {
    const { token } = req.params;
    const o = await load(token);
    if (!o) return invalidLink(reply);
    return show(req, reply, token, o);
  });

  // The body: a url-encoded form, or null for a multipart one (read by receiveDocumentUpload, field by field).
  const badForm = unitInvalidInput(load, (req, reply, token, o) => show(req, reply, token, o, 400, { form: 'report', message: INVALID_FORM }));
  app.post('/r/:token', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps), csrfInRoute: true }, schema: { params: LinkParams, body: PostedFields.nullable() }, ...onInvalidInput(badForm) }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token);
    if (!loaded) return invalidLink(reply);
    const o: LoadedObligation = loaded; // named so, it stays non-null inside decide() below
    const refused = (status: number, message: Html) => show(req, reply, token, o, status, { form: 'report', message });
    return receiveDocumentUpload(req, reply, deps, req.body, refused, decide);

    async function decide({ fields, file }: DocumentUpload): Promise<() => FastifyReply> {
      if (o.cycle.status === 'closed') return () => show(req, reply, token, o, 409);
      const valid = validateSubmission(o, fields, file !== undefined);
      if (!valid.ok) return () => show(req, reply, token, o, valid.status, valid.state);
      let stored: SubmissionFile | undefined;
      if (file) {
        const sniffed = await file.sniff();
        if (!sniffed.ok) return () => show(req, reply, token, o, sniffed.status, { form: 'report', message: sniffed.message, values: formValues(fields) });
        const { sha256, size } = file;
        stored = { sha256, size, name: displayFileName(file.originalName, sniffed.type), contentType: sniffed.type.contentType };
      }
      const input: SubmissionInput = { ...valid.value, file: stored, obligationId: o.id, channel: 'web', receivedAt: deps.clock() };
      try {
        // A form sent again: asked before the file is put in place, so a refusal never leaves one.
        const earlier = await earlierSubmission(prisma, input);
        if (earlier) {
          if (!earlier.deliveredAt) await deliverOne(prisma, deps.deliver, earlier);
          return () => reply.redirect(`/r/${token}/receipt/${earlier.id}`, 303);
        }
        const write = () => recordSubmission(prisma, input);
        const { submission, duplicate } = file && stored ? await file.store(write) : await write();
        if (!duplicate) await auditUnit(prisma, req, o.id, submission.kind === 'nothing' ? 'nothing_to_report' : 'submission', { submissionId: submission.id, file: stored?.sha256 });
        if (!submission.deliveredAt) await deliverOne(prisma, deps.deliver, submission);
        return () => reply.redirect(`/r/${token}/receipt/${submission.id}`, 303);
      } catch (err) {
        if (err instanceof CycleClosedError) return () => show(req, reply, token, { ...o, cycle: { ...o.cycle, status: 'closed' } }, 409);
        if (err instanceof SubmissionIdConflict) return () => show(req, reply, token, o, 409, conflictState(err, token, fields, file !== undefined));
        throw err;
      }
    }
  });
}

/** The page's message for a form id already used; the values entered come back in a fresh form. */
function conflictState(err: SubmissionIdConflict, token: string, fields: Record<string, string>, hadFile: boolean): FormState {
  const receipt = err.earlier ? html` <a href="/r/${token}/receipt/${err.earlier.id}">${bi('Biên nhận lần gửi trước', 'Receipt of the earlier sending')}</a>` : '';
  const reattach = hadFile ? html` ${bi('Tệp đã chọn chưa được lưu: vui lòng chọn lại tệp.', 'The chosen file was not stored: please choose it again.')}` : '';
  return { form: fields.kind === 'nothing' ? 'nothing' : 'report', message: html`${bi(err.notice.vi, err.notice.en)}${reattach}${receipt}`, values: formValues(fields) };
}
