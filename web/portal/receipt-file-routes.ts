// What a unit can open from its own link: the receipt of each of its submissions, and the files it
// sent. Anything of another obligation gets the same 404 as a bad link. A file is always a download
// (web/uploads/send-file.ts, the office's too), so a browser never renders it as a page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { onInvalidInput } from '../invalid-input.ts';
import { invalidLink } from './invalid-link.ts';
import { LinkParams } from './link-input.ts';
import { loadForToken } from './load.ts';
import { renderReceiptPage } from './receipt-page.ts';
import { sendStoredFile } from '../uploads/send-file.ts';
import type { WebDeps } from '../deps.ts';
import { unitPageRateLimit } from '../auth/rate-limits.ts';

const ReceiptParams = LinkParams.extend({ submissionId: z.string().max(100) });
const FileParams = LinkParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export async function reportFileRoutes(scope: FastifyInstance, deps: WebDeps) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  // A malformed address is a bad link like any other: the same 404 page.
  const badLink = onInvalidInput((_req, reply) => invalidLink(reply));

  app.get('/r/:token/receipt/:submissionId', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) }, schema: { params: ReceiptParams }, ...badLink }, async (req, reply) => {
    const { token, submissionId } = req.params;
    const o = await loadForToken(deps.prisma, token, deps.clock());
    const s = o?.submissions.find((x) => x.id === submissionId);
    if (!o || !s) return invalidLink(reply);
    return reply.type('text/html').send(renderReceiptPage(o, s, token));
  });

  app.get('/r/:token/files/:sha256', { config: { access: 'unit-token', rateLimit: unitPageRateLimit(deps) }, schema: { params: FileParams }, ...badLink }, async (req, reply) => {
    const { token, sha256 } = req.params;
    const o = await loadForToken(deps.prisma, token, deps.clock());
    const s = o?.submissions.find((x) => x.fileSha256 === sha256);
    if (!o || !s?.fileSha256) return invalidLink(reply);
    return (await sendStoredFile(reply, deps.uploadsDir, { ...s, fileSha256: s.fileSha256 })) ?? invalidLink(reply);
  });
}
