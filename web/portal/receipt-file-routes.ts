// What a unit can open from its own link: the receipt of each of its submissions, and the files it
// sent. Anything of another obligation gets the same 404 as a bad link. A file is always a download
// (attachment) with the type found by reading it, and nosniff, so a browser never renders it as a page.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { onInvalidInput } from '../invalid-input.ts';
import { invalidLink } from './invalid-link.ts';
import { LinkParams } from './link-input.ts';
import { loadForToken } from './load.ts';
import { renderReceiptPage } from './receipt-page.ts';
import { attachmentHeader } from '../uploads/file-name.ts';
import { blobPath } from '../uploads/store.ts';
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
    const file = s ? blobPath(deps.uploadsDir, s.fileSha256!) : null;
    if (!o || !s || !file) return invalidLink(reply);
    await fs.access(file); // a stored submission's blob is missing: a 500 and a log line, not a silent 404
    return reply
      .type(s.fileType ?? 'application/octet-stream')
      .header('content-disposition', attachmentHeader(s.fileName ?? 'bao-cao'))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(file));
  });
}
