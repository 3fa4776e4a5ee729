// Uploaded report files on disk, stored by content: <uploadsDir>/ab/cdef… where abcdef… is the
// file's SHA-256. The path comes only from the hash, never from anything the sender chose; the same
// content sent twice is one file. An upload is streamed into a temporary file in the uploads dir
// (hashed and counted on the way, synced to disk), then renamed into place, so a stored blob is
// always complete, and a refused or cut-off upload leaves nothing behind (discardTemp); a blob put
// in place for a row that was then not written is removed again (removeBlob).
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../db/client.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = '.incoming-';

export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
}

/** Where a blob lives; null for anything that is not a SHA-256 (a forged URL, say). */
export function blobPath(uploadsDir: string, sha256: string): string | null {
  if (!SHA256.test(sha256)) return null;
  return path.join(uploadsDir, sha256.slice(0, 2), sha256.slice(2));
}

/** Streams `source` into a new temporary file; the caller commits or discards it. */
export async function receiveToTemp(uploadsDir: string, source: AsyncIterable<Buffer>): Promise<ReceivedFile> {
  await fs.mkdir(uploadsDir, { recursive: true });
  const tempPath = path.join(uploadsDir, `${TEMP_PREFIX}${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const fh = await fs.open(tempPath, 'wx', 0o600);
  try {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
      await fh.write(chunk);
    }
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await discardTemp(tempPath);
    throw err;
  }
  await fh.close();
  return { tempPath, sha256: hash.digest('hex'), size };
}

/**
 * Moves a received file to its content address (or drops it when that content is already stored).
 * `created`: this call put the blob in place, so it is this upload's to remove (removeBlob) when
 * the row that would name it is not written.
 */
export async function commitBlob(uploadsDir: string, file: ReceivedFile): Promise<{ path: string; created: boolean }> {
  const target = blobPath(uploadsDir, file.sha256)!;
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.access(target);
    await discardTemp(file.tempPath); // same content already stored
    return { path: target, created: false };
  } catch {
    await fs.rename(file.tempPath, target); // atomic on one filesystem; a racing twin writes the same bytes
    return { path: target, created: true };
  }
}

/**
 * Removes a stored blob; the caller checks that no row names it. Its two-letter folder stays: removing
 * it could race with a commitBlob that has just made it and is about to rename into it.
 */
export async function removeBlob(uploadsDir: string, sha256: string): Promise<void> {
  const target = blobPath(uploadsDir, sha256);
  if (target) await fs.rm(target, { force: true });
}

export async function discardTemp(tempPath: string): Promise<void> {
  await fs.rm(tempPath, { force: true });
}

/**
 * After a row that would have named `sha256` was not written: removes the blob this upload put in
 * place unless a submission or a task report names it (the same content stored by another post). A file on disk is
 * always some row's.
 */
export async function discardUnnamedBlob(prisma: PrismaClient, uploadsDir: string, sha256: string): Promise<void> {
  // A task's status report (db/tasks.ts) names blobs of the same store.
  const named = (await prisma.submission.count({ where: { fileSha256: sha256 } })) + (await prisma.taskReport.count({ where: { fileSha256: sha256 } }));
  if (named === 0) await removeBlob(uploadsDir, sha256);
}


/** An upload whose temporary file has not been written to for this long was cut off (its process died). */
export const ABANDONED_UPLOAD_MS = 60 * 60_000;

/**
 * Removes the temporary files of uploads cut off by a process that died in the middle (SIGKILL, power
 * loss: no `discardTemp` ran). A live upload writes its file continuously, so only files untouched
 * for ABANDONED_UPLOAD_MS go, whichever web process sharing the folder left them. Returns their number.
 */
export async function removeAbandonedUploads(uploadsDir: string, now = Date.now()): Promise<number> {
  const names = await fs.readdir(uploadsDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith(TEMP_PREFIX))) {
    const file = path.join(uploadsDir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && now - stat.mtimeMs > ABANDONED_UPLOAD_MS) {
      await fs.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
