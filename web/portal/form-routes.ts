// The cycle's report forms (mẫu báo cáo kèm theo Kế hoạch) downloaded from a unit's personal link:
// only a form of the cycle the link's obligation belongs to; anything else (another cycle's form, an
// unknown checksum, a bad link) gets the same 404 as a bad link. Always an attachment, with the type
// read from the content when the form was loaded, and nosniff, so a browser never renders it
// (web/uploads/send-file.ts, the same sender as a unit's report files).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { onInvalidInput } from '../invalid-input.ts';
import { invalidLink } from './invalid-link.ts';
import { LinkParams } from './link-input.ts';
import { loadForToken } from './load.ts';
import { formsDir } from '../uploads/form-files.ts';
import { sendStoredFile } from '../uploads/send-file.ts';
import type { WebDeps } from '../deps.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';

const FormParams = LinkParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export async function reportFormRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const badLink = onInvalidInput((_req, reply) => invalidLink(reply));

  app.get('/r/:token/forms/:sha256', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) }, schema: { params: FormParams }, ...badLink }, async (req, reply) => {
    const { token, sha256 } = req.params;
    const o = await loadForToken(deps.prisma, token, deps.clock());
    const form = o?.cycle.forms.find((f) => f.sha256 === sha256);
    if (!form) return invalidLink(reply);
    const sent = await sendStoredFile(reply, formsDir(deps.uploadsDir), { fileSha256: form.sha256, fileName: form.fileName, fileType: form.mediaType });
    return sent ?? invalidLink(reply);
  });
}
