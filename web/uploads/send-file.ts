// Sends a unit's stored report file, for the unit's own link (web/portal/receipt-file-routes.ts) and
// the office's pages (web/office/submission-file-routes.ts) alike: the type found by reading the file
// when it was received (never the sender's), nosniff, never cached, and a download under its original
// name. Only a PDF may be shown in the browser's own viewer, and only when the caller asks (`inline`).
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../exports/disposition.ts';
import { blobPath } from './store.ts';

export interface StoredFile {
  fileSha256: string;
  fileName: string | null;
  fileType: string | null;
}

const VIEWABLE = 'application/pdf';

/** Null when `sha256` is not a blob address at all (the caller answers its 404). */
export async function sendStoredFile(reply: FastifyReply, uploadsDir: string, file: StoredFile, opts: { inline?: boolean } = {}) {
  const at = blobPath(uploadsDir, file.fileSha256);
  if (!at) return null;
  // A stored submission's blob is missing: a 500 and a log line, not a silent 404.
  await fs.access(at).catch((err: unknown) => {
    throw new Error(`a submission's file is missing from the uploads dir: ${file.fileSha256}`, { cause: err });
  });
  const type = file.fileType ?? 'application/octet-stream';
  const inline = opts.inline === true && type === VIEWABLE;
  return reply
    .type(type)
    .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.fileName ?? 'bao-cao'))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(createReadStream(at));
}
