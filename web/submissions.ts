// Recording a report: the database first (a stored report is never lost), then the obligation's
// workflow is told. When Temporal is unreachable the submission stays marked undelivered and
// `redeliverPending` delivers it later; the workflow ignores a duplicate delivery.
// A submission's id is chosen by the form (a double-click posts the same one), so a post can name an
// id already used: the same answer again is that answer (its receipt); anything else, another
// unit's id or this unit's earlier form sent with changes, stores nothing and says so (a
// SubmissionIdConflict, a 409 for the routes).
import { createHash } from 'node:crypto';
import { isUniqueViolation, withBusyRetry, type PrismaClient } from '../db/client.ts';
import { PENDING_STATUSES } from '../domain/statuses.ts';
import { removeBlob } from './uploads/store.ts';
import { bi, type Html } from './html.ts';
import { submissionReceivedOf, type SubmissionKind, type SubmissionReceived } from '../workflows/messages.ts';

export interface SubmissionFile {
  sha256: string;
  /** Display text only (web/uploads/file-name.ts); the file is stored under its hash. */
  name: string;
  size: number;
  contentType: string;
}

export interface SubmissionInput {
  submissionId: string; // chosen when the form was rendered: a double-click posts the same id
  obligationId: string;
  comment: string;
  /** The report file, already stored by content (web/uploads/store.ts). */
  file?: SubmissionFile;
  /** The figures the cycle asks for, validated (domain/figure-values.ts). */
  figures?: Record<string, number | string>;
  channel: 'web' | 'paper';
  /** 'nothing': a confirmed "nothing to report" (the comment says why). Defaults to a report. */
  kind?: SubmissionKind;
  receivedAt: Date;
}

export class CycleClosedError extends Error {
  constructor() {
    super('the cycle is closed');
  }
}

/** The posted id is already another submission's: nothing was stored. `notice` is the bilingual text to show. */
export class SubmissionIdConflict extends Error {
  constructor(
    readonly notice: Html,
    /** This obligation's earlier submission under that id (its receipt); absent for another unit's. */
    readonly earlier?: { id: string },
  ) {
    super(earlier ? 'submission id already used with other content' : 'submission id belongs to another obligation');
  }
}

function conflictOf(existing: { id: string; obligationId: string }, obligationId: string): SubmissionIdConflict {
  if (existing.obligationId !== obligationId) {
    // Nothing about the other submission is told: the id alone is what was forged or reused.
    return new SubmissionIdConflict(
      bi('Mã biểu mẫu này đã được dùng cho một lần nộp khác. Chưa có gì được lưu; vui lòng tải lại trang và nộp lại.', 'This form\'s number was already used by another submission. Nothing was stored; please reload the page and submit again.'),
    );
  }
  return new SubmissionIdConflict(
    bi('Biểu mẫu này đã được gửi trước đó với nội dung khác. Chưa có gì được lưu lần này; vui lòng nộp lại từ biểu mẫu mới để lưu thành phiên bản mới.', 'This form was already sent earlier with other content. Nothing was stored this time; please submit again from a fresh form to store a new version.'),
    { id: existing.id },
  );
}

type StoredFields = { obligationId: string; kind: string; comment: string | null; checksum: string; fileSha256: string | null; figures: string | null; channel: string };

function rowOf(input: SubmissionInput) {
  // The receipt's checksum identifies what was received: the file when there is one, else the text.
  const checksum = input.file?.sha256 ?? createHash('sha256').update(input.comment, 'utf8').digest('hex');
  const file = input.file
    ? { fileSha256: input.file.sha256, fileName: input.file.name, fileSize: input.file.size, fileType: input.file.contentType }
    : {};
  const figures = input.figures && Object.keys(input.figures).length > 0 ? JSON.stringify(input.figures) : null;
  return { checksum, file, figures, comment: input.comment || null, kind: input.kind ?? 'report' };
}

/** The same answer as the stored one (a double-click, or a retry after a lost response)? */
function sameAnswer(existing: StoredFields, input: SubmissionInput): boolean {
  const row = rowOf(input);
  return existing.obligationId === input.obligationId && existing.channel === input.channel && existing.kind === row.kind && existing.comment === row.comment
    && existing.checksum === row.checksum && (existing.fileSha256 ?? undefined) === input.file?.sha256 && existing.figures === row.figures;
}

