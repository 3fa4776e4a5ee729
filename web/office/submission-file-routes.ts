// A unit's report file for the office and the committee, any version, from the unit's page in a
// cycle: the file as the unit sent it (web/uploads/send-file.ts: the same answer as on the unit's own
// link), a download under its original name; with ?view=1 a PDF opens in the browser's viewer. The
// address names the cycle and the unit, and the submission must be that unit's in that cycle: a
// submission id of another unit or cycle gets the same 404 as an unknown one.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { obligationId } from '../../domain/ids.ts';
import { OFFICE_READERS, pageUser } from '../auth/access.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import type { WebDeps } from '../deps.ts';
import { bi, html, page } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { sendStoredFile } from '../uploads/send-file.ts';

const FileParams = z.object({ planId: z.string().max(100), cycleKey: z.string().max(100), unitCode: z.string().max(100), submissionId: z.string().max(100) });
/** ?view=1 asks for the browser's viewer; any other value is a plain download, never an error. */
const FileQuery = z.object({ view: z.literal('1').optional().catch(undefined) });

export async function officeFileRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { prisma } = deps;
  const notFound = (reply: FastifyReply) =>
    reply.code(404).type('text/html').send(page('Không tìm thấy', html`<p class="error">${bi('Không có tệp báo cáo này của đơn vị trong kỳ báo cáo.', 'This unit has no such report file in this cycle.')}</p>`, { user: pageUser(reply.request) }));

  app.get('/cycles/:planId/:cycleKey/units/:unitCode/submissions/:submissionId/file', { config: { access: OFFICE_READERS, planScope: PLAN_IN_ADDRESS }, schema: { params: FileParams, querystring: FileQuery }, ...onInvalidInput((_req, reply) => notFound(reply)) }, async (req, reply) => {
    const { planId, cycleKey, unitCode, submissionId } = req.params;
    const s = await prisma.submission.findUnique({ where: { id: submissionId }, select: { obligationId: true, fileSha256: true, fileName: true, fileType: true } });
    if (!s?.fileSha256 || s.obligationId !== obligationId(planId, cycleKey, unitCode)) return notFound(reply);
    return (await sendStoredFile(reply, deps.uploadsDir, { ...s, fileSha256: s.fileSha256 }, { inline: req.query.view === '1' })) ?? notFound(reply);
  });
}
