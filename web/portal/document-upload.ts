// Receiving a document upload on a personal-link page: the one flow the unit's report (/r/:token,
// report-routes.ts) and a task's status (/t/:token, task-routes.ts) share. A multipart form is read
// with its file streamed to a temporary file (multipart-form.ts: CSRF first, size limits); a
// url-encoded one is taken as parsed (CSRF checked by the global hook). The route then decides with
// the file in hand: its type read from its bytes (sniff), the blob put in its content address only
// once the row that names it is about to be written (store), and removed again when that row is not
// written. The route's answer is sent only after the temporary file is gone, so a refused or cut-off
// upload has left nothing on disk by the time the browser (or a test) looks.
import fs from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PrismaClient } from '../../db/client.ts';
import { refuseCsrf } from '../auth/csrf.ts';
import type { Html } from '../html.ts';
import { sniffDocument, type DocumentType } from '../uploads/sniff.ts';
import { commitBlob, discardTemp, discardUnnamedBlob } from '../uploads/store.ts';
import { readMultipartForm } from './multipart-form.ts';
import { fileRefusalMessage, uploadProblemMessage } from './submission-form.ts';

export interface UploadedDocument {
  originalName: string;
  sha256: string;
  size: number;
  /** Its type, read from its bytes; a refusal comes with the page's 415 message. */
  sniff(): Promise<{ ok: true; type: DocumentType } | { ok: false; status: 415; message: Html }>;
  /**
   * Puts the blob in place, then writes the row naming it (`write`); when `write` throws, or its result
   * says no row was written (`kept`), the blob this upload put in place goes again unless a row names it.
   */
  store<R>(write: () => Promise<R>, kept?: (r: R) => boolean): Promise<R>;
}

export interface DocumentUpload {
  fields: Record<string, string>;
  file?: UploadedDocument;
}

export interface UploadDeps {
  prisma: PrismaClient;
  uploadsDir: string;
  uploadMaxBytes: number;
}

/**
 * Reads the form (`body` is a url-encoded form's fields, null for a multipart one), lets `decide` choose
 * the answer, cleans up, then answers. A form that cannot be read gets `refused` with its status and
 * message (a bad CSRF token, the usual 403).
 */
export async function receiveDocumentUpload(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: UploadDeps,
  body: Record<string, string> | null | undefined,
  refused: (status: number, message: Html) => FastifyReply,
  decide: (upload: DocumentUpload) => Promise<() => FastifyReply>,
): Promise<FastifyReply> {
  let fields: Record<string, string>;
  let received: { tempPath: string; sha256: string; size: number } | undefined;
  let originalName = '';
  if (req.isMultipart()) {
    const form = await readMultipartForm(req, reply, { uploadsDir: deps.uploadsDir, maxBytes: deps.uploadMaxBytes });
    if (!form.ok) {
      if (form.problem === 'csrf') return refuseCsrf(reply);
      const p = uploadProblemMessage(form.problem, deps.uploadMaxBytes);
      return refused(p.status, p.message);
    }
    fields = form.fields;
    if (form.file) ({ received, originalName } = form.file);
  } else {
    fields = body ?? {}; // url-encoded: CSRF checked by the global hook
  }
  let committed = false;
  const file: UploadedDocument | undefined = received && {
    originalName,
    sha256: received.sha256,
    size: received.size,
    async sniff() {
      // At most the configured size (20 MB by default): reading it whole to look inside is fine.
      const sniffed = await sniffDocument(await fs.readFile(received.tempPath));
      return sniffed.ok ? sniffed : { ok: false, status: 415, message: fileRefusalMessage(sniffed.reason) };
    },
    async store<R>(write: () => Promise<R>, kept: (r: R) => boolean = () => true): Promise<R> {
      // The blob before the row: a stored row never names a file that is not there.
      const { created } = await commitBlob(deps.uploadsDir, received);
      committed = true;
      // No row names the blob: remove it again (a file on disk is always some row's).
      const unnamed = async () => {
        if (created) await discardUnnamedBlob(deps.prisma, deps.uploadsDir, received.sha256);
      };
      const r = await write().catch(async (err: unknown) => {
        await unnamed();
        throw err;
      });
      if (!kept(r)) await unnamed();
      return r;
    },
  };
  let answer: () => FastifyReply;
  try {
    answer = await decide({ fields, ...(file ? { file } : {}) });
  } finally {
    if (received && !committed) await discardTemp(received.tempPath);
  }
  return answer();
}
