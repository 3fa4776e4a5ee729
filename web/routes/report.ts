// The unit's personal link: /r/:token shows the cycle, the deadline and the forms (web/report/page.ts);
// POST stores a report (text, or a file with figures, multipart) or a "nothing to report", then
// redirects to its receipt. A bad form stores nothing and comes back with its message and values.
import fs from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { refuseCsrf } from '../auth/csrf.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { invalidLink } from '../report/invalid-link.ts';
import { LinkParams, PostedFields, unitInvalidInput } from '../report/link-input.ts';
import { loadForToken, type LoadedObligation } from '../report/load.ts';
import { readMultipartForm, type MultipartForm } from '../report/multipart-form.ts';
import { renderReportPage, type FormState } from '../report/page.ts';
import { fileRefusalMessage, formValues, INVALID_FORM, uploadProblemMessage, validateSubmission } from '../report/submission-form.ts';
import { CycleClosedError, deliverOne, recordSubmission, type SubmissionFile } from '../submissions.ts';
import { displayFileName } from '../uploads/file-name.ts';
import { sniffDocument } from '../uploads/sniff.ts';
import { commitBlob, discardTemp } from '../uploads/store.ts';
import type { WebDeps } from '../app.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';
import { auditUnit } from '../audit.ts';

type UploadedFile = Extract<MultipartForm, { ok: true }>['file'];

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

  // The body: a url-encoded form, or null for a multipart one (read below, field by field).
  const badForm = unitInvalidInput(load, (req, reply, token, o) => show(req, reply, token, o, 400, { form: 'report', message: INVALID_FORM }));
  app.post('/r/:token', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps), csrfInRoute: true }, schema: { params: LinkParams, body: PostedFields.nullable() }, ...onInvalidInput(badForm) }, async (req, reply) => {
    const { token } = req.params;
    const loaded = await load(token);
    if (!loaded) return invalidLink(reply);
    const o: LoadedObligation = loaded; // named so, it stays non-null inside decide() below
    let fields: Record<string, string>;
    let file: UploadedFile;
    if (req.isMultipart()) {
      const form = await readMultipartForm(req, reply, { uploadsDir: deps.uploadsDir, maxBytes: deps.uploadMaxBytes });
      if (!form.ok) {
        if (form.problem === 'csrf') return refuseCsrf(reply);
        const p = uploadProblemMessage(form.problem, deps.uploadMaxBytes);
        return show(req, reply, token, o, p.status, { form: 'report', message: p.message });
      }
      ({ fields, file } = form);
    } else {
      fields = req.body ?? {}; // url-encoded: CSRF checked by the global hook
    }
    // Decide first, answer after the temporary file is gone: once the answer is sent, the browser
    // (or a test) may look, and a refused upload must have left nothing behind by then.
    let committed = false;
    let answer: () => FastifyReply;
    try {
      answer = await decide();
    } finally {
      if (file && !committed) await discardTemp(file.received.tempPath);
    }
    return answer();

    async function decide(): Promise<() => FastifyReply> {
      if (o.cycle.status === 'closed') return () => show(req, reply, token, o, 409);
      const valid = validateSubmission(o, fields, file !== undefined);
      if (!valid.ok) return () => show(req, reply, token, o, valid.status, valid.state);
      let stored: SubmissionFile | undefined;
      if (file) {
        // At most the configured size (20 MB by default): reading it whole to look inside is fine.
        const sniffed = await sniffDocument(await fs.readFile(file.received.tempPath));
        if (!sniffed.ok) return () => show(req, reply, token, o, 415, { form: 'report', message: fileRefusalMessage(sniffed.reason), values: formValues(fields) });
        // The blob before the row: a stored submission never names a file that is not there.
        await commitBlob(deps.uploadsDir, file.received);
        committed = true;
        const { sha256, size } = file.received;
        stored = { sha256, size, name: displayFileName(file.originalName, sniffed.type), contentType: sniffed.type.contentType };
      }
      try {
        const { submission, duplicate } = await recordSubmission(prisma, { ...valid.value, file: stored, obligationId: o.id, channel: 'web', receivedAt: deps.clock() });
        if (!duplicate) await auditUnit(prisma, req, o.id, submission.kind === 'nothing' ? 'nothing_to_report' : 'submission', { submissionId: submission.id, file: stored?.sha256 });
        if (!submission.deliveredAt) await deliverOne(prisma, deps.deliver, submission);
        return () => reply.redirect(`/r/${token}/receipt/${submission.id}`, 303);
      } catch (err) {
        if (err instanceof CycleClosedError) return () => show(req, reply, token, { ...o, cycle: { ...o.cycle, status: 'closed' } }, 409);
        throw err;
      }
    }
  });
}
