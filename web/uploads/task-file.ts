// The file a lead unit sent with a task's status (web/portal/task-routes.ts): its row keeps the
// content's SHA-256 only, no name and no type, so the type is read from the bytes again (as when the
// file was received; at most the upload limit) and the name is made from the task and the day. Sent
// from the office's task board (web/office/task-board-routes.ts) and from the unit's own task link
// (web/portal/task-file-routes.ts); put in the cycle's ZIP (web/exports/submissions-archive.ts).
import fs from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import { localDateAt } from '../../domain/calendar.ts';
import { sendStoredFile } from './send-file.ts';
import { sniffDocument, type DocumentType } from './sniff.ts';
import { blobPath } from './store.ts';

/** "nhiem-vu-II.6.1-15-07-2026.pdf": the task's ref and the day the status was sent. */
export function taskFileName(ref: string, at: Date, extension: string): string {
  const [y, m, d] = localDateAt(at).split('-');
  return `nhiem-vu-${ref.replace(/[^A-Za-z0-9.]+/g, '-')}-${d}-${m}-${y}.${extension}`;
}

/** The stored file's type by its content; undefined when it is not a document (never stored so) or not a blob address. */
export async function taskFileType(uploadsDir: string, sha256: string): Promise<DocumentType | undefined> {
  const at = blobPath(uploadsDir, sha256);
  if (!at) return undefined;
  const sniffed = await sniffDocument(await fs.readFile(at));
  return sniffed.ok ? sniffed.type : undefined;
}

/** Sends a task report's file as a download; null when its SHA-256 is no blob address (the caller's 404). */
export async function sendTaskFile(reply: FastifyReply, uploadsDir: string, r: { fileSha256: string; at: Date; ref: string }) {
  if (!blobPath(uploadsDir, r.fileSha256)) return null;
  const type = await taskFileType(uploadsDir, r.fileSha256);
  return sendStoredFile(reply, uploadsDir, { fileSha256: r.fileSha256, fileName: taskFileName(r.ref, r.at, type?.extension ?? 'bin'), fileType: type?.contentType ?? null });
}