/**
 * The submission already stored under `input.submissionId` when it is this same answer (the caller
 * answers with its receipt), null when the id is free; throws SubmissionIdConflict otherwise.
 * Asked before an uploaded file is committed, so a refused post never puts a file in place.
 */
export async function earlierSubmission(prisma: PrismaClient, input: SubmissionInput) {
  const s = await prisma.submission.findUnique({ where: { id: input.submissionId } });
  if (!s) return null;
  if (!sameAnswer(s, input)) throw conflictOf(s, input.obligationId);
  return s;
}

/**
 * After a row that would have named `sha256` was not written: removes the blob this upload put in
 * place unless a submission names it (the same content stored by another post). A file on disk is
 * always some row's.
 */
export async function discardUnnamedBlob(prisma: PrismaClient, uploadsDir: string, sha256: string): Promise<void> {
  if ((await prisma.submission.count({ where: { fileSha256: sha256 } })) === 0) await removeBlob(uploadsDir, sha256);
}

export type Deliver = (obligationId: string, s: SubmissionReceived) => Promise<unknown>;

export async function recordSubmission(prisma: PrismaClient, input: SubmissionInput) {
  const { checksum, file, figures, comment, kind } = rowOf(input);
  try {
    return await withBusyRetry(() => prisma.$transaction(async (tx) => {
      const o = await tx.obligation.findUniqueOrThrow({ where: { id: input.obligationId }, include: { cycle: true } });
      if (o.cycle.status === 'closed') throw new CycleClosedError();
      // After a return for revision dueAt is the new last day's end, and a late returned version makes
      // every later one late (db/reviews.ts): the README's on-time rule of a resubmission.
      const onTime = input.receivedAt < o.dueAt && !o.returnedLate;
      const s = await tx.submission.create({
        data: { id: input.submissionId, obligationId: o.id, receivedAt: input.receivedAt, channel: input.channel, kind, comment, onTime, checksum, ...file, figures },
      });
      // The first answer decides the status; a later one is kept as a new version. A real report after
      // "nothing to report" says more, so it becomes the status (its own time decides on time or late).
      const reportStatus = onTime ? 'submitted_on_time' : 'submitted_late';
      await tx.obligation.updateMany({
        where: { id: o.id, status: { in: PENDING_STATUSES } },
        data: { status: kind === 'nothing' ? 'nothing_to_report' : reportStatus, submittedAt: input.receivedAt },
      });
      if (kind === 'report') {
        await tx.obligation.updateMany({ where: { id: o.id, status: 'nothing_to_report' }, data: { status: reportStatus, submittedAt: input.receivedAt } });
      }
      return { submission: s, duplicate: false };
    }));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Stored meanwhile (two posts of one form racing): the same answer, or a conflict.
    const s = await prisma.submission.findUniqueOrThrow({ where: { id: input.submissionId } });
    if (!sameAnswer(s, input)) throw conflictOf(s, input.obligationId);
    return { submission: s, duplicate: true };
  }
}

export async function deliverOne(
  prisma: PrismaClient,
  deliver: Deliver,
  s: { id: string; obligationId: string; receivedAt: Date; onTime: boolean; kind: string },
): Promise<boolean> {
  try {
    await deliver(s.obligationId, submissionReceivedOf(s));
  } catch {
    return false; // Temporal unreachable: stays undelivered, retried by redeliverPending
  }
  await prisma.submission.update({ where: { id: s.id }, data: { deliveredAt: new Date() } });
  return true;
}

/** Delivers every stored but undelivered submission; returns how many were delivered. */
export async function redeliverPending(prisma: PrismaClient, deliver: Deliver): Promise<number> {
  const pending = await prisma.submission.findMany({ where: { deliveredAt: null }, orderBy: { receivedAt: 'asc' }, take: 500 });
  let n = 0;
  for (const s of pending) if (await deliverOne(prisma, deliver, s)) n++;
  return n;
}
