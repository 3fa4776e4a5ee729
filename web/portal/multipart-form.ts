// Reads the unit's multipart report form (fields and at most one file) without ever holding the
// file in memory: the file streams into a temporary file in the uploads dir (web/uploads/store.ts).
// The CSRF token must be the first field and is checked before anything is written. Any outcome
// other than `ok` has already removed what it wrote: nothing of a refused upload stays on disk.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { checkCsrf, CSRF_FIELD } from '../auth/csrf.ts';
import { discardTemp, receiveToTemp, type ReceivedFile } from '../uploads/store.ts';

export const FILE_FIELD = 'reportFile';
/** Room for the form's text fields besides the file (a 20,000-character comment is up to 80 KB). */
export const FORM_OVERHEAD_BYTES = 256 * 1024;

export type MultipartProblem = 'csrf' | 'too-large' | 'too-many-files' | 'malformed';

export type MultipartForm =
  | { ok: true; fields: Record<string, string>; file?: { received: ReceivedFile; originalName: string } }
  | { ok: false; problem: MultipartProblem };

const LIMIT_CODES: Record<string, MultipartProblem> = {
  FST_REQ_FILE_TOO_LARGE: 'too-large',
  FST_FILES_LIMIT: 'too-many-files',
  FST_PARTS_LIMIT: 'malformed',
  FST_FIELDS_LIMIT: 'malformed',
  FST_PROTO_VIOLATION: 'malformed',
  FST_INVALID_JSON_FIELD_ERROR: 'malformed',
  FST_MP_PREMATURE_CLOSE: 'malformed', // the browser went away mid-upload
};

export async function readMultipartForm(req: FastifyRequest, reply: FastifyReply, opts: { uploadsDir: string; maxBytes: number }): Promise<MultipartForm> {
  // A declared body far beyond the limit is refused before reading it.
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > opts.maxBytes + FORM_OVERHEAD_BYTES) return { ok: false, problem: 'too-large' };

  const parts = req.parts({ limits: { fileSize: opts.maxBytes, files: 1, fields: 100, parts: 110, fieldSize: 100_000 } })[Symbol.asyncIterator]();
  const fields: Record<string, string> = {};
  let file: { received: ReceivedFile; originalName: string } | undefined;
  const refuse = async (problem: MultipartProblem): Promise<MultipartForm> => {
    if (file) await discardTemp(file.received.tempPath);
    await drain(parts); // read the rest, so the browser gets the answer instead of a reset connection
    return { ok: false, problem };
  };
  try {
    for (let first = true; ; first = false) {
      const next = await parts.next();
      if (next.done) break;
      const part: Multipart = next.value;
      if (first && (part.type !== 'field' || part.fieldname !== CSRF_FIELD || !checkCsrf(req, reply, part.value))) {
        if (part.type === 'file') part.file.resume();
        return await refuse('csrf');
      }
      if (part.type === 'field') {
        if (part.valueTruncated || part.fieldnameTruncated) return await refuse('malformed');
        if (typeof part.value === 'string') fields[part.fieldname] ??= part.value;
        continue;
      }
      // A form whose file input was left empty still sends a file part, with no name and no bytes.
      if (part.fieldname !== FILE_FIELD || !part.filename) {
        await consume(part.file);
        continue;
      }
      file = { received: await receiveToTemp(opts.uploadsDir, part.file), originalName: part.filename };
      if (part.file.truncated) return await refuse('too-large');
    }
  } catch (err) {
    if (file) await discardTemp(file.received.tempPath);
    const code = (err as { code?: string }).code;
    if (code && LIMIT_CODES[code]) return { ok: false, problem: LIMIT_CODES[code] };
    // busboy's parse errors ("Unexpected end of form", "Malformed part header"): a broken request.
    if (err instanceof Error && !(err as { code?: string }).code) return { ok: false, problem: 'malformed' };
    throw err;
  }
  return { ok: true, fields, file };
}

async function consume(stream: AsyncIterable<unknown>) {
  for await (const _ of stream); // discard
}

async function drain(parts: AsyncIterator<Multipart>) {
  try {
    for (;;) {
      const next = await parts.next();
      if (next.done) return;
      if (next.value.type === 'file') await consume(next.value.file);
    }
  } catch {
    // the request is refused anyway
  }
}
